import type { Kysely } from 'kysely';
/**
 * What the questionnaire pages and API ask of the shipped versions: summaries, the organisation type a page
 * shows, and the comparison of two versions. Versions are files, not rows, so nothing here touches the database.
 */
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { listQuestions } from './conditions.ts';
import type { OrganisationType, QuestionnaireVersion } from './questionnaire.schema.ts';
import type { QuestionnaireSummary } from './questionnaire-api.schema.ts';
import { findQuestionnaireVersion, listQuestionnaireVersions } from './questionnaires.service.ts';
import { compareVersions, type KeyChange } from './version-comparison.ts';

/** Summarises a version for lists: its id, title, year, targets, previous version and size. */
export function summariseQuestionnaireVersion(version: QuestionnaireVersion): QuestionnaireSummary {
  return {
    id: version.id,
    title: version.title,
    year: version.year,
    targets: version.targets,
    previous: version.previous ?? null,
    sectionCount: version.sections.length,
    questionCount: listQuestions(version).length,
  };
}

/**
 * Returns the organisation type whose wording to show: the requested one, else the first the version targets.
 * @throws AppError('bad_request') when the version is not asked of the requested type.
 */
export function chooseOrganisationType(
  versions: readonly QuestionnaireVersion[],
  requested: OrganisationType | undefined,
): OrganisationType {
  const common = (['kommun', 'region'] as const).filter((type) =>
    versions.every((version) => version.targets.includes(type)),
  );
  const [first] = common;
  if (requested === undefined && first !== undefined) return first;
  if (requested !== undefined && common.includes(requested)) return requested;
  const ids = versions.map((version) => version.id).join(' and ');
  throw new AppError('bad_request', `The questionnaire ${ids} is not asked of the organisation type ${requested}.`);
}

export interface VersionComparison {
  from: QuestionnaireVersion;
  to: QuestionnaireVersion;
  orgType: OrganisationType;
  changes: KeyChange[];
}

/**
 * Compares two versions key by key, with the wording of one organisation type both are asked of.
 * @throws AppError('not_found') for an unknown id, AppError('bad_request') when `from` is not earlier than `to`.
 */
export async function compareQuestionnaireVersions(
  db: Kysely<Database>,
  fromId: string,
  toId: string,
  requested: OrganisationType | undefined,
): Promise<VersionComparison> {
  const from = await findQuestionnaireVersion(db, fromId);
  const to = await findQuestionnaireVersion(db, toId);
  const orgType = chooseOrganisationType([from, to], requested);
  const versions = await listQuestionnaireVersions(db);
  if (!isEarlierVersion(from, to, versions))
    throw new AppError('bad_request', `The questionnaire ${from.id} is not an earlier version of ${to.id}.`);
  return { from, to, orgType, changes: compareVersions(from, to, versions) };
}

/** Follows `previous` links back from `newer`; only such a chain says how comparable two versions are. */
function isEarlierVersion(
  older: QuestionnaireVersion,
  newer: QuestionnaireVersion,
  versions: readonly QuestionnaireVersion[],
): boolean {
  const seen = new Set<string>();
  let current: QuestionnaireVersion | undefined = newer;
  while (current?.previous !== undefined && !seen.has(current.id)) {
    seen.add(current.id);
    if (current.previous === older.id) return true;
    const previousId: string = current.previous;
    current = versions.find((version) => version.id === previousId);
  }
  return false;
}
