import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { extractSignInLink } from '../test/smtp.ts';
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

async function expectAccessible(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  assert.deepEqual(await findAccessibilityViolations(page), [], name);
}

test('an administrator creates and opens a round through the pages; the invitation arrives; pages are accessible', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPage(product, page, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });

  await page.click('nav >> text=Omgångar');
  await page.waitForSelector('h1:has-text("Enkätomgångar")');
  await page.click('text=Skapa en ny omgång');

  // A first attempt with mistakes: the form comes back with the input kept and every problem named.
  await page.fill('#label', '2026');
  await page.check('#population-list');
  await page.fill('#organisationCodes', '0180 1280 01 9999');
  await page.selectOption('#kommunVersion', 'skr-2023');
  await page.selectOption('#regionVersion', 'skr-2023');
  await page.fill('#opensAt', '2026-03-01T09:00');
  await page.fill('#closesAt', '2026-03-31T23:59');
  await page.click('main button[type="submit"]');
  await page.waitForSelector('.error-summary');
  assert.match((await page.textContent('.error-summary')) ?? '', /Det finns ingen organisation med koden 9999/);
  assert.equal(await page.inputValue('#label'), '2026');
  await expectAccessible(page, 'round-new-errors-sv');

  await page.fill('#organisationCodes', '0180 1280 01');
  await page.click('main button[type="submit"]');
  await page.waitForSelector('h1:has-text("Omgång 2026")');
  const roundUrl = page.url();

  await page.fill(
    '#csv',
    'organisation,name,email\n0180,Åsa Öberg,asa@stockholm.se\n1280,Malin Lund,malin@malmo.se\n01,Per Ek,per@regionstockholm.se',
  );
  // The contacts are previewed first (issue 16), then saved.
  await page.click('button:has-text("Förhandsgranska")');
  await page.click('button:has-text("Spara kontaktpersonerna (3)")');
  await page.waitForSelector('text=3 kontaktpersoner är sparade.');
  // Opening sends mail: a page asks first (issue 16).
  await page.click('a:has-text("Öppna omgången")');
  await page.waitForSelector('text=Omgången öppnas, och varje kontaktperson får nu en inbjudan');
  await expectAccessible(page, 'round-open-confirm-sv');
  await page.click('button:has-text("Öppna omgången och skicka inbjudningarna")');
  await page.waitForSelector('text=Omgången är öppen. 3 inbjudningar skickas nu.');
  await expectAccessible(page, 'round-sv');

  const invitation = await product.smtp.waitForMessage((mail) => mail.to.includes('malin@malmo.se'));
  assert.match(invitation.subject, /^Inbjudan: enkäten om informationssäkerhetsarbetet 2026/);
  assert.match(invitation.text, /Malmö är inbjuden/);
  const roundId = new URL(roundUrl).pathname.split('/')[2] ?? '';
  assert.match(extractSignInLink(invitation), /\/sign-in\/link\//);

  await page.goto(`${roundUrl}?lang=en`);
  await page.waitForSelector('h1:has-text("Round 2026")');
  await expectAccessible(page, 'round-en');

  for (const language of ['sv', 'en'] as const) {
    await page.goto(`${product.baseUrl}/rounds/${roundId}/follow-up?lang=${language}`);
    assert.equal(await page.getAttribute('html', 'lang'), language);
    await expectAccessible(page, `follow-up-${language}`);
  }
  product.testApp.clock.advance(3_600_000); // the coordinator reminds an hour after opening
  await page.goto(`${product.baseUrl}/rounds/${roundId}/follow-up?lang=sv&status=not_started`);
  await page.check('#choose-1280');
  await page.click('#organisations-submit');
  await page.waitForSelector('text=1 påminnelser skickas nu; 0 saknar kontaktperson.');
  await product.smtp.waitForMessage((mail) => mail.to.includes('malin@malmo.se') && /^Påminnelse/.test(mail.subject));
  await expectAccessible(page, 'follow-up-reminded-sv');
  // The sender in the background has sent it by now: the follow-up page says so.
  await page.goto(`${product.baseUrl}/rounds/${roundId}/follow-up?lang=sv&mail=sent`);
  assert.match(
    (await page.textContent('#organisations ~ form table')) ?? '',
    /Malmö.*Påminnelse \(manuell\): skickad/s,
  );
  await page.goto(`${product.baseUrl}/rounds?lang=sv`);
  await expectAccessible(page, 'rounds-sv');
  await context.close();
});

test('a round’s mail texts are edited with a preview and a named problem; the pages fit a phone', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInPage(product, page, 'texter@skr.se', { kind: 'global', role: 'administrator' });
  await page.goto(`${product.baseUrl}/rounds?lang=sv`);
  await page.click('a:has-text("2026")');
  await page.click('a:has-text("Utskickstexter")');
  await page.waitForSelector('h1:has-text("Utskickstexter för omgång 2026")');
  await page.fill('#reminder-sv-body', 'Hej {organisation}, svara snart.');
  await page.selectOption('#previewOrganisation', { label: 'Malmö' });
  await page.click('button:has-text("Förhandsgranska")');
  await page.waitForSelector('#preview-heading');
  assert.match((await page.textContent('.mail-preview')) ?? '', /Malmö är inbjuden/);
  assert.match(
    (await page.textContent('.error-summary')) ?? '',
    /Påminnelse på svenska, Text: texten måste innehålla \{link\}/,
  );
  await expectAccessible(page, 'mail-texts-preview-sv');
  await page.fill('#reminder-sv-body', 'Hej {organisation}, svara snart: {link}');
  await page.click('button:has-text("Spara texterna")');
  await page.waitForSelector('text=Utskickstexterna är sparade.');
  const roundPath = new URL(page.url()).pathname.replace(/\/mail-texts$/, '');
  for (const path of [
    `${roundPath}/mail-texts`,
    `${roundPath}/follow-up`,
    `${roundPath}/organisations/1280/invitation`,
  ]) {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${product.baseUrl}${path}?lang=sv`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, `${path} scrolls sideways at 375 px`);
    await expectAccessible(page, `phone${path.replace(/\/rounds\/[^/]+/, '').replaceAll('/', '-')}`);
  }
  await context.close();
});
