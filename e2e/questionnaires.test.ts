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

test('a coordinator uploads an XLSX version with one error, sees the cell, fixes it, uploads and compares', async () => {
  const page = await signedIn.newPage();
  await page.goto(`${product.baseUrl}/questionnaires`);
  const download = await page.request.get(`${product.baseUrl}/questionnaires/skr-2026/download.xlsx`);
  assert.equal(download.status(), 200);
  const { default: excel } = await import('exceljs');
  const workbookWith = async (type: string) => {
    const workbook = new excel.Workbook();
    const body = await download.body();
    const bytes = new ArrayBuffer(body.byteLength);
    new Uint8Array(bytes).set(body);
    await workbook.xlsx.load(bytes);
    const settings = workbook.getWorksheet('settings');
    const questions = workbook.getWorksheet('questions');
    if (!settings || !questions) throw new Error('the downloaded workbook lacks its sheets');
    settings.getCell('B2').value = 'skr-2027-e2e';
    questions.getCell('A3').value = type;
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };
  await page.click('text=Ladda upp en ny version');
  await page.waitForURL(/\/questionnaires\/upload$/);
  assert.deepEqual(await findAccessibilityViolations(page), []);
  await page.setInputFiles('#file', {
    name: 'skr-2027-e2e.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbookWith('single_choise'),
  });
  await page.click('button:has-text("Ladda upp")');
  await page.waitForSelector('.error-summary');
  assert.match(
    (await page.locator('.error-summary').textContent()) ?? '',
    /Bladet questions, cell A3: sections\[0\]\.questions\[0\]\.type ska vara något av: .* \(här står texten 'single_choise'\)/,
  );
  assert.deepEqual(await findAccessibilityViolations(page), []);
  await saveScreenshot(page, 'questionnaire-upload-error');
  await page.setInputFiles('#file', {
    name: 'skr-2027-e2e.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbookWith('single_choice'),
  });
  await page.click('button:has-text("Ladda upp")');
  await page.waitForURL(/\/questionnaires\?uploaded=skr-2027-e2e$/);
  assert.match((await page.locator('[role=status]').textContent()) ?? '', /Versionen skr-2027-e2e är uppladdad/);
  await page.click('text=Jämför skr-2023 → skr-2027-e2e');
  await page.waitForURL(/\/questionnaires\/compare\?from=skr-2023&to=skr-2027-e2e/);
  assert.equal(await page.locator('h1').textContent(), 'Jämförelse skr-2023 → skr-2027-e2e');
  await page.close();
});
