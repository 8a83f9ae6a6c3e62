import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export type ReviewDecision = 'reviewed' | 'returned';

/** One step of a coordinator's review of a response, as it is written. */
export type NewReviewStep = {
  id: string;
  responseId: string;
  decision: ReviewDecision;
  comment: string | null;
  createdAt: string;
  /** The reviewer's account id. */
  reviewedBy: string | null;
};

/** One step as it is read: the reviewer by the address of their account, null once the account is deleted. */
export type ReviewStep = Omit<NewReviewStep, 'reviewedBy'> & { reviewer: string | null };

export async function insertReviewRow(db: Kysely<Database>, step: NewReviewStep): Promise<void> {
  await db
    .insertInto('response_reviews')
    .values({
      id: step.id,
      response_id: step.responseId,
      decision: step.decision,
      comment: step.comment,
      created_at: step.createdAt,
      reviewed_by: step.reviewedBy,
    })
    .execute();
}

/** A response's review steps, oldest first. */
export async function listReviewRows(db: Kysely<Database>, responseId: string): Promise<ReviewStep[]> {
  const rows = await db
    .selectFrom('response_reviews')
    .leftJoin('users', 'users.id', 'response_reviews.reviewed_by')
    .selectAll('response_reviews')
    .select('users.email as reviewer')
    .where('response_reviews.response_id', '=', responseId)
    .orderBy('response_reviews.created_at')
    .orderBy('response_reviews.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    responseId: row.response_id,
    decision: row.decision,
    comment: row.comment,
    createdAt: row.created_at,
    reviewer: row.reviewer,
  }));
}

/** The latest review step of every response of a round that has one, by organisation code. */
export async function listLatestReviewRowsOfRound(
  db: Kysely<Database>,
  roundId: string,
): Promise<Map<string, { decision: ReviewDecision; createdAt: string }>> {
  const rows = await db
    .selectFrom('response_reviews')
    .innerJoin('responses', 'responses.id', 'response_reviews.response_id')
    .select(['responses.organisation_code', 'response_reviews.decision', 'response_reviews.created_at'])
    .where('responses.round_id', '=', roundId)
    .orderBy('response_reviews.created_at')
    .orderBy('response_reviews.id')
    .execute();
  return new Map(
    rows.map((row) => [row.organisation_code, { decision: row.decision, createdAt: row.created_at }] as const),
  );
}
