import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { grantUserRole, openSession } from '../../src/accounts/accounts.service.ts';
import { systemClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/db/connection.ts';
import type { Database } from '../../src/db/database.ts';
import { ensureOrganisationRegistry } from '../../src/organisations/organisations.service.ts';
import { createTestDatabase, type TestDatabase, testDialect } from '../database.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const killRounds = Number(process.env.KILL_ROUNDS ?? 4);
const writerCount = 4;
const sessionSecret = randomBytes(24).toString('hex');
const csrfBrowserId = randomBytes(18).toString('base64url');

/** The server under test, as the writers see it: an address, the cookies of a signed-in user, a CSRF token. */
type RunningServer = { baseUrl: string; cookie: string; csrfToken: string };

/** A write the server acknowledged, and how to find it in the database afterwards. */
type AcknowledgedWrite = { label: string; isStored(db: Kysely<Database>): Promise<boolean> };

/**
 * THE ONE FUNCTION TO CHANGE for the autosave endpoint: performs write number `sequence` against the running
 * server and, when the server acknowledged it (a 2xx), returns how to find it; null when it was not acknowledged.
 * Today it grants a role through POST /admin/users, where every 200 means a committed row.
 */
async function writeOnce(server: RunningServer, sequence: number): Promise<AcknowledgedWrite | null> {
  const email = `durable-${sequence}@kill.test`;
  const response = await fetch(`${server.baseUrl}/admin/users`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: server.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: server.csrfToken,
      email,
      name: `Writer ${sequence}`,
      role: 'respondent',
      organisationCode: '0180',
    }).toString(),
  });
  await response.arrayBuffer();
  if (response.status !== 200) return null;
  return {
    label: email,
    async isStored(db) {
      const row = await db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select('users.id')
        .where('users.email', '=', email)
        .where('memberships.organisation_code', '=', '0180')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function databaseUrlOf(database: TestDatabase): string {
  return database.config.dialect === 'postgres' ? database.config.url : `sqlite:${database.config.file}`;
}

/** Starts `lagesbild serve` as a child process and waits until /healthz answers. */
async function startServer(
  database: TestDatabase,
  sessionToken: string,
): Promise<{ child: ChildProcess; server: RunningServer; output: () => string }> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/lagesbild.js', 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrlOf(database),
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: baseUrl,
      SESSION_SECRET: sessionSecret,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    const isUp = await fetch(`${baseUrl}/healthz`)
      .then((response) => response.status === 200)
      .catch(() => false); // not listening yet
    if (isUp) break;
    if (Date.now() > deadline) throw new Error(`the server did not start within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const cookie = `lb_session=${sessionToken}; lb_csrf=${csrfBrowserId}`;
  const page = await fetch(`${baseUrl}/admin/users`, { headers: { cookie } }).then((response) => response.text());
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrfToken) throw new Error(`no CSRF token on /admin/users:\n${page.slice(0, 500)}`);
  return { child, server: { baseUrl, cookie, csrfToken }, output: () => output };
}

let database: TestDatabase;
let sessionToken: string;

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, systemClock);
  const administrator = await grantUserRole(database.db, systemClock, {
    email: 'writer@kill.test',
    grant: { kind: 'global', role: 'administrator' },
    actor: { userId: null, label: 'test' },
  });
  sessionToken = await openSession(database.db, systemClock, administrator.id);
  await database.destroy(); // from here on only the server process touches the database
});
after(async () => {
  await database.drop();
});

test(`every acknowledged write survives SIGKILL at random moments (${testDialect})`, { timeout: 300_000 }, async () => {
  const acknowledged: AcknowledgedWrite[] = [];
  let unacknowledged = 0;
  let sequence = 0;
  for (let round = 1; round <= killRounds; round += 1) {
    const { child, server } = await startServer(database, sessionToken);
    let isKilled = false;
    const writers = Array.from({ length: writerCount }, async () => {
      while (!isKilled) {
        sequence += 1;
        const receipt = await writeOnce(server, sequence).catch(() => null); // cut off by the kill: not acknowledged
        if (receipt) acknowledged.push(receipt);
        else unacknowledged += 1;
      }
    });
    // A random moment while the writers are busy, so the kill lands inside transactions as well as between them.
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(Math.random() * 900)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    isKilled = true;
    await exited;
    await Promise.all(writers);
  }
  // One more start proves the database opens cleanly after the last kill; then check every acknowledged write.
  const last = await startServer(database, sessionToken);
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
