import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely, KyselyPlugin } from 'kysely';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound } from '../../test/factories.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';
import type { AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import { createImportedRound } from '../rounds/rounds.service.ts';
import { loadAnsweringContext } from './answering.service.ts';
import { listRoundWarnings, loadResponseWarnings } from './plausibility.service.ts';
import { saveImportedResponse } from './responses.service.ts';

let testApp: TestApp;
let anna: TestVisitor;
let analyst: TestVisitor;
let roundId: string;
const actor = { userId: null, label: 'test' };
const section = () => `/answer/${roundId}/2584/sections/organisation`;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  // Kiruna answered 1 200 hours in 2023; skr-2026 warns at three times (or a third of) last round's number.
  const round2023 = await createImportedRound(db, testApp.clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: null },
    organisationCodes: ['2584'],
    actor,
  });
  const answers = new Map(completeAnswers(findShippedVersion('skr-2023'), 'kommun'));
  answers.set('ciso_designated', 'yes').set('ciso_time_share', 50).set('security_hours_per_year', 1200);
  await saveImportedResponse(db, testApp.clock, {
    roundId: round2023.id,
    organisationCode: '2584',
    versionId: 'skr-2023',
    answers,
    actor,
  });
  roundId = await createOpenRound(db, {
    label: '2026',
    versions: { kommun: 'skr-2026', region: null },
    organisations: [{ code: '2584' }],
  });
  anna = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
});
after(async () => testApp.close());

function revisionOf(body: string, key: string): string {
  return new RegExp(`name="rev_${key}" value="(\\d+)"`).exec(body)?.[1] ?? '0';
}

test('a tenfold number warns once without blocking; the explanation is kept; the coordinator marks it handled', async () => {
  const page = await anna.get(section());
  // The warning is in the page for the script, hidden while the answer does not warn.
  assert.match(
    page.body,
    /<div class="plausibility-warning" data-plausibility="security_hours_per_year" data-plausibility-previous="1200" hidden>/,
  );

  const warned = await anna.post(section(), {
    q_security_hours_per_year: '12000',
    rev_security_hours_per_year: revisionOf(page.body, 'security_hours_per_year'),
    action: 'next',
  });
  // Saved, but shown again to be checked instead of moving on.
  assert.equal(warned.statusCode, 200);
  assert.match(warned.body, /Svaren är sparade\. Kontrollera svaren som är markerade/);
  assert.match(
    warned.body,
    /<p data-warning="ratio_above">Svaret är minst 3 gånger så stort som i förra omgången \(1\s200 timmar\)\. Stämmer det\?<\/p>/,
  );
  assert.match(
    warned.body,
    /<input type="hidden" name="warned_security_hours_per_year" value="yes" data-warned="security_hours_per_year"\/>/,
  );
  assert.match(warned.body, /name="q_security_hours_per_year" value="12000"/);

  const explained = await anna.post(section(), {
    q_security_hours_per_year: '12000',
    rev_security_hours_per_year: revisionOf(warned.body, 'security_hours_per_year'),
    warned_security_hours_per_year: 'yes',
    explain_security_hours_per_year: 'Vi räknar nu med konsulternas timmar.',
    action: 'next',
  });
  assert.equal(explained.statusCode, 303);
  const again = await anna.get(section());
  assert.match(
    again.body,
    /<textarea id="explain-security_hours_per_year"[^>]*>Vi räknar nu med konsulternas timmar\.<\/textarea>/,
  );

  const review = await analyst.get(`/rounds/${roundId}/plausibility`);
  assert.equal(review.statusCode, 200);
  assert.match(review.body, /Ej hanterade varningar: 1/);
  assert.match(review.body, /Kiruna/);
  assert.match(review.body, /<dd>12\s000 timmar<\/dd>/);
  assert.match(review.body, /Vi räknar nu med konsulternas timmar\./);
  const handled = await analyst.post(`/rounds/${roundId}/plausibility/2584/security_hours_per_year/handled`, {});
  assert.equal(handled.statusCode, 303);
  const after = await analyst.get(`/rounds/${roundId}/plausibility`);
  assert.match(after.body, /Ej hanterade varningar: 0/);
  assert.match(after.body, /<p class="status-handled">Hanterad<\/p>/);
  const events = await findAuditEvents(testApp.database.db, { action: 'response.plausibility_handled' }, { limit: 5 });
  assert.deepEqual(
    events.map((event) => event.details),
    [{ questionKey: 'security_hours_per_year', warnings: ['ratio_above'] }],
  );

  // A new answer warns anew; an answer within the rules warns not at all and moves on.
  const current = await anna.get(section());
  const changed = await anna.post(section(), {
    q_security_hours_per_year: '400',
    rev_security_hours_per_year: revisionOf(current.body, 'security_hours_per_year'),
    action: 'next',
  });
  assert.equal(changed.statusCode, 200);
  assert.match(changed.body, /<p data-warning="ratio_below">/);
  assert.match((await analyst.get(`/rounds/${roundId}/plausibility`)).body, /Ej hanterade varningar: 1/);
  const plausible = await anna.post(section(), {
    q_security_hours_per_year: '1500',
    rev_security_hours_per_year: revisionOf(changed.body, 'security_hours_per_year'),
    action: 'next',
  });
  assert.equal(plausible.statusCode, 303);
  assert.match((await analyst.get(`/rounds/${roundId}/plausibility`)).body, /Inga svar i omgången ger någon varning/);
  // Respondents cannot see the review.
  assert.equal((await anna.get(`/rounds/${roundId}/plausibility`)).statusCode, 403);
});

test('a yes become no on an indicator question and a number outside the declared range warn in the form and the review', async () => {
  const page = await anna.get(section());
  const warned = await anna.post(section(), {
    q_security_hours_per_year: '1500',
    rev_security_hours_per_year: revisionOf(page.body, 'security_hours_per_year'),
    q_ciso_designated: 'no',
    q_budget_allocated: 'yes',
    q_budget_amount: '60000000',
    action: 'next',
  });
  assert.equal(warned.statusCode, 200);
  assert.match(warned.body, /Svaren är sparade\. Kontrollera svaren som är markerade/);
  assert.match(
    warned.body,
    /<p data-warning="yes_to_no">I förra omgången var svaret Ja\. Stämmer det att svaret nu är nej\?<\/p>/,
  );
  assert.match(
    warned.body,
    /<p data-warning="above_max">Svaret är högre än 50\s000\s000 kronor, vilket är ovanligt för den här frågan\. Stämmer det\?<\/p>/,
  );
  assert.doesNotMatch(warned.body, /<p data-warning="(ratio_below|below_min)">/);
  const review = await analyst.get(`/rounds/${roundId}/plausibility`);
  assert.match(review.body, /Ej hanterade varningar: 2/);
  assert.match(review.body, /I förra omgången var svaret Ja\. Stämmer det att svaret nu är nej\?/);
  assert.match(review.body, /Svaret är högre än 50\s000\s000 kronor/);
});

/** The database handle with a count of the statements sent through it. */
function countingStatements(db: Kysely<Database>): { db: Kysely<Database>; count(): number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      count += 1;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), count: () => count };
}

test('the review reads a round in a fixed number of queries and lists what each organisation’s form shows', async () => {
  const { db } = testApp.database;
  const clock = testApp.clock;
  const earlier = new Map<string, Map<string, AnswerValue>>([
    ['0180', new Map<string, AnswerValue>([['security_hours_per_year', 100]])],
    ['1480', new Map<string, AnswerValue>([['ciso_designated', 'yes']])],
    ['1280', new Map<string, AnswerValue>([['security_hours_per_year', 900]])],
    ['0380', new Map<string, AnswerValue>([['security_hours_per_year', 500]])],
    ['0580', new Map<string, AnswerValue>([['ciso_designated', 'yes']])],
  ]);
  const round2024 = await createImportedRound(db, clock, {
    label: '2024',
    versions: { kommun: 'skr-2023', region: null },
    organisationCodes: [...earlier.keys()],
    actor,
  });
  for (const [code, answers] of earlier) {
    await saveImportedResponse(db, clock, {
      roundId: round2024.id,
      organisationCode: code,
      versionId: 'skr-2023',
      answers,
      actor,
    });
  }
  // Tenfold hours, a yes become no, a budget below the plausible range, a change within the rule, no earlier round.
  const now = new Map<string, Map<string, AnswerValue>>([
    ['0180', new Map<string, AnswerValue>([['security_hours_per_year', 1000]])],
    ['1480', new Map<string, AnswerValue>([['ciso_designated', 'no']])],
    [
      '1280',
      new Map<string, AnswerValue>([
        ['security_hours_per_year', 1000],
        ['budget_allocated', 'yes'],
        ['budget_amount', 500],
      ]),
    ],
    ['0380', new Map<string, AnswerValue>([['security_hours_per_year', 600]])],
    ['1880', new Map<string, AnswerValue>([['security_hours_per_year', 1_000_000]])],
  ]);
  const reviewedId = await createOpenRound(db, {
    label: '2027',
    versions: { kommun: 'skr-2026', region: null },
    organisations: [...now.keys(), '0580', '1980', '2180'].map((code) => ({ code })),
  });
  const respond = async (codes: string[]) => {
    for (const code of codes) {
      await saveImportedResponse(db, clock, {
        roundId: reviewedId,
        organisationCode: code,
        versionId: 'skr-2026',
        answers: now.get(code) ?? new Map<string, AnswerValue>([['ciso_designated', 'no']]),
        actor,
      });
    }
  };
  await respond([...now.keys()]);

  const counted = countingStatements(db);
  const review = await listRoundWarnings(counted.db, reviewedId);
  const statements = counted.count();
  assert.deepEqual(
    review.organisations.map((organisation) => [
      organisation.organisationName,
      organisation.warnings.map((warning) => [warning.question.key, ...warning.kinds]),
    ]),
    [
      ['Göteborg', [['ciso_designated', 'yes_to_no']]],
      ['Malmö', [['budget_amount', 'below_min']]],
      ['Stockholm', [['security_hours_per_year', 'ratio_above']]],
    ],
  );
  // Each organisation's warnings are exactly those its own form shows (the path of one organisation at a time).
  for (const organisation of review.organisations) {
    const context = await loadAnsweringContext(db, clock, reviewedId, organisation.organisationCode, {
      isCoordinator: true,
    });
    assert.deepEqual(organisation.warnings, [...(await loadResponseWarnings(db, context)).values()]);
  }

  // Three more organisations, one of them with a previous round and a warning: not one statement more.
  await respond(['0580', '1980', '2180']);
  const again = countingStatements(db);
  const larger = await listRoundWarnings(again.db, reviewedId);
  assert.equal(larger.organisations.length, 4);
  assert.equal(again.count(), statements);
  assert.ok(statements > 0 && statements <= 8, `${statements} statements`);
});
