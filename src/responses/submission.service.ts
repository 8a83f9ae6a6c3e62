/**
 * Submitting a response, and what the respondent gets back: the progress per section, the receipt mail and the
 * questions still unanswered.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { validateAnswers } from '../questionnaires/answer-validation.ts';
import { isAnswered, isQuestionTargeted } from '../questionnaires/conditions.ts';
import type { Question, Section } from '../questionnaires/questionnaire.schema.ts';
import { formatRoundTitle } from '../rounds/round-label.ts';
import { type Language, translate } from '../web/i18n.ts';
import { answeringPath } from './answer-view.ts';
import {
  type AnsweringContext,
  type AnswerProblem,
  discardHiddenAnswers,
  listVisibleKeys,
  loadAnsweringContext,
  toAnswerRecord,
} from './answering.service.ts';
import { renderReceiptMail } from './receipt-documents.ts';
import { listPrefillMarkKeys, updateResponseRow } from './responses.repository.ts';

export type SectionProgress = {
  section: Section;
  /** The section's questions the organisation is asked at all, in order (hidden ones included). */
  asked: Question[];
  visible: Question[];
  answered: number;
  /** Visible required questions without an answer. */
  missing: Question[];
};

/** Counts, per section, the visible questions, the answered ones and the required ones still missing. */
export function summariseProgress(context: AnsweringContext): SectionProgress[] {
  const visibleKeys = new Set(listVisibleKeys(context));
  return context.version.sections
    .map((section) => {
      const asked = section.questions.filter((question) =>
        isQuestionTargeted(context.version, question, context.organisation.type),
      );
      const visible = asked.filter((question) => visibleKeys.has(question.key));
      const isGiven = (question: Question) => isAnswered(context.answers.get(question.key)?.value);
      return {
        section,
        asked,
        visible,
        answered: visible.filter(isGiven).length,
        missing: visible.filter((question) => question.required && !isGiven(question)),
      };
    })
    .filter((progress) => progress.asked.length > 0);
}

export type SubmitResult =
  | { kind: 'submitted'; submittedAt: string; responseId: string }
  | { kind: 'invalid'; errors: AnswerProblem[] }
  | { kind: 'closed' };

/**
 * Submits the organisation's response when every visible required question is answered; answers that the
 * conditions hide are discarded first, so the submitted response holds exactly what was asked. With `receipt`, the
 * receipt mail to the submitter is queued in the same transaction (it is sent after the answer, never before).
 * @throws AppError('not_found') for an unknown round or an organisation not invited.
 */
export async function submitResponse(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    roundId: string;
    organisationCode: string;
    actor: Actor;
    receipt?: { to: string; language: Language; baseUrl: string };
  },
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const context = await loadAnsweringContext(trx, clock, input.roundId, input.organisationCode);
    if (!context.window.isOpen) return { kind: 'closed' };
    const validation = validateAnswers(context.version, context.organisation.type, toAnswerRecord(context.answers), {
      mode: 'submit',
    });
    // Stored answers are each valid, so the only errors here are unanswered required questions, and answers copied
    // from the previous round that the respondent has not yet confirmed or changed.
    const visible = new Set(listVisibleKeys(context));
    const unconfirmed = context.response
      ? (await listPrefillMarkKeys(trx, context.response.id)).filter((key) => visible.has(key))
      : [];
    if (validation.errors.length > 0 || unconfirmed.length > 0 || !context.response) {
      const errors = [
        ...validation.errors.map(({ key, message }) => ({ key, message })),
        ...unconfirmed.map((key) => ({
          key,
          message: {
            sv: translate('sv', 'responses.prefill.unconfirmed'),
            en: translate('en', 'responses.prefill.unconfirmed'),
          },
        })),
      ];
      return { kind: 'invalid', errors };
    }
    const response = context.response;
    const now = clock.now().toISOString();
    const discarded = await discardHiddenAnswers(trx, clock, context, response.id, context.answers, input.actor.userId);
    await updateResponseRow(trx, response.id, {
      status: 'submitted',
      submittedAt: now,
      submitterId: input.actor.userId,
      updatedAt: now,
    });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'response.submitted',
      subjectType: 'response',
      subjectId: response.id,
      details: { organisationCode: input.organisationCode, roundId: input.roundId, discarded },
    });
    if (input.receipt) {
      const path = `${answeringPath(context.round.id, context.organisation.code)}/receipt`;
      const view = {
        roundTitle: formatRoundTitle(context.round),
        organisationName: context.organisation.name,
        submittedAt: now,
        submittedBy: input.actor.label,
      };
      await queueMail(trx, clock, {
        kind: 'receipt',
        to: input.receipt.to,
        content: renderReceiptMail(input.receipt.language, view, `${input.receipt.baseUrl}${path}`),
        roundId: input.roundId,
        organisationCode: input.organisationCode,
        createdBy: input.actor.userId,
      });
    }
    return { kind: 'submitted', submittedAt: now, responseId: response.id };
  });
}
