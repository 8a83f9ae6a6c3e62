import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

before(async () => {
  product = await startProduct();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await product?.stop();
});

const viewports = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
] as const;

test('the accessibility statement and the privacy notice are linked from the footer, accessible, and the report form works', async () => {
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, isMobile: viewport.name === 'phone' });
    const page = await context.newPage();
    await page.goto(`${product.baseUrl}/`);
    await page.click('footer >> text=Tillgänglighetsredogörelse');
    assert.match((await page.locator('h1').textContent()) ?? '', /Tillgänglighetsredogörelse/);
    // An empty report: the form names the problem, in Swedish, and keeps what was typed.
    await page.fill('#page', 'Nationell rapport');
    await page.click('main button[type="submit"]');
    await page.waitForSelector('.error-summary');
    assert.match((await page.textContent('.error-summary')) ?? '', /Beskriv problemet du stötte på/);
    assert.equal(await page.inputValue('#page'), 'Nationell rapport');
    assert.deepEqual(await findAccessibilityViolations(page), [], `statement with errors (${viewport.name})`);
    await page.fill('#description', 'Tabellen går inte att läsa med skärmläsare.');
    await page.click('main button[type="submit"]');
    await page.waitForSelector('text=Tack! Din rapport har tagits emot');
    for (const path of ['/tillganglighet', '/personuppgifter', '/tillganglighet?lang=en', '/personuppgifter?lang=en']) {
      await page.goto(`${product.baseUrl}${path}`);
      assert.deepEqual(await findAccessibilityViolations(page), [], `${path} (${viewport.name})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${path} overflows by ${overflow}px (${viewport.name})`);
    }
    await page.goto(`${product.baseUrl}/tillganglighet`);
    await saveScreenshot(page, `accessibility-statement-${viewport.name}`);
    await context.close();
  }
});

test('a signed-in person reaches Mina uppgifter from the footer; the administrators’ pages are accessible', async () => {
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, isMobile: viewport.name === 'phone', acceptDownloads: true });
    const page = await context.newPage();
    await signInPage(product, page, `admin-${viewport.name}@skr.se`, { kind: 'global', role: 'administrator' });
    await page.click('footer >> text=Mina uppgifter');
    assert.match((await page.locator('h1').textContent()) ?? '', /Mina uppgifter/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Ladda ner som JSON')]);
    const path = await download.path();
    assert.ok(path);
    for (const adminPath of ['/my/data', '/admin/accessibility', '/admin/privacy', '/admin/publication']) {
      await page.goto(`${product.baseUrl}${adminPath}`);
      assert.deepEqual(await findAccessibilityViolations(page), [], `${adminPath} (${viewport.name})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${adminPath} overflows by ${overflow}px (${viewport.name})`);
    }
    await saveScreenshot(page, `privacy-admin-${viewport.name}`);
    await context.close();
  }
});
