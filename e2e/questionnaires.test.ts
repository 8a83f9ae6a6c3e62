import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  findAccessibilityViolations,
  launchBrowser,
  type RunningProduct,
  saveScreenshot,
  signInPage,
  startProduct,
} from './harness.ts';

let product: RunningProduct;
let browser: Browser;
let signedIn: BrowserContext;

before(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  signedIn = await browser.newContext();
  const page = await signedIn.newPage();
  await signInPage(product, page, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  await page.close();
});
after(async () => {
  await signedIn?.close();
  await browser?.close();
  await product?.stop();
});

const pages = [
  { path: '/questionnaires', name: 'questionnaires' },
  { path: '/questionnaires/skr-2023', name: 'questionnaire-version' },
  { path: '/questionnaires/skr-2023?type=region', name: 'questionnaire-version-region' },
  { path: '/questionnaires/compare?from=skr-2019&to=skr-2023', name: 'questionnaire-comparison' },
  { path: '/questionnaires/skr-2023/print?type=kommun', name: 'questionnaire-print' },
];

for (const language of ['sv', 'en'] as const) {
  test(`questionnaire pages have no WCAG 2.1 A/AA violations (${language})`, async () => {
    const page = await signedIn.newPage();
    for (const { path, name } of pages) {
      const response = await page.goto(`${product.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
      assert.equal(response?.status(), 200, path);
      assert.equal(await page.getAttribute('html', 'lang'), language);
      assert.deepEqual(await findAccessibilityViolations(page), [], `${path} (${language})`);
      await saveScreenshot(page, `${name}-${language}`);
    }
    await page.close();
  });
}

test('an analyst reaches the comparison from the navigation and switches the wording to regions', async () => {
  const page = await signedIn.newPage();
  await page.goto(`${product.baseUrl}/`);
  await page.click('nav >> text=Enkäter');
  await page.waitForURL(/\/questionnaires$/);
  await page.click('text=Jämför skr-2019 → skr-2023');
  await page.waitForURL(/\/questionnaires\/compare\?from=skr-2019&to=skr-2023/);
  assert.equal(await page.locator('h1').textContent(), 'Jämförelse skr-2019 → skr-2023');
  assert.equal(await page.locator('#status-changed').textContent(), 'Ändrade, serien bryts (1)');
  assert.equal(await page.locator('#status-reworded').textContent(), 'Omformulerade, jämförbara (3)');
  assert.match((await page.locator('#key-ciso_time_share').textContent()) ?? '', /fyra intervall/);

  await page.goto(`${product.baseUrl}/questionnaires/skr-2023`);
  await page.click('.type-switch >> text=Region');
  await page.waitForURL(/type=region/);
  assert.match((await page.locator('#question-security_hours_per_year').textContent()) ?? '', /regionens medarbetare/);
  await page.close();
});
