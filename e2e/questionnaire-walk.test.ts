/**
 * The acceptance walk of issue 17 in one browser session per person: a coordinator uploads an XLSX version with one
 * error, fixes it, uploads, compares, tries it in test mode from the round page and opens a round with it; Kiruna's
 * respondent sees last round's answers, starts from them, gets a warning for a tenfold number, explains it and
 * submits; the coordinator sees the warning and marks it handled. Axe checks every page on the way.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { findShippedVersion } from '../src/questionnaires/questionnaire.fixtures.ts';
import { saveImportedResponse } from '../src/responses/responses.service.ts';
import { createImportedRound } from '../src/rounds/rounds.service.ts';
import { completeAnswers } from '../test/factories.ts';
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
  // The previous comparable round: Kiruna answered skr-2023 in 2023, with 1 200 hours of security work a year.
  const { db } = product.testApp.database;
  const { clock } = product.testApp;
  const actor = { userId: null, label: 'e2e' };
  const round2023 = await createImportedRound(db, clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: null },
    organisationCodes: ['2584'],
    actor,
  });
  const answers = new Map(completeAnswers(findShippedVersion('skr-2023'), 'kommun'));
  answers.set('ciso_designated', 'yes').set('ciso_time_share', 50).set('security_hours_per_year', 1200);
  // Within the plausible range skr-2026 declares, so that the tenfold hours are the only warning.
  answers.set('budget_allocated', 'yes').set('budget_amount', 400000);
  await saveImportedResponse(db, clock, {
    roundId: round2023.id,
    organisationCode: '2584',
    versionId: 'skr-2023',
    answers,
    actor,
  });
});
after(async () => {
  await browser?.close();
  await product?.stop();
});

async function expectAccessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await findAccessibilityViolations(page), [], name);
  await saveScreenshot(page, `walk-${name}`);
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** skr-2026 as downloaded, renamed skr-2027-walk, with the first question's type set to `type`. */
async function draftWorkbook(downloaded: Buffer, type: string): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const bytes = new ArrayBuffer(downloaded.byteLength);
  new Uint8Array(bytes).set(downloaded);
  await workbook.xlsx.load(bytes);
  const settings = workbook.getWorksheet('settings');
  const questions = workbook.getWorksheet('questions');
  if (!settings || !questions) throw new Error('the downloaded workbook lacks its sheets');
  settings.getCell('B2').value = 'skr-2027-walk';
  questions.getCell('A3').value = type;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('a new version goes from upload to a round; a respondent starts from last round and explains a warning; the coordinator handles it', async () => {
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signInPage(product, coordinator, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  const base = product.baseUrl;

  // Upload: one wrong cell is named, the fixed workbook is accepted.
  await coordinator.goto(`${base}/questionnaires`);
  await expectAccessible(coordinator, 'questionnaires');
  const download = await coordinator.request.get(`${base}/questionnaires/skr-2026/download.xlsx`);
  assert.equal(download.status(), 200);
  const downloaded = await download.body();
  await coordinator.click('text=Ladda upp en ny version');
  await coordinator.waitForURL(/\/questionnaires\/upload$/);
  await expectAccessible(coordinator, 'upload');
  await coordinator.setInputFiles('#file', {
    name: 'skr-2027-walk.xlsx',
    mimeType: xlsxType,
    buffer: await draftWorkbook(downloaded, 'single_choise'),
  });
  await coordinator.click('button:has-text("Ladda upp")');
  await coordinator.waitForSelector('.error-summary');
  assert.match(
    (await coordinator.locator('.error-summary').textContent()) ?? '',
    /Bladet questions, cell A3: .*\(här står texten 'single_choise'\)/,
  );
  await expectAccessible(coordinator, 'upload-rejected');
  await coordinator.setInputFiles('#file', {
    name: 'skr-2027-walk.xlsx',
    mimeType: xlsxType,
    buffer: await draftWorkbook(downloaded, 'single_choice'),
  });
  await coordinator.click('button:has-text("Ladda upp")');
  await coordinator.waitForURL(/\/questionnaires\?uploaded=skr-2027-walk$/);
  assert.match(
    (await coordinator.locator('[role=status]').textContent()) ?? '',
    /Versionen skr-2027-walk är uppladdad/,
  );
  await expectAccessible(coordinator, 'uploaded');

  // Compare with the version before.
  await coordinator.click('text=Jämför skr-2023 → skr-2027-walk');
  await coordinator.waitForURL(/\/questionnaires\/compare\?from=skr-2023&to=skr-2027-walk/);
  assert.equal(await coordinator.locator('h1').textContent(), 'Jämförelse skr-2023 → skr-2027-walk');
  assert.match((await coordinator.locator('main').textContent()) ?? '', /supervisory_registration/);
  await expectAccessible(coordinator, 'comparison');

  // A round with the new version, tried in test mode from the round page before it opens.
  await coordinator.goto(`${base}/rounds/new`);
  await coordinator.fill('#label', '2027');
  await coordinator.check('#population-list');
  await coordinator.fill('#organisationCodes', '2584');
  await coordinator.selectOption('#kommunVersion', 'skr-2027-walk');
  await coordinator.selectOption('#regionVersion', 'skr-2027-walk');
  await coordinator.fill('#opensAt', '2026-03-01T09:00');
  await coordinator.fill('#closesAt', '2026-03-31T23:59');
  await expectAccessible(coordinator, 'round-new');
  await coordinator.click('main button[type="submit"]');
  await coordinator.waitForSelector('h1:has-text("Omgång 2027")');
  const roundUrl = coordinator.url();
  const roundId = new URL(roundUrl).pathname.split('/')[2] ?? '';

  await coordinator.click('a:has-text("Prova enkäten")');
  await coordinator.waitForURL(/\/questionnaires\/skr-2027-walk\/try\?type=kommun$/);
  assert.match(
    (await coordinator.locator('main').textContent()) ?? '',
    /Provläge: du svarar som en kommun skulle göra\./,
  );
  assert.equal(await coordinator.locator('h1').textContent(), 'Organisation och resurser');
  await expectAccessible(coordinator, 'trial');
  await coordinator.fill('#q-security_hours_per_year', '900');
  await coordinator.click('button >> text=Nästa');
  assert.notEqual(await coordinator.locator('h1').textContent(), 'Organisation och resurser');
  await expectAccessible(coordinator, 'trial-next');

  await coordinator.goto(roundUrl);
  await coordinator.fill('#csv', 'organisation,name,email\n2584,Anna Niemi,anna@kiruna.se');
  await coordinator.click('button:has-text("Förhandsgranska")');
  await coordinator.click('button:has-text("Spara kontaktpersonerna (1)")');
  await coordinator.waitForSelector('text=1 kontaktpersoner är sparade.');
  await coordinator.click('a:has-text("Öppna omgången")');
  await coordinator.click('button:has-text("Öppna omgången och skicka inbjudningarna")');
  await coordinator.waitForSelector('text=Omgången är öppen. 1 inbjudningar skickas nu.');
  await expectAccessible(coordinator, 'round-open');

  // The respondent: last round's answers beside the questions, and a start from them.
  const respondentContext = await browser.newContext();
  const respondent = await respondentContext.newPage();
  await signInPage(product, respondent, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  const answerBase = `${base}/answer/${roundId}/2584`;
  await respondent.goto(`${answerBase}/sections/organisation`);
  assert.match(
    (await respondent.locator('[data-previous="security_hours_per_year"]').textContent()) ?? '',
    /Förra omgången \(2023\): 1\s200 timmar/,
  );
  await expectAccessible(respondent, 'previous-answers');
  await respondent.goto(answerBase);
  await expectAccessible(respondent, 'overview');
  await respondent.click('button:has-text("Utgå från förra omgångens svar")');
  await respondent.waitForSelector('text=svar har fyllts i från förra omgången');
  await expectAccessible(respondent, 'prefilled');
  await respondent.click('a:has-text("Organisation och resurser")');
  await respondent.waitForURL(/\/sections\/organisation$/);
  assert.equal(await respondent.inputValue('#q-security_hours_per_year'), '1200');
  assert.match(
    (await respondent.locator('[data-previous="ciso_designated"]').textContent()) ?? '',
    /Ifyllt från förra omgången \(2023\)\. Bekräfta att det stämmer eller ändra det\./,
  );

  // Ten times last round's number: a warning beside the question, never an error.
  const warning = respondent.locator('[data-plausibility="security_hours_per_year"]');
  assert.equal(await warning.isVisible(), false);
  await respondent.fill('#q-security_hours_per_year', '12000');
  await warning.waitFor({ state: 'visible' });
  assert.match(
    (await warning.locator('[data-warning="ratio_above"]').textContent()) ?? '',
    /Svaret är minst 3 gånger så stort som i förra omgången \(1\s200 timmar\)\. Stämmer det\?/,
  );
  await respondent.fill('#explain-security_hours_per_year', 'Vi räknar nu med konsulternas timmar.');
  await expectAccessible(respondent, 'warning');

  // Every copied answer is confirmed section by section; the one new question is answered.
  for (;;) {
    for (const box of await respondent.locator('input[name^="confirm_"]').all()) {
      if (await box.isVisible()) await box.check();
    }
    if (await respondent.locator('#q-supervisory_registration-yes').count()) {
      await respondent.check('#q-supervisory_registration-yes');
    }
    const next = respondent.locator('button[value="next"]');
    if ((await next.count()) === 0) break;
    const heading = await respondent.locator('h1').textContent();
    await next.click();
    await respondent.waitForFunction((before) => document.querySelector('h1')?.textContent !== before, heading);
  }
  await respondent.click('button[value="summary"]');
  await respondent.waitForSelector('button:has-text("Skicka in svaren")');
  assert.match(
    (await respondent.locator('main').textContent()) ?? '',
    /Alla obligatoriska frågor är besvarade\. Du kan skicka in svaren\./,
  );
  await expectAccessible(respondent, 'summary');
  await respondent.click('button:has-text("Skicka in svaren")');
  await respondent.waitForSelector('text=Kvittens');
  await expectAccessible(respondent, 'receipt');

  // The coordinator sees the warning with its explanation and marks it handled.
  await coordinator.goto(roundUrl);
  await coordinator.click('a:has-text("Varningar att granska")');
  await coordinator.waitForURL(/\/plausibility$/);
  const review = (await coordinator.locator('main').textContent()) ?? '';
  assert.match(review, /Ej hanterade varningar: 1/);
  assert.match(review, /Kiruna \(inskickat\)/);
  assert.match(review, /12\s000 timmar/);
  assert.match(review, /Vi räknar nu med konsulternas timmar\./);
  await expectAccessible(coordinator, 'plausibility-review');
  await coordinator.click('button:has-text("Markera som hanterad")');
  await coordinator.waitForSelector('text=Ej hanterade varningar: 0');
  assert.equal(await coordinator.locator('.status-handled').textContent(), 'Hanterad');
  await expectAccessible(coordinator, 'plausibility-handled');

  await respondentContext.close();
  await coordinatorContext.close();
});
