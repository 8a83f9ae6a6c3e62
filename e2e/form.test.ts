import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { grantUserRole } from '../src/accounts/accounts.service.ts';
import { findResponse, listAnswers } from '../src/responses/responses.service.ts';
import { createOpenRound } from '../test/factories.ts';
import { extractSignInLink } from '../test/smtp.ts';
import {
  findAccessibilityViolations,
  launchBrowser,
  type RunningProduct,
  saveScreenshot,
  screenshotFolder,
  signInPage,
  startProduct,
} from './harness.ts';

let product: RunningProduct;
let browser: Browser;
let roundId: string;

before(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  roundId = await createOpenRound(product.testApp.database.db, {
    label: '2026',
    organisations: [{ code: '2584' }, { code: '0180' }, { code: '1280' }],
  });
});
after(async () => {
  await browser?.close();
  await product?.stop();
});

async function grant(email: string, code: string): Promise<string> {
  const user = await grantUserRole(product.testApp.database.db, product.testApp.clock, {
    email,
    grant: { kind: 'organisation', organisationCode: code, role: 'respondent' },
    actor: { userId: null, label: 'e2e' },
  });
  return user.id;
}

/** Signs a new browser context in through a one-time link confirmed with its button. */
async function signedInContext(email: string, code: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPage(product, page, email, { kind: 'organisation', organisationCode: code, role: 'respondent' });
  await page.close();
  return context;
}

async function storedAnswers(code: string): Promise<Map<string, unknown>> {
  const response = await findResponse(product.testApp.database.db, roundId, code);
  const answers = response ? await listAnswers(product.testApp.database.db, response.id) : [];
  return new Map(answers.map((answer) => [answer.questionKey, answer.value]));
}

/** Ticks the first option of every visible, unanswered choice question of the section. */
async function answerVisibleChoices(page: Page): Promise<void> {
  for (;;) {
    const groups = page.locator('.question:not([hidden]) fieldset:not(:has(input:checked))');
    if ((await groups.count()) === 0) return;
    await groups.first().locator('input').first().check();
  }
}

async function waitForSaved(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-save-status]')?.textContent === 'Sparat', null, {
    timeout: 5000,
  });
}

async function assertAccessible(page: Page, label: string): Promise<void> {
  assert.deepEqual(await findAccessibilityViolations(page), [], label);
}

test('a respondent signs in from the mailed link, answers with a condition, resumes, submits and gets the PDF', async () => {
  await grant('ciso@kiruna.se', '2584');
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const start = `/answer/${roundId}/2584`;
  await page.goto(`${product.baseUrl}/sign-in?next=${encodeURIComponent(start)}`);
  await page.fill('#email', 'ciso@kiruna.se');
  await page.click('main button[type="submit"]');
  await page.waitForSelector('text=Kolla din e-post');
  const mail = await product.smtp.waitForMessage((message) => message.to.includes('ciso@kiruna.se'));
  await page.goto(extractSignInLink(mail));
  await page.click('main button[type="submit"]');
  await page.waitForURL(`${product.baseUrl}${start}`);
  await page.click('text=Fortsätt svara');
  await page.waitForURL(/\/sections\/organisation$/);

  // The condition: the time share appears only once the role is said to be designated, without a reload.
  assert.equal(await page.isVisible('#q-ciso_time_share'), false);
  await page.check('#q-ciso_designated-yes');
  await page.waitForSelector('#q-ciso_time_share', { state: 'visible' });
  await page.fill('#q-ciso_time_share', '60');
  await page.check('#q-respondent_role-ciso');
  await page.fill('#q-security_hours_per_year', '1 500');
  await answerVisibleChoices(page);
  await waitForSaved(page);
  await saveScreenshot(page, 'form-section-sv');
  await assertAccessible(page, 'form (sv)');

  // Leave and resume: everything typed is there.
  await page.goto(`${product.baseUrl}/my`);
  assert.match((await page.locator('tbody').textContent()) ?? '', /Påbörjad/);
  await page.click(`a[href="${start}"]`);
  await page.goto(`${product.baseUrl}${start}/sections/organisation`);
  assert.equal(await page.inputValue('#q-ciso_time_share'), '60');
  assert.equal(await page.isChecked('#q-ciso_designated-yes'), true);
  assert.equal((await storedAnswers('2584')).get('security_hours_per_year'), 1500);

  // The other sections, through the form's own buttons.
  for (;;) {
    await answerVisibleChoices(page);
    const isLast = (await page.locator('button[value="summary"]').count()) > 0;
    const before = page.url();
    await Promise.all([
      page.waitForURL((url) => url.toString() !== before),
      page.click(isLast ? 'button[value="summary"]' : 'button[value="next"]'),
    ]);
    if (isLast) break;
  }
  await page.waitForURL(/\/summary$/);
  assert.match((await page.locator('main').textContent()) ?? '', /Alla obligatoriska frågor är besvarade/);
  await saveScreenshot(page, 'form-summary-sv');
  await assertAccessible(page, 'summary (sv)');
  await page.click('button:has-text("Skicka in svaren")');
  await page.waitForURL(/\/receipt\?mailed=1$/);
  assert.match((await page.locator('h1').textContent()) ?? '', /Kvittens/);
  await saveScreenshot(page, 'form-receipt-sv');
  await assertAccessible(page, 'receipt (sv)');
  const receipt = await product.smtp.waitForMessage((message) => message.subject.startsWith('Kvittens'));
  assert.deepEqual(receipt.to, ['ciso@kiruna.se']);
  assert.match(receipt.html, /Kiruna/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="receipt.pdf"]')]);
  const path = `${screenshotFolder}receipt.pdf`;
  await download.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');

  for (const [path, name] of [
    [`${start}/sections/organisation`, 'form-section-en'],
    [`${start}/summary`, 'form-summary-en'],
    [`${start}/receipt`, 'form-receipt-en'],
  ] as const) {
    await page.goto(`${product.baseUrl}${path}?lang=en`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await assertAccessible(page, `${path} (en)`);
    await saveScreenshot(page, name);
  }
  await context.close();
});

test('a keyboard-only respondent completes a section with Tab, Space and Enter', async () => {
  const context = await signedInContext('ciso@stockholm.se', '0180');
  const page = await context.newPage();
  await page.goto(`${product.baseUrl}/answer/${roundId}/0180/sections/identifiera_analysera`);
  for (let presses = 0; presses < 200; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (element instanceof HTMLInputElement && element.type === 'radio') {
        const group = document.querySelectorAll(`input[name="${element.name}"]:checked`);
        return group.length === 0 ? 'unanswered-radio' : 'radio';
      }
      return element instanceof HTMLButtonElement ? element.value : '';
    });
    if (focused === 'unanswered-radio') await page.keyboard.press('Space');
    if (focused === 'next') break;
  }
  await saveScreenshot(page, 'form-keyboard');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/sections\/utforma$/);
  const answers = await storedAnswers('0180');
  for (const key of [
    'legal_requirements_identified',
    'asset_inventory',
    'classification_risk_method',
    'classification_model',
  ]) {
    assert.ok(answers.has(key), `${key} was answered by keyboard`);
  }
  await context.close();
});

test('two people edit the same question at once: the second sees the conflict and chooses', async () => {
  const first = await signedInContext('anna@malmo.se', '1280');
  const second = await signedInContext('bo@malmo.se', '1280');
  const url = `${product.baseUrl}/answer/${roundId}/1280/sections/organisation`;
  const annasPage = await first.newPage();
  const bosPage = await second.newPage();
  await annasPage.goto(url);
  await bosPage.goto(url);
  await annasPage.check('#q-security_forum-yes');
  await waitForSaved(annasPage);
  await bosPage.check('#q-security_forum-no');
  const notice = bosPage.locator('[data-conflict="security_forum"]');
  await notice.waitFor({ timeout: 5000 });
  const text = (await notice.textContent()) ?? '';
  assert.match(text, /Någon annan har ändrat svaret/);
  assert.match(text, /anna@malmo\.se sparade ett annat svar/);
  assert.match(text, /Deras svar: Ja/);
  assert.match(text, /Ditt svar: Nej/);
  await bosPage.locator('#question-security_forum').scrollIntoViewIfNeeded();
  await saveScreenshot(bosPage, 'form-conflict');
  await assertAccessible(bosPage, 'conflict');
  await notice.locator('button:has-text("Skriv över med mitt svar")').click();
  await waitForSaved(bosPage);
  assert.equal((await storedAnswers('1280')).get('security_forum'), 'no');
  await first.close();
  await second.close();
});

test('an answer chosen 200 ms before following a link is saved (the pending save is sent on leaving)', async () => {
  const db = product.testApp.database.db;
  const leaveRound = await createOpenRound(db, { label: '2026-lamna', organisations: [{ code: '1281' }] });
  await grant('ciso@lund.se', '1281');
  const context = await signedInContext('ciso@lund.se', '1281');
  const page = await context.newPage();
  const start = `/answer/${leaveRound}/1281`;
  await page.goto(`${product.baseUrl}${start}/sections/organisation`);
  await page.check('#q-ciso_designated-no');
  await page.waitForTimeout(200);
  await Promise.all([page.waitForURL(`${product.baseUrl}${start}`), page.click(`a[href="${start}"]`)]);
  const stored = async () => {
    const response = await findResponse(db, leaveRound, '1281');
    const answers = response ? await listAnswers(db, response.id) : [];
    return answers.find((answer) => answer.questionKey === 'ciso_designated')?.value;
  };
  const deadline = Date.now() + 5000;
  while ((await stored()) === undefined && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  assert.equal(await stored(), 'no');
  await page.goto(`${product.baseUrl}${start}/sections/organisation`);
  assert.equal(await page.isChecked('#q-ciso_designated-no'), true);
  await context.close();
});

test('leaving while a save is under way and unconfirmed asks first; once saved, leaving asks nothing', async () => {
  const db = product.testApp.database.db;
  const slowRound = await createOpenRound(db, { label: '2026-osparat', organisations: [{ code: '1282' }] });
  await grant('ciso@landskrona.se', '1282');
  const context = await signedInContext('ciso@landskrona.se', '1282');
  const page = await context.newPage();
  // The server's answer to the save is held back, so the save stays unconfirmed until released.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let isSaveSent = false;
  await page.route('**/*', async (route) => {
    if (!['PUT', 'PATCH'].includes(route.request().method())) return route.continue();
    isSaveSent = true;
    await held;
    return route.continue();
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.dismiss();
  });
  await page.goto(`${product.baseUrl}/answer/${slowRound}/1282/sections/organisation`);
  await page.check('#q-ciso_designated-yes');
  const deadline = Date.now() + 5000;
  while (!isSaveSent && Date.now() < deadline) await page.waitForTimeout(50);
  assert.ok(isSaveSent, 'the save went out');
  // Closing asks first; dismissing the question keeps the page.
  await page.close({ runBeforeUnload: true });
  const asked = Date.now() + 5000;
  while (dialogs.length === 0 && Date.now() < asked) await new Promise((done) => setTimeout(done, 50));
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.equal(page.isClosed(), false, 'the respondent chose to stay');
  release();
  await waitForSaved(page);
  await page.close({ runBeforeUnload: true });
  await new Promise((done) => setTimeout(done, 300));
  assert.deepEqual(dialogs, ['beforeunload'], 'nothing more to ask once the save is confirmed');
  assert.equal(page.isClosed(), true);
  await context.close();
});
