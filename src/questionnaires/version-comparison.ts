/**
 * What can be compared between questionnaire versions. A version names its `previous` version and says, for
 * each key they share, whether the question is unchanged, reworded (still comparable) or changed (a break in the
 * series). Over several versions the worst step wins: one break anywhere between two rounds breaks the series.
 */
import { listQuestions } from './conditions.ts';
import type { ComparabilityStatus, LocalisedText, QuestionnaireVersion } from './questionnaire.schema.ts';

export type KeyChangeStatus = ComparabilityStatus | 'added' | 'removed';

export interface KeyChange {
  key: string;
  status: KeyChangeStatus;
  /** The explanations given along the way, oldest step first. */
  notes: LocalisedText[];
}

const severity: Readonly<Record<ComparabilityStatus, number>> = { unchanged: 0, reworded: 1, changed: 2 };

/** Lists the versions from `older` to `newer` by following `previous` links back from `newer`, if it gets there. */
function findChain(
  older: QuestionnaireVersion,
  newer: QuestionnaireVersion,
  versions: readonly QuestionnaireVersion[],
): QuestionnaireVersion[] | undefined {
  const byId = new Map(versions.map((version) => [version.id, version]));
  byId.set(older.id, older).set(newer.id, newer);
  const chain = [newer];
  let current = newer;
  while (current.id !== older.id) {
    const previous = current.previous ? byId.get(current.previous) : undefined;
    if (!previous || chain.includes(previous)) return undefined;
    chain.push(previous);
    current = previous;
  }
  return chain.reverse();
}

function compareKeyAlongChain(key: string, chain: readonly QuestionnaireVersion[]): KeyChange {
  let status: ComparabilityStatus = 'unchanged';
  const notes: LocalisedText[] = [];
  for (const version of chain.slice(1)) {
    const asksKey = listQuestions(version).some((question) => question.key === key);
    // A key that skipped a version, or a step that never declared it, cannot be shown to be comparable.
    const entry = asksKey ? version.comparability?.[key] : undefined;
    const stepStatus = entry?.status ?? 'changed';
    if (severity[stepStatus] > severity[status]) status = stepStatus;
    if (entry?.note) notes.push(entry.note);
  }
  return { key, status, notes };
}

/**
 * Compares every question key of two versions; `versions` supplies the versions between them when `newer` does
 * not name `older` as its direct `previous`.
 * @throws when `older` is not an earlier version of `newer`.
 */
export function compareVersions(
  older: QuestionnaireVersion,
  newer: QuestionnaireVersion,
  versions: readonly QuestionnaireVersion[] = [],
): KeyChange[] {
  const chain = findChain(older, newer, versions);
  if (!chain) throw new Error(`Questionnaire ${older.id} is not an earlier version of ${newer.id}`);
  const olderKeys = new Set(listQuestions(older).map((question) => question.key));
  const newerKeys = listQuestions(newer).map((question) => question.key);
  const changes: KeyChange[] = newerKeys.map((key) =>
    olderKeys.has(key) ? compareKeyAlongChain(key, chain) : { key, status: 'added', notes: [] },
  );
  for (const key of olderKeys) {
    if (!newerKeys.includes(key)) changes.push({ key, status: 'removed', notes: [] });
  }
  return changes;
}

/**
 * Returns whether answers to `key` in two versions (in either order) measure the same thing, so that results
 * of the two rounds may be compared; false when either version does not ask it or they are not linked.
 */
export function isComparable(
  key: string,
  firstId: string,
  secondId: string,
  versions: readonly QuestionnaireVersion[],
): boolean {
  const first = versions.find((version) => version.id === firstId);
  const second = versions.find((version) => version.id === secondId);
  if (!first || !second) return false;
  const asks = (version: QuestionnaireVersion) => listQuestions(version).some((question) => question.key === key);
  if (!asks(first) || !asks(second)) return false;
  if (first === second) return true;
  // Versions outside one `previous` chain have no declared comparability.
  const chain = findChain(first, second, versions) ?? findChain(second, first, versions);
  return chain !== undefined && compareKeyAlongChain(key, chain).status !== 'changed';
}

/** Lists, newest first, the ids of the versions whose answers to `key` are comparable with version `newestId`. */
export function listComparableVersions(
  key: string,
  newestId: string,
  versions: readonly QuestionnaireVersion[],
): string[] {
  const ids: string[] = [];
  let current = versions.find((version) => version.id === newestId);
  while (current && isComparable(key, current.id, newestId, versions) && !ids.includes(current.id)) {
    ids.push(current.id);
    const previousId = current.previous;
    current = versions.find((version) => version.id === previousId);
  }
  return ids;
}
