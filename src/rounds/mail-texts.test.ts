import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertSignInLink, renderMailDocument } from '../mail/mail-document.ts';
import { checkMailTexts, composeRoundMail, defaultMailTexts, type MailTexts, parseMailTexts } from './mail-texts.ts';

const values = {
  organisation: 'Malmö <stad>',
  round: '2026',
  deadline: '2026-03-31 23:59',
  coordinator: 'Anna Andersson, SKR',
};
const footer = { minutes: 15, signInUrl: 'http://lagesbild.test/sign-in' };

test('the catalogue’s texts pass every check and hold each placeholder', () => {
  const texts = defaultMailTexts();
  assert.deepEqual(checkMailTexts(texts), []);
  for (const body of [texts.invitation.sv.body, texts.reminder.en.body]) {
    for (const name of ['{organisation}', '{round}', '{deadline}', '{link}', '{coordinator}']) {
      assert.ok(body.includes(name), `${name} in ${body}`);
    }
  }
  assert.equal(parseMailTexts(JSON.stringify(texts))?.coordinator, 'Samordnaren för enkäten');
  assert.equal(parseMailTexts('{"coordinator": 1}'), null);
  assert.equal(parseMailTexts('not json'), null);
});

test('every problem is named: empty, too long, unknown placeholder, {link} missing or in the subject', () => {
  const texts: MailTexts = structuredClone(defaultMailTexts());
  texts.coordinator = '  ';
  texts.invitation.sv.subject = 'Inbjudan till {kommun}';
  texts.invitation.en.subject = 'Your link {link}';
  texts.invitation.en.body = '';
  texts.reminder.sv.body = 'Hej {organisation}, svara snart.';
  texts.reminder.en.body = `{link} ${'x'.repeat(5000)}`;
  assert.deepEqual(checkMailTexts(texts), [
    { field: 'coordinator', reason: 'required' },
    { field: 'invitation.sv.subject', reason: 'unknown_placeholder', value: '{kommun}' },
    { field: 'invitation.en.subject', reason: 'link_in_subject' },
    { field: 'invitation.en.body', reason: 'required' },
    { field: 'reminder.sv.body', reason: 'link_missing' },
    { field: 'reminder.en.body', reason: 'too_long' },
  ]);
});

test('plain text and HTML come from the same text: paragraphs, line breaks, the link, escaping, the fixed footer', () => {
  const texts: MailTexts = structuredClone(defaultMailTexts());
  texts.invitation.sv = {
    subject: 'Enkäten {round} för {organisation}',
    body: 'Hej!\n\n{organisation} bjuds in.\nSvara senast {deadline}: {link}\n\n\n{coordinator} {okänd}',
  };
  const rendered = renderMailDocument(composeRoundMail(texts, 'invitation', 'sv', values, footer));
  const mail = insertSignInLink(rendered, 'http://lagesbild.test/sign-in/link/abc&def');
  assert.equal(rendered.subject, 'Enkäten 2026 för Malmö <stad>');
  assert.equal(
    mail.text,
    [
      'Hej!',
      '',
      'Malmö <stad> bjuds in.\nSvara senast 2026-03-31 23:59: http://lagesbild.test/sign-in/link/abc&def',
      '',
      'Anna Andersson, SKR {okänd}',
      '',
      'Länken gäller i 15 minuter och kan användas en gång. Har den gått ut eller redan använts? Öppna den ändå så får du en ny, eller begär en ny på http://lagesbild.test/sign-in.',
    ].join('\n'),
  );
  assert.equal(
    mail.html,
    '<!doctype html><html lang="sv"><body><p>Hej!</p>' +
      '<p>Malmö &#60;stad&#62; bjuds in.<br>Svara senast 2026-03-31 23:59: ' +
      '<a href="http://lagesbild.test/sign-in/link/abc&#38;def">http://lagesbild.test/sign-in/link/abc&#38;def</a></p>' +
      '<p>Anna Andersson, SKR {okänd}</p>' +
      '<p>Länken gäller i 15 minuter och kan användas en gång. Har den gått ut eller redan använts? Öppna den ändå så får du en ny, eller begär en ny på http://lagesbild.test/sign-in.</p></body></html>',
  );
});

test('a value that reads like a placeholder or the link marker stays text', () => {
  const texts: MailTexts = structuredClone(defaultMailTexts());
  texts.reminder.en = { subject: 'Reminder', body: '{organisation}: {link}' };
  const document = composeRoundMail(
    texts,
    'reminder',
    'en',
    { ...values, organisation: '{link} [[lagesbild:sign-in-link]]' },
    footer,
  );
  assert.deepEqual(document.paragraphs[0], ['{link} ', ': ', { href: '[[lagesbild:sign-in-link]]' }]);
  assert.equal(document.language, 'en');
});
