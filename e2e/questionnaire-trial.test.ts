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

for (const width of [1280, 375]) {
  test(`a rejected upload is explained in Swedish and kept for correction; test mode walks a version (${width} px)`, async () => {
    const page = await signedIn.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${product.baseUrl}/questionnaires/upload`);
    await page.setInputFiles('#file', {
      name: 'utkast.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(
        'id: skr-2031\ntitle: {sv: Utkast, en: Draft}\nyear: 2031\ntargets: [kommun]\nsections: []\n',
      ),
    });
    await page.click('button[type=submit] >> text=Ladda upp');
    assert.match(
      (await page.locator('.upload-errors').textContent()) ?? '',
      /Rad 5, kolumn 1: sections ska innehålla minst 1/,
    );
    assert.match(await page.inputValue('#content'), /^id: skr-2031\n/);
    assert.deepEqual(await findAccessibilityViolations(page), [], 'rejected upload');
    await saveScreenshot(page, `upload-rejected-${width}`);

    await page.goto(`${product.baseUrl}/questionnaires/skr-2026/try?type=kommun`);
    assert.equal(await page.locator('h1').textContent(), 'Organisation och resurser');
    assert.deepEqual(await findAccessibilityViolations(page), [], 'test mode');
    await page.fill('#q-security_hours_per_year', 'många');
    await page.click('button >> text=Nästa');
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /1\.4/);
    await page.fill('#q-security_hours_per_year', '1200');
    await page.click('button >> text=Nästa');
    assert.notEqual(await page.locator('h1').textContent(), 'Organisation och resurser');
    assert.deepEqual(await findAccessibilityViolations(page), [], 'test mode, second section');
    await saveScreenshot(page, `questionnaire-trial-${width}`);
    await page.close();
  });
}
