import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp } from '../../test/app.ts';
import { importResponses } from './import-responses.service.ts';

let testApp: TestApp;
// Eight kommuner of Stockholms län: 0180 alone in A1, the rest in A2.
const codes = ['0180', '0114', '0115', '0117', '0120', '0123', '0125', '0126'];

before(async () => {
  testApp = await buildTestApp();
  await importResponses(testApp.database.db, testApp.clock, {
    rows: [
      ...codes.map((org, index) => ({
        round: '2023',
        org,
        question: 'ciso_designated',
        value: index < 6 ? 'ja' : 'nej',
      })),
      // Every one says yes: the national figure is withheld (no exemption), and so is its Fakta sentence.
      ...codes.map((org) => ({ round: '2023', org, question: 'annual_briefing', value: 'ja' })),
    ].map((row, index) => ({ ...row, row: index + 2 })),
    isDryRun: false,
    actor: { userId: null, label: 'test' },
    source: 'test',
  });
});
after(() => testApp.close());

test('an analyst sees the results list, the round page with facts, chart and table, and the JSON', async () => {
  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  const list = await analyst.get('/results');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /href="\/results\/2023"/);

  const page = await analyst.get('/results/2023?type=kommun&group=A1&county=01');
  assert.equal(page.statusCode, 200);
  assert.match(
    page.body,
    /<li>I 6 av de 8 kommuner som svarade finns rollen informationssäkerhetssamordnare \(CISO\) utpekad\.<\/li>/,
  );
  // The coordinator's page prints every sentence, marking the one the policy withholds from publication.
  assert.match(
    page.body,
    /<li>I samtliga 8 kommuner som svarade genomförs [^<]+ <strong>\(undanhålls vid publicering\)<\/strong><\/li>/,
  );
  assert.match(page.body, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Diagram/);
  assert.match(page.body, /<caption>1\.2 Utpekad informationssäkerhetssamordnare<\/caption>/);
  assert.match(page.body, /Dold enligt röjandekontrollen/);
  assert.match(page.body, /Röjandekontroll/);
  assert.doesNotMatch(page.body, /<script>|style="/);

  const json = await analyst.json('GET', '/api/results/2023');
  assert.equal(json.statusCode, 200);
  const body: unknown = json.json();
  assert.ok(typeof body === 'object' && body !== null && 'questions' in body && Array.isArray(body.questions));
  const ciso: unknown = body.questions.find(
    (question: unknown) =>
      typeof question === 'object' && question !== null && 'key' in question && question.key === 'ciso_designated',
  );
  assert.ok(typeof ciso === 'object' && ciso !== null && 'groups' in ciso && Array.isArray(ciso.groups));
  const a1: unknown = ciso.groups.find(
    (group: unknown) =>
      typeof group === 'object' &&
      group !== null &&
      'groupId' in group &&
      group.groupId === 'kommun:municipality-group:A1',
  );
  // Stockholm alone in A1: suppressed, and the cell carries no respondents, counts or shares.
  assert.deepEqual(a1, {
    groupId: 'kommun:municipality-group:A1',
    kind: 'municipality-group',
    key: 'A1',
    organisationType: 'kommun',
    population: 3,
    suppressed: true,
  });
  assert.equal((await analyst.json('GET', '/api/results/1999')).statusCode, 404);
});

test('a respondent and an anonymous visitor are refused', async () => {
  const respondent = await signIn(testApp, 'ciso@stockholm.se', {
    kind: 'organisation',
    organisationCode: '0180',
    role: 'respondent',
  });
  assert.equal((await respondent.get('/results')).statusCode, 403);
  assert.equal((await respondent.get('/results/2023')).statusCode, 403);
  assert.equal((await respondent.json('GET', '/api/results/2023')).statusCode, 403);
  const anonymous = await testApp.app.inject({ method: 'GET', url: '/api/results/2023' });
  assert.equal(anonymous.statusCode, 401);
});
