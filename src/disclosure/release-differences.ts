/**
 * Disclosure control across the versions of one release. Every version stays public, so an attacker subtracts an
 * earlier version's figures from the new one's: what remains is the answers of the organisations that changed in
 * between (a late response, a corrected answer). The difference is protected as a table of the changed
 * organisations: for a question (with its follow-ups) and a group where between one and `minimumRespondents - 1`
 * organisations changed, neither their new nor their old answers may be determined, directly (a figure published
 * in both versions) or through any relation (group sums, follow-ups, respondents and item non-response).
 *
 * The attacker's programme per component and earlier version has five layers of the component's cells: the earlier
 * version (its published figures fixed, its suppressed ones free), the new version (likewise), and, all free, the
 * unchanged organisations (U), the changed organisations' new answers (N) and their old answers (O), tied by
 * earlier = U + O and new = U + N in every group and every layer obeying the table's own relations. Who changed is
 * assumed known to the attacker (conservative: an erratum or the news may say), so N and O are bounded by the
 * changed count. The audit (`attacker-audit.ts`, the same checks as for one version) ranges every count of N and O
 * in a sensitive group and every suppressed figure of both versions.
 */
import { type AuditFailure, auditComponent } from './attacker-audit.ts';
import type { DisclosurePolicy } from './disclosure-policy.ts';
import { type Component, cellKey, type LinkedCell, type LinkedTable, splitComponents } from './linked-set.ts';
import { releaseOrganisationModel } from './organisation-audit.ts';
import {
  type AuditSummary,
  emptySummary,
  isAuditPassed,
  isKnownEmpty,
  type ProtectionOutcome,
  protectLinkedSet,
} from './protect-linked-set.ts';

/** Per organisation (code) that submitted, per question key it answered or left unanswered: a hash of its answer. */
export type AnswerFingerprints = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** A figure as an earlier version published it. */
export interface PublishedCell {
  respondents: number;
  itemNonResponse: number;
  /** Per answer code (choices); empty for numbers. */
  counts: Readonly<Record<string, number>>;
}

/** An earlier, still public version of the release being protected. */
export interface EarlierRelease {
  version: number;
  /** Its published figures by cellKey; a cell it suppressed is absent. */
  published: ReadonlyMap<string, PublishedCell>;
  /**
   * Its organisations' answer fingerprints; null for a release made before fingerprints were kept: then which
   * organisations changed is unknown, and the new version withholds every figure of a group that has a submitted
   * organisation (no difference at all can be formed).
   */
  fingerprints: AnswerFingerprints | null;
}

/** The outcome of the difference audit over a linked set. */
export interface DifferenceAudit {
  failures: AuditFailure[];
  /** Published cells (by cellKey) of the new version whose suppression may mend a failure. */
  partners: Set<string>;
  /** Components that failed, by the id of their first table. */
  faultedComponents: Set<string>;
  cellsChecked: number;
  solves: number;
}

const layers = ['e', 'v', 'u', 'n', 'o'] as const;
type Layer = (typeof layers)[number];
const layered = (layer: Layer, groupId: string) => `${layer}:${groupId}`;
/** Rounds of "suppress a partner of every faulted difference, protect again" before the last resort. */
const repairRounds = 8;

/**
 * Protects a new version of a release against its own figures and against the differences with every earlier
 * version: cells an earlier version published in a sensitive group are primary, the rest is the usual protection;
 * then the difference audit runs, and where it fails more is suppressed and the component protected again, until
 * it passes or, as a last resort, every figure of the faulted component is withheld.
 */
export async function protectAgainstEarlierReleases(
  tables: readonly LinkedTable[],
  policy: DisclosurePolicy,
  fingerprints: AnswerFingerprints,
  earlier: readonly EarlierRelease[],
  options: { timeLimitSeconds?: number } = {},
): Promise<ProtectionOutcome> {
  if (earlier.length === 0) return protectLinkedSet(tables, policy, options);
  const started = performance.now();
  const outcomes: { component: Component; outcome: ProtectionOutcome; extra: Set<string> }[] = [];
  for (const component of splitComponents(tables)) {
    const extra = directlySensitive(component, policy, fingerprints, earlier);
    const outcome = await protectLinkedSet(component.tables, policy, { ...options, extraPrimary: extra });
    outcomes.push({ component, outcome, extra });
  }
  let differences: DifferenceAudit[] = [];
  for (const entry of outcomes) {
    let audit = await auditDifferences(entry.component.tables, entry.outcome.suppressed, policy, fingerprints, earlier);
    for (let round = 0; round < repairRounds && audit.failures.length > 0; round += 1) {
      const before = entry.extra.size;
      for (const key of audit.partners) entry.extra.add(key);
      if (entry.extra.size === before) break;
      entry.outcome = await protectLinkedSet(entry.component.tables, policy, { ...options, extraPrimary: entry.extra });
      audit = await auditDifferences(entry.component.tables, entry.outcome.suppressed, policy, fingerprints, earlier);
    }
    // A national figure that the differences withhold while its groups stay published is the sum of what is
    // shown, for an organisation that knows its own answers (the new version's own audit claims counts for insiders
    // only below the national level; the attack test's seed 1301 recovered such a count). Such a component goes
    // whole in the new version.
    const withholdsNational = entry.component.tables.some((table) =>
      table.cells.some((cell) => cell.isNational && entry.extra.has(cellKey(table.id, cell.groupId))),
    );
    if (audit.failures.length > 0 || withholdsNational) {
      // Last resort: the component's every figure with a submitted organisation goes in the new version.
      for (const table of entry.component.tables) {
        for (const cell of table.cells)
          if (!isKnownEmpty(table, cell)) entry.extra.add(cellKey(table.id, cell.groupId));
      }
      entry.outcome = await protectLinkedSet(entry.component.tables, policy, { ...options, extraPrimary: entry.extra });
      audit = await auditDifferences(entry.component.tables, entry.outcome.suppressed, policy, fingerprints, earlier);
    }
    differences = [...differences, audit];
  }
  const suppressed = new Set<string>();
  for (const { outcome } of outcomes) for (const key of outcome.suppressed) suppressed.add(key);
  const audit = mergeSummaries(
    outcomes.map(({ outcome }) => outcome.audit),
    differences,
  );
  audit.seconds = (performance.now() - started) / 1000;
  return { suppressed, audit };
}

/** Adds the difference audit to a version's own audit summary (the release's audit, as publishing checks it). */
export function mergeSummaries(own: readonly AuditSummary[], differences: readonly DifferenceAudit[]): AuditSummary {
  const summary: AuditSummary = { ...emptySummary(), differencesChecked: 0 };
  for (const audit of own) {
    summary.cellsSuppressed += audit.cellsSuppressed;
    summary.cellsProtected += audit.cellsProtected;
    summary.primaryCells += audit.primaryCells;
    summary.seconds += audit.seconds;
    summary.solves += audit.solves;
    summary.fallbackComponents += audit.fallbackComponents;
    summary.unrefutedClaims += audit.unrefutedClaims;
    summary.failures.push(...audit.failures);
    if (audit.smallestRange !== null) {
      summary.smallestRange = Math.min(summary.smallestRange ?? audit.smallestRange, audit.smallestRange);
    }
  }
  for (const difference of differences) {
    summary.solves += difference.solves;
    summary.failures.push(...difference.failures);
    summary.differencesChecked = (summary.differencesChecked ?? 0) + difference.cellsChecked;
  }
  summary.isPassed = isAuditPassed(summary);
  return summary;
}

/**
 * The organisations changed between an earlier version and now within a component (a question with its
 * follow-ups): added, withdrawn, or with another answer to one of its questions. Null when unknown.
 */
function changedOrganisations(
  component: Component,
  now: AnswerFingerprints,
  before: AnswerFingerprints | null,
): Set<string> | null {
  if (before === null) return null;
  const keys = [...new Set(component.tables.map((table) => table.questionKey))];
  const changed = new Set<string>();
  for (const code of new Set([...Object.keys(now), ...Object.keys(before)])) {
    const a = now[code];
    const b = before[code];
    if (a === undefined || b === undefined || keys.some((key) => a[key] !== b[key])) changed.add(code);
  }
  return changed;
}

/** How many of a group's organisations changed, per table and group (the organisations are the tables' own). */
function changedCounts(table: LinkedTable, changed: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const organisation of table.organisations ?? []) {
    if (!changed.has(organisation.code)) continue;
    for (const groupId of organisation.groupIds) counts.set(groupId, (counts.get(groupId) ?? 0) + 1);
  }
  return counts;
}

function isSensitiveCount(changed: number, policy: DisclosurePolicy): boolean {
  return changed >= 1 && changed < policy.minimumRespondents;
}

/**
 * The cells the difference alone withholds: a figure an earlier version published, in a group where between one
 * and threshold - 1 organisations changed (with unknown changes: every figure with a submitted organisation).
 */
function directlySensitive(
  component: Component,
  policy: DisclosurePolicy,
  now: AnswerFingerprints,
  earlier: readonly EarlierRelease[],
): Set<string> {
  const extra = new Set<string>();
  for (const release of earlier) {
    const changed = changedOrganisations(component, now, release.fingerprints);
    for (const table of component.tables) {
      const counts = changed === null ? null : changedCounts(table, changed);
      for (const cell of table.cells) {
        const key = cellKey(table.id, cell.groupId);
        if (isKnownEmpty(table, cell)) continue;
        if (
          counts === null ||
          (release.published.has(key) && isSensitiveCount(counts.get(cell.groupId) ?? 0, policy))
        ) {
          extra.add(key);
        }
      }
    }
  }
  return extra;
}

/**
 * Audits the differences between a new version (its tables and suppressed cells) and every earlier version, as an
 * attacker who reads all of them and knows which organisations changed. An earlier version without fingerprints
 * passes only when the new version publishes no figure of a group with a submitted organisation.
 */
export async function auditDifferences(
  tables: readonly LinkedTable[],
  suppressed: ReadonlySet<string>,
  policy: DisclosurePolicy,
  now: AnswerFingerprints,
  earlier: readonly EarlierRelease[],
): Promise<DifferenceAudit> {
  const result: DifferenceAudit = {
    failures: [],
    partners: new Set(),
    faultedComponents: new Set(),
    cellsChecked: 0,
    solves: 0,
  };
  for (const component of splitComponents(tables)) {
    for (const release of earlier) {
      const changed = changedOrganisations(component, now, release.fingerprints);
      if (changed === null) {
        for (const table of component.tables) {
          for (const cell of table.cells) {
            const key = cellKey(table.id, cell.groupId);
            if (isKnownEmpty(table, cell) || suppressed.has(key)) continue;
            result.failures.push({
              tableId: table.id,
              groupId: cell.groupId,
              check: 'determined',
              detail: `version ${release.version} has no answer fingerprints, so no figure may be published again`,
            });
            result.partners.add(key);
          }
        }
        continue;
      }
      if (changed.size === 0) continue;
      await auditComponentDifference(component, suppressed, policy, release, changed, result);
    }
  }
  for (const failure of result.failures) result.faultedComponents.add(failure.tableId);
  return result;
}

async function auditComponentDifference(
  component: Component,
  suppressed: ReadonlySet<string>,
  policy: DisclosurePolicy,
  release: EarlierRelease,
  changed: ReadonlySet<string>,
  result: DifferenceAudit,
): Promise<void> {
  const before = release.fingerprints ?? {};
  const layeredTables: LinkedTable[] = [];
  const hidden = new Set<string>();
  const checked = new Set<string>();
  for (const table of component.tables) {
    const counts = changedCounts(table, changed);
    const organisations = table.organisations ?? [];
    const cells: LinkedCell[] = [];
    for (const cell of table.cells) {
      const key = cellKey(table.id, cell.groupId);
      const changedHere = counts.get(cell.groupId) ?? 0;
      const members = organisations
        .map((organisation, index) => ({ organisation, index }))
        .filter(({ organisation }) => organisation.groupIds.includes(cell.groupId));
      const sub = (isChanged: boolean) =>
        members.filter(({ organisation }) => changed.has(organisation.code) === isChanged);
      const unchanged = sub(false);
      const changedMembers = sub(true);
      // Shown the question in the earlier version: its fingerprints name every question shown (answered or not).
      const wasShown = (code: string) => before[code]?.[table.questionKey] !== undefined;
      const submittedBefore = members.filter(({ organisation }) =>
        table.trigger === null ? before[organisation.code] !== undefined : wasShown(organisation.code),
      ).length;
      const shownBefore = changedMembers.filter(({ organisation }) => wasShown(organisation.code)).length;
      const shownNow = changedMembers.filter(({ index }) => table.answers?.[index] !== undefined).length;
      const published = release.published.get(key);
      const zero = { respondents: 0, itemNonResponse: 0, counts: {} };
      const earlierCell = published ?? zero;
      cells.push(
        layerCell(table, cell, 'e', cell.population, submittedBefore, earlierCell),
        { ...cell, groupId: layered('v', cell.groupId), isNational: false },
        countMembers(table, cell, 'u', unchanged),
        countMembers(table, cell, 'n', changedMembers),
        layerCell(
          table,
          cell,
          'o',
          changedHere,
          table.trigger === null
            ? changedMembers.filter(({ organisation }) => before[organisation.code] !== undefined).length
            : shownBefore,
          zero,
        ),
      );
      if (published === undefined) hidden.add(cellKey(table.id, layered('e', cell.groupId)));
      if (suppressed.has(key) && !isKnownEmpty(table, cell)) {
        hidden.add(cellKey(table.id, layered('v', cell.groupId)));
        // A withheld figure the earlier version published differs from it only by the changed organisations'
        // answers, which the checks of N and O protect; that it may equal the earlier figure tells nothing new.
        if (published === undefined) checked.add(cellKey(table.id, layered('v', cell.groupId)));
      }
      for (const layer of ['u', 'n', 'o'] as const) hidden.add(cellKey(table.id, layered(layer, cell.groupId)));
      // Answers that do not exist (a late organisation's earlier ones, a follow-up no longer shown) are not checked:
      // that they are absent is what the public submitted counts and parent questions already say.
      if (isSensitiveCount(changedHere, policy)) {
        if (shownNow > 0) checked.add(cellKey(table.id, layered('n', cell.groupId)));
        if (shownBefore > 0) checked.add(cellKey(table.id, layered('o', cell.groupId)));
      }
      if (published === undefined && submittedBefore > 0) checked.add(cellKey(table.id, layered('e', cell.groupId)));
    }
    const relations = [
      ...layers.flatMap((layer) =>
        table.relations.map((relation) => ({
          parentId: layered(layer, relation.parentId),
          childIds: relation.childIds.map((id) => layered(layer, id)),
        })),
      ),
      ...table.cells.flatMap((cell) => [
        { parentId: layered('e', cell.groupId), childIds: [layered('u', cell.groupId), layered('o', cell.groupId)] },
        { parentId: layered('v', cell.groupId), childIds: [layered('u', cell.groupId), layered('n', cell.groupId)] },
      ]),
    ];
    // No organisations: the programme reasons about group figures only (the layers are not organisations' groups).
    const { organisations: _organisations, answers: _answers, ...rest } = table;
    layeredTables.push({ ...rest, cells, relations });
  }
  const changedByTable = new Map(component.tables.map((table) => [table.id, changedCounts(table, changed)]));
  const isUncertain = (tableId: string, groupId: string) =>
    (changedByTable.get(tableId)?.get(groupId) ?? 0) > 0 || !release.published.has(cellKey(tableId, groupId));
  const layeredComponent: Component = { tables: layeredTables };
  const indexes = new Map<string, number>();
  let position = 0;
  for (const table of layeredTables) {
    for (const cell of table.cells) {
      indexes.set(cellKey(table.id, cell.groupId), position);
      position += 1;
    }
  }
  const toIndexes = (keys: ReadonlySet<string>) =>
    new Set([...keys].flatMap((key) => (indexes.has(key) ? [indexes.get(key) ?? 0] : [])));
  const audit = await auditComponent(layeredComponent, toIndexes(hidden), policy, {
    isTruthFeasible: false,
    checked: toIndexes(checked),
  });
  releaseOrganisationModel(layeredComponent);
  result.cellsChecked += checked.size;
  result.solves += audit.solves;
  for (const failure of audit.failures) {
    const [layer, ...rest] = failure.groupId.split(':');
    const groupId = rest.join(':');
    if (isNationalZero(component, release, failure.tableId, layer, failure)) continue;
    result.failures.push({
      tableId: failure.tableId,
      groupId,
      check: failure.check,
      detail: `against version ${release.version}, ${describeLayer(layer)}: ${failure.detail}`,
    });
    addPartners(component, suppressed, failure.tableId, groupId, result.partners, isUncertain);
  }
}

/**
 * A count the national figure gives as nought is nought in every group: the earlier version's published national
 * zero for the earlier version and the old answers, the new version's national zero for it and the new answers (as
 * the one-version audit, that is the national figure's own disclosure, which its primary rules decide).
 */
function isNationalZero(
  component: Component,
  release: EarlierRelease,
  tableId: string,
  layer: string | undefined,
  failure: AuditFailure,
): boolean {
  const code = /the count of "([^"]*)"/.exec(failure.detail)?.[1];
  const table = component.tables.find((candidate) => candidate.id === tableId);
  const national = table?.cells.find((cell) => cell.isNational);
  if (failure.check !== 'range' || code === undefined || table === undefined || national === undefined) return false;
  if (layer === 'e' || layer === 'o') {
    return release.published.get(cellKey(table.id, national.groupId))?.counts[code] === 0;
  }
  return (national.counts[code] ?? 0) === 0;
}

function describeLayer(layer: string | undefined): string {
  if (layer === 'n') return 'the changed organisations’ new answers';
  if (layer === 'o') return 'the changed organisations’ earlier answers';
  if (layer === 'e') return 'a figure the earlier version withheld';
  return 'a figure this version withholds';
}

/** An earlier version's (or the old answers') cell: given counts, bounded by a population. */
function layerCell(
  table: LinkedTable,
  cell: LinkedCell,
  layer: Layer,
  population: number,
  submitted: number,
  values: PublishedCell,
): LinkedCell {
  const counts = Object.fromEntries(table.codes.map((code) => [code, values.counts[code] ?? 0]));
  return {
    groupId: layered(layer, cell.groupId),
    population,
    submitted: table.trigger === null ? submitted : values.respondents + values.itemNonResponse,
    respondents: values.respondents,
    counts,
    isNational: false,
  };
}

/** The figures of some of a group's members, counted from their answers (the new version's). */
function countMembers(
  table: LinkedTable,
  cell: LinkedCell,
  layer: Layer,
  members: readonly { index: number }[],
): LinkedCell {
  const counts: Record<string, number> = Object.fromEntries(table.codes.map((code) => [code, 0]));
  let submitted = 0;
  let respondents = 0;
  for (const { index } of members) {
    const answer = table.answers?.[index];
    if (answer === undefined) continue;
    submitted += 1;
    if (answer === null) continue;
    respondents += 1;
    for (const code of answer) if (code in counts) counts[code] = (counts[code] ?? 0) + 1;
  }
  return {
    groupId: layered(layer, cell.groupId),
    population: members.length,
    submitted,
    respondents,
    counts,
    isNational: false,
  };
}

/**
 * The new version's cells whose suppression may mend a failed difference at a table and group: the cell itself;
 * else the cheapest published member of the group's relations whose own difference is uncertain (a group where
 * organisations changed, or that the earlier version withheld: hiding one whose difference is known to be nought
 * protects nothing), and the same group in the component's other tables (parent and follow-ups); else the cheapest
 * published member of the relations.
 */
function addPartners(
  component: Component,
  suppressed: ReadonlySet<string>,
  tableId: string,
  groupId: string,
  partners: Set<string>,
  isUncertain: (tableId: string, groupId: string) => boolean,
): void {
  const isOpen = (table: LinkedTable, cell: LinkedCell) =>
    !isKnownEmpty(table, cell) && !suppressed.has(cellKey(table.id, cell.groupId));
  const table = component.tables.find((candidate) => candidate.id === tableId);
  if (table === undefined) return;
  const own = table.cells.find((cell) => cell.groupId === groupId);
  if (own !== undefined && isOpen(table, own)) {
    partners.add(cellKey(table.id, own.groupId));
    return;
  }
  const related = table.relations
    .filter((relation) => [relation.parentId, ...relation.childIds].includes(groupId))
    .flatMap((relation) => [relation.parentId, ...relation.childIds])
    .flatMap((id) => table.cells.filter((cell) => cell.groupId === id && isOpen(table, cell)))
    .sort((a, b) => a.respondents - b.respondents);
  const uncertain = related.find((cell) => isUncertain(table.id, cell.groupId));
  if (uncertain !== undefined) partners.add(cellKey(table.id, uncertain.groupId));
  for (const other of component.tables) {
    for (const cell of other.cells) {
      if (cell.groupId === groupId && isOpen(other, cell)) partners.add(cellKey(other.id, cell.groupId));
    }
  }
  const cheapest = related[0];
  if (uncertain === undefined && cheapest !== undefined) partners.add(cellKey(table.id, cheapest.groupId));
}
