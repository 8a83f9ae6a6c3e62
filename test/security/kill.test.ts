import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { grantUserRole, openSession } from '../../src/accounts/accounts.service.ts';
import { systemClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/db/connection.ts';
import type { Database } from '../../src/db/database.ts';
import { computeCsrfToken } from '../../src/http/csrf.ts';
import { ensureOrganisationRegistry } from '../../src/organisations/organisations.service.ts';
import { listQuestions } from '../../src/questionnaires/conditions.ts';
import { findShippedVersion } from '../../src/questionnaires/questionnaire.fixtures.ts';
import { createTestDatabase, type TestDatabase, testDialect } from '../database.ts';
import { createOpenRound } from '../factories.ts';
import { startServeProcess } from '../serve-process.ts';

const killRounds = Number(process.env.KILL_ROUNDS ?? 4);
const writerCount = 4;
const sessionSecret = randomBytes(24).toString('hex');

/** One simulated respondent: its organisation, its session cookie and CSRF token, and the revision it last saw. */
type Writer = { organisationCode: string; cookie: string; csrfToken: string; revision: number };

/** The server under test, as the writers see it. */
type RunningServer = { baseUrl: string };

/** A write the server acknowledged, and how to find it in the database afterwards. */
type AcknowledgedWrite = { label: string; isStored(db: Kysely<Database>): Promise<boolean> };

let roundId = '';
let questionKey = '';

/**
 * Autosaves answer number `sequence` for one respondent through PUT /api/responses/:roundId/:code/answers/:key and,
 * when the server acknowledged it (200), returns how to find that save afterwards: in the answer history, since
 * later saves overwrite the current answer. Null when it was not acknowledged.
 */
async function writeOnce(server: RunningServer, writer: Writer, sequence: number): Promise<AcknowledgedWrite | null> {
  const response = await fetch(
    `${server.baseUrl}/api/responses/${roundId}/${writer.organisationCode}/answers/${questionKey}`,
    {
      method: 'PUT',
      headers: { cookie: writer.cookie, 'x-csrf-token': writer.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ value: sequence, baseRevision: writer.revision }),
    },
  );
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 409 && typeof body === 'object' && body !== null && 'current' in body) {
    const current = body.current;
    if (
      typeof current === 'object' &&
      current !== null &&
      'revision' in current &&
      typeof current.revision === 'number'
    ) {
      writer.revision = current.revision; // a save acknowledged just before a kill whose answer never reached us
    }
    return null;
  }
  if (
    response.status !== 200 ||
    typeof body !== 'object' ||
    body === null ||
    !('revision' in body) ||
    typeof body.revision !== 'number'
  ) {
    return null;
  }
  writer.revision = body.revision;
  const organisationCode = writer.organisationCode;
  return {
    label: `${organisationCode}#${sequence}`,
    async isStored(db) {
      const row = await db
        .selectFrom('answer_changes')
        .innerJoin('responses', 'responses.id', 'answer_changes.response_id')
        .select('answer_changes.id')
        .where('responses.round_id', '=', roundId)
        .where('responses.organisation_code', '=', organisationCode)
        .where('answer_changes.question_key', '=', questionKey)
        .where('answer_changes.value', '=', JSON.stringify(sequence))
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** Starts `lagesbild serve` (compiled in .ci/run) as a child process and waits until /healthz answers. */
async function startServer(
  database: TestDatabase,
): Promise<{ child: ChildProcess; server: RunningServer; output: () => string }> {
  const started = await startServeProcess(database, { SESSION_SECRET: sessionSecret });
  return { child: started.child, server: { baseUrl: started.baseUrl }, output: started.output };
}

let database: TestDatabase;
const writers: Writer[] = [];

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, systemClock);
  const now = Date.now();
  const codes = ['0180', '1480', '1280', '0380'].slice(0, writerCount);
  // The server runs on the real clock, so the round is open around now.
  roundId = await createOpenRound(database.db, {
    opensAt: new Date(now - 86_400_000).toISOString(),
    closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    organisations: codes.map((code) => ({ code })),
  });
  const question = listQuestions(findShippedVersion('skr-2023')).find(
    (candidate) => candidate.type === 'integer' && !candidate.showIf && !candidate.targets,
  );
  if (!question) throw new Error('skr-2023 has no unconditional integer question');
  questionKey = question.key;
  for (const code of codes) {
    const user = await grantUserRole(database.db, systemClock, {
      email: `writer-${code}@kill.test`,
      grant: { kind: 'organisation', organisationCode: code, role: 'respondent' },
      actor: { userId: null, label: 'test' },
    });
    const sessionToken = await openSession(database.db, systemClock, user.id);
    const browserId = randomBytes(18).toString('base64url');
    writers.push({
      organisationCode: code,
      cookie: `lb_session=${sessionToken}; lb_csrf=${browserId}`,
      csrfToken: computeCsrfToken(sessionSecret, browserId),
      revision: 0,
    });
  }
  await database.destroy(); // from here on only the server process touches the database
});
after(async () => {
  await database.drop();
});

test(`every acknowledged autosave survives SIGKILL at random moments (${testDialect})`, {
  timeout: 300_000,
}, async () => {
  const acknowledged: AcknowledgedWrite[] = [];
  let unacknowledged = 0;
  let sequence = 0;
  for (let round = 1; round <= killRounds; round += 1) {
    const { child, server } = await startServer(database);
    let isKilled = false;
    let noteAcknowledged = () => {};
    const isWriting = new Promise<void>((resolve) => {
      noteAcknowledged = resolve;
    });
    const running = writers.map(async (writer) => {
      while (!isKilled) {
        sequence += 1;
        // Cut off by the kill: not acknowledged, so nothing is promised about it.
        const receipt = await writeOnce(server, writer, sequence).catch(() => null);
        if (receipt) {
          acknowledged.push(receipt);
          noteAcknowledged();
        } else unacknowledged += 1;
      }
    });
    // A random moment while the writers are busy, so the kill lands inside transactions as well as between them:
    // counted from the round's first acknowledged write, since a busy machine can take longer than the whole window
    // to answer a fresh server's first requests (waiting at most 30 s; without one the assertion below fails).
    let patience: NodeJS.Timeout | undefined;
    await Promise.race([isWriting, new Promise((resolve) => (patience = setTimeout(resolve, 30_000)))]);
    clearTimeout(patience);
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(Math.random() * 900)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    isKilled = true;
    await exited;
    await Promise.all(running);
  }
  // One more start proves the database opens cleanly after the last kill; then check every acknowledged write.
  const last = await startServer(database);
  const exited = new Promise((resolve) => last.child.once('exit', resolve));
  last.child.kill('SIGKILL');
  await exited;
  const handle = openDatabase(database.config);
  const missing: string[] = [];
  try {
    for (const write of acknowledged) if (!(await write.isStored(handle.db))) missing.push(write.label);
  } finally {
    await handle.destroy();
  }
  console.log(
    `kill test (${testDialect}): ${killRounds} kills survived, ${acknowledged.length} acknowledged writes verified, ${unacknowledged} cut off`,
  );
  assert.ok(acknowledged.length >= killRounds, 'the writers got writes through between kills');
  assert.deepEqual(missing, []);
});
