import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { grantUserRole, openSession } from '../src/accounts/accounts.service.ts';
import { systemClock } from '../src/clock.ts';
import { createDatabaseIfMissing, openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { computeCsrfToken, csrfCookieName } from '../src/http/csrf.ts';
import { sessionCookieName } from '../src/http/sessions.ts';
import { ensureOrganisationRegistry, listOrganisations } from '../src/organisations/organisations.service.ts';
import { validateAnswers } from '../src/questionnaires/answer-validation.ts';
import { listQuestions } from '../src/questionnaires/conditions.ts';
import type { QuestionnaireVersion } from '../src/questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion, seedShippedQuestionnaires } from '../src/questionnaires/questionnaires.service.ts';
import { pressRelease2023Shares, publishForTest, seedRound } from '../src/reports/report.fixtures.ts';
import { insertResponseRow, upsertAnswerRow } from '../src/responses/responses.repository.ts';
import { insertRoundRow, upsertRoundOrganisationRows } from '../src/rounds/rounds.repository.ts';
import { completeAnswers } from '../test/factories.ts';
import { removeSqliteFiles } from './harness.ts';

/** The audit key of the benchmark's databases: the fixture and the server it starts (AUDIT_KEY) sign one chain. */
export const benchAuditKey = 'bench-audit-key-not-a-secret-0123456789abcdef';

export type RespondentFixture = {
  databaseUrl: string;
  roundId: string;
  firstSectionKey: string;
  numberQuestionKey: string;
  respondents: Array<{
    organisationCode: string;
    organisationType: 'kommun' | 'region';
    headers: Record<string, string>;
  }>;
  /** A closed 2023 round with every question answered by 90 % of all organisations, published as a release. */
  publishedLabel: string;
  /**
   * Removes every response of the round and answers again every question but the autosaved one, so the next
   * scenario's clients start at revision 0 without conflicts and each respondent's response can be submitted.
   */
  resetAnswers(): Promise<void>;
  drop(): Promise<void>;
};

/**
 * Every question a respondent of this type is shown, answered as the tests answer them (test/factories.ts), except
 * the one the clients autosave; checked with the product's own validation, so a change of the questionnaire that
 * makes these answers unsubmittable fails here instead of turning every submit into a 422.
 */
function buildSubmittableAnswers(version: QuestionnaireVersion, type: 'kommun' | 'region', skippedKey: string) {
  const validation = validateAnswers(version, type, Object.fromEntries(completeAnswers(version, type)), {
    mode: 'submit',
  });
  if (validation.errors.length > 0) {
    throw new Error(`The fixture's answers do not submit: ${JSON.stringify(validation.errors.slice(0, 3))}`);
  }
  return Object.entries(validation.answers).filter(([key]) => key !== skippedKey);
}

/**
 * Prepares a database with the registry, an open 2023 round inviting every organisation, and one signed-in
 * respondent per organisation (sessions opened directly; cookie and CSRF header computed as a browser would send).
 */
export async function prepareRespondentDatabase(
  dialect: 'sqlite' | 'postgres',
  options: { sqliteFile: string; postgresUrl: string; sessionSecret: string; respondents: number },
): Promise<RespondentFixture> {
  let databaseUrl: string;
  let removeStorage: () => Promise<void>;
  if (dialect === 'sqlite') {
    removeSqliteFiles(options.sqliteFile);
    databaseUrl = `sqlite:${options.sqliteFile}`;
    removeStorage = async () => removeSqliteFiles(options.sqliteFile);
  } else {
    const name = `lagesbild_bench_${randomBytes(4).toString('hex')}`;
    const url = new URL(options.postgresUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    removeStorage = async () => {
      const admin = new pg.Client({ connectionString: options.postgresUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const config = dialect === 'sqlite' ? { dialect, file: options.sqliteFile } : { dialect, url: databaseUrl };
  await createDatabaseIfMissing(config);
  const handle = openDatabase(config, { auditKey: benchAuditKey });
  try {
    await migrateToLatest(handle.db);
    await seedShippedQuestionnaires(handle.db, systemClock);
    await ensureOrganisationRegistry(handle.db, systemClock);
    const version = await findQuestionnaireVersion(handle.db, 'skr-2023');
    const numberQuestion = listQuestions(version).find(
      (question) => question.type === 'integer' && !question.showIf && !question.targets,
    );
    const firstSection = version.sections[0];
    if (!numberQuestion || !firstSection) throw new Error('skr-2023 has no unconditional integer question.');
    const now = systemClock.now();
    const roundId = `bench-${randomBytes(4).toString('hex')}`;
    await insertRoundRow(handle.db, {
      id: roundId,
      label: `bench-${roundId}`,
      status: 'open',
      source: 'fieldwork',
      versions: { kommun: 'skr-2023', region: 'skr-2023' },
      opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
      closesAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      reminderDays: [],
      publishedAt: null,
      embargoUntil: null,
      correctionStartedAt: null,
      displayName: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    // The public's national report: a round of every organisation, published (its figures frozen) before the load.
    const publishedLabel = 'published-2023';
    await seedRound(handle.db, systemClock, {
      label: publishedLabel,
      versions: { kommun: 'skr-2023', region: 'skr-2023' },
      yesShares: pressRelease2023Shares,
    });
    await publishForTest(handle.db, systemClock, publishedLabel);
    const organisations = (await listOrganisations(handle.db, { isActiveOnly: true })).slice(0, options.respondents);
    await upsertRoundOrganisationRows(
      handle.db,
      roundId,
      organisations.map((organisation) => ({
        organisationCode: organisation.code,
        contactName: null,
        contactEmail: null,
      })),
    );
    const respondents: RespondentFixture['respondents'] = [];
    for (const organisation of organisations) {
      const user = await grantUserRole(handle.db, systemClock, {
        email: `ciso-${organisation.code}@bench.example.se`,
        grant: { kind: 'organisation', organisationCode: organisation.code, role: 'respondent' },
        actor: { userId: null, label: 'bench' },
      });
      const session = await openSession(handle.db, systemClock, user.id);
      const browserId = randomBytes(18).toString('base64url');
      respondents.push({
        organisationCode: organisation.code,
        organisationType: organisation.type,
        headers: {
          cookie: `${sessionCookieName}=${session}; ${csrfCookieName}=${browserId}`,
          'x-csrf-token': computeCsrfToken(options.sessionSecret, browserId),
        },
      });
    }
    const submittableAnswers = {
      kommun: buildSubmittableAnswers(version, 'kommun', numberQuestion.key),
      region: buildSubmittableAnswers(version, 'region', numberQuestion.key),
    };
    const resetAnswers = async () => {
      const reset = openDatabase(config, { auditKey: benchAuditKey });
      try {
        // The server may still be finishing saves that autocannon stopped waiting for (and may create a response
        // between a delete and the inserts); so the reset is one transaction, and a deadlock, busy or unique error
        // then just means "try again in a moment".
        // Let the server finish the requests still queued from the scenario before (on a loaded machine, seconds).
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const at = systemClock.now().toISOString();
        for (let attempt = 1; ; attempt += 1) {
          try {
            await reset.db.transaction().execute(async (trx) => {
              // answers and answer_changes go with their responses (on delete cascade).
              await trx.deleteFrom('responses').where('round_id', '=', roundId).execute();
              for (const organisation of organisations) {
                const responseId = randomUUID();
                await insertResponseRow(trx, {
                  id: responseId,
                  roundId,
                  organisationCode: organisation.code,
                  versionId: version.id,
                  status: 'in_progress',
                  createdAt: at,
                  updatedAt: at,
                  submittedAt: null,
                  submitterId: null,
                  submittedBy: null,
                });
                for (const [questionKey, value] of submittableAnswers[organisation.type]) {
                  await upsertAnswerRow(trx, responseId, {
                    questionKey,
                    value,
                    revision: 1,
                    updatedAt: at,
                    updatedBy: null,
                  });
                }
              }
            });
            break;
          } catch (error) {
            if (attempt >= 10) throw error;
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
        }
      } finally {
        await reset.destroy();
      }
    };
    return {
      databaseUrl,
      roundId,
      firstSectionKey: firstSection.key,
      numberQuestionKey: numberQuestion.key,
      respondents,
      publishedLabel,
      resetAnswers,
      drop: removeStorage,
    };
  } finally {
    await handle.destroy();
  }
}
