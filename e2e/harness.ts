import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createSignInLink, grantUserRole, type UserGrant } from '../src/accounts/accounts.service.ts';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { isCompiledProductTested } from '../test/compiled-product.ts';
import { findFreePort } from '../test/free-port.ts';
import { startSmtpServer } from '../test/smtp.ts';

/** Debian's Chromium; never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotFolder = new URL('./screenshots/', import.meta.url).pathname;

// Flags this machine needs: no sandbox as root, and no background traffic to a network that is closed.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

export type RunningProduct = {
  testApp: TestApp;
  baseUrl: string;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  stop(): Promise<void>;
};

/** Starts the real product (compiled in .ci/run) on a loopback port with a real SMTP server behind it. */
export async function startProduct(): Promise<RunningProduct> {
  const smtp = await startSmtpServer();
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testApp = await buildTestApp({
    smtpUrl: smtp.url,
    environment: { BASE_URL: baseUrl },
    isCompiled: isCompiledProductTested,
    isSendingMail: true,
  });
  await testApp.app.listen({ port, host: '127.0.0.1' });
  return {
    testApp,
    baseUrl,
    smtp,
    async stop() {
      await testApp.close();
      await smtp.close();
    },
  };
}

export type AxeViolation = { id: string; impact: string | null | undefined; nodes: string[]; help: string };

/** Runs axe-core for WCAG 2.1 A and AA on the page and returns the violations in a readable form. */
export async function findAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    help: violation.help,
  }));
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotFolder, { recursive: true });
  await page.screenshot({ path: `${screenshotFolder}${name}.png`, fullPage: true });
}

/**
 * Grants the role and signs the page in through a one-time link confirmed with its button. The sign-in flow by
 * mail is covered by platform.test.ts; here the link is made directly.
 */
export async function signInPage(product: RunningProduct, page: Page, email: string, grant: UserGrant): Promise<void> {
  const { database, clock } = product.testApp;
  const user = await grantUserRole(database.db, clock, { email, grant, actor: { userId: null, label: 'e2e' } });
  const link = await createSignInLink(database.db, clock, { userId: user.id, baseUrl: product.baseUrl });
  await page.goto(link.url);
  await page.click('main button[type="submit"]');
  await page.waitForSelector(`text=Inloggad som ${email}`);
}
