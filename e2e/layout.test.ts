/**
 * Issue 16, point 6: on a phone (375 px) no public or respondent page scrolls sideways (a wide table scrolls inside
 * its own box), and axe finds nothing on any of them, scrollable-region-focusable included; the wide tables of
 * the audit log, the results and the publication page (national exemptions, audit summaries) are checked the same
 * way on a desktop.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pressRelease2023Shares, publishForTest, seedRound } from '../src/reports/report.fixtures.ts';
import { createOpenRound } from '../test/factories.ts';
import {
  findAccessibilityViolations,
  launchBrowser,
  type RunningProduct,
  signInPage,
  startProduct,
} from './harness.ts';

const questionKeys = [...Object.keys(pressRelease2023Shares), 'security_hours_per_year', 'respondent_role'];
const phone = { width: 375, height: 740 };
let product: RunningProduct;
let browser: Browser;
let roundId: string;

before(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  const { db } = product.testApp.database;
  const { clock } = product.testApp;
  await seedRound(db, clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: 'skr-2023' },
    yesShares: pressRelease2023Shares,
    questionKeys,
  });
  await publishForTest(db, clock, '2023');
  roundId = await createOpenRound(db, { label: '2026-mobil', organisations: [{ code: '0180' }] });
});
after(async () => {
  await browser?.close();
  await product?.stop();
});

/** Visits each path and collects what is wrong: a sideways scroll on the page itself, or an axe violation. */
async function checkPages(page: Page, paths: readonly string[], label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) {
    await page.goto(`${product.baseUrl}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`${path} (${label}) scrolls sideways by ${overflow}px`);
    for (const violation of await findAccessibilityViolations(page)) {
      problems.push(`${path} (${label}) ${violation.id}: ${violation.nodes.join(' | ')}`);
    }
  }
  return problems;
}

test('public pages at 375 px: no sideways scroll, no axe violation', async () => {
  const context = await browser.newContext({ viewport: phone, isMobile: true });
  const page = await context.newPage();
  const paths = [
    '/',
    '/organisations',
    '/published',
    '/published/2023/kommuner',
    '/published/2023/regioner',
    '/published/indicators/ciso_designated',
    '/sign-in',
    '/sign-in/link/not-a-real-token',
    '/tillganglighet',
    '/nothing-here',
  ];
  assert.deepEqual(await checkPages(page, paths, 'phone'), []);
  await context.close();
});

test('respondent pages at 375 px: no sideways scroll, no axe violation', async () => {
  const context = await browser.newContext({ viewport: phone, isMobile: true });
  const page = await context.newPage();
  await signInPage(product, page, 'ciso@stockholm.se', {
    kind: 'organisation',
    organisationCode: '0180',
    role: 'respondent',
  });
  const start = `/answer/${roundId}/0180`;
  const paths = [
    '/my',
    '/my/data',
    start,
    `${start}/sections/organisation`,
    `${start}/summary`,
    `${start}/history`,
    '/organisations/0180/colleagues',
  ];
  assert.deepEqual(await checkPages(page, paths, 'phone'), []);
  await context.close();
});

test('the wide tables of the audit log, the results and the publication page are reachable by keyboard, on a desktop and a phone', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, phone]) {
    const context = await browser.newContext({ viewport, isMobile: viewport.width < 400 });
    const page = await context.newPage();
    await signInPage(product, page, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
    const problems = await checkPages(
      page,
      ['/admin/audit', '/admin/publication', '/results', '/results/2023'],
      `${viewport.width} px`,
    );
    assert.deepEqual(problems, []);
    await context.close();
  }
});
