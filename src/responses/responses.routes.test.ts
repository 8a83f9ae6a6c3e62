import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound, updateRound } from '../../test/factories.ts';
import { findElements, readPdfInfo, readPdfText, readTaggedPdf } from '../../test/pdf.ts';
import { buildApp } from '../app.ts';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';

let testApp: TestApp;
let roundId: string;
let anna: TestVisitor;
let bo: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  roundId = await createOpenRound(testApp.database.db, {
    label: '2026',
    organisations: [{ code: '2584' }, { code: '25' }],
  });
  anna = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  bo = await signIn(testApp, 'bo@kiruna.se', { kind: 'organisation', organisationCode: '2584', role: 'respondent' });
});
after(async () => testApp.close());

const base = () => `/answer/${roundId}/2584`;
const api = (key: string, query = '') => `/api/responses/${roundId}/2584/answers/${key}${query}`;

test('/my lists the round with its status, and the header links to it', async () => {
  const page = await anna.get('/my');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<a href="\/my">Mina enkäter<\/a>/);
  assert.match(page.body, new RegExp(`href="/answer/${roundId}/2584">Svara: 2026</a>`));
  assert.match(page.body, /Kiruna<\/td><td>Inte påbörjad · Öppen för svar/);
  assert.match(page.body, /<meta name="csrf-token" content="[^"]+"\/>/);
});

test('a section renders accessible fields with revisions and the script’s data', async () => {
  const overview = await anna.get(base());
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /0 av 6 frågor besvarade/);
  const page = await anna.get(`${base()}/sections/organisation`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Avsnitt 1 av 5/);
  assert.match(
    page.body,
    /<fieldset class="field-group" aria-describedby="q-ciso_designated-help"><legend><span class="question-number">1.2<\/span>/,
  );
  assert.match(page.body, /<input type="hidden" name="rev_ciso_designated" value="0"/);
  assert.match(page.body, /id="question-ciso_time_share" hidden>/, 'the conditional question starts hidden');
  assert.doesNotMatch(
    page.body,
    /data-question="medical_devices_included"/,
    'a region-only question is not asked of a kommun',
  );
  // The questionnaire is not in the page but in its own file, which may be kept for good at the hashed address.
  assert.doesNotMatch(page.body, /&quot;sections&quot;/);
  const versionUrl = /&quot;versionUrl&quot;:&quot;(\/assets\/questionnaires\/skr-2023\?v=[0-9a-f]{16})&quot;/.exec(
    page.body,
  )?.[1];
  assert.ok(versionUrl, 'the page names the questionnaire file');
  const versionFile = await anna.get(versionUrl);
  assert.equal(versionFile.statusCode, 200);
  assert.equal(versionFile.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.deepEqual(JSON.parse(versionFile.body), JSON.parse(JSON.stringify(findShippedVersion('skr-2023'))));
  const unhashed = await anna.get('/assets/questionnaires/skr-2023?v=0000000000000000');
  assert.equal(unhashed.headers['cache-control'], 'no-cache', 'another hash is never kept');
  assert.match(page.body, /<script type="module" src="\/assets\/form.js"><\/script>/);
  const script = await anna.get('/assets/form.js');
  assert.equal(script.statusCode, 200);
  assert.match(String(script.headers['content-type']), /javascript/);
  assert.match(script.body, /x-csrf-token/);
});

test('a form post saves the valid answers, keeps what was typed and explains the invalid ones', async () => {
  const response = await anna.post(`${base()}/sections/organisation`, {
    q_respondent_role: 'ciso',
    q_security_hours_per_year: 'tusen',
    q_budget_allocated: 'yes',
    rev_respondent_role: '0',
    rev_security_hours_per_year: '0',
    action: 'next',
  });
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /class="error-summary"/);
  assert.match(response.body, /<a href="#q-security_hours_per_year">[^<]*heltal/);
  assert.match(response.body, /id="q-security_hours_per_year" name="q_security_hours_per_year" value="tusen"/);
  assert.match(
    response.body,
    /aria-describedby="q-security_hours_per_year-help q-security_hours_per_year-error q-security_hours_per_year-unit" aria-invalid="true"/,
  );
  assert.match(response.body, /id="q-respondent_role-ciso" name="q_respondent_role" value="ciso" checked/);
  assert.match(response.body, /name="rev_respondent_role" value="1"/);
  // The answer just saved reveals the budget amount, without JavaScript too.
  assert.doesNotMatch(response.body, /id="question-budget_amount" hidden/);

  const fixed = await anna.post(`${base()}/sections/organisation`, {
    q_respondent_role: 'ciso',
    q_security_hours_per_year: '1 000',
    rev_respondent_role: '1',
    rev_security_hours_per_year: '0',
    q_budget_allocated: 'yes',
    rev_budget_allocated: '1',
    action: 'next',
  });
  assert.equal(fixed.statusCode, 303);
  assert.equal(fixed.headers.location, `${base()}/sections/identifiera_analysera`);
});

test('the autosave API: 200 with the revision, 409 with the other person’s answer, 422 in the request’s language', async () => {
  const saved = await anna.json('PUT', api('security_forum'), { value: 'yes', baseRevision: 0 });
  assert.equal(saved.statusCode, 200);
  assert.deepEqual(Object.keys(saved.json()).sort(), ['revision', 'savedAt', 'visibleKeys']);
  assert.equal(saved.json().revision, 1);
  const conflict = await bo.json('PUT', api('security_forum'), { value: 'no', baseRevision: 0 });
  assert.equal(conflict.statusCode, 409);
  assert.deepEqual(conflict.json(), {
    error: 'conflict',
    current: { value: 'yes', revision: 1, updatedBy: 'anna@kiruna.se', updatedAt: '2026-03-01T08:00:00.000Z' },
  });
  const overwrite = await bo.json('PUT', api('security_forum'), { value: 'no', baseRevision: 1 });
  assert.equal(overwrite.json().revision, 2);
  const invalid = await bo.json('PUT', api('ciso_designated', '?lang=en'), { value: 'maybe', baseRevision: 0 });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.json().message, /Answer yes or no/i);
  assert.equal(invalid.json().errors[0].key, 'ciso_designated');
  const unknown = await bo.json('PUT', api('no_such_question'), { value: 'yes', baseRevision: 0 });
  assert.equal(unknown.statusCode, 404);
  const withoutToken = await testApp.app.inject({
    method: 'PUT',
    url: api('security_forum'),
    payload: { value: 'yes', baseRevision: 2 },
    headers: { cookie: bo.cookies },
  });
  assert.equal(withoutToken.statusCode, 403, 'CSRF token required');
});

test('the batch API saves several answers in one request, each refused on its own', async () => {
  const batch = `/api/responses/${roundId}/2584/answers`;
  await anna.json('PUT', api('leadership_goals_set'), { value: 'yes', baseRevision: 0 });
  const saved = await bo.json('PATCH', `${batch}?lang=en`, {
    answers: [
      { questionKey: 'steering_documents_current', value: 'partly', baseRevision: 0 },
      { questionKey: 'policy_adopted', value: 'yes', baseRevision: 0 },
      { questionKey: 'leadership_goals_set', value: 'no', baseRevision: 0 },
      { questionKey: 'action_plan_from_goals', value: 'maybe', baseRevision: 0 },
    ],
  });
  assert.equal(saved.statusCode, 200);
  const body = saved.json();
  assert.deepEqual(
    body.results.map((item: { questionKey: string; status: string }) => [item.questionKey, item.status]),
    [
      ['steering_documents_current', 'saved'],
      ['policy_adopted', 'saved'],
      ['leadership_goals_set', 'conflict'],
      ['action_plan_from_goals', 'invalid'],
    ],
    'in the order sent',
  );
  assert.equal(body.results[0].revision, 1);
  assert.deepEqual(body.results[2].current, {
    value: 'yes',
    revision: 1,
    updatedBy: 'anna@kiruna.se',
    updatedAt: '2026-03-01T08:00:00.000Z',
  });
  assert.match(body.results[3].message, /Answer yes or no/i);
  assert.ok(body.visibleKeys.includes('policy_adopted'));
  const put = await bo.json('PUT', batch, {
    answers: [{ questionKey: 'policy_adopted', value: 'no', baseRevision: 1 }],
  });
  assert.equal(put.json().results[0].revision, 2, 'PUT is the same batch');
  const unknown = await bo.json('PATCH', batch, {
    answers: [
      { questionKey: 'policy_adopted', value: 'yes', baseRevision: 2 },
      { questionKey: 'no_such_question', value: 'yes', baseRevision: 0 },
    ],
  });
  assert.equal(unknown.statusCode, 404, 'an unknown question refuses the whole request');
  const twice = await bo.json('PATCH', batch, {
    answers: [
      { questionKey: 'policy_adopted', value: 'yes', baseRevision: 2 },
      { questionKey: 'policy_adopted', value: 'no', baseRevision: 2 },
    ],
  });
  assert.equal(twice.statusCode, 400);
  const after = await bo.json('PUT', api('policy_adopted'), { value: 'no', baseRevision: 2 });
  assert.equal(after.statusCode, 200, 'nothing of the refused requests was saved: revision 2 is still current');
});

test('a form post over someone else’s newer answer shows the conflict; the person then chooses', async () => {
  await anna.json('PUT', api('incident_method'), { value: 'yes', baseRevision: 0 });
  const url = `${base()}/sections/utforma`;
  const posted = await bo.post(url, { q_incident_method: 'no', rev_incident_method: '0', action: 'save' });
  assert.equal(posted.statusCode, 409);
  assert.match(posted.body, /Någon annan har ändrat svaret/);
  assert.match(posted.body, /anna@kiruna\.se sparade ett annat svar/);
  assert.match(posted.body, /Deras svar: Ja/);
  assert.match(posted.body, /Ditt svar: Nej/);
  assert.match(posted.body, /id="q-incident_method-no" name="q_incident_method" value="no" checked/);
  // Saving again without choosing is still a conflict; choosing to overwrite saves.
  const again = await bo.post(url, {
    q_incident_method: 'no',
    rev_incident_method: '0',
    conflictrev_incident_method: '1',
    action: 'save',
  });
  assert.equal(again.statusCode, 409);
  const mine = await bo.post(url, {
    q_incident_method: 'no',
    rev_incident_method: '0',
    conflictrev_incident_method: '1',
    resolve_incident_method: 'mine',
    action: 'save',
  });
  assert.equal(mine.statusCode, 303);
  const page = await anna.get(url);
  assert.match(page.body, /id="q-incident_method-no" name="q_incident_method" value="no" checked/);
  // A field left as the page showed it is not a conflict, even when someone changed it meanwhile.
  await anna.json('PUT', api('policy_adopted'), { value: 'yes', baseRevision: 0 });
  const untouched = await bo.post(url, { q_policy_adopted: '', rev_policy_adopted: '0', action: 'save' });
  assert.equal(untouched.statusCode, 303);
});

test('others are refused: another organisation’s respondent, a reader cannot write, anonymous must sign in', async () => {
  const stranger = await signIn(testApp, 'ciso@norrbotten.se', {
    kind: 'organisation',
    organisationCode: '25',
    role: 'respondent',
  });
  assert.equal((await stranger.get(base())).statusCode, 403);
  assert.equal((await stranger.get(`${base()}/history`)).statusCode, 403);
  assert.equal((await stranger.json('PUT', api('security_forum'), { value: 'no', baseRevision: 2 })).statusCode, 403);
  assert.equal((await stranger.post(`${base()}/sections/organisation`, { q_security_forum: 'no' })).statusCode, 403);
  assert.equal((await stranger.get(`/answer/${roundId}/25`)).statusCode, 200, 'its own organisation is fine');

  const reader = await signIn(testApp, 'chef@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'reader',
  });
  const readOnly = await reader.get(`${base()}/sections/organisation`);
  assert.equal(readOnly.statusCode, 200);
  assert.match(readOnly.body, /Du kan läsa svaren men inte ändra dem/);
  assert.doesNotMatch(readOnly.body, /<form method="post" action="\/answer/);
  assert.equal((await reader.json('PUT', api('security_forum'), { value: 'no', baseRevision: 2 })).statusCode, 403);

  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.get(`${base()}/summary`)).statusCode, 200);
  assert.equal((await analyst.json('PUT', api('security_forum'), { value: 'no', baseRevision: 2 })).statusCode, 403);

  const anonymous = new TestVisitor(testApp.app);
  const redirected = await anonymous.get(`${base()}/sections/organisation`);
  assert.equal(redirected.statusCode, 302);
  assert.equal(redirected.headers.location, `/sign-in?next=${encodeURIComponent(`${base()}/sections/organisation`)}`);
  const notInvited = await createOpenRound(testApp.database.db, { organisations: [{ code: '0180' }] });
  assert.equal((await anna.get(`/answer/${notInvited}/2584`)).statusCode, 404);
});

test('a saved answer survives a restart of the app over the same database', async () => {
  const saved = await anna.json('PUT', api('security_hours_per_year'), { value: 2500, baseRevision: 1 });
  assert.equal(saved.statusCode, 200, saved.body);
  const restarted = await buildApp({
    config: testApp.config,
    sessionSecret: 'test-secret-that-is-long-enough-to-pass-validation',
    db: testApp.database.db,
    clock: testApp.clock,
    logger: false,
  });
  await restarted.ready();
  const visitor = new TestVisitor(restarted);
  visitor.cookies = anna.cookies;
  const page = await visitor.get(`${base()}/sections/organisation`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="q_security_hours_per_year" value="2500"/);
  await restarted.close();
});

test('submit, receipt page, receipt mail and PDF; the history shows every change with user and time', async () => {
  const early = await anna.post(`${base()}/submit`, {});
  assert.equal(early.statusCode, 422);
  assert.match(early.body, /Obligatoriska frågor som inte är besvarade/);
  const context = await anna.get(`${base()}/summary`);
  assert.match(context.body, /href="\/answer\/[^"]+\/sections\/identifiera_analysera#q-asset_inventory-yes"/);

  for (const [key, value] of completeAnswers(findShippedVersion('skr-2023'), 'kommun')) {
    const stored = await anna.json('PUT', api(key), { value, baseRevision: 0 });
    if (stored.statusCode === 409)
      await anna.json('PUT', api(key), { value, baseRevision: stored.json().current.revision });
  }
  const submitted = await anna.post(`${base()}/submit`, {});
  assert.equal(submitted.statusCode, 303);
  assert.equal(submitted.headers.location, `${base()}/receipt?mailed=1`);
  const receipt = await anna.get(String(submitted.headers.location));
  assert.match(receipt.body, /Tack! Svaren från Kiruna på 2026 är inskickade/);
  assert.match(receipt.body, /En kvittens skickas till anna@kiruna\.se/);
  assert.equal(testApp.sentMail.length, 0, 'the submit only queues the receipt');
  assert.deepEqual(await testApp.sendDueMail(), { sent: 1, failed: 0, deferred: 0 });
  const mail = testApp.sentMail.at(-1);
  assert.equal(mail?.to, 'anna@kiruna.se');
  assert.equal(mail?.subject, 'Kvittens: svaren på 2026 är inskickade');
  assert.match(mail?.text ?? '', /skickades in 1 mars 2026 kl. 09:00 CET av anna@kiruna\.se/);
  assert.match(mail?.html ?? '', /<a href="http:\/\/lagesbild\.test\/answer\//);

  const pdf = await anna.get(`${base()}/receipt.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  // Tagged: the questionnaire's title, each section a heading, and every answer in the extracted text.
  const version = findShippedVersion('skr-2023');
  const tagged = await readTaggedPdf(pdf.rawPayload);
  assert.equal(readPdfInfo(pdf.rawPayload).Tagged, 'yes');
  assert.deepEqual(
    findElements(tagged, /^H\d$/).map((element) => `${element.role} ${element.text}`),
    [`H1 ${version.title.sv}`, ...version.sections.map((section) => `H2 ${section.title.sv}`)],
  );
  const receiptText = readPdfText(pdf.rawPayload);
  assert.match(receiptText, /Inskickat 1 mars 2026 kl\. 09:00 CET av anna@kiruna\.se\./);
  assert.match(
    receiptText,
    /1\.4 Hur många timmar per år arbetar kommunens medarbetare sammanlagt med informationssäkerhet\? 10 timmar/,
  );
  assert.match(receiptText, /Inget att tillägga\./);

  testApp.clock.advance(3600_000);
  const changed = await bo.json('PUT', api('security_forum'), { value: 'no', baseRevision: 3 });
  assert.equal(changed.statusCode, 200);
  const history = await anna.get(`${base()}/history`);
  assert.match(
    history.body,
    /<time datetime="2026-03-01T09:00:00.000Z">1 mars 2026 kl. 10:00 CET<\/time><\/td><td>bo@kiruna.se<\/td><td>1.7 Samordningsgrupp för informationssäkerhet<\/td><td>Sparat: Nej/,
  );
  assert.match(history.body, /<td>anna@kiruna.se<\/td><td><\/td><td>Inskickat<\/td>/);
  const summary = await anna.get(`${base()}/summary`);
  assert.match(summary.body, /Svaren skickades in 1 mars 2026 kl. 09:00 CET av anna@kiruna\.se/);
  assert.doesNotMatch(summary.body, /Skicka in svaren/);
});

test('after closing the pages are read-only and saving is refused', async () => {
  await updateRound(testApp.database.db, roundId, { status: 'closed' });
  const page = await anna.get(`${base()}/sections/organisation`);
  assert.match(page.body, /Omgången är stängd/);
  assert.doesNotMatch(page.body, /<form method="post" action="\/answer/);
  const refused = await anna.json('PUT', api('security_forum'), { value: 'yes', baseRevision: 4 });
  assert.equal(refused.statusCode, 403);
  assert.match(refused.json().message, /inte öppen för svar/);
  assert.equal(
    (await anna.post(`${base()}/sections/organisation`, { q_security_forum: 'no', rev_security_forum: '3' }))
      .statusCode,
    403,
  );
});
