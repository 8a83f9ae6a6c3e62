import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase, testAuditKey, testDialect } from '../../test/database.ts';
import { createOpenRound } from '../../test/factories.ts';
import { splitSealing } from '../../test/statements.ts';
import { grantUserRole } from '../accounts/accounts.service.ts';
import {
  type Actor,
  findAuditEvents,
  sealPendingAuditEvents,
  settleAuditSealing,
  verifyAuditLog,
} from '../audit/audit.service.ts';
import { createFixedClock } from '../clock.ts';
import { openDatabase } from '../db/connection.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { saveAnswer } from './answer-save.service.ts';
import { listVisibleKeys, loadAnsweringContext } from './answering.service.ts';
import { findResponse, listAnswerHistory } from './responses.service.ts';
import { type SectionPost, type SectionSaveResult, saveSection } from './section-save.service.ts';

type SectionSaveDone = Extract<SectionSaveResult, { kind: 'done' }>;

let database: TestDatabase;
const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
let anna: Actor;
let bo: Actor;

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
  const grant = async (email: string): Promise<Actor> => {
    const user = await grantUserRole(database.db, clock, {
      email,
      grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
      actor: { userId: null, label: 'test' },
    });
    return { userId: user.id, label: email };
  };
  anna = await grant('anna@kiruna.se');
  bo = await grant('bo@kiruna.se');
});
after(async () => database.drop());

/** The eight questions a kommun is asked in the first section of skr-2023, as first answered. */
const firstAnswers: Record<string, string> = {
  respondent_role: 'ciso',
  ciso_designated: 'yes',
  ciso_time_share: '10',
  security_hours_per_year: '100',
  budget_allocated: 'yes',
  budget_amount: '1000',
  security_forum: 'yes',
  municipal_companies_included: 'yes',
};
/** Six of the eight changed; ciso_designated and budget_allocated stay (they keep their dependants shown). */
const changedAnswers: Record<string, string> = {
  ...firstAnswers,
  respondent_role: 'security_manager',
  ciso_time_share: '20',
  security_hours_per_year: '200',
  budget_amount: '2000',
  security_forum: 'no',
  municipal_companies_included: 'partly',
};

function post(entered: Record<string, string>, revisions: Record<string, number>): SectionPost {
  return {
    entered: new Map(Object.entries(entered)),
    revisions: new Map(Object.entries(revisions)),
    choices: new Map(),
  };
}

function revisionsOf(count: number): Record<string, number> {
  return Object.fromEntries(Object.keys(firstAnswers).map((key) => [key, count]));
}

function saveOrganisation(roundId: string, actor: Actor, section: SectionPost, db = database.db) {
  return saveSection(db, clock, {
    roundId,
    organisationCode: '2584',
    sectionKey: 'organisation',
    post: section,
    actor,
  });
}

/** A round whose first section was answered once by Anna (every answer at revision 1). */
async function answeredRound(): Promise<{ roundId: string; responseId: string }> {
  const roundId = await createOpenRound(database.db, { organisations: [{ code: '2584' }] });
  const first = await saveOrganisation(roundId, anna, post(firstAnswers, {}));
  assert.equal(first.kind === 'done' && first.savedKeys.length, 8);
  const response = await findResponse(database.db, roundId, '2584');
  if (!response) throw new Error('No response was created.');
  return { roundId, responseId: response.id };
}

async function storedValues(roundId: string): Promise<Record<string, unknown>> {
  const context = await loadAnsweringContext(database.db, clock, roundId, '2584');
  return Object.fromEntries([...context.answers.values()].map((answer) => [answer.questionKey, answer.value]));
}

/** Rows in a table; for the audit log, after the events committed so far are sealed into the chain. */
async function countRows(table: 'answer_changes' | 'audit_events'): Promise<number> {
  if (table === 'audit_events') await sealPendingAuditEvents(database.db);
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

test('a section post of 8 fields with 6 changed is one transaction with at most one claim of the audit head; every change is in the history and the chain', async () => {
  const { roundId, responseId } = await answeredRound();
  const logs: string[] = [];
  const logged = openDatabase(database.config, {
    auditKey: testAuditKey,
    poolSize: 2,
    onPoolError: () => {},
    log: (event) => {
      if (event.level === 'query') logs.push(event.query.sql.trim().toLowerCase());
    },
  });
  let statements: string[] = [];
  try {
    clock.advance(60_000);
    const result = await saveOrganisation(roundId, bo, post(changedAnswers, revisionsOf(1)), logged.db);
    assert.equal(result.kind, 'done');
    assert.deepEqual(result.kind === 'done' && [...result.savedKeys].sort(), [
      'budget_amount',
      'ciso_time_share',
      'municipal_companies_included',
      'respondent_role',
      'security_forum',
      'security_hours_per_year',
    ]);
    await settleAuditSealing(logged.db);
    statements = splitSealing(logs).own;
  } finally {
    await logged.destroy();
  }
  const begins = statements.filter((statement) => statement.startsWith('begin'));
  const commits = statements.filter((statement) => statement === 'commit');
  assert.equal(begins.length, 1, statements.join('\n'));
  assert.equal(commits.length, 1);
  assert.ok(statements[0]?.startsWith('begin') && statements.at(-1) === 'commit', 'every statement ran inside it');
  // SQLite claims the head once for the six events; PostgreSQL writes them as one pending batch, which the sealer
  // appends after the commit, and never touches the head in the save.
  const claims = statements.filter((statement) =>
    /^update "audit_chain_head" set "sequence" = "sequence" \+/.test(statement),
  );
  assert.equal(claims.length, testDialect === 'postgres' ? 0 : 1, claims.join('\n'));
  const eventWrites = statements.filter((statement) => /^insert into "audit_(pending_)?events"/.test(statement));
  assert.equal(eventWrites.length, 1, 'the six events are written by one statement');
  // The six changed answers are written by one statement, not one each.
  const answerWrites = statements.filter((statement) => /^(update|insert into|delete from) "answers"/.test(statement));
  assert.equal(answerWrites.length, 1, answerWrites.join('\n'));
  // Reads of the context once (round, invitation, organisation, response, answers), one write of the answers, one
  // insert of the history rows, the response's time, the actor's audit reference, the claim and the events: far from
  // the 11 context loads of field-by-field.
  assert.ok(statements.length <= 16, `${statements.length} statements:\n${statements.join('\n')}`);

  const history = await listAnswerHistory(database.db, responseId);
  const latest = history.filter((change) => change.changedAt === '2026-03-01T08:01:00.000Z');
  assert.deepEqual(
    latest.map((change) => [change.questionKey, change.previousValue, change.value, change.revision]).sort(),
    [
      ['budget_amount', 1000, 2000, 2],
      ['ciso_time_share', 10, 20, 2],
      ['municipal_companies_included', 'yes', 'partly', 2],
      ['respondent_role', 'ciso', 'security_manager', 2],
      ['security_forum', 'yes', 'no', 2],
      ['security_hours_per_year', 100, 200, 2],
    ],
  );
  const events = await findAuditEvents(
    database.db,
    { action: 'response.answer_saved', subjectId: responseId, actorUserId: bo.userId ?? '' },
    { limit: 20 },
  );
  assert.deepEqual(
    events.map((event) => [event.details.questionKey, event.details.revision]).sort(),
    latest.map((change) => [change.questionKey, change.revision]).sort(),
  );
  const sequences = events.map((event) => event.sequence).sort((a, b) => a - b);
  assert.equal((sequences.at(-1) ?? 0) - (sequences[0] ?? 0), 5, 'six consecutive places in the chain');
  assert.deepEqual(await verifyAuditLog(database.db), { isIntact: true, eventCount: await countRows('audit_events') });
  assert.deepEqual(await storedValues(roundId), {
    budget_allocated: 'yes',
    budget_amount: 2000,
    ciso_designated: 'yes',
    ciso_time_share: 20,
    municipal_companies_included: 'partly',
    respondent_role: 'security_manager',
    security_forum: 'no',
    security_hours_per_year: 200,
  });
});

test('one invalid field: the valid ones are saved in the same transaction, the invalid one is explained', async () => {
  const { roundId } = await answeredRound();
  const result = await saveOrganisation(
    roundId,
    anna,
    post({ ...changedAnswers, security_hours_per_year: 'tusen' }, revisionsOf(1)),
  );
  assert.equal(result.kind, 'done');
  if (result.kind !== 'done') return;
  assert.deepEqual(
    result.errors.map((error) => error.key),
    ['security_hours_per_year'],
  );
  assert.match(result.errors[0]?.message.sv ?? '', /heltal/);
  assert.equal(result.savedKeys.length, 5);
  const stored = await storedValues(roundId);
  assert.equal(stored.security_hours_per_year, 100, 'the invalid field keeps the stored answer');
  assert.equal(stored.budget_amount, 2000);
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
});

test('the conditions are evaluated over the new state: an answer that hides a question is saved with it hidden', async () => {
  const { roundId } = await answeredRound();
  // Saying no to the budget hides the amount; the amount's field, still posted, is then skipped, not saved.
  const result = await saveOrganisation(
    roundId,
    anna,
    post({ ...firstAnswers, budget_allocated: 'no', budget_amount: '5000' }, revisionsOf(1)),
  );
  assert.deepEqual(result.kind === 'done' && result.savedKeys, ['budget_allocated']);
  assert.equal(result.kind === 'done' && result.context.answers.get('budget_amount')?.value, 1000);
  assert.equal(
    result.kind === 'done' && listVisibleKeys(result.context).includes('budget_amount'),
    false,
    'the page after the save hides it',
  );
});

/** Makes the database refuse inserts into one table, as a failing disk or a constraint would, until removed. */
async function failInsertsInto(
  table: 'answer_changes' | 'audit_events' | 'audit_pending_events',
): Promise<() => Promise<void>> {
  if (testDialect === 'postgres') {
    await sql
      .raw(
        `create function fail_insert() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$;
         create trigger fail_insert before insert on ${table} for each row execute function fail_insert();`,
      )
      .execute(database.db);
    return async () => {
      await sql.raw(`drop trigger fail_insert on ${table}; drop function fail_insert();`).execute(database.db);
    };
  }
  await sql
    .raw(`create trigger fail_insert before insert on ${table} begin select raise(abort, 'injected failure'); end`)
    .execute(database.db);
  return async () => {
    await sql.raw('drop trigger fail_insert').execute(database.db);
  };
}

test('a database error mid-way leaves nothing half-saved: no answer, no history row, no audit event', async () => {
  const { roundId, responseId } = await answeredRound();
  // The save's own write of its events: into the chain (SQLite) or as a pending batch (PostgreSQL).
  const eventTable = testDialect === 'postgres' ? 'audit_pending_events' : 'audit_events';
  for (const table of ['answer_changes', eventTable] as const) {
    const before = {
      answers: await storedValues(roundId),
      history: await countRows('answer_changes'),
      events: await countRows('audit_events'),
      updatedAt: (await findResponse(database.db, roundId, '2584'))?.updatedAt,
    };
    const remove = await failInsertsInto(table);
    clock.advance(60_000);
    try {
      await assert.rejects(saveOrganisation(roundId, anna, post(changedAnswers, revisionsOf(1))), /injected failure/);
    } finally {
      await remove();
    }
    assert.deepEqual(
      {
        answers: await storedValues(roundId),
        history: await countRows('answer_changes'),
        events: await countRows('audit_events'),
        updatedAt: (await findResponse(database.db, roundId, '2584'))?.updatedAt,
      },
      before,
      `failing at ${table}`,
    );
  }
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
  // Once the database works again, the same post saves everything.
  const saved = await saveOrganisation(roundId, anna, post(changedAnswers, revisionsOf(1)));
  assert.equal(saved.kind === 'done' && saved.savedKeys.length, 6);
  assert.equal((await listAnswerHistory(database.db, responseId)).length, 14);
});

test('two respondents posting the same section at once: field-level conflicts, no lost update', async () => {
  const { roundId, responseId } = await answeredRound();
  // Anna changes the first four questions, Bo the last four; both change security_hours_per_year and budget_allocated's
  // neighbour budget_amount, to different values.
  const annas: Record<string, string> = {
    ...firstAnswers,
    respondent_role: 'it_manager',
    ciso_time_share: '30',
    security_hours_per_year: '300',
    budget_amount: '3000',
  };
  const bos: Record<string, string> = {
    ...firstAnswers,
    security_hours_per_year: '400',
    budget_amount: '4000',
    security_forum: 'no',
    municipal_companies_included: 'no',
  };
  const [annaResult, boResult] = await Promise.all([
    saveOrganisation(roundId, anna, post(annas, revisionsOf(1))),
    saveOrganisation(roundId, bo, post(bos, revisionsOf(1))),
  ]);
  if (annaResult.kind !== 'done' || boResult.kind !== 'done') throw new Error('The round is open.');
  const stored = await storedValues(roundId);
  for (const key of ['security_hours_per_year', 'budget_amount']) {
    const winners: SectionSaveDone[] = [annaResult, boResult].filter((result) => result.savedKeys.includes(key));
    const losers: SectionSaveDone[] = [annaResult, boResult].filter((result) => result.conflicts.has(key));
    assert.equal(winners.length, 1, `${key}: exactly one save wins`);
    assert.equal(losers.length, 1, `${key}: the other is told of the conflict`);
    const winnerValue: number = Number((winners[0] === annaResult ? annas : bos)[key]);
    assert.equal(stored[key], winnerValue, `${key}: the stored answer is the winner's`);
    assert.equal(losers[0]?.conflicts.get(key)?.value, winnerValue, `${key}: the conflict shows the winner's answer`);
    assert.equal(losers[0]?.conflicts.get(key)?.revision, 2);
  }
  // The fields only one of them changed are saved, whoever came second.
  assert.deepEqual(
    [stored.respondent_role, stored.ciso_time_share, stored.security_forum, stored.municipal_companies_included],
    ['it_manager', 30, 'no', 'no'],
  );
  const history = await listAnswerHistory(database.db, responseId);
  assert.equal(history.length, 8 + 6, 'one history row per saved change, none lost or doubled');
  assert.deepEqual(
    history
      .filter((change) => change.revision === 2)
      .map((change) => change.questionKey)
      .sort(),
    [
      'budget_amount',
      'ciso_time_share',
      'municipal_companies_included',
      'respondent_role',
      'security_forum',
      'security_hours_per_year',
    ],
  );
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
});

test('the autosave is the same path as a batch of one', async () => {
  const { roundId } = await answeredRound();
  const saved = await saveAnswer(database.db, clock, {
    roundId,
    organisationCode: '2584',
    questionKey: 'security_forum',
    value: 'no',
    baseRevision: 1,
    actor: anna,
  });
  assert.equal(saved.kind === 'saved' && saved.revision, 2);
  const stale = await saveAnswer(database.db, clock, {
    roundId,
    organisationCode: '2584',
    questionKey: 'security_forum',
    value: 'yes',
    baseRevision: 1,
    actor: bo,
  });
  assert.equal(stale.kind === 'conflict' && stale.current.updatedBy, 'anna@kiruna.se');
});
