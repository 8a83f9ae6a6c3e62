import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { pressRelease2023Shares, publishForTest, seedRound } from '../src/reports/report.fixtures.ts';
import {
  findAccessibilityViolations,
  launchBrowser,
  type RunningProduct,
  saveScreenshot,
  startProduct,
} from './harness.ts';

const questionKeys = [
  ...Object.keys(pressRelease2023Shares),
  'security_hours_per_year',
  'respondent_role',
  'policy_adopted',
];
const publicPaths = [
  '/published',
  '/published/2023/kommuner',
  '/published/2023/regioner',
  '/published/indicators/ciso_designated',
];
let product: RunningProduct;
let browser: Browser;

before(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  const { db } = product.testApp.database;
  const { clock } = product.testApp;
  await seedRound(db, clock, { label: '2019', versions: { kommun: 'skr-2019', region: null }, questionKeys });
  await seedRound(db, clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: 'skr-2023' },
    yesShares: pressRelease2023Shares,
    questionKeys,
  });
  for (const label of ['2019', '2023']) {
    await publishForTest(db, clock, label);
  }
});
after(async () => {
  await browser?.close();
  await product?.stop();
});

for (const language of ['sv', 'en'] as const) {
  test(`the public pages have no WCAG 2.1 A/AA violations (${language}, desktop and phone)`, async () => {
    for (const viewport of [
      { name: 'desktop', width: 1280, height: 900 },
      { name: 'phone', width: 375, height: 740 },
    ]) {
      const context = await browser.newContext({ viewport, isMobile: viewport.name === 'phone' });
      const page = await context.newPage();
      for (const path of publicPaths) {
        const response = await page.goto(`${product.baseUrl}${path}?lang=${language}`);
        assert.equal(response?.status(), 200, path);
        assert.equal(await page.getAttribute('html', 'lang'), language);
        assert.deepEqual(await findAccessibilityViolations(page), [], `${path} (${language}, ${viewport.name})`);
        // Nothing may scroll sideways on a phone except the tables, which scroll inside their own box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${path} overflows by ${overflow}px (${viewport.name})`);
      }
      await page.goto(`${product.baseUrl}/published/2023/kommuner?lang=${language}`);
      await saveScreenshot(page, `public-report-${language}-${viewport.name}`);
      await context.close();
    }
  });
}

test('a visitor finds the published report from the start page and downloads its PDF', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${product.baseUrl}/`);
  await page.click('header >> text=Publicerat');
  await page.click('text=Rapport om kommuner');
  assert.match((await page.locator('h1').textContent()) ?? '', /Kommunernas informationssäkerhetsarbete 2023/);
  const response = await page.request.get(`${product.baseUrl}/published/2023/kommuner/report.pdf`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  await saveScreenshot(page, 'public-report-from-start');
  await context.close();
});
