/**
 * Disclosure control of a release as one linked table set: primary suppression, secondary suppression chosen per
 * connected component at minimum information loss, and the attacker's audit of the outcome. The results
 * computation calls it once per round, so that the API, pages, PDFs and open data of a release all show the same
 * suppressed figures.
 */
import { type AuditFailure, type AuditOptions, type AuditResult, auditComponent } from './attacker-audit.ts';
import type { DisclosurePolicy } from './disclosure-policy.ts';
import { type Component, cellKey, type LinkedCell, type LinkedTable, splitComponents } from './linked-set.ts';
import { releaseOrganisationModel } from './organisation-audit.ts';
import { isPrimarySensitive } from './primary-rules.ts';
import {
  buildConstraints,
  chooseSuppression,
  costOf,
  type IndexedCell,
  indexComponent,
  type SuppressionMethod,
} from './secondary-suppression.ts';

/** The audit's summary, as the publication page and `lagesbild release audit` show it. */
export interface AuditSummary {
  isPassed: boolean;
  cellsSuppressed: number;
  cellsProtected: number;
  primaryCells: number;
  smallestRange: number | null;
  seconds: number;
  solves: number;
  /** Components whose pattern came from the greedy fallback because the solver ran out of time. */
  fallbackComponents: number;
  /**
   * Claims about single organisations that the organisation audit found determined (its exact model proved them, or
   * could not settle them in its time limit, which counts as determined). They fail the audit like any leak.
   */
  unrefutedClaims: number;
  failures: AuditFailure[];
  /** Cells checked against the differences with earlier versions of the release (`release-differences.ts`). */
  differencesChecked?: number;
}

/** Suppressed cells (by cellKey) and the audit of the outcome. */
export interface ProtectionOutcome {
  suppressed: Set<string>;
  audit: AuditSummary;
}

/** One component's pattern (cell indexes of indexComponent), how it was found, and its audit. */
export interface ComponentOutcome {
  suppressed: Set<number>;
  method: SuppressionMethod;
  audit: AuditResult;
}

/** How long the solver may spend on one component's secondary suppression before the greedy fallback. */
export const defaultComponentTimeLimitSeconds = 2;
/** Rounds of "suppress a partner of every cell the audit faults, solve again" before the audit's verdict stands. */
const repairRounds = 10;

/**
 * Protects a linked table set: suppresses the primary cells and a least costly complementary set per component,
 * audits each component as an attacker would, and where the audit finds a leak suppresses more and tries again.
 */
export async function protectLinkedSet(
  tables: readonly LinkedTable[],
  policy: DisclosurePolicy,
  options: {
    timeLimitSeconds?: number;
    /**
     * Cells (by cellKey) to suppress and protect as if a primary rule withheld them: what the differences against
     * earlier versions of the release need (`release-differences.ts`).
     */
    extraPrimary?: ReadonlySet<string>;
    /** Largest organisation type audited organisation by organisation (the bench's experiments change it). */
    organisationLimit?: number;
  } = {},
): Promise<ProtectionOutcome> {
  const started = performance.now();
  const timeLimitSeconds = options.timeLimitSeconds ?? defaultComponentTimeLimitSeconds;
  const auditOptions: AuditOptions = {
    ...(options.organisationLimit === undefined ? {} : { organisationLimit: options.organisationLimit }),
    ...(options.extraPrimary === undefined ? {} : { extraPrimary: options.extraPrimary }),
  };
  const suppressed = new Set<string>();
  const summary = emptySummary();
  for (const component of splitComponents(tables)) {
    const { cells } = indexComponent(component);
    const empty = new Set(cells.filter(({ table, cell }) => isKnownEmpty(table, cell)).map((cell) => cell.index));
    const primary = new Set(
      cells
        .filter(
          ({ table, cell, index }) =>
            !empty.has(index) &&
            (isPrimarySensitive(table, cell, policy) ||
              options.extraPrimary?.has(cellKey(table.id, cell.groupId)) === true),
        )
        .map((cell) => cell.index),
    );
    summary.primaryCells += primary.size;
    const forced = new Set<number>();
    let outcome = await protectComponent(component, primary, forced, policy, timeLimitSeconds, auditOptions);
    const isFaulted = (audit: typeof outcome.audit) => audit.failures.length > 0 || audit.repairs.size > 0;
    for (let round = 0; round < repairRounds && isFaulted(outcome.audit); round += 1) {
      const before = forced.size;
      addPartners(component, outcome.suppressed, outcome.audit.failures, forced, empty);
      if (outcome.audit.repairs.size > 0) {
        // The organisation-level repairs assume the rest of the pattern: keep it, so that the pattern only grows.
        for (const index of [...outcome.suppressed, ...outcome.audit.repairs]) forced.add(index);
      }
      if (forced.size === before) break;
      outcome = await protectComponent(component, primary, forced, policy, timeLimitSeconds, auditOptions);
    }
    if (outcome.audit.failures.length > 0 || outcome.audit.unrefuted.length > 0) {
      // Last resort: every figure of a faulted table goes. Nothing then ties a hidden count to a published one
      // but the public submitted counts, which leave every count a range from nought to the respondents.
      const faulted = new Set(
        [...outcome.audit.failures, ...outcome.audit.unrefuted].map((failure) => failure.tableId),
      );
      for (const { table, index } of cells) if (faulted.has(table.id) && !empty.has(index)) forced.add(index);
      outcome = await protectComponent(component, primary, forced, policy, timeLimitSeconds, auditOptions);
    }
    // Every complementary cell is tried: on the demo round that publishes 42 more cells than a budget of as many
    // audits as the pattern took (501 suppressed against 543) for about a sixth more time (BENCHMARKS.md).
    outcome = await pruneComplementary(component, primary, outcome, policy, Number.POSITIVE_INFINITY, auditOptions);
    if (outcome.method === 'greedy-fallback') summary.fallbackComponents += 1;
    addAudit(summary, outcome.audit);
    releaseOrganisationModel(component);
    // A group where nobody submitted has no figures to show; that it has none is public (its response rate).
    for (const index of [...outcome.suppressed, ...empty]) {
      const cell = cells[index];
      if (cell !== undefined) suppressed.add(cellKey(cell.table.id, cell.cell.groupId));
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.isPassed = isAuditPassed(summary);
  return { suppressed, audit: summary };
}

/**
 * Audits a given pattern (a stored release's) over the true figures without changing it.
 */
export async function auditLinkedSet(
  tables: readonly LinkedTable[],
  suppressedKeys: ReadonlySet<string>,
  policy: DisclosurePolicy,
  auditOptions: Pick<AuditOptions, 'organisationLimit'> = {},
): Promise<AuditSummary> {
  const started = performance.now();
  const summary = emptySummary();
  for (const component of splitComponents(tables)) {
    const { cells } = indexComponent(component);
    const suppressed = new Set(
      cells.filter(({ table, cell }) => suppressedKeys.has(cellKey(table.id, cell.groupId))).map((c) => c.index),
    );
    for (const { table, cell, index } of cells) {
      if (isKnownEmpty(table, cell)) suppressed.delete(index);
      else if (isPrimarySensitive(table, cell, policy)) {
        summary.primaryCells += 1;
        if (!suppressed.has(index)) {
          summary.failures.push({
            tableId: table.id,
            groupId: cell.groupId,
            check: 'determined',
            detail: 'a figure the rules withhold is published',
          });
        }
      }
    }
    addAudit(summary, await auditComponent(component, suppressed, policy, auditOptions));
    releaseOrganisationModel(component);
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.isPassed = isAuditPassed(summary);
  return summary;
}

async function protectComponent(
  component: Component,
  primary: ReadonlySet<number>,
  forced: ReadonlySet<number>,
  policy: DisclosurePolicy,
  timeLimitSeconds: number,
  auditOptions: AuditOptions,
): Promise<ComponentOutcome> {
  const { suppressed, method } = await chooseSuppression(component, primary, policy, { timeLimitSeconds, forced });
  // A known-empty cell is public as zeros whether or not it is marked: the attacker's programme fixes it.
  const { cells } = indexComponent(component);
  const audited = new Set(
    [...suppressed].filter((index) => {
      const entry = cells[index];
      return entry === undefined || !isKnownEmpty(entry.table, entry.cell);
    }),
  );
  const audit = await auditComponent(component, audited, policy, auditOptions);
  return { suppressed, method, audit };
}

/**
 * Publishes again every complementary cell that is not needed: the repair rounds only add cells (and the solver's
 * pattern is least costly under its cover constraints, not under the audit), so a cell added early may be redundant
 * once later ones are in. Tries the costliest first; a cell stays published only when every cover constraint is
 * still met and the audit passes with no claim about an organisation that it had refuted before. Audits at most
 * `maxAudits` trial patterns (a count, not a time, so that the outcome does not depend on the machine's load).
 */
export async function pruneComplementary(
  component: Component,
  primary: ReadonlySet<number>,
  outcome: ComponentOutcome,
  policy: DisclosurePolicy,
  maxAudits: number,
  auditOptions: AuditOptions = {},
): Promise<ComponentOutcome> {
  if (outcome.audit.failures.length > 0) return outcome;
  const { cells } = indexComponent(component);
  const constraints = buildConstraints(component, primary, policy);
  const suppressed = new Set(outcome.suppressed);
  const isMet = () =>
    constraints.every(
      (constraint) =>
        constraint.terms.reduce((sum, [index, coefficient]) => sum + (suppressed.has(index) ? coefficient : 0), 0) >=
        constraint.lower,
    );
  const claimKey = (claim: AuditFailure) => `${claim.tableId}|${claim.groupId}|${claim.detail}`;
  let audit = outcome.audit;
  const candidates = cells
    .filter((cell) => suppressed.has(cell.index) && !primary.has(cell.index))
    .sort((a, b) => costOf(b) - costOf(a) || a.index - b.index);
  let audits = 0;
  /** Publishes the cells again if the cover constraints and an audit allow it; otherwise leaves them suppressed. */
  const tryPublishing = async (indexes: readonly number[]): Promise<boolean> => {
    for (const index of indexes) suppressed.delete(index);
    if (isMet()) {
      audits += 1;
      // With no claim standing, any failure refuses the trial, so its audit may end at the first one.
      const trial = await auditComponent(component, suppressed, policy, {
        ...auditOptions,
        stopsAtFirstFailure: audit.unrefuted.length === 0,
      });
      const unrefuted = new Set(audit.unrefuted.map(claimKey));
      if (trial.failures.length === 0 && trial.unrefuted.every((claim) => unrefuted.has(claimKey(claim)))) {
        audit = trial;
        return true;
      }
    }
    for (const index of indexes) suppressed.add(index);
    return false;
  };
  for (const candidate of candidates) {
    // Past the budget the pattern stays as it is, which is safe, only not minimal.
    if (audits >= maxAudits) break;
    if (!suppressed.has(candidate.index) || (await tryPublishing([candidate.index]))) continue;
    // A cell whose figures equal another's of the same table (the nation and the only county anyone in it
    // submitted from) gives the other away when published alone: the two may only be published together.
    const twins = candidates.filter(
      (other) => other !== candidate && suppressed.has(other.index) && isTwin(candidate, other),
    );
    if (twins.length > 0 && audits < maxAudits) {
      await tryPublishing([candidate.index, ...twins.map((twin) => twin.index)]);
    }
  }
  return { suppressed, method: outcome.method, audit };
}

/** Two cells of one table with the same figures: the same submitted, respondents, counts and values. */
function isTwin(a: IndexedCell, b: IndexedCell): boolean {
  if (a.table !== b.table) return false;
  const x = a.cell;
  const y = b.cell;
  if (x.submitted !== y.submitted || x.respondents !== y.respondents) return false;
  const codes = new Set([...Object.keys(x.counts), ...Object.keys(y.counts)]);
  if ([...codes].some((code) => (x.counts[code] ?? 0) !== (y.counts[code] ?? 0))) return false;
  const values = (cell: LinkedCell) => [...(cell.values ?? [])].sort((p, q) => p - q).join(',');
  return values(x) === values(y);
}

/**
 * Suppresses one more cell per table with a faulted cell: the least costly published member of any relation of a
 * faulted cell, so that a national figure goes only when nothing else can. A group where nobody submitted is never
 * a partner: its zeros are public, so hiding it protects nothing, and being the cheapest it would use up the
 * repair rounds until the last resort hid the whole table, national figure included.
 */
function addPartners(
  component: Component,
  suppressed: ReadonlySet<number>,
  failures: readonly AuditFailure[],
  forced: Set<number>,
  empty: ReadonlySet<number>,
): void {
  const { find } = indexComponent(component);
  for (const table of component.tables) {
    const faulted = new Set(failures.filter((failure) => failure.tableId === table.id).map((f) => f.groupId));
    if (faulted.size === 0) continue;
    const candidates = table.relations
      .filter((relation) => [relation.parentId, ...relation.childIds].some((id) => faulted.has(id)))
      .flatMap((relation) => [relation.parentId, ...relation.childIds])
      .flatMap((id) => {
        const found = find(table.id, id);
        return found === undefined || suppressed.has(found.index) || forced.has(found.index) || empty.has(found.index)
          ? []
          : [found];
      })
      .sort((a, b) => costOf(a) - costOf(b) || a.index - b.index);
    const partner = candidates[0];
    if (partner !== undefined) forced.add(partner.index);
  }
}

/**
 * A cell of a question asked of every submitting organisation (or of a follow-up), in a group where nobody submitted:
 * its counts are all zero by what the response rates publish, so it has nothing to protect and protects nothing.
 */
export function isKnownEmpty(table: LinkedTable, cell: LinkedCell): boolean {
  if (cell.submitted !== 0) return false;
  if (table.trigger === null) return true;
  // A follow-up in a group where nobody submitted at all (Gotland before its late response) is as empty.
  const organisations = table.organisations;
  return (
    organisations !== undefined &&
    !organisations.some((organisation) => organisation.isSubmitted && organisation.groupIds.includes(cell.groupId))
  );
}

/** Whether an audit passes: no leak found and no claim about one organisation left determined. */
export function isAuditPassed(summary: Pick<AuditSummary, 'failures' | 'unrefutedClaims'>): boolean {
  return summary.failures.length === 0 && summary.unrefutedClaims === 0;
}

export function emptySummary(): AuditSummary {
  return {
    isPassed: true,
    cellsSuppressed: 0,
    cellsProtected: 0,
    primaryCells: 0,
    smallestRange: null,
    seconds: 0,
    solves: 0,
    fallbackComponents: 0,
    unrefutedClaims: 0,
    failures: [],
  };
}

function addAudit(summary: AuditSummary, audit: AuditResult): void {
  summary.cellsSuppressed += audit.cellsSuppressed;
  summary.cellsProtected += audit.cellsProtected;
  summary.solves += audit.solves;
  summary.unrefutedClaims += audit.unrefuted.length;
  summary.failures.push(...audit.failures);
  if (audit.smallestRange !== null) {
    summary.smallestRange = Math.min(summary.smallestRange ?? audit.smallestRange, audit.smallestRange);
  }
}
