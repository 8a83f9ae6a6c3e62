import assert from 'node:assert/strict';
import { settleAuditSealing } from '../../src/audit/audit.service.ts';
import { listRegisteredRoutes, type RegisteredRoute } from '../../src/http/policy.ts';
import { findQuestionnaireVersion } from '../../src/questionnaires/questionnaires.service.ts';
import { saveAnswers } from '../../src/responses/answer-save.service.ts';
import { openRound } from '../../src/rounds/invitations.service.ts';
import { createRound, importContacts } from '../../src/rounds/rounds.service.ts';
import { buildTestApp, type TestApp } from '../app.ts';
import { completeAnswers } from '../factories.ts';
import { createHostileInputs, type HostileInput, scriptMarker } from './hostile-inputs.ts';
import { fillRoute, injectMethod, otherOrganisation, ownOrganisation, visitorFor } from './roles.ts';
import { changedTables, snapshotTables } from './table-snapshot.ts';

const inputsPerEndpoint = Number(process.env.ABUSE_INPUTS ?? 1000);
const seed = Number(process.env.ABUSE_SEED ?? 20260301);
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The tables a route may change when its input is accepted; everything else must stay byte-identical. Kept small
 * on purpose: a new write route that needs more is a decision, made here, in review.
 */
const allowedChanges: Array<{ prefix: string; tables: string[] }> = [
  { prefix: '/admin/users', tables: ['users', 'memberships', 'sign_in_links', 'mail_outbox', 'audit_events'] },
  { prefix: '/sign-in', tables: ['sign_in_links', 'mail_outbox'] },
  { prefix: '/sign-out', tables: ['sessions'] },
  { prefix: '/api/responses/', tables: ['responses', 'answers', 'answer_changes', 'audit_events'] },
  { prefix: '/answer/', tables: ['responses', 'answers', 'answer_changes', 'mail_outbox', 'audit_events'] },
  { prefix: '/admin/rounds', tables: ['rounds', 'round_organisations', 'mail_outbox', 'audit_events'] },
  {
    prefix: '/api/rounds',
    tables: ['rounds', 'round_organisations', 'users', 'memberships', 'mail_outbox', 'audit_events'],
  },
  {
    prefix: '/rounds',
    tables: [
      'rounds',
      'round_organisations',
      'round_mail_texts',
      'users',
      'memberships',
      'mail_outbox',
      'audit_events',
    ],
  },
  { prefix: '/organisations/', tables: ['users', 'memberships', 'sign_in_links', 'mail_outbox', 'audit_events'] },
  // A visitor's report of an accessibility problem; the administrators' texts, handled reports and extracts.
  { prefix: '/tillganglighet/rapport', tables: ['accessibility_reports', 'audit_events'] },
  { prefix: '/admin/accessibility', tables: ['instance_settings', 'accessibility_reports', 'audit_events'] },
  { prefix: '/admin/privacy', tables: ['instance_settings', 'audit_events'] },
];

function allowedTablesFor(url: string): Set<string> {
  const tables = allowedChanges.filter((entry) => url.startsWith(entry.prefix)).flatMap((entry) => entry.tables);
  // An audit event moves the chain's head along with it, and may give a person named in it a reference; on
  // PostgreSQL it is first a pending batch that the sealer appends after the commit.
  return new Set(
    tables.includes('audit_events') ? [...tables, 'audit_chain_head', 'audit_persons', 'audit_pending_events'] : tables,
  );
}

/**
 * Runs the abuse test over one shard of the endpoints (endpoint index modulo shardCount); the suite runs two
 * shards as two test files so that both cores work.
 */
export async function runAbuseShard(shard: number, shardCount: number): Promise<void> {
  const testApp = await buildTestApp();
  try {
    await abuseEndpoints(testApp, await createOpenRound(testApp), (index) => index % shardCount === shard);
  } finally {
    await testApp.close();
  }
}

/**
 * Builds a real round as a coordinator would, through the services: created with the seeded questionnaire for both
 * organisations, contacts imported, opened (the invitations create the contacts' accounts and queue their mail),
 * and answered (the other organisation completely, ours partly, with a free-text comment), so that hostile input
 * reaches validation and the real data paths instead of stopping at "no such round" or "unknown question".
 */
async function createOpenRound(testApp: TestApp): Promise<Record<string, string>> {
  const { db } = testApp.database;
  const { clock } = testApp;
  const actor = { userId: null, label: 'abuse-test-setup' };
  const round = await createRound(
    db,
    clock,
    {
      label: 'Sakerhetstest-2026',
      displayName: 'Säkerhetstest 2026',
      kommunVersion: 'skr-2023',
      regionVersion: 'skr-2023',
      population: 'list',
      organisationCodes: [ownOrganisation, otherOrganisation],
      opensAt: '2026-02-01T09:00',
      closesAt: '2026-12-31T23:59',
      reminderDays: [14, 7, 2],
    },
    actor,
  );
  await importContacts(db, clock, {
    roundId: round.id,
    csv: `organisation,name,email\n${ownOrganisation},Egen Kontakt,kontakt@egen.example\n${otherOrganisation},Annan Kontakt,kontakt@annan.example\n`,
    actor,
  });
  const { invitations } = await openRound(db, clock, { roundId: round.id, baseUrl: 'http://localhost', actor });
  assert.equal(invitations.queued, 2, 'both contacts are invited');
  const version = await findQuestionnaireVersion(db, 'skr-2023');
  const answered = [
    { code: otherOrganisation, answers: completeAnswers(version, 'kommun') },
    { code: ownOrganisation, answers: [['comment', 'Ett riktigt svar före attacken.'] as const] },
  ];
  for (const { code, answers } of answered) {
    const result = await saveAnswers(db, clock, {
      roundId: round.id,
      organisationCode: code,
      edits: answers.map(([questionKey, value]) => ({ questionKey, value, baseRevision: 0 })),
      actor,
    });
    assert.equal(result.kind, 'done');
    const refused = [...(result.kind === 'done' ? result.results : [])].filter(([, field]) => field.kind !== 'saved');
    assert.deepEqual(refused, [], `the set-up answers of ${code} are valid`);
  }
  // A real free-text question and its section: hostile strings are stored, and the sweep below then checks that
  // every page renders them escaped.
  return { roundId: round.id, id: round.id, questionKey: 'comment', sectionKey: 'folja_upp_forbattra' };
}

function isTarget(route: RegisteredRoute): boolean {
  return unsafeMethods.has(route.method) || (route.method === 'GET' && route.hasQuerystring);
}

function payloadOf(input: HostileInput): { payload?: string | Buffer; contentType?: string; query: string } {
  switch (input.kind) {
    case 'json':
      return { payload: JSON.stringify(input.body) ?? 'null', contentType: 'application/json', query: '' };
    case 'form':
      return { payload: input.body, contentType: 'application/x-www-form-urlencoded', query: '' };
    case 'raw':
      return { payload: input.body, contentType: input.contentType, query: '' };
    case 'query':
      return { query: input.query };
  }
}

function findReflectedScript(body: string, contentType: string): string | undefined {
  if (contentType.startsWith('application/json')) return undefined; // not rendered by a browser (nosniff is set)
  const match = /<script>alert\("lb-xss-\d+"\)<\/script>|<img src=x onerror=/.exec(body);
  return match?.[0];
}

async function abuseEndpoints(
  testApp: TestApp,
  knownParams: Record<string, string>,
  isInShard: (index: number) => boolean,
): Promise<void> {
  const endpoints = listRegisteredRoutes(testApp.app)
    .filter(isTarget)
    .filter((_route, index) => isInShard(index));
  assert.ok(endpoints.length > 0);
  const next = createHostileInputs(seed);
  const failures: string[] = [];
  let inputs = 0;
  for (const route of endpoints) {
    const { path } = fillRoute(route.url, knownParams);
    const callers = [await visitorFor(testApp, 'administrator'), await visitorFor(testApp, 'own-respondent')];
    // The audit sealing that an earlier endpoint's commits started finishes first, so its writes are not this one's.
    await settleAuditSealing(testApp.database.db);
    const before = await snapshotTables(testApp.database.db);
    const startedAt = Date.now();
    for (let start = 0; start < inputsPerEndpoint; start += 8) {
      const batch = Array.from({ length: Math.min(8, inputsPerEndpoint - start) }, (_, offset) => start + offset);
      await Promise.all(
        batch.map(async (index) => {
          const input = next(route.method === 'GET');
          const caller = callers[index % 2] ?? callers[0];
          if (!caller) return;
          const { payload, contentType, query } = payloadOf(input);
          const response = await testApp.app.inject({
            method: injectMethod(route.method),
            url: query ? `${path}?${query}` : path,
            ...(payload === undefined ? {} : { payload }),
            headers: {
              cookie: caller.visitor.cookies,
              'x-csrf-token': caller.visitor.csrfToken,
              'x-forwarded-for': `10.${index % 250}.${Math.floor(index / 250) % 250}.7`,
              accept: index % 2 === 0 ? 'application/json' : 'text/html',
              ...(contentType === undefined ? {} : { 'content-type': contentType }),
            },
          });
          inputs += 1;
          const label = `${route.method} ${route.url} as ${caller.role} with ${input.kind} input #${index}`;
          if (response.statusCode >= 500)
            failures.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
          const reflected = findReflectedScript(response.body, String(response.headers['content-type'] ?? ''));
          if (reflected) failures.push(`${label}: response contains unescaped ${reflected}`);
        }),
      );
      if (Object.keys(Object.prototype).length > 0 || '__lb_polluted' in {})
        failures.push(`${route.url}: Object.prototype polluted`);
      if (failures.length > 20) break;
    }
    if (process.env.ABUSE_DEBUG) console.log(`${route.method} ${route.url} ${Date.now() - startedAt} ms`);
    await settleAuditSealing(testApp.database.db);
    const changed = changedTables(before, await snapshotTables(testApp.database.db));
    const allowed = allowedTablesFor(route.url);
    const stray = changed.filter((table) => !allowed.has(table));
    if (stray.length > 0)
      failures.push(
        `${route.method} ${route.url} changed ${stray.join(', ')} (allowed: ${[...allowed].join(', ') || 'none'})`,
      );
    if (failures.length > 20) break;
  }

  // Stored script: whatever the endpoints accepted must come out escaped on every page an administrator can open.
  const administrator = await visitorFor(testApp, 'administrator');
  let pages = 0;
  for (const route of listRegisteredRoutes(testApp.app).filter((candidate) => candidate.method === 'GET')) {
    if (route.url.startsWith('/static/') || route.url.startsWith('/api/docs')) continue;
    const response = await administrator.visitor.get(fillRoute(route.url, knownParams).path);
    pages += 1;
    if (response.statusCode >= 500) failures.push(`GET ${route.url} after the abuse: ${response.statusCode}`);
    const reflected = findReflectedScript(response.body, String(response.headers['content-type'] ?? ''));
    if (reflected) failures.push(`GET ${route.url} renders stored ${reflected} unescaped`);
  }
  console.log(
    `abuse: ${endpoints.length} endpoints, ${inputs} hostile inputs (${inputsPerEndpoint} per endpoint, seed ${seed}), ${pages} pages swept for stored script; marker ${scriptMarker}`,
  );
  assert.deepEqual(failures, []);
}
