/**
 * Saving one section's form post (the form without JavaScript, and every "Spara" with it): every field of the
 * section in one transaction (answer-save.service), so an invalid answer never holds back the valid ones and never
 * discards its dependants, and a failure of the database leaves nothing half-saved.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { isQuestionTargeted } from '../questionnaires/conditions.ts';
import { type AnswerEdit, saveAnswers } from './answer-save.service.ts';
import type { AnsweringContext, AnswerProblem, CurrentAnswer } from './answering.service.ts';
import { saveExplanations } from './plausibility.service.ts';
import { confirmPrefilledAnswers } from './previous-answers.service.ts';

export type ConflictChoice = { choice: 'theirs' | 'mine'; revision: number };

/** One section's posted fields: what was entered, the revisions the page showed, and conflict choices. */
export type SectionPost = {
  entered: Map<string, string | readonly string[]>;
  revisions: Map<string, number>;
  choices: Map<string, ConflictChoice>;
  /** Questions whose answer copied from last round the respondent confirmed ("still holds"). */
  confirmed?: Set<string>;
  /** Explanations of plausibility warnings (`explain_KEY`), and the warnings the page showed (`warned_KEY`). */
  explanations?: Map<string, string>;
  warned?: Set<string>;
};

export type SectionSaveResult =
  | { kind: 'closed'; context: AnsweringContext }
  | {
      kind: 'done';
      errors: AnswerProblem[];
      conflicts: Map<string, CurrentAnswer>;
      savedKeys: string[];
      /** The answering context after the save, for the page that follows. */
      context: AnsweringContext;
    };

/**
 * Saves every changed answer of one section in one transaction; a conflict is reported per question unless the
 * person chose to keep the other answer or to overwrite it with theirs.
 * @throws AppError('not_found') for an unknown round, section, or an organisation not invited.
 */
export async function saveSection(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; organisationCode: string; sectionKey: string; post: SectionPost; actor: Actor },
): Promise<SectionSaveResult> {
  const result = await saveAnswers(db, clock, {
    roundId: input.roundId,
    organisationCode: input.organisationCode,
    actor: input.actor,
    isWholeFormPost: true,
    edits: (context) => {
      const section = context.version.sections.find((candidate) => candidate.key === input.sectionKey);
      if (!section) throw new AppError('not_found', `No section ${input.sectionKey}.`);
      const edits: AnswerEdit[] = [];
      for (const question of section.questions) {
        if (!isQuestionTargeted(context.version, question, context.organisation.type)) continue;
        const choice = input.post.choices.get(question.key);
        if (choice?.choice === 'theirs') continue;
        edits.push({
          questionKey: question.key,
          value: input.post.entered.get(question.key) ?? '',
          baseRevision: choice?.choice === 'mine' ? choice.revision : (input.post.revisions.get(question.key) ?? 0),
        });
      }
      return edits;
    },
  });
  if (result.kind === 'closed') return result;
  const errors: AnswerProblem[] = [];
  const conflicts = new Map<string, CurrentAnswer>();
  const savedKeys: string[] = [];
  for (const [key, field] of result.results) {
    if (field.kind === 'invalid') errors.push(...field.errors);
    if (field.kind === 'conflict') conflicts.set(key, field.current);
    if (field.kind === 'saved' && field.isChanged) savedKeys.push(key);
  }
  const section = result.context.version.sections.find((candidate) => candidate.key === input.sectionKey);
  const confirmed = (section?.questions ?? [])
    .map((question) => question.key)
    .filter((key) => input.post.confirmed?.has(key));
  const responseId = result.context.response?.id;
  if (responseId && confirmed.length > 0) await confirmPrefilledAnswers(db, responseId, confirmed);
  // An explanation is kept once given, or when the page showed the warning (an emptied box clears it).
  const explanations = new Map(
    [...(input.post.explanations ?? [])].filter(
      ([key, text]) =>
        section?.questions.some((question) => question.key === key) &&
        (text.trim() !== '' || input.post.warned?.has(key)),
    ),
  );
  if (responseId && explanations.size > 0) {
    await saveExplanations(db, clock, { responseId, explanations, actor: input.actor });
  }
  return { kind: 'done', errors, conflicts, savedKeys, context: result.context };
}

/**
 * Reads a section's posted form fields (`q_KEY`, `rev_KEY`, `resolve_KEY`, `conflictrev_KEY`); fields of questions
 * outside the section are ignored by the save.
 */
export function readSectionPost(body: unknown): SectionPost {
  const fields = new Map(typeof body === 'object' && body !== null ? Object.entries(body) : []);
  const readInteger = (name: string) => {
    const raw = fields.get(name);
    return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
  };
  const post: SectionPost = {
    entered: new Map(),
    revisions: new Map(),
    choices: new Map(),
    confirmed: new Set(),
    explanations: new Map(),
    warned: new Set(),
  };
  const keys = [...fields.keys()].filter((name) => name.startsWith('q_')).map((name) => name.slice(2));
  for (const name of fields.keys()) {
    if (/^(?:rev|resolve|confirm|explain|warned)_/.test(name)) keys.push(name.slice(name.indexOf('_') + 1));
  }
  for (const key of new Set(keys)) {
    const raw: unknown = fields.get(`q_${key}`);
    if (typeof raw === 'string') post.entered.set(key, raw);
    else if (Array.isArray(raw))
      post.entered.set(
        key,
        raw.filter((item): item is string => typeof item === 'string'),
      );
    const revision = readInteger(`rev_${key}`);
    if (revision !== undefined) post.revisions.set(key, revision);
    if (fields.get(`confirm_${key}`) === 'yes') post.confirmed?.add(key);
    if (fields.get(`warned_${key}`) === 'yes') post.warned?.add(key);
    const explanation = fields.get(`explain_${key}`);
    if (typeof explanation === 'string') post.explanations?.set(key, explanation);
    const choice = fields.get(`resolve_${key}`);
    const conflictRevision = readInteger(`conflictrev_${key}`);
    if ((choice === 'theirs' || choice === 'mine') && conflictRevision !== undefined) {
      post.choices.set(key, { choice, revision: conflictRevision });
    }
  }
  return post;
}
