import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestVisitor } from '../../test/app.ts';
import { createTestDatabase, type TestDatabase, testAuditKey, testDialect } from '../../test/database.ts';
import { createOpenRound } from '../../test/factories.ts';
import { splitSealing } from '../../test/statements.ts';
import { createSignInLink, grantUserRole } from '../accounts/accounts.service.ts';
import { buildApp } from '../app.ts';
import { settleAuditSealing, verifyAuditLog } from '../audit/audit.service.ts';
import { createFixedClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/connection.ts';
import type { AppInstance } from '../http/app-instance.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { findResponse, listAnswerHistory } from './responses.service.ts';

// The respondent's three commonest requests, counted statement by statement through the whole request (session,
// authorisation, context, writes), because on SQLite's single writer every statement of a save is time the others
// wait. On PostgreSQL a save writes its audit events as a pending batch and the sealer appends them to the chain
// after the commit (in a transaction of its own, not counted here): the save never touches the chain's head.

let database: TestDatabase;
let logged: DatabaseHandle;
let app: AppInstance;
let visitor: TestVisitor;
let roundId: string;
const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
let statements: string[] = [];
let isCounting = false;

/** The first section of skr-2023 as a kommun answers it (eight questions). */
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

function sectionForm(answers: Record<string, string>, revisions: Record<string, number>): Record<string, string> {
  const form: Record<string, string> = { action: 'save' };
  for (const [key, value] of Object.entries(answers)) {
    form[`q_${key}`] = value;
    form[`rev_${key}`] = String(revisions[key] ?? 0);
  }
  return form;
}

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
  logged = openDatabase(database.config, {
    auditKey: testAuditKey,
    poolSize: 4,
    onPoolError: () => {},
    log: (event) => {
      if (isCounting && event.level === 'query') statements.push(event.query.sql.trim().toLowerCase());
    },
  });
  const secret = 'test-secret-that-is-long-enough-to-pass-validation';
  const config = loadConfig({
    SESSION_SECRET: secret,
    DATABASE_URL: database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`,
    BASE_URL: 'http://lagesbild.test',
  });
  app = await buildApp({
    config,
    sessionSecret: secret,
    db: logged.db,
    clock,
    logger: false,
    isReportWarmUpEnabled: false,
  });
  await app.ready();
  roundId = await createOpenRound(database.db, { organisations: [{ code: '2584' }] });
  const user = await grantUserRole(database.db, clock, {
    email: 'anna@kiruna.se',
    grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
    actor: { userId: null, label: 'test' },
  });
  const link = await createSignInLink(database.db, clock, { userId: user.id, baseUrl: config.baseUrl });
  visitor = new TestVisitor(app);
  const path = new URL(link.url).pathname;
  await visitor.get(path);
  assert.equal((await visitor.post(path, {})).statusCode, 303);
  const first = await visitor.post(`/answer/${roundId}/2584/sections/organisation`, sectionForm(firstAnswers, {}));
  assert.equal(first.statusCode, 303, first.body.slice(0, 300));
});

after(async () => {
  await app.close();
  await logged.destroy();
  await database.drop();
});

/** The request's own statements (the sealer's, which its commit started, are left out; see splitSealing). */
async function count<T>(request: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  await settleAuditSealing(logged.db); // the sealing that an earlier request started
  statements = [];
  isCounting = true;
  try {
    const result = await request();
    await settleAuditSealing(logged.db);
    return { result, statements: splitSealing(statements).own };
  } finally {
    isCounting = false;
  }
}

/** The statements that put a save's events into the audit log: the chain itself, or the pending batch. */
function auditWrites(transaction: string[]): { events: string[]; claims: string[] } {
  return {
    events: transaction.filter((statement) =>
      statement.includes(`insert into "${testDialect === 'postgres' ? 'audit_pending_events' : 'audit_events'}"`),
    ),
    claims: transaction.filter((statement) =>
      /^update "audit_chain_head" set "sequence" = "sequence" \+/.test(statement),
    ),
  };
}

/** The statements between begin and commit, which hold SQLite's write lock. */
function inTransaction(all: string[]): string[] {
  const begin = all.findIndex((statement) => statement.startsWith('begin'));
  const commit = all.lastIndexOf('commit');
  assert.ok(begin >= 0 && commit > begin, all.join('\n'));
  return all.slice(begin, commit + 1);
}

test('an autosave is one session query and one transaction of 15 statements, with the revision check, the history row and the audit event', async () => {
  const response = await findResponse(database.db, roundId, '2584');
  if (!response) throw new Error('No response.');
  const historyBefore = (await listAnswerHistory(database.db, response.id)).length;
  const { result, statements: all } = await count(() =>
    visitor.json('PUT', `/api/responses/${roundId}/2584/answers/ciso_time_share`, { value: 15, baseRevision: 1 }),
  );
  assert.equal(result.statusCode, 200, result.body);
  const transaction = inTransaction(all);
  assert.equal(
    all.length - transaction.length,
    1,
    `before the transaction only the session is read:\n${all.join('\n')}`,
  );
  assert.match(all[0] ?? '', /^select .* from "sessions" left join "users" .* left join "memberships"/);
  assert.equal(all.filter((statement) => statement.startsWith('begin')).length, 1);
  assert.equal(all.filter((statement) => statement === 'commit').length, 1);
  // The context (the round with the invitation, the organisation, the response, its answers, the version) and the
  // actor's audit reference.
  const reads = transaction.filter((statement) => statement.startsWith('select'));
  assert.equal(reads.length, 6, reads.join('\n'));
  assert.ok(
    reads.some((statement) => /from "answers" where "response_id" = \S+ and "question_key" in \(/.test(statement)),
    `a response in progress: only the answers the conditions read, and the saved one:\n${reads.join('\n')}`,
  );
  const answerWrites = transaction.filter((statement) => /^(update|insert into|delete from) "answers"/.test(statement));
  assert.equal(answerWrites.length, 1);
  assert.match(answerWrites[0] ?? '', /revision = (\?|\$\d+)\)/, 'written only at the revision the client saw');
  assert.equal(transaction.filter((statement) => statement.startsWith('insert into "answer_changes"')).length, 1);
  const audit = auditWrites(transaction);
  assert.equal(audit.events.length, 1, transaction.join('\n'));
  assert.equal(audit.claims.length, testDialect === 'postgres' ? 0 : 1, 'the head is claimed only inline');
  assert.ok(all.length <= 16, `${all.length} statements:\n${all.join('\n')}`);

  assert.equal((await listAnswerHistory(database.db, response.id)).length, historyBefore + 1);
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
  const stale = await visitor.json('PUT', `/api/responses/${roundId}/2584/answers/ciso_time_share`, {
    value: 16,
    baseRevision: 1,
  });
  assert.equal(stale.statusCode, 409, 'a save on a stale revision is still refused');
});

test('a section post of eight fields with six changed is one session query and one transaction', async () => {
  const changed = {
    ...firstAnswers,
    respondent_role: 'security_manager',
    ciso_time_share: '20',
    security_hours_per_year: '200',
    budget_amount: '2000',
    security_forum: 'no',
    municipal_companies_included: 'partly',
  };
  const revisions = Object.fromEntries(Object.keys(firstAnswers).map((key) => [key, 1]));
  revisions.ciso_time_share = 2;
  const { result, statements: all } = await count(() =>
    visitor.post(`/answer/${roundId}/2584/sections/organisation`, sectionForm(changed, revisions)),
  );
  assert.equal(result.statusCode, 303, result.body.slice(0, 300));
  const transaction = inTransaction(all);
  assert.equal(all.length - transaction.length, 1, all.join('\n'));
  assert.equal(
    transaction.filter((statement) => /^(update|insert into|delete from) "answers"/.test(statement)).length,
    1,
  );
  const audit = auditWrites(transaction);
  assert.equal(audit.events.length, 1, 'the six events are written by one statement');
  assert.equal(audit.claims.length, testDialect === 'postgres' ? 0 : 1, 'the head is claimed only inline');
  assert.ok(all.length <= 16, `${all.length} statements:\n${all.join('\n')}`);
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
});

test('the section page reads its session, context, previous answers, prefill marks and warnings in 9 statements', async () => {
  const { result, statements: all } = await count(() => visitor.get(`/answer/${roundId}/2584/sections/organisation`));
  assert.equal(result.statusCode, 200);
  assert.match(result.body, /name="rev_ciso_time_share" value="3"/);
  assert.ok(
    all.every((statement) => statement.startsWith('select')),
    all.join('\n'),
  );
  assert.ok(all.length <= 9, `${all.length} statements:\n${all.join('\n')}`);
  assert.ok(!all.some((statement) => statement.includes('"answer_changes"')), 'every field has a stored answer');
});

test('a cleared answer keeps its revision on the section page, read from the history in one more statement', async () => {
  const cleared = await visitor.json('PUT', `/api/responses/${roundId}/2584/answers/budget_amount`, {
    value: null,
    baseRevision: 2,
  });
  assert.equal(cleared.statusCode, 200, cleared.body);
  const { result, statements: all } = await count(() => visitor.get(`/answer/${roundId}/2584/sections/organisation`));
  assert.equal(result.statusCode, 200);
  assert.match(result.body, /name="rev_budget_amount" value="3"/);
  assert.match(result.body, /name="rev_ciso_time_share" value="3"/);
  assert.equal(all.filter((statement) => statement.includes('"answer_changes"')).length, 1, all.join('\n'));
  assert.ok(all.length <= 10, `${all.length} statements:\n${all.join('\n')}`);
});
