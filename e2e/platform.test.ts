import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { grantUserRole } from '../src/accounts/accounts.service.ts';
import { extractSignInLink } from '../test/smtp.ts';
import {
  findAccessibilityViolations,
  launchBrowser,
  type RunningProduct,
  saveScreenshot,
  startProduct,
} from './harness.ts';

let product: RunningProduct;
let browser: Browser;

before(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  await grantUserRole(product.testApp.database.db, product.testApp.clock, {
    email: 'samordnare@skr.se',
    grant: { kind: 'global', role: 'administrator' },
    actor: { userId: null, label: 'e2e' },
  });
});
after(async () => {
  await browser?.close();
  await product?.stop();
});

for (const language of ['sv', 'en'] as const) {
  test(`start, organisation list and sign-in pages have no WCAG 2.1 A/AA violations (${language})`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/', '/organisations?type=kommun&group=A1', '/sign-in']) {
      await page.goto(`${product.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
      assert.equal(await page.getAttribute('html', 'lang'), language);
      assert.deepEqual(await findAccessibilityViolations(page), [], `${path} (${language})`);
    }
    await saveScreenshot(page, `sign-in-${language}`);
    await context.close();
  });
}

test('the organisation list filters by keyboard without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${product.baseUrl}/organisations`);
  await page.selectOption('#type', 'region');
  await page.fill('#q', 'skåne');
  await page.press('#q', 'Enter');
  await page.waitForURL(/type=region/);
  assert.equal(await page.locator('tbody tr').count(), 1);
  assert.match((await page.locator('tbody tr').first().textContent()) ?? '', /Region Skåne/);
  await saveScreenshot(page, 'organisations-filtered');
  await context.close();
});

test('an administrator signs in with the link from the mail; the link works once', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${product.baseUrl}/sign-in`);
  await page.fill('#email', 'samordnare@skr.se');
  await page.click('main button[type="submit"]');
  await page.waitForSelector('text=Kolla din e-post', { timeout: 5000 }).catch(async (error) => {
    await saveScreenshot(page, 'debug-sign-in');
    throw error;
  });
  const mail = await product.smtp.waitForMessage((message) => message.to.includes('samordnare@skr.se'));
  const link = extractSignInLink(mail);
  await page.goto(link);
  await page.click('main button[type="submit"]');
  await page.waitForSelector('text=Inloggad som samordnare@skr.se');
  await page.goto(`${product.baseUrl}/admin/users`);
  assert.equal(await page.locator('h1').textContent(), 'Användare och roller');
  assert.deepEqual(await findAccessibilityViolations(page), []);
  await saveScreenshot(page, 'admin-users');

  const other = await browser.newContext();
  const second = await other.newPage();
  const response = await second.goto(link);
  assert.equal(response?.status(), 410);
  assert.equal(await second.locator('h1').textContent(), 'Länken har redan använts');
  assert.deepEqual(await findAccessibilityViolations(second), []);
  await saveScreenshot(second, 'link-used');
  await other.close();
  await context.close();
});
