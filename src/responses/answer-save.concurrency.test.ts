import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { createOpenRound } from '../../test/factories.ts';
import { grantUserRole } from '../accounts/accounts.service.ts';
import type { Actor } from '../audit/audit.service.ts';
import { findAuditEvents, verifyAuditLog } from '../audit/audit.service.ts';
import { createFixedClock } from '../clock.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { saveAnswer } from './answer-save.service.ts';
import { findResponse, listAnswerHistory, listAnswers } from './responses.service.ts';

// The database opened as the server opens it: on SQLite, the saves below end in one turn of the event loop and are
// committed together (db/sqlite-group-commit.ts); on PostgreSQL they run on the pool's connections at once.
let database: TestDatabase;
const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
let anna: Actor;
const codes = ['2584', '0180', '1480', '1280', '0380'];
const keys = ['ciso_designated', 'security_forum', 'security_hours_per_year'] as const;
const values = { ciso_designated: 'yes', security_forum: 'no', security_hours_per_year: 1200 };

before(async () => {
  database = await createTestDatabase({ groupsCommits: true });
  await ensureOrganisationRegistry(database.db, clock);
  const user = await grantUserRole(database.db, clock, {
    email: 'anna@kiruna.se',
    grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
    actor: { userId: null, label: 'test' },
  });
  anna = { userId: user.id, label: 'anna@kiruna.se' };
});
after(async () => database.drop());

test('saves made at the same moment keep each save’s revision check, history row and audit event', async () => {
  const roundId = await createOpenRound(database.db, { organisations: codes.map((code) => ({ code })) });
  const save = (code: string, questionKey: string, value: unknown, baseRevision: number) =>
    saveAnswer(database.db, clock, { roundId, organisationCode: code, questionKey, value, baseRevision, actor: anna });
  const results = await Promise.all([
    ...codes.flatMap((code) => keys.map((key) => save(code, key, values[key], 0))),
    // Two people answering the same question of the same response from the same revision: one of them wins.
    save('2584', 'policy_adopted', 'yes', 0),
    save('2584', 'policy_adopted', 'no', 0),
  ]);
  const separate = results.slice(0, codes.length * keys.length);
  assert.deepEqual(
    separate.map((result) => (result.kind === 'saved' ? result.revision : result.kind)),
    separate.map(() => 1),
  );
  // Which of the two wins depends on the order the database ran them in (on PostgreSQL, the pool's): one does.
  const racing = results.slice(codes.length * keys.length).map((result) => result.kind);
  assert.deepEqual([...racing].sort(), ['conflict', 'saved']);
  const winner = racing[0] === 'saved' ? 'yes' : 'no';
  for (const code of codes) {
    const response = await findResponse(database.db, roundId, code);
    assert.ok(response, `${code} has a response`);
    const answers = await listAnswers(database.db, response.id);
    const expected: Record<string, unknown> = { ...values };
    if (code === '2584') expected.policy_adopted = winner;
    assert.deepEqual(Object.fromEntries(answers.map((answer) => [answer.questionKey, answer.value])), expected);
    const history = await listAnswerHistory(database.db, response.id);
    assert.equal(history.length, Object.keys(expected).length, `${code}: one history row per saved answer`);
    const events = await findAuditEvents(
      database.db,
      { action: 'response.answer_saved', subjectId: response.id },
      { limit: 20 },
    );
    assert.equal(events.length, Object.keys(expected).length, `${code}: one audit event per saved answer`);
  }
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
});
