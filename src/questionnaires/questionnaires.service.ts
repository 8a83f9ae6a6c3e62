import { AppError } from '../app-error.ts';
import type { QuestionnaireVersion } from './questionnaire.schema.ts';
import { loadShippedQuestionnaires } from './questionnaire-file.ts';

let shipped: readonly QuestionnaireVersion[] | undefined;

/** Lists the shipped questionnaire versions, oldest first; read from data/questionnaires once per process. */
export function listQuestionnaireVersions(): readonly QuestionnaireVersion[] {
  // Versions are immutable files shipped with the product, so one read per process is enough.
  shipped ??= loadShippedQuestionnaires();
  return shipped;
}

/**
 * Finds a shipped questionnaire version by id.
 * @throws AppError('not_found') for an unknown id.
 */
export function findQuestionnaireVersion(id: string): QuestionnaireVersion {
  const version = listQuestionnaireVersions().find((candidate) => candidate.id === id);
  if (!version) throw new AppError('not_found', `No questionnaire version has the id ${id}.`);
  return version;
}
