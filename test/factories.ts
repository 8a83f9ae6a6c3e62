import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAuditEvent, sealPendingAuditEvents } from '../src/audit/audit.service.ts';
import type { Clock } from '../src/clock.ts';
import type { Database } from '../src/db/database.ts';
import { listQuestions, visibleQuestions } from '../src/questionnaires/conditions.ts';
import { isChoiceType, listAnswerOptions } from '../src/questionnaires/question-wording.ts';
import type {
  AnswerValue,
  OrganisationType,
  QuestionnaireVersion,
} from '../src/questionnaires/questionnaire.schema.ts';

export type RoundFactoryInput = {
  label?: string;
  status?: 'draft' | 'open' | 'closed';
  opensAt?: string | null;
  closesAt?: string | null;
  versions?: { kommun: string | null; region: string | null };
  organisations: Array<{ code: string; contactEmail?: string; reopenedUntil?: string | null }>;
};

/**
 * Inserts a fieldwork round and its invited organisations straight into the tables; by default open from
 * 1 February to 1 April 2026 (the test clock starts on 1 March) with the 2023 questionnaire for both types.
 */
export async function createOpenRound(db: Kysely<Database>, input: RoundFactoryInput): Promise<string> {
  const id = randomUUID();
  const now = '2026-01-15T08:00:00.000Z';
  await db
    .insertInto('rounds')
    .values({
      id,
      label: input.label ?? `Test ${id.slice(0, 8)}`,
      status: input.status ?? 'open',
      source: 'fieldwork',
      kommun_version: input.versions ? input.versions.kommun : 'skr-2023',
      region_version: input.versions ? input.versions.region : 'skr-2023',
      opens_at: input.opensAt === undefined ? '2026-02-01T07:00:00.000Z' : input.opensAt,
      closes_at: input.closesAt === undefined ? '2026-04-01T21:59:00.000Z' : input.closesAt,
      reminder_days: '[14,7,2]',
      published_at: null,
      embargo_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const organisation of input.organisations) {
    await db
      .insertInto('round_organisations')
      .values({
        round_id: id,
        organisation_code: organisation.code,
        contact_name: null,
        contact_email: organisation.contactEmail ?? null,
        reopened_until: organisation.reopenedUntil ?? null,
        invited_at: now,
      })
      .execute();
  }
  return id;
}

/** Changes a round's status and closing time, as the rounds module would when it closes a round. */
export async function updateRound(
  db: Kysely<Database>,
  id: string,
  changes: { status?: 'draft' | 'open' | 'closed'; closesAt?: string },
): Promise<void> {
  await db
    .updateTable('rounds')
    .set({
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.closesAt ? { closes_at: changes.closesAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Reopens a round for one organisation until the given time. */
export async function reopenForOrganisation(
  db: Kysely<Database>,
  id: string,
  code: string,
  until: string,
): Promise<void> {
  await db
    .updateTable('round_organisations')
    .set({ reopened_until: until })
    .where('round_id', '=', id)
    .where('organisation_code', '=', code)
    .execute();
}

/**
 * Answers every question an organisation of the type would see, choosing the first option and 10 for numbers,
 * in questionnaire order, so revealed questions are answered too.
 */
export function completeAnswers(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
): Array<[string, AnswerValue]> {
  const answers: Record<string, AnswerValue> = {};
  for (const question of listQuestions(version)) {
    if (!visibleQuestions(version, orgType, answers).some((visible) => visible.key === question.key)) continue;
    const first = listAnswerOptions(question)[0]?.code ?? '';
    answers[question.key] =
      question.type === 'multiple_choice'
        ? [first]
        : isChoiceType(question.type)
          ? first
          : question.type === 'free_text'
            ? 'Inget att tillägga.'
            : 10;
  }
  return Object.entries(answers);
}

/** Records `count` audit events about responses r1, r2, …, each in a transaction of its own, as services do. */
export async function recordSampleAuditEvents(db: Kysely<Database>, clock: Clock, count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    await db.transaction().execute((trx) =>
      recordAuditEvent(trx, clock, {
        actor: { userId: null, label: 'test' },
        action: 'answer.changed',
        subjectType: 'response',
        subjectId: `r${index}`,
        details: { value: index },
      }),
    );
  }
  // On PostgreSQL the events enter the chain after their commits; tests that read or tamper with the chain's rows
  // need them there.
  await sealPendingAuditEvents(db);
}
