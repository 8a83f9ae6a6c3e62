/**
 * A round's disclosure settings, chosen by the publisher before a release: which indicator questions' national
 * figures are exempt from the unanimity rule. Every results computation of the round reads them.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { findRoundByLabel } from '../rounds/rounds.service.ts';
import { findNationalExemptionsRow, upsertNationalExemptionsRow } from './disclosure-settings.repository.ts';
import { listRoundQuestions } from './round-figures.ts';

/** An indicator question of a round that the publisher may exempt at the national level. */
export interface ExemptableQuestion {
  key: string;
  label: { sv: string; en: string };
  isExempt: boolean;
}

/**
 * Lists a round's indicator questions with whether each is exempt now.
 * @throws AppError('not_found') for an unknown round.
 */
export async function listExemptableQuestions(db: Kysely<Database>, label: string): Promise<ExemptableQuestion[]> {
  const round = await findRoundByLabel(db, label);
  if (round === undefined) throw new AppError('not_found', `No round is labelled ${label}.`);
  const exempt = new Set(await findNationalExemptionsRow(db, round.id));
  const versions = await listQuestionnaireVersions(db);
  const find = (id: string | null) => (id === null ? null : (versions.find((version) => version.id === id) ?? null));
  const questions = listRoundQuestions({ kommun: find(round.versions.kommun), region: find(round.versions.region) });
  return questions.flatMap(({ question }) =>
    question.indicator
      ? [{ key: question.key, label: question.label ?? question.text, isExempt: exempt.has(question.key) }]
      : [],
  );
}

/**
 * Sets which indicator questions' national figures a round publishes even when (nearly) unanimous, and records it
 * in the audit log.
 * @throws AppError('not_found') for an unknown round and AppError('validation') for a key that is not one of the
 * round's indicator questions.
 */
export async function setNationalExemptions(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; questionKeys: readonly string[]; actor: Actor },
): Promise<string[]> {
  const round = await findRoundByLabel(db, input.label);
  if (round === undefined) throw new AppError('not_found', `No round is labelled ${input.label}.`);
  const allowed = new Set((await listExemptableQuestions(db, input.label)).map((question) => question.key));
  const unknown = input.questionKeys.filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new AppError(
      'validation',
      'results.error.exemptionNotIndicator',
      unknown.map((key) => ({ field: 'questionKeys', message: key })),
    );
  }
  const keys = [...new Set(input.questionKeys)].sort();
  const at = clock.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await upsertNationalExemptionsRow(trx, { roundId: round.id, keys, at, by: input.actor.label });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.disclosure_exemptions_set',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label, nationalExemptions: keys },
    });
  });
  return keys;
}

/**
 * Exempts every indicator question of a round at the national level, as SKR's press release does ("i samtliga
 * regioner"); changes nothing, and records nothing, when they are all exempt already.
 * @throws AppError('not_found') for an unknown round.
 */
export async function exemptAllIndicatorQuestions(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; actor: Actor },
): Promise<void> {
  const questions = await listExemptableQuestions(db, input.label);
  if (questions.every((question) => question.isExempt)) return;
  const questionKeys = questions.map((question) => question.key);
  await setNationalExemptions(db, clock, { label: input.label, questionKeys, actor: input.actor });
}
