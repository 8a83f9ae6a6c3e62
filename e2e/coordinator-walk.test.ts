/**
 * Issue 16, point 7: a coordinator's round in the browser, as it is done: create, upload contacts, open,
 * respondents answer (two at once), review and send back, resubmit, remind, close, export, publish, and the public
 * national report with its figures; axe on every page on the way. The round invites every kommun; the kommuner
 * other than the three followed in the browser answer through the form's services (a round of three organisations
 * could never pass the disclosure control). Runs on SQLite and, in .ci/run, on PostgreSQL (TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { submitSyntheticResponses } from '../src/reports/report.fixtures.ts';
import { listRoundOrganisations } from '../src/rounds/rounds.service.ts';
import {
  findAccessibilityViolations,
  launchBrowser,
  type RunningProduct,
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

async function expectAccessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await findAccessibilityViolations(page), [], `${name}: ${page.url()}`);
}

async function respondentPage(email: string, code: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPage(product, page, email, { kind: 'organisation', organisationCode: code, role: 'respondent' });
  return page;
}

/** Answers every section through the form's own buttons, checking each page, and submits. */
async function answerAndSubmit(page: Page, start: string): Promise<void> {
  await page.goto(`${product.baseUrl}${start}/sections/organisation`);
  await page.check('#q-ciso_designated-yes');
  await page.waitForSelector('#q-ciso_time_share', { state: 'visible' });
  await page.fill('#q-ciso_time_share', '50');
  await page.check('#q-respondent_role-ciso');
  for (;;) {
    for (;;) {
      const groups = page.locator('.question:not([hidden]) fieldset:not(:has(input:checked))');
      if ((await groups.count()) === 0) break;
      await groups.first().locator('input').first().check();
    }
    await expectAccessible(page, 'section');
    const isLast = (await page.locator('button[value="summary"]').count()) > 0;
    const before = page.url();
    await Promise.all([
      page.waitForURL((url) => url.toString() !== before),
      page.click(isLast ? 'button[value="summary"]' : 'button[value="next"]'),
    ]);
    if (isLast) break;
  }
  await page.waitForURL(/\/summary$/);
  await expectAccessible(page, 'summary');
  await page.click('button:has-text("Skicka in svaren")');
  await page.waitForURL(/\/receipt/);
  await expectAccessible(page, 'receipt');
}

test('a coordinator’s round: create, contacts, open, answers, review, resubmit, remind, close, export, publish', async () => {
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signInPage(product, coordinator, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });

  // Create.
  await coordinator.goto(`${product.baseUrl}/rounds/new`);
  await expectAccessible(coordinator, 'round-new');
  await coordinator.fill('#label', '2026-gang');
  await coordinator.check('#population-kommun');
  await coordinator.selectOption('#kommunVersion', 'skr-2023');
  await coordinator.selectOption('#regionVersion', 'skr-2023');
  await coordinator.fill('#opensAt', '2026-03-01T09:00');
  await coordinator.fill('#closesAt', '2026-03-31T23:59');
  await coordinator.click('main button[type="submit"]');
  await coordinator.waitForSelector('h1:has-text("Omgång 2026-gang")');
  const roundPath = new URL(coordinator.url()).pathname;
  const roundId = roundPath.split('/').at(-1) ?? '';
  await expectAccessible(coordinator, 'round');

  // Upload contacts: Kiruna has two.
  await coordinator.fill(
    '#csv',
    'kommunkod;namn;e-post\n2584;Anna Niemi;anna@kiruna.se\n2584;Kim Nilsson;kim@kiruna.se\n1280;Malin Lund;malin@malmo.se\n0180;Åsa Öberg;asa@stockholm.se',
  );
  await coordinator.click('button:has-text("Förhandsgranska")');
  await coordinator.waitForSelector('#preview-heading');
  await expectAccessible(coordinator, 'contacts-preview');
  await coordinator.click('button:has-text("Spara kontaktpersonerna (4)")');
  await coordinator.waitForSelector('text=4 kontaktpersoner är sparade.');

  // Open, after the page that asks first.
  await coordinator.click('a:has-text("Öppna omgången")');
  await expectAccessible(coordinator, 'open-confirm');
  await coordinator.click('button:has-text("Öppna omgången och skicka inbjudningarna")');
  await coordinator.waitForSelector('text=Omgången är öppen. 4 inbjudningar skickas nu.');

  // The other kommuner answer, nine in ten of them, through the services the form uses.
  const followed = ['2584', '1280', '0180'];
  const { db } = product.testApp.database;
  const others = (await listRoundOrganisations(db, roundId))
    .map((organisation) => organisation.organisationCode)
    .filter((code) => !followed.includes(code));
  assert.ok(others.length > 280, `every kommun is invited (${others.length + 3})`);
  const submitted = await submitSyntheticResponses(db, product.testApp.clock, {
    roundId,
    organisationCodes: others,
    responseShare: 0.9,
    actor: { userId: null, label: 'fixture' },
  });
  const silent = others.length - submitted.length;
  assert.ok(silent > 0 && submitted.length > 200, `${submitted.length} of ${others.length} submitted`);

  // Two respondents answer at once.
  const kiruna = await respondentPage('anna@kiruna.se', '2584');
  const malmo = await respondentPage('malin@malmo.se', '1280');
  const kirunaStart = `/answer/${roundId}/2584`;
  const malmoStart = `/answer/${roundId}/1280`;
  await Promise.all([answerAndSubmit(kiruna, kirunaStart), answerAndSubmit(malmo, malmoStart)]);

  // Review: Malmö is reviewed, Kiruna is sent back with a comment.
  await coordinator.goto(`${product.baseUrl}${malmoStart}`);
  await expectAccessible(coordinator, 'review');
  await coordinator.click('button[value="reviewed"]');
  await coordinator.waitForSelector('text=Svaret är granskat');
  await coordinator.goto(`${product.baseUrl}${kirunaStart}`);
  await coordinator.fill('#comment', 'Fråga 3 saknar en förklaring.');
  await coordinator.click('button[value="returned"]');
  await coordinator.waitForSelector('text=Svaret är skickat tillbaka med din kommentar.');

  // Kiruna sees the comment and submits again.
  await kiruna.goto(`${product.baseUrl}${kirunaStart}`);
  await kiruna.waitForSelector('text=Fråga 3 saknar en förklaring.');
  await expectAccessible(kiruna, 'returned-overview');
  await kiruna.goto(`${product.baseUrl}${kirunaStart}/summary`);
  await kiruna.click('button:has-text("Skicka in svaren")');
  await kiruna.waitForURL(/\/receipt/);

  // The follow-up counts each state; remind Stockholm, the one that has not submitted.
  await coordinator.goto(`${product.baseUrl}/rounds/${roundId}/follow-up`);
  const followUp = (await coordinator.textContent('main')) ?? '';
  assert.match(followUp, /Granskat: 1/);
  // Every time in the table says which zone it is in.
  assert.match(followUp, /Senast ändrat \(svensk tid\).*Senaste utskick \(svensk tid\)/);
  assert.match(followUp, new RegExp(`Väntar på granskning: ${submitted.length + 1}(?!\\d)`));
  await expectAccessible(coordinator, 'follow-up');
  await coordinator.click('a:has-text("Påminn alla som inte")');
  await expectAccessible(coordinator, 'remind-confirm');
  await coordinator.click('button:has-text("Skicka påminnelserna")');
  await coordinator.waitForSelector(`text=1 påminnelser skickas nu; ${silent} saknar kontaktperson.`);

  // Close, after the page that asks first.
  await coordinator.goto(`${product.baseUrl}${roundPath}`);
  await coordinator.click('a:has-text("Stäng omgången")');
  await expectAccessible(coordinator, 'close-confirm');
  await coordinator.click('button:has-text("Stäng omgången")');
  await coordinator.waitForSelector('text=Omgången är stängd.');

  // Export the status list, read back with csv-parse.
  const csv = await coordinator.request.get(`${product.baseUrl}/rounds/${roundId}/status.csv`);
  assert.equal(csv.status(), 200);
  const rows: string[][] = parse(await csv.text(), { bom: true, delimiter: ';' });
  const row = (code: string) => rows.find((cells) => cells[0] === code) ?? [];
  assert.equal(row('2584')[5], 'Anna Niemi, Kim Nilsson');
  assert.equal(row('2584')[7], 'Inskickat');
  assert.equal(row('2584')[10], 'Väntar på granskning');
  assert.equal(row('1280')[10], 'Granskat');
  assert.equal(row('0180')[7], 'Inte påbörjat');

  // Publish, and a visitor reads the national report with its figures.
  await coordinator.goto(`${product.baseUrl}/admin/publication`);
  await expectAccessible(coordinator, 'publication');
  await coordinator.click('button:has-text("Publicera omgång 2026-gang")');
  await coordinator.waitForLoadState();
  const afterPublish = (await coordinator.textContent('main')) ?? '';
  assert.ok(afterPublish.includes('Version 1:'), afterPublish.slice(0, 2000));
  await expectAccessible(coordinator, 'published');
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  const report = await visitor.goto(`${product.baseUrl}/published/2026-gang/kommuner`);
  assert.equal(report?.status(), 200);
  const reportText = (await visitor.textContent('main')) ?? '';
  assert.match(reportText, new RegExp(`${submitted.length + 2} av ${others.length + 3}`));
  assert.match(reportText, /\d+ %/);
  await expectAccessible(visitor, 'national-report');

  await publicContext.close();
  await kiruna.context().close();
  await malmo.context().close();
  await coordinatorContext.close();
});
