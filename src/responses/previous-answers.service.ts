/**
 * Last round's answers: beside each comparable question the respondent sees what the organisation answered in
 * its previous comparable round, and can start from those answers in one action. Each copied answer stays marked
 * until it is confirmed or changed, and a response is not submitted while a visible one is unconfirmed.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { isQuestionTargeted, listQuestions } from '../questionnaires/conditions.ts';
import type { AnswerValue, OrganisationType, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { isComparable } from '../questionnaires/version-comparison.ts';
import { saveAnswer } from './answer-save.service.ts';
import { type AnsweringContext, loadAnsweringContext } from './answering.service.ts';
import { listSubmittedResponseAnswerRows, type SubmittedResponseAnswers } from './previous-answers.repository.ts';
import { deletePrefillMarkRows, insertPrefillMarkRow, listPrefillMarkKeys } from './responses.repository.ts';

export type PreviousAnswer = { roundLabel: string; value: AnswerValue };

/** Whose last round's answers are wanted: an organisation of a type, answering a round with a version. */
export type PreviousAnswerTarget = { roundId: string; version: QuestionnaireVersion; orgType: OrganisationType };

/**
 * Picks, per question the organisation is asked, its answer in the newest earlier round that asked the question,
 * when that answer is comparable (no series break between the two versions). Earlier means a submitted response
 * of another round whose questionnaire is of the same year or older; newest by that year, then by label.
 */
export function pickPreviousAnswers(
  target: PreviousAnswerTarget,
  versions: readonly QuestionnaireVersion[],
  submitted: readonly SubmittedResponseAnswers[],
): Map<string, PreviousAnswer> {
  const yearOf = (id: string) => versions.find((version) => version.id === id)?.year ?? Number.POSITIVE_INFINITY;
  const earlier = submitted
    .filter((response) => response.roundId !== target.roundId && yearOf(response.versionId) <= target.version.year)
    .map((response) => ({ ...response, year: yearOf(response.versionId) }))
    .sort((a, b) => b.year - a.year || b.roundLabel.localeCompare(a.roundLabel, 'sv', { numeric: true }));
  const found = new Map<string, PreviousAnswer>();
  const asked = listQuestions(target.version).filter((question) =>
    isQuestionTargeted(target.version, question, target.orgType),
  );
  const settled = new Set<string>();
  for (const response of earlier) {
    if (settled.size === asked.length) break; // every question decided: older rounds cannot change anything
    const version = versions.find((candidate) => candidate.id === response.versionId);
    if (!version) continue;
    const keysAsked = new Set(listQuestions(version).map((question) => question.key));
    for (const question of asked) {
      if (settled.has(question.key) || !keysAsked.has(question.key)) continue;
      // The newest round that asked the question decides: a break there means no previous answer at all.
      settled.add(question.key);
      const value = response.answers.get(question.key);
      if (value !== undefined && isComparable(question.key, version.id, target.version.id, versions)) {
        found.set(question.key, { roundLabel: response.roundLabel, value });
      }
    }
  }
  return found;
}

/** The organisation's comparable answers in its previous rounds, by question key (see `pickPreviousAnswers`). */
export async function findPreviousAnswers(
  db: Kysely<Database>,
  context: AnsweringContext,
): Promise<Map<string, PreviousAnswer>> {
  const submitted = await listSubmittedResponseAnswerRows(db, { organisationCode: context.organisation.code });
  // A first round (the common case) needs no versions at all.
  if (!submitted.some((response) => response.roundId !== context.round.id)) return new Map();
  const versions = await listQuestionnaireVersions(db);
  return pickPreviousAnswers(
    { roundId: context.round.id, version: context.version, orgType: context.organisation.type },
    versions,
    submitted,
  );
}

/**
 * Last round's answers of every organisation with a response in a round, by organisation code, read in one query
 * whatever their number (the coordinator's review of a round's warnings).
 */
export async function findPreviousAnswersOfRound(
  db: Kysely<Database>,
  roundId: string,
  targets: ReadonlyMap<string, { version: QuestionnaireVersion; orgType: OrganisationType }>,
  versions: readonly QuestionnaireVersion[],
): Promise<Map<string, Map<string, PreviousAnswer>>> {
  const byOrganisation = new Map<string, SubmittedResponseAnswers[]>();
  for (const response of await listSubmittedResponseAnswerRows(db, { organisationsOfRound: roundId })) {
    const list = byOrganisation.get(response.organisationCode) ?? [];
    list.push(response);
    byOrganisation.set(response.organisationCode, list);
  }
  const found = new Map<string, Map<string, PreviousAnswer>>();
  for (const [code, target] of targets) {
    found.set(code, pickPreviousAnswers({ roundId, ...target }, versions, byOrganisation.get(code) ?? []));
  }
  return found;
}

/** The keys of the organisation's answers still marked as copied from the previous round. */
export async function listPrefilledKeys(db: Kysely<Database>, context: AnsweringContext): Promise<Set<string>> {
  return new Set(context.response ? await listPrefillMarkKeys(db, context.response.id) : []);
}

/**
 * Copies the previous comparable answers into every unanswered question, in questionnaire order (so conditions see
 * the answers they depend on), and marks each copied answer. Answers given already are left alone.
 * @throws AppError('not_found') for an unknown round or an organisation not invited.
 */
export async function prefillFromPreviousAnswers(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; organisationCode: string; actor: Actor },
): Promise<{ kind: 'closed' } | { kind: 'done'; copied: string[] }> {
  // Each answer is saved as a respondent's save is (its own transaction, audited, with its history).
  const context = await loadAnsweringContext(db, clock, input.roundId, input.organisationCode);
  if (!context.window.isOpen) return { kind: 'closed' };
  const previous = await findPreviousAnswers(db, context);
  const copied: string[] = [];
  for (const question of listQuestions(context.version)) {
    const answer = previous.get(question.key);
    if (!answer || context.answers.has(question.key)) continue;
    const result = await saveAnswer(db, clock, {
      roundId: input.roundId,
      organisationCode: input.organisationCode,
      questionKey: question.key,
      value: answer.value,
      baseRevision: 0,
      actor: input.actor,
    });
    // A question hidden by the copied answers before it, or an answer no longer valid, is simply not copied.
    if (result.kind !== 'saved') continue;
    copied.push(question.key);
  }
  const responseId = (await loadAnsweringContext(db, clock, input.roundId, input.organisationCode)).response?.id;
  for (const key of copied) {
    const answer = previous.get(key);
    if (responseId && answer) {
      await insertPrefillMarkRow(db, {
        responseId,
        questionKey: key,
        roundLabel: answer.roundLabel,
        createdAt: clock.now().toISOString(),
      });
    }
  }
  return { kind: 'done', copied };
}

/** Removes the marks of copied answers the respondent confirmed (or changed). */
export async function confirmPrefilledAnswers(
  db: Kysely<Database>,
  responseId: string,
  questionKeys: readonly string[],
): Promise<void> {
  await deletePrefillMarkRows(db, responseId, questionKeys);
}
