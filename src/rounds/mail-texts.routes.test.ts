import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { defaultMailTexts } from './mail-texts.ts';
import { createRoundWithContacts } from './rounds.fixtures.ts';

let testApp: TestApp;
let admin: TestVisitor;
let roundId: string;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  const round = await createRoundWithContacts(testApp.database.db, testApp.clock, {
    label: 'texter',
    csv: 'organisation,name,email,language\n0180,Åsa,asa@stockholm.se,sv\n1280,Malin,malin@malmo.se,en\n',
  });
  roundId = round.id;
});
after(async () => testApp.close());

/** The form as the page posts it, from texts shaped like the service's. */
function formOf(texts = defaultMailTexts(), extra: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = { coordinator: texts.coordinator };
  for (const kind of ['invitation', 'reminder'] as const) {
    for (const language of ['sv', 'en'] as const) {
      fields[`${kind}-${language}-subject`] = texts[kind][language].subject;
      fields[`${kind}-${language}-body`] = texts[kind][language].body;
    }
  }
  return { ...fields, ...extra };
}

test('the round’s texts start from the catalogue and the preview shows a real organisation’s mail', async () => {
  const page = await admin.get(`/rounds/${roundId}/mail-texts`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Utskickstexter för omgång texter<\/h1>/);
  assert.match(
    page.body,
    /id="invitation-sv-body" name="invitation-sv-body" rows="14" lang="sv">Hej!\n\n\{organisation\} är inbjuden/,
  );
  assert.match(page.body, /<code>\{link\}<\/code>: kontaktpersonens personliga inloggningslänk/);
  assert.match((await admin.get(`/rounds/${roundId}`)).body, /href="\/rounds\/[^"]+\/mail-texts">Utskickstexter/);

  const preview = await admin.post(
    `/rounds/${roundId}/mail-texts`,
    formOf(undefined, { intent: 'preview', previewOrganisation: '1280', previewLanguage: 'en' }),
  );
  assert.equal(preview.statusCode, 200);
  assert.match(preview.body, /Så här ser utskicken ut för Malmö/);
  assert.match(preview.body, /<strong>Ämne:<\/strong> Invitation: the survey of information security work texter/);
  assert.match(preview.body, /<p>Malmö is invited to answer/);
  assert.match(preview.body, /The survey closes 2026-03-31 23:59 \(Swedish time\)/);
  assert.match(
    preview.body,
    /<a href="http:\/\/lagesbild\.test\/sign-in\/link\/…">http:\/\/lagesbild\.test\/sign-in\/link\/…<\/a>/,
  );
  assert.match(preview.body, /<pre class="mail-preview__text">Hello,\n\nMalmö is invited/);
  assert.match(preview.body, /<option value="1280" selected>Malmö<\/option>/);
  assert.equal(await testApp.database.db.selectFrom('round_mail_texts').selectAll().executeTakeFirst(), undefined);
});

test('texts without {link} or with an unknown placeholder are refused, each problem named, keeping the text', async () => {
  const texts = defaultMailTexts();
  texts.reminder.en.body = 'Please answer soon.';
  texts.invitation.sv.subject = 'Inbjudan till {kommun}';
  const refused = await admin.post(`/rounds/${roundId}/mail-texts`, formOf(texts, { intent: 'save' }));
  assert.equal(refused.statusCode, 422);
  assert.match(
    refused.body,
    /<a href="#invitation-sv-subject">Inbjudan på svenska, Ämne: \{kommun\} är ingen platshållare/,
  );
  assert.match(
    refused.body,
    /<a href="#reminder-en-body">Påminnelse på engelska, Text: texten måste innehålla \{link\}, där kontaktpersonens personliga inloggningslänk hamnar\.<\/a>/,
  );
  assert.match(refused.body, />Please answer soon\.<\/textarea>/);
  assert.equal(await testApp.database.db.selectFrom('round_mail_texts').selectAll().executeTakeFirst(), undefined);
});

test('saved texts are audited and used for the round’s invitations, in each contact’s language', async () => {
  const texts = defaultMailTexts();
  texts.coordinator = 'Anna Andersson, SKR';
  texts.invitation.sv = {
    subject: 'Välkommen till enkäten {round}, {organisation}',
    body: 'Hej {organisation}!\n\nSvara här: {link}\n\nSista dag: {deadline}.\nHälsningar {coordinator}',
  };
  const saved = await admin.post(`/rounds/${roundId}/mail-texts`, formOf(texts, { intent: 'save' }));
  assert.equal(saved.statusCode, 200);
  assert.match(saved.body, /Utskickstexterna är sparade\./);
  assert.match(saved.body, /value="Anna Andersson, SKR"/);
  const [event] = await findAuditEvents(testApp.database.db, { action: 'round.mail_texts_changed' }, { limit: 1 });
  assert.deepEqual(event?.details, { changed: ['coordinator', 'invitation.sv.subject', 'invitation.sv.body'] });

  await admin.post(`/rounds/${roundId}/open`, {});
  assert.deepEqual(await testApp.sendDueMail(), { sent: 2, failed: 0, deferred: 0 });
  const swedish = testApp.sentMail.find((mail) => mail.to === 'asa@stockholm.se');
  assert.equal(swedish?.subject, 'Välkommen till enkäten texter, Stockholm');
  assert.match(
    swedish?.text ?? '',
    /^Hej Stockholm!\n\nSvara här: http:\/\/lagesbild\.test\/sign-in\/link\/[\w-]+\n\nSista dag: 2026-03-31 23:59\.\nHälsningar Anna Andersson, SKR\n\nLänken gäller i 15 minuter/,
  );
  assert.match(swedish?.html ?? '', /<p>Sista dag: 2026-03-31 23:59\.<br>Hälsningar Anna Andersson, SKR<\/p>/);
  const english = testApp.sentMail.find((mail) => mail.to === 'malin@malmo.se');
  assert.equal(english?.subject, 'Invitation: the survey of information security work texter');
  assert.match(english?.text ?? '', /Kind regards\nAnna Andersson, SKR/);

  const unchanged = await admin.post(`/rounds/${roundId}/mail-texts`, formOf(texts, { intent: 'save' }));
  assert.equal(unchanged.statusCode, 200);
  assert.equal(
    (await findAuditEvents(testApp.database.db, { action: 'round.mail_texts_changed' }, { limit: 5 })).length,
    1,
  );
});

test('only administrators edit the texts, and not once the round is closed', async () => {
  const respondent = await signIn(testApp, 'ciso@malmo.se', {
    kind: 'organisation',
    organisationCode: '1280',
    role: 'respondent',
  });
  assert.equal((await respondent.get(`/rounds/${roundId}/mail-texts`)).statusCode, 403);
  await admin.post(`/rounds/${roundId}/close`, {});
  const page = await admin.get(`/rounds/${roundId}/mail-texts`);
  assert.match(page.body, /Omgången är stängd\. Texterna går inte längre att ändra\./);
  assert.doesNotMatch(page.body, /Spara texterna/);
  assert.equal(
    (await admin.post(`/rounds/${roundId}/mail-texts`, formOf(undefined, { intent: 'save' }))).statusCode,
    409,
  );
});
