import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { grantUserRole } from '../src/accounts/accounts.service.ts';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { isCompiledProductTested } from '../test/compiled-product.ts';
import { findFreePort } from '../test/free-port.ts';
import { type RunningProvider, startOidcProvider } from '../test/oidc-provider.ts';
import { findAccessibilityViolations, launchBrowser, saveScreenshot } from './harness.ts';

let provider: RunningProvider;
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

before(async () => {
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUri: `${baseUrl}/sign-in/oidc/callback`,
    accounts: [
      { login: 'anna', email: 'anna.svensson@kommun.se', isEmailVerified: true },
      { login: 'okand', email: 'okand@kommun.se', isEmailVerified: true },
    ],
  });
  testApp = await buildTestApp({
    environment: { BASE_URL: baseUrl, ...provider.environment },
    isCompiled: isCompiledProductTested,
  });
  await testApp.app.listen({ port, host: '127.0.0.1' });
  await grantUserRole(testApp.database.db, testApp.clock, {
    email: 'anna.svensson@kommun.se',
    grant: { kind: 'organisation', organisationCode: '0180', role: 'respondent' },
    actor: { userId: null, label: 'e2e' },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await testApp?.close();
  await provider?.close();
});

test('a respondent signs in at the identity provider and lands signed in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  const button = page.getByRole('link', { name: 'Logga in med Testkommunens inloggning' });
  assert.equal(await button.count(), 1);
  assert.deepEqual(await findAccessibilityViolations(page), []);
  await saveScreenshot(page, 'sign-in-oidc');
  await button.click();
  await page.waitForURL(`${provider.issuer}/**`);
  await page.fill('input[name="login"]', 'anna');
  await page.fill('input[name="password"]', 'any password');
  await page.click('button[type="submit"]');
  await page.waitForSelector('text=Inloggad som anna.svensson@kommun.se');
  assert.equal(new URL(page.url()).origin, baseUrl);
  const cookies = await context.cookies(baseUrl);
  const session = cookies.find((cookie) => cookie.name === 'lb_session');
  assert.equal(session?.httpOnly, true);
  assert.equal(session?.sameSite, 'Lax');
  await saveScreenshot(page, 'signed-in-oidc');
  await context.close();
});

test('a person without a Lägesbild account is told so and stays signed out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole('link', { name: 'Logga in med Testkommunens inloggning' }).click();
  await page.waitForURL(`${provider.issuer}/**`);
  await page.fill('input[name="login"]', 'okand');
  await page.fill('input[name="password"]', 'any password');
  await page.click('button[type="submit"]');
  await page.waitForSelector('h1:has-text("Inloggningen gick inte igenom")');
  assert.match((await page.locator('main').textContent()) ?? '', /okand@kommun\.se/);
  assert.deepEqual(await findAccessibilityViolations(page), []);
  assert.equal(await page.locator('text=Inloggad som').count(), 0);
  await saveScreenshot(page, 'oidc-unknown-user');
  await context.close();
});
