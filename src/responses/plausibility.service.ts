/**
 * Plausibility warnings while answering (warnings, never errors): the rules come from the questionnaire
 * (`plausible` on numeric questions, `indicator` on yes/no questions) and are checked against the organisation's
 * answer in its previous comparable round. The respondent may explain a warning; the coordinator sees every warning
 * of a round with its explanation and marks it handled (for the answer then given: a new answer warns anew).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { findOrganisationsByCodes, type Organisation } from '../organisations/organisations.service.ts';
import { visibleQuestions } from '../questionnaires/conditions.ts';
import {
  findPlausibilityRule,
  findPlausibilityWarnings,
  type PlausibilityWarningKind,
} from '../questionnaires/plausibility.ts';
import { numberQuestions } from '../questionnaires/question-wording.ts';
import type {
  AnswerValue,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from '../questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { findRoundById } from '../rounds/rounds.service.ts';
import { type AnsweringContext, loadAnsweringContext, toAnswerRecord } from './answering.service.ts';
import {
  listAnswerValueRowsOfRound,
  listExplanationRowsBy,
  listPlausibilityNoteRows,
  listPlausibilityNoteRowsOfRound,
  markPlausibilityNoteHandledRow,
  type PlausibilityNote,
  upsertExplanationRows,
} from './plausibility.repository.ts';
import { findPreviousAnswers, findPreviousAnswersOfRound, type PreviousAnswer } from './previous-answers.service.ts';
import { listResponseRowsByRound } from './responses.repository.ts';
import type { ResponseRecord } from './responses.service.ts';

export type QuestionWarning = {
  question: Question;
  kinds: PlausibilityWarningKind[];
  value: AnswerValue;
  previous: PreviousAnswer | undefined;
  explanation: string;
  isHandled: boolean;
};

/** What a response's warnings are found from: its version, the organisation's type and the stored answers. */
export type WarningSubject = {
  version: QuestionnaireVersion;
  orgType: OrganisationType;
  answers: Readonly<Record<string, AnswerValue>>;
};

/** The warnings of a response's visible answers, with their explanations, by question key. */
export function findResponseWarnings(
  subject: WarningSubject,
  previousAnswers: ReadonlyMap<string, PreviousAnswer>,
  notes: readonly PlausibilityNote[],
): Map<string, QuestionWarning> {
  const warnings = new Map<string, QuestionWarning>();
  const { answers } = subject;
  for (const question of visibleQuestions(subject.version, subject.orgType, answers)) {
    const value = answers[question.key];
    const previous = previousAnswers.get(question.key);
    const kinds = findPlausibilityWarnings(findPlausibilityRule(question), value, previous?.value);
    if (value === undefined || kinds.length === 0) continue;
    const note = notes.find((candidate) => candidate.questionKey === question.key);
    warnings.set(question.key, {
      question,
      kinds,
      value,
      previous,
      explanation: note?.explanation ?? '',
      isHandled: note?.handledValue !== null && note !== undefined && isDeepStrictEqual(note.handledValue, value),
    });
  }
  return warnings;
}

/** The warnings of one organisation's response now, with the previous answers they compare with. */
export async function loadResponseWarnings(
  db: Kysely<Database>,
  context: AnsweringContext,
  previousAnswers?: ReadonlyMap<string, PreviousAnswer>,
): Promise<Map<string, QuestionWarning>> {
  if (!context.response) return new Map();
  const previous = previousAnswers ?? (await findPreviousAnswers(db, context));
  return findResponseWarnings(
    { version: context.version, orgType: context.organisation.type, answers: toAnswerRecord(context.answers) },
    previous,
    await listPlausibilityNoteRows(db, [context.response.id]),
  );
}

/** Stores the respondent's explanations of warnings (text trimmed and bounded; an empty text clears one). */
export async function saveExplanations(
  db: Kysely<Database>,
  clock: Clock,
  input: { responseId: string; explanations: ReadonlyMap<string, string>; actor: Actor },
): Promise<void> {
  const at = clock.now().toISOString();
  await upsertExplanationRows(
    db,
    [...input.explanations].map(([questionKey, explanation]) => ({
      responseId: input.responseId,
      questionKey,
      explanation: explanation.trim().slice(0, 1000),
      at,
      by: input.actor.userId,
    })),
  );
}

/**
 * The explanations of warnings a person wrote, for the extract of their own data: the text is theirs, while the
 * answer it explains belongs to the organisation.
 */
export async function listExplanationsBy(
  db: Kysely<Database>,
  userId: string,
): Promise<
  Array<{ roundId: string; organisationCode: string; questionKey: string; explanation: string; writtenAt: string }>
> {
  return listExplanationRowsBy(db, userId);
}

export type OrganisationWarnings = {
  organisationCode: string;
  organisationName: string;
  orgType: OrganisationType;
  status: 'in_progress' | 'submitted';
  numbers: ReadonlyMap<string, string>;
  warnings: QuestionWarning[];
};

/**
 * Every warning of a round's responses, per organisation (in name order), for the coordinator's review. Reads the
 * round in a fixed number of queries, whatever the number of organisations.
 * @throws AppError('not_found') for an unknown round, or a response of a version that no longer exists.
 */
export async function listRoundWarnings(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ roundId: string; roundLabel: string; organisations: OrganisationWarnings[] }> {
  const round = await findRoundById(db, roundId);
  const responses = await listResponseRowsByRound(db, roundId);
  if (responses.length === 0) return { roundId: round.id, roundLabel: round.label, organisations: [] };
  const organisations = new Map(
    (
      await findOrganisationsByCodes(
        db,
        responses.map((response) => response.organisationCode),
      )
    ).map((organisation) => [organisation.code, organisation]),
  );
  const versions = await listQuestionnaireVersions(db);
  const answers = await listAnswerValueRowsOfRound(db, roundId);
  const notes = await listPlausibilityNoteRowsOfRound(db, roundId);
  const subjects = new Map<string, WarningSubject & { response: ResponseRecord; organisation: Organisation }>();
  for (const response of responses) {
    const organisation = organisations.get(response.organisationCode);
    const version = versions.find((candidate) => candidate.id === response.versionId);
    if (!organisation) throw new AppError('not_found', `No organisation has the code ${response.organisationCode}.`);
    if (!version) throw new AppError('not_found', `No questionnaire version has the id ${response.versionId}.`);
    subjects.set(response.organisationCode, {
      version,
      orgType: organisation.type,
      answers: answers.get(response.id) ?? {},
      response,
      organisation,
    });
  }
  const previous = await findPreviousAnswersOfRound(db, roundId, subjects, versions);
  const found: OrganisationWarnings[] = [];
  for (const [code, subject] of subjects) {
    const ownNotes = notes.filter((note) => note.responseId === subject.response.id);
    const warnings = [...findResponseWarnings(subject, previous.get(code) ?? new Map(), ownNotes).values()];
    if (warnings.length === 0) continue;
    found.push({
      organisationCode: code,
      organisationName: subject.organisation.name,
      orgType: subject.orgType,
      status: subject.response.status,
      numbers: numberQuestions(subject.version, subject.orgType),
      warnings,
    });
  }
  found.sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'sv'));
  return { roundId: round.id, roundLabel: round.label, organisations: found };
}

/**
 * Marks one warning handled for the answer given now. Audited.
 * @throws AppError('not_found') for an unknown round or organisation, or a question that has no warning now.
 */
export async function markWarningHandled(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; organisationCode: string; questionKey: string; actor: Actor },
): Promise<void> {
  const context = await loadAnsweringContext(db, clock, input.roundId, input.organisationCode, { isCoordinator: true });
  const warning = (await loadResponseWarnings(db, context)).get(input.questionKey);
  const responseId = context.response?.id;
  if (!warning || !responseId) throw new AppError('not_found', `No warning for ${input.questionKey}.`);
  await inTransaction(db, async (trx) => {
    const at = clock.now().toISOString();
    await markPlausibilityNoteHandledRow(trx, {
      responseId,
      questionKey: input.questionKey,
      value: warning.value,
      at,
      by: input.actor.userId,
    });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'response.plausibility_handled',
      subjectType: 'response',
      subjectId: responseId,
      details: { questionKey: input.questionKey, warnings: warning.kinds },
    });
  });
}
