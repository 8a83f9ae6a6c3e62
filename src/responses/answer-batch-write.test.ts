import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { createOpenRound } from '../../test/factories.ts';
import { createFixedClock } from '../clock.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import {
  insertResponseRow,
  listAnswerRows,
  upsertAnswerRow,
  writeAnswerRowsIfUnchanged,
} from './responses.repository.ts';

let database: TestDatabase;
const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
});
after(async () => database.drop());

/** A response of Kiruna with four stored answers, each at revision 3. */
async function responseWithAnswers(): Promise<string> {
  const roundId = await createOpenRound(database.db, { organisations: [{ code: '2584' }] });
  const id = randomUUID();
  const at = '2026-02-01T08:00:00.000Z';
  await insertResponseRow(database.db, {
    id,
    roundId,
    organisationCode: '2584',
    versionId: 'skr-2023',
    status: 'in_progress',
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    submitterId: null,
    submittedBy: null,
  });
  const stored: Array<[string, string | number | string[]]> = [
    ['respondent_role', 'ciso'],
    ['security_hours_per_year', 100],
    ['security_forum', 'yes'],
    ['incident_types', ['phishing', 'ransomware']],
  ];
  for (const [questionKey, value] of stored) {
    await upsertAnswerRow(database.db, id, { questionKey, value, revision: 3, updatedAt: at, updatedBy: null });
  }
  return id;
}

async function storedRows(responseId: string) {
  return Object.fromEntries(
    (await listAnswerRows(database.db, responseId)).map((row) => [
      row.questionKey,
      [row.value, row.revision, row.updatedAt, row.updatedBy],
    ]),
  );
}

test('a batch write changes, adds and clears answers in one go, each only at its base revision', async () => {
  const responseId = await responseWithAnswers();
  const now = '2026-03-01T08:00:00.000Z';
  await upsertAnswerRow(database.db, responseId, {
    questionKey: 'respondent_role_other',
    value: 'theirs',
    revision: 1,
    updatedAt: '2026-02-01T08:00:00.000Z',
    updatedBy: null,
  });
  const written = await database.db.transaction().execute((trx) =>
    writeAnswerRowsIfUnchanged(
      trx,
      responseId,
      [
        { questionKey: 'respondent_role', value: 'it_manager', baseRevision: 3, isStored: true },
        { questionKey: 'security_hours_per_year', value: 250, baseRevision: 3, isStored: true },
        // Someone else saved revision 3 after this writer read revision 2: not written.
        { questionKey: 'security_forum', value: 'no', baseRevision: 2, isStored: true },
        { questionKey: 'incident_types', value: ['phishing'], baseRevision: 3, isStored: true },
        // A new answer after a cleared one keeps counting from the cleared one's revision.
        { questionKey: 'budget_amount', value: 5000, baseRevision: 4, isStored: false },
        // A row that is there although this writer read none: another writer's, left alone.
        { questionKey: 'respondent_role_other', value: 'x', baseRevision: 0, isStored: false },
      ],
      { updatedAt: now, updatedBy: null },
    ),
  );
  assert.deepEqual([...written].sort(), [
    'budget_amount',
    'incident_types',
    'respondent_role',
    'security_hours_per_year',
  ]);
  assert.deepEqual(await storedRows(responseId), {
    respondent_role: ['it_manager', 4, now, null],
    security_hours_per_year: [250, 4, now, null],
    security_forum: ['yes', 3, '2026-02-01T08:00:00.000Z', null],
    incident_types: [['phishing'], 4, now, null],
    budget_amount: [5000, 5, now, null],
    respondent_role_other: ['theirs', 1, '2026-02-01T08:00:00.000Z', null],
  });
});

test('a batch clear deletes only the answers still at their base revision', async () => {
  const responseId = await responseWithAnswers();
  const written = await writeAnswerRowsIfUnchanged(
    database.db,
    responseId,
    [
      { questionKey: 'respondent_role', value: null, baseRevision: 3, isStored: true },
      { questionKey: 'security_forum', value: null, baseRevision: 1, isStored: true },
      { questionKey: 'security_hours_per_year', value: 300, baseRevision: 3, isStored: true },
    ],
    { updatedAt: '2026-03-01T09:00:00.000Z', updatedBy: null },
  );
  assert.deepEqual([...written].sort(), ['respondent_role', 'security_hours_per_year']);
  assert.deepEqual(Object.keys(await storedRows(responseId)).sort(), [
    'incident_types',
    'security_forum',
    'security_hours_per_year',
  ]);
});
