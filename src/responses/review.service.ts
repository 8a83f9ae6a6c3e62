import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { renderMailDocument } from '../mail/mail-document.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import { findRoundById } from '../rounds/rounds.service.ts';
import { type Language, translate } from '../web/i18n.ts';
import { findResponseRow, listResponseRowsByRound, updateResponseRow } from './responses.repository.ts';
import {
  insertReviewRow,
  listLatestReviewRowsOfRound,
  listReviewRows,
  type NewReviewStep,
  type ReviewDecision,
  type ReviewStep,
} from './review.repository.ts';

export type { ReviewDecision, ReviewStep };

/** Where a submitted response stands in the coordinator's review; a sent-back one is "in progress" again. */
export type ReviewState = 'awaiting_review' | 'reviewed' | 'returned';
export const reviewStates: readonly ReviewState[] = ['awaiting_review', 'reviewed', 'returned'];

/** The longest comment a coordinator can send back. */
export const reviewCommentMaxLength = 2000;

/**
 * Derives the review state of one response: returned while it waits for the respondent's new submission; reviewed
 * when marked so after its latest submission; otherwise, once submitted, awaiting review.
 */
export function deriveReviewState(
  response: { status: 'in_progress' | 'submitted'; submittedAt: string | null },
  latest: { decision: ReviewDecision; createdAt: string } | undefined,
): ReviewState | null {
  if (response.status !== 'submitted') return latest?.decision === 'returned' ? 'returned' : null;
  if (latest?.decision === 'reviewed' && response.submittedAt !== null && latest.createdAt >= response.submittedAt) {
    return 'reviewed';
  }
  return 'awaiting_review';
}

/** Every organisation of a round with a review state, for the follow-up page's counts. */
export async function listReviewStates(db: Kysely<Database>, roundId: string): Promise<Map<string, ReviewState>> {
  const [responses, latest] = await Promise.all([
    listResponseRowsByRound(db, roundId),
    listLatestReviewRowsOfRound(db, roundId),
  ]);
  const states = new Map<string, ReviewState>();
  for (const response of responses) {
    const state = deriveReviewState(response, latest.get(response.organisationCode));
    if (state) states.set(response.organisationCode, state);
  }
  return states;
}

/** A response's review steps, oldest first (none when the organisation has no response). */
export async function listReviewSteps(
  db: Kysely<Database>,
  input: { roundId: string; organisationCode: string },
): Promise<ReviewStep[]> {
  const response = await findResponseRow(db, input.roundId, input.organisationCode);
  return response ? listReviewRows(db, response.id) : [];
}

/**
 * Records a coordinator's review of a submitted response: marked reviewed, or sent back with a comment, which
 * makes the response in progress again until the organisation submits anew and mails the comment to whoever
 * submitted, in the same transaction. Audited as `response.reviewed` or `response.returned`.
 * @throws AppError('validation') on `comment` when sending back without one or with one too long,
 * AppError('conflict') when the response is not submitted, AppError('not_found') for an unknown round.
 */
export async function reviewResponse(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    roundId: string;
    organisationCode: string;
    decision: ReviewDecision;
    comment: string;
    baseUrl: string;
    language: Language;
    actor: Actor;
  },
): Promise<ReviewStep> {
  const comment = input.comment.trim();
  if (input.decision === 'returned' && comment === '') {
    throw new AppError('validation', 'A comment is needed.', [{ field: 'comment', message: 'required' }]);
  }
  if (comment.length > reviewCommentMaxLength) {
    throw new AppError('validation', 'The comment is too long.', [{ field: 'comment', message: 'too_long' }]);
  }
  const round = await findRoundById(db, input.roundId);
  const organisation = await findOrganisationByCode(db, input.organisationCode);
  return db.transaction().execute(async (trx) => {
    const response = await findResponseRow(trx, round.id, organisation.code);
    if (!response || response.status !== 'submitted') {
      throw new AppError('conflict', 'responses.review.notSubmitted');
    }
    const now = clock.now().toISOString();
    const step: NewReviewStep = {
      id: randomUUID(),
      responseId: response.id,
      decision: input.decision,
      comment: comment === '' ? null : comment,
      createdAt: now,
      reviewedBy: input.actor.userId,
    };
    await insertReviewRow(trx, step);
    if (input.decision === 'returned') {
      await updateResponseRow(trx, response.id, { status: 'in_progress', updatedAt: now });
      const values = { round: round.label, organisation: organisation.name, comment };
      const t = (key: Parameters<typeof translate>[1]) => translate(input.language, key, values);
      if (response.submittedBy?.includes('@')) {
        await queueMail(trx, clock, {
          kind: 'receipt',
          to: response.submittedBy,
          content: renderMailDocument({
            language: input.language,
            subject: t('responses.review.mail.subject'),
            paragraphs: [
              [t('responses.mail.greeting')],
              [t('responses.review.mail.body')],
              [comment],
              [t('responses.review.mail.link')],
              [{ href: `${input.baseUrl}/answer/${encodeURIComponent(round.id)}/${organisation.code}` }],
            ],
          }),
          roundId: round.id,
          organisationCode: organisation.code,
          createdBy: input.actor.userId,
        });
      }
    }
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: input.decision === 'returned' ? 'response.returned' : 'response.reviewed',
      subjectType: 'response',
      subjectId: response.id,
      details: { roundId: round.id, organisationCode: organisation.code, comment: step.comment },
    });
    const { reviewedBy: _reviewedBy, ...written } = step;
    return { ...written, reviewer: input.actor.label };
  });
}
