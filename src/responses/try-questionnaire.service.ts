/**
 * Test mode ("Prova enkäten"): a coordinator answers any questionnaire version as a respondent would, section by
 * section with its conditions, validation and summary, on a test organisation of either type. The answers travel
 * in the form itself and are never stored, so they cannot be counted, exported or published, and nothing is left to
 * remove when a round opens.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { type AnswerValidation, validateAnswers } from '../questionnaires/answer-validation.ts';
import { isQuestionTargeted } from '../questionnaires/conditions.ts';
import type { OrganisationType, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';

export type TrialState = {
  version: QuestionnaireVersion;
  orgType: OrganisationType;
  /** The answers so far, normalised, of the visible questions. */
  answers: Record<string, string | number | readonly string[]>;
  /** What was typed in the section just posted, for the fields to show it again when invalid. */
  entered: Map<string, string | readonly string[]>;
  validation: AnswerValidation;
};

function readCarried(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? Object.fromEntries(Object.entries(parsed))
      : {};
  } catch {
    // A tampered or truncated field starts the trial afresh; nothing depends on it but the coordinator's own test.
    return {};
  }
}

/**
 * Applies one posted section to the answers carried so far and validates them with the respondent's rules.
 * @throws AppError('not_found') for an unknown version.
 */
export async function tryQuestionnaireSection(
  db: Kysely<Database>,
  input: {
    versionId: string;
    orgType: OrganisationType;
    carried: unknown;
    sectionKey: string | undefined;
    posted: ReadonlyMap<string, string | readonly string[]>;
    mode: 'draft' | 'submit';
  },
): Promise<TrialState> {
  const version = await findQuestionnaireVersion(db, input.versionId);
  const raw: Record<string, unknown> = readCarried(input.carried);
  const section = version.sections.find((candidate) => candidate.key === input.sectionKey);
  for (const question of section?.questions ?? []) {
    if (!isQuestionTargeted(version, question, input.orgType)) continue;
    const value = input.posted.get(question.key);
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete raw[question.key];
    else raw[question.key] = value;
  }
  const validation = validateAnswers(version, input.orgType, raw, { mode: input.mode });
  // Invalid answers of other sections cannot be corrected here; only the posted section's stay as typed.
  return { version, orgType: input.orgType, answers: validation.answers, entered: new Map(input.posted), validation };
}
