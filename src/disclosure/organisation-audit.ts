/**
 * The attacker's audit at the level of single organisations. The public registry places every kommun in its län
 * and its kommungrupp, so the published groups cross-classify the organisations, and a member of a group knows its
 * own answers (its feedback report shows them beside the group's ".."). Reasoning over group tables alone misses
 * what follows from that; this audit reasons over each organisation's answer.
 *
 * It proves each claim an attacker could make false by a witness: another set of answers that gives every published
 * figure, and every reading of the "suppressed" marker, exactly as published, and in which the claim does not hold.
 * Witnesses are exchanges of answers (a question and its follow-ups, together):
 * - two organisations in the same groups: changes no figure at all;
 * - two organisations in different groups: changes the figures of the groups only one of them is in, which must then
 *   be suppressed (and a cell suppressed as near-unanimous must stay so);
 * - four organisations in two län and two kommungrupper, two and two alike (a "rectangle"): changes no figure;
 * - one organisation given another's answers: changes every group of its, which must all be suppressed.
 * A claim is safe when some witness refutes it, also for every insider: the witnesses' organisations (other than the
 * one the claim is about) have nothing in common, so every insider has one that leaves its own answers as they are.
 * Checked claims: "organisation X gave answer A" for every organisation and answer, and "the suppressed count of A
 * in group G is N" for every suppressed count below the national level (the national one is the group-table
 * audit's). A count withheld only to protect another cell (complementary) is held against the public alone: it
 * passes the rules on its own, so an insider that works it out from its own answers learns a figure that could
 * have been published. Without that, a kommun alone in its kommungrupp (Stockholm in a small round) would take the
 * national figure with it: it knows its own group's count, so the nation minus it gives the complementary cell.
 *
 * The exchanges are sound (a refuted claim is refuted by a real alternative) but not complete, and cheap only when
 * they succeed early. So a short search comes first; a claim it leaves standing goes to the exact model
 * (organisation-model.ts: the organisations' answers as integer unknowns under every published figure), which
 * either finds worlds that refute it for the public and every insider, or shows that the claim follows from what
 * is published: only those claims fail, and a longer search of exchanges names the cells whose suppression makes
 * an exchange possible (the repair). A claim refuted under one suppression stays refuted under a larger one, so
 * the repair rounds recheck only what is new or still standing. Every world found, an exchange's or the model's, is
 * kept (organisation-worlds.ts) and tried on each later claim first, under later suppressions too (where it counts
 * only if it still publishes what is published), and organisations alike in groups and answers are judged once.
 */
import type { AuditFailure, AuditOptions } from './attacker-audit.ts';
import type { DisclosurePolicy } from './disclosure-policy.ts';
import { type Component, cellKey, type LinkedCell, type LinkedTable } from './linked-set.ts';
import { answerKey, ComponentAnswers, unshown } from './organisation-answers.ts';
import { OrganisationGroups } from './organisation-groups.ts';
import { OrganisationModel } from './organisation-model.ts';
import {
  type Answer,
  createWorld,
  type OrganisationClaim,
  type World,
  WorldStore,
  WorldView,
} from './organisation-worlds.ts';
import { isPrimarySensitive } from './primary-rules.ts';
import { costOf, indexComponent } from './secondary-suppression.ts';

/** What the exact settling needs of a claim's witnesses. */
interface ClaimWitnesses {
  readonly common: ReadonlySet<number> | null;
  readonly isSafe: boolean;
  witnessWorld(world: World): void;
  witnessKeptWorlds(view: WorldView, claim: OrganisationClaim): void;
}

/** What the organisation-level audit found, and the cells whose suppression would make its failures pass. */
export interface OrganisationAudit {
  failures: AuditFailure[];
  /** Cell indexes (of the component) to suppress as well. */
  repairs: Set<number>;
  claims: number;
  /** Claims the exchanges left standing, settled on the exact model. */
  checkedExactly: number;
  solves: number;
}

/** An answer given in a witness: another organisation's, or one nobody gave (and its answerKey). */
interface Replacement {
  answerTo(table: LinkedTable): Answer;
  keyOf(table: LinkedTable): string;
}

/** Longest search for witnesses of one claim, in partner organisations tried. */
const searchLimit = 400;
/**
 * The first search's: a claim it leaves standing goes to the exact model, which settles it faster than the long
 * search (whose partners are mostly refused at 290 kommuner); the long search then only looks for its repair.
 */
const quickLimit = 20;

/**
 * Largest organisation type the audit reasons about organisation by organisation: every type of a real round (the
 * 290 kommuner, the 21 regioner). Above it (the 10,000 organisations of the benchmark round) a type is audited on
 * its group tables alone. At 150 the kommuner were audited on their group tables alone, and the demo round's
 * pattern then left 153 claims that its published figures prove (Gotland's answers among them: BENCHMARKS.md,
 * issue 13). `BENCH_DISCLOSURE_ORGANISATION_LIMIT` of bench/disclosure.ts changes it for a measurement.
 */
export const defaultOrganisationLimit = 1000;

/** Per component, the claims refuted under a suppression: what a later, larger suppression need not check again. */
const refutedEarlier = new WeakMap<Component, { suppressed: ReadonlySet<number>; claims: Set<string> }>();
/** Per component, every world found so far: checked again under each later suppression before any search. */
const worldStores = new WeakMap<Component, WorldStore>();

/** Audits the organisations of one component under the given suppression (cell indexes of indexComponent). */
export async function auditOrganisations(
  component: Component,
  suppressed: ReadonlySet<number>,
  policy: DisclosurePolicy,
  options: Pick<AuditOptions, 'organisationLimit' | 'stopsAtFirstFailure' | 'extraPrimary'> = {},
): Promise<OrganisationAudit> {
  const organisationLimit = options.organisationLimit ?? defaultOrganisationLimit;
  const stopsAtFirstFailure = options.stopsAtFirstFailure === true;
  const result: OrganisationAudit = { failures: [], repairs: new Set(), claims: 0, checkedExactly: 0, solves: 0 };
  const [first] = component.tables;
  const organisations = first?.organisations;
  if (
    organisations === undefined ||
    organisations.length > organisationLimit ||
    component.tables.some((table) => table.organisations !== organisations || table.answers === undefined)
  ) {
    return result;
  }
  const { cells, find } = indexComponent(component);
  const groups = OrganisationGroups.of(organisations);
  const { count, groupSets, counties, municipalityGroups, countyIds } = groups;
  const nationalId = first?.cells.find((cell) => cell.isNational)?.groupId;
  const primary = new Set(
    cells
      .filter(({ table, cell, index }) => suppressed.has(index) && isPrimaryCell(table, cell, policy))
      .map(({ index }) => index),
  );
  let store = worldStores.get(component);
  if (store === undefined) {
    store = new WorldStore(component);
    worldStores.set(component, store);
  }
  const view = new WorldView(store, find, suppressed, primary, policy);
  const everyone: ReadonlySet<number> = new Set(organisations.keys());

  const answersOf = ComponentAnswers.of(component, groups);
  const subtreeOf = (table: LinkedTable) => answersOf.subtreeOf(table);
  const keysOf = (table: LinkedTable) => answersOf.keysOf(table);

  /** The world in which each pair exchanges its answers to a question and its follow-ups. */
  const exchangeWorld = (root: LinkedTable, pairs: readonly (readonly [number, number])[]): World => {
    const answers = new Map<number, Map<string, Answer>>();
    const give = (to: number, from: number) =>
      answers.set(to, new Map(subtreeOf(root).map((table) => [table.id, table.answers?.[from]])));
    for (const [a, b] of pairs) {
      give(a, b);
      give(b, a);
    }
    return createWorld(view.store.tables, answers, true);
  };

  /**
   * The published cells that must be suppressed before a and b can exchange their answers to a question and its
   * follow-ups without changing a published figure; null when a near-unanimous suppressed cell would stop being so
   * (which its marker tells), or when only one of them was shown the question.
   */
  const exchangeCache = new Map<string, number[] | null>();
  const exchangeNeeds = (root: LinkedTable, a: number, b: number): number[] | null => {
    const key = a < b ? `${root.id}|${a}|${b}` : `${root.id}|${b}|${a}`;
    let found = exchangeCache.get(key);
    if (found === undefined) {
      found = computeExchangeNeeds(root, a, b);
      exchangeCache.set(key, found);
    }
    return found;
  };
  const computeExchangeNeeds = (root: LinkedTable, a: number, b: number): number[] | null => {
    const rootAnswers = root.answers ?? [];
    if ((rootAnswers[a] === undefined) !== (rootAnswers[b] === undefined)) return null;
    if (groups.isAlike(a, b)) return [];
    const needs: number[] = [];
    // The groups only one of them is in, each group's figure losing that one's answer and gaining the other's.
    const addNeeds = (table: LinkedTable, only: readonly string[], leaving: number, coming: number): boolean => {
      for (const id of only) {
        const found = find(table.id, id);
        if (found === undefined) continue;
        if (!suppressed.has(found.index)) needs.push(found.index);
        else if (
          primary.has(found.index) &&
          !staysPrimary(table, found.cell, table.answers?.[leaving], table.answers?.[coming], policy)
        )
          return false;
      }
      return true;
    };
    for (const table of subtreeOf(root)) {
      const keys = keysOf(table);
      if (keys[a] === keys[b]) continue;
      if (!addNeeds(table, groups.onlyIn(a, b), a, b) || !addNeeds(table, groups.onlyIn(b, a), b, a)) return null;
    }
    return needs;
  };

  /**
   * The published cells that must be suppressed before a can be given b's answers to a question and its follow-ups
   * (every group of a's changes, the national one too); null as for an exchange.
   */
  const replacementNeeds = (root: LinkedTable, a: number, replacement: Replacement) => {
    const rootAnswers = root.answers ?? [];
    if ((rootAnswers[a] === undefined) !== (replacement.answerTo(root) === undefined)) return null;
    const needs: number[] = [];
    for (const table of subtreeOf(root)) {
      const own = table.answers?.[a];
      const other = replacement.answerTo(table);
      if ((keysOf(table)[a] ?? unshown) === replacement.keyOf(table)) continue;
      for (const id of organisations[a]?.groupIds ?? []) {
        const found = find(table.id, id);
        if (found === undefined) continue;
        if (!suppressed.has(found.index)) needs.push(found.index);
        else if (primary.has(found.index) && !staysPrimary(table, found.cell, own, other, policy)) return null;
      }
    }
    return needs;
  };

  /**
   * Tries giving a each other answer found among the organisations: those of the organisations that `changes` (which
   * must depend on their answer to the question alone), then for a question without follow-ups those `changesTo`.
   */
  const findReplacements = (
    claim: Claim,
    root: LinkedTable,
    a: number,
    changes: (b: number) => boolean,
    changesTo: (answer: Answer) => boolean,
  ) => {
    const profile = answersOf.profileOf(root);
    // Each answer (to the question and its follow-ups) once: by its profile number, from the first that gave it.
    // `changes` depends on b's answer to the question alone, so one look per profile decides it.
    const isSeen = new Uint8Array(profile.count);
    let seen = 0;
    const triedFrom: number[] = [];
    const tryReplacement = (replacement: Replacement) => {
      const needs = replacementNeeds(root, a, replacement);
      if (needs !== null && needs.length === 0) {
        const answers = new Map(subtreeOf(root).map((table) => [table.id, replacement.answerTo(table)]));
        claim.witnessWorld(createWorld(view.store.tables, new Map([[a, answers]]), true));
      } else claim.consider(-1, needs);
    };
    for (const b of ordered(a)) {
      if (claim.isSafe || seen === profile.count) break;
      const number = profile.numbers[b] ?? -1;
      if (isSeen[number] === 1) continue;
      isSeen[number] = 1;
      seen += 1;
      if (!changes(b)) continue;
      triedFrom.push(b);
      tryReplacement({
        answerTo: (table) => table.answers?.[b],
        keyOf: (table) => keysOf(table)[b] ?? unshown,
      });
    }
    // A question without follow-ups may also be given an answer nobody gave, or none.
    if (claim.isSafe || root.kind !== 'single-choice' || subtreeOf(root).length > 1) return;
    const rootKeys = keysOf(root);
    const triedKeys = new Set(triedFrom.map((b) => rootKeys[b] ?? ''));
    const ownKey = rootKeys[a] ?? unshown;
    for (const answer of [...root.codes.map((code) => [code]), null]) {
      if (claim.isSafe) break;
      const key = answerKey(root, answer);
      if (triedKeys.has(key) || key === ownKey || !changesTo(answer)) continue;
      tryReplacement({
        answerTo: (table) => (table === root ? answer : table.answers?.[a]),
        keyOf: (table) => (table === root ? key : (keysOf(table)[a] ?? unshown)),
      });
    }
  };

  /** Tracks the witnesses of one claim: safe once their organisations have none in common. */
  class Claim {
    common: Set<number> | null = null;
    best: { needs: number[]; cost: number; partner: number } | null = null;

    /**
     * `groupId`: where a failure is reported; `exempt`: organisations that learn nothing new from the claim (the one
     * it is about, a group's only member).
     */
    constructor(
      readonly table: LinkedTable,
      readonly groupId: string,
      readonly exempt: ReadonlySet<number> = new Set(),
    ) {}

    /** A world in which the claim fails: kept for later claims, and its changed organisations witness this one. */
    witnessWorld(world: World): void {
      view.store.add(world);
      this.witness(world.changed);
    }

    /** The kept worlds that publish what is published and refute the claim. */
    witnessKeptWorlds(worlds: WorldView, claim: OrganisationClaim): void {
      for (const world of worlds.refuting(claim)) {
        if (this.isSafe) return;
        this.witness(world.changed);
      }
    }

    witness(organisations: Iterable<number>): void {
      const involved = [...organisations].filter((organisation) => !this.exempt.has(organisation));
      this.common =
        this.common === null
          ? new Set(involved)
          : new Set(involved.filter((organisation) => this.common?.has(organisation)));
    }

    get isSafe(): boolean {
      return this.common !== null && this.common.size === 0;
    }

    /** A failed exchange: the cheapest one whose partner is not among all witnesses becomes the repair. */
    consider(partner: number, needs: number[] | null): void {
      if (needs === null || needs.length === 0 || this.common?.has(partner) === true) return;
      const cost = needs.reduce((sum, index) => {
        const cell = cells[index];
        return sum + (cell === undefined ? 0 : costOf(cell));
      }, 0);
      if (this.best === null || cost < this.best.cost) this.best = { needs, cost, partner };
    }
  }

  const fail = (claim: Claim, detail: string) => {
    if (claim.isSafe) return;
    const insiders = claim.common === null ? 'anyone' : 'a member that knows its own answers';
    result.failures.push({
      tableId: claim.table.id,
      groupId: claim.groupId,
      check: 'organisation',
      detail: `${insiders} ${detail}`,
    });
    for (const index of claim.best?.needs ?? []) result.repairs.add(index);
  };

  /** Candidate partners: the same groups first (free), then the same län or kommungrupp, then the rest. */
  const ordered = (a: number) => groups.partnersOf(a);

  /** Rectangles that exchange a's answer with one lacking the code, adding their other three organisations. */
  const findRectangles = (claim: Claim, root: LinkedTable, a: number, lacks: (b: number) => boolean) => {
    const county = counties[a];
    const municipalityGroup = municipalityGroups[a];
    if (county === undefined || municipalityGroup === undefined) return;
    const profile = answersOf.profileOf(root).numbers;
    for (let b = 0; b < count && !claim.isSafe; b += 1) {
      const other = municipalityGroups[b];
      if (counties[b] !== county || other === municipalityGroup || other === undefined || !lacks(b)) continue;
      if ((root.answers?.[b] === undefined) !== (root.answers?.[a] === undefined)) continue;
      for (const elsewhere of countyIds) {
        if (elsewhere === county || claim.isSafe) continue;
        const d = groups.inBoth(elsewhere, other)?.find((candidate) => profile[candidate] === profile[a]);
        if (d === undefined) continue;
        const c = groups.inBoth(elsewhere, municipalityGroup)?.find((candidate) => profile[candidate] === profile[b]);
        if (c !== undefined) {
          claim.witnessWorld(
            exchangeWorld(root, [
              [a, b],
              [c, d],
            ]),
          );
        }
      }
    }
  };

  /** "X gave A": exchanges with up to `limit` partners that lack A, then rectangles and replacements. */
  const searchAnswer = (claim: Claim, table: LinkedTable, a: number, code: string, limit: number) => {
    const answers = table.answers ?? [];
    const lacks = (b: number) => !(answers[b]?.includes(code) ?? false);
    let tried = 0;
    for (const b of ordered(a)) {
      if (claim.isSafe || tried >= limit) break;
      if (!lacks(b)) continue;
      tried += 1;
      const needs = exchangeNeeds(table, a, b);
      if (needs !== null && needs.length === 0) claim.witnessWorld(exchangeWorld(table, [[a, b]]));
      else claim.consider(b, needs);
    }
    if (!claim.isSafe) findRectangles(claim, table, a, lacks);
    if (!claim.isSafe) findReplacements(claim, table, a, lacks, (other) => !(other?.includes(code) ?? false));
  };
  /** "The suppressed count of A in G is N": exchanges of a member with an outsider, then replacements. */
  const searchCount = (claim: Claim, table: LinkedTable, members: readonly number[], code: string, limit: number) => {
    const answers = table.answers ?? [];
    // Looked up for every pair of a member and a partner: worked out once per organisation.
    const hasCode = Array.from({ length: count }, (_, organisation) => answers[organisation]?.includes(code) ?? false);
    const has = (organisation: number) => hasCode[organisation] ?? false;
    const isMember = new Uint8Array(count);
    for (const a of members) isMember[a] = 1;
    let tried = 0;
    for (const a of members) {
      if (claim.isSafe || tried >= limit) break;
      const hasA = has(a);
      for (const b of ordered(a)) {
        if (claim.isSafe || tried >= limit) break;
        if (isMember[b] === 1 || hasA === has(b)) continue;
        tried += 1;
        const needs = exchangeNeeds(table, a, b);
        if (needs !== null && needs.length === 0) claim.witnessWorld(exchangeWorld(table, [[a, b]]));
        else claim.consider(b, needs);
      }
    }
    for (const a of members) {
      if (claim.isSafe) break;
      findReplacements(
        claim,
        table,
        a,
        (b) => has(a) !== has(b),
        (other) => (other?.includes(code) ?? false) !== has(a),
      );
    }
  };

  // A claim refuted under a suppression stays refuted when more is suppressed (its witness publishes the same), so
  // the repair rounds, whose patterns only grow, check only what is new or still standing.
  const earlier = refutedEarlier.get(component);
  const isGrown = earlier !== undefined && [...earlier.suppressed].every((index) => suppressed.has(index));
  const refuted = new Set<string>(isGrown ? earlier.claims : []);
  refutedEarlier.set(component, { suppressed: new Set(suppressed), claims: refuted });

  // Organisations alike in groups and answers are judged once (ComponentAnswers.likeIt says why).
  const { likeIt } = answersOf;

  /** Claims the first, short search did not refute: settled on the exact model, or searched further. */
  const pending: {
    keys: string[];
    claim: Claim;
    exact: OrganisationClaim;
    detail: string;
    searchFurther: () => void;
  }[] = [];
  for (const table of component.tables) {
    if (table.kind === 'number' || isExemptNationalTable(table, suppressed, find, policy)) continue;
    const answers = table.answers ?? [];
    const national = nationalId === undefined ? undefined : find(table.id, nationalId);
    // "X gave A" for every organisation and answer it gave.
    for (const [a, others] of likeIt) {
      const answer = answers[a];
      if (answer === undefined || answer === null) continue;
      for (const code of answer) {
        result.claims += 1 + others.length;
        const key = `${table.id}|${a}|${code}`;
        const keys = [key, ...others.map((other) => `${table.id}|${other}|${code}`)];
        if (refuted.has(key)) continue;
        const groupId = counties[a] ?? organisations[a]?.groupIds.at(-1) ?? '';
        const claim = new Claim(table, groupId, new Set([a]));
        const exact: OrganisationClaim = { kind: 'answer', table, organisation: a, code };
        claim.witnessKeptWorlds(view, exact);
        if (!claim.isSafe) searchAnswer(claim, table, a, code, quickLimit);
        if (claim.isSafe) {
          for (const each of keys) refuted.add(each);
          continue;
        }
        pending.push({
          keys,
          claim,
          exact,
          detail: `can tell one organisation's answer "${code}"`,
          searchFurther: () => searchAnswer(claim, table, a, code, searchLimit),
        });
      }
    }
    // "The suppressed count of A in G is N" below the national level.
    for (const cell of table.cells) {
      if (cell.isNational || cell.respondents === 0) continue;
      const own = find(table.id, cell.groupId);
      if (own === undefined || !suppressed.has(own.index)) continue;
      const members: number[] = [];
      for (let a = 0; a < count; a += 1) if (groupSets[a]?.has(cell.groupId)) members.push(a);
      // Who learns nothing new from the count: a group's only member shown the question (its own answer), and for
      // a count withheld only to protect another cell (neither by a primary rule nor for the differences with an
      // earlier version), every organisation. Such a count passes the rules on its own
      // (enough respondents, not near-unanimous), so what an insider works out from it with its own answers is a
      // figure that could have been published; the public must still not work it out (every suppressed cell keeps
      // its protection interval for the public), and every insider is still held to the claims that matter: the
      // withheld counts of small or near-unanimous groups and each other organisation's answer.
      const shown = members.filter((a) => answers[a] !== undefined);
      const isComplementary =
        !primary.has(own.index) && options.extraPrimary?.has(cellKey(table.id, cell.groupId)) !== true;
      for (const code of table.codes) {
        if (national !== undefined && !suppressed.has(national.index) && (national.cell.counts[code] ?? 0) === 0) {
          continue;
        }
        result.claims += 1;
        const key = `${table.id}|${cell.groupId}|${code}`;
        if (refuted.has(key)) continue;
        const exempt = isComplementary ? everyone : new Set(shown.length === 1 ? shown : []);
        const claim = new Claim(table, cell.groupId, exempt);
        const value = cell.counts[code] ?? 0;
        const exact: OrganisationClaim = {
          kind: 'count',
          table,
          groupId: cell.groupId,
          code,
          value,
          population: cell.population,
        };
        claim.witnessKeptWorlds(view, exact);
        if (!claim.isSafe) searchCount(claim, table, members, code, quickLimit);
        if (claim.isSafe) {
          refuted.add(key);
          continue;
        }
        pending.push({
          keys: [key],
          claim,
          exact,
          detail: `can tell the suppressed count of "${code}"`,
          searchFurther: () => searchCount(claim, table, members, code, searchLimit),
        });
      }
    }
  }
  if (pending.length > 0) await settleExactly(component, view, find, pending, result, stopsAtFirstFailure);
  for (const { keys, claim, detail, searchFurther } of pending) {
    // Without the exact model, the longer search may still refute the claim; with it, it finds the repair.
    if (!claim.isSafe) searchFurther();
    for (const key of keys) {
      if (claim.isSafe) refuted.add(key);
      else fail(claim, detail);
    }
    if (stopsAtFirstFailure && result.failures.length > 0) break;
  }
  return result;
}

/**
 * Exact models not in use, per component, the most recently used last: a component is audited again and again (its
 * repair rounds, its pruning trials), and its model serves each suppression with new bounds instead of a new build.
 * A model in use is taken out, so that another audit (of the same component at the same time) builds its own and
 * no audit disposes a model that another uses.
 */
const idleModels = new Map<Component, OrganisationModel>();
/** Idle models kept: the components of one protection are audited one after another. */
const idleModelLimit = 2;

async function takeModel(component: Component): Promise<OrganisationModel | null> {
  const idle = idleModels.get(component);
  if (idle === undefined) return OrganisationModel.build(component);
  idleModels.delete(component);
  return idle;
}

function returnModel(component: Component, model: OrganisationModel): void {
  const replaced = idleModels.get(component);
  idleModels.delete(component);
  replaced?.dispose();
  idleModels.set(component, model);
  for (const [oldest, idle] of idleModels) {
    if (idleModels.size <= idleModelLimit) break;
    idleModels.delete(oldest);
    idle.dispose();
  }
}

/**
 * Disposes the component's idle exact model: called when the component's protection or audit is done, since the
 * next protection splits its tables into new components, so that neither the model nor the answers it holds stay
 * in the process until two later components push them out.
 */
export function releaseOrganisationModel(component: Component): void {
  idleModels.get(component)?.dispose();
  idleModels.delete(component);
}

/**
 * Settles the claims the exchanges left standing on the exact model: each world found refutes every claim it
 * contradicts (for the insiders it leaves as they are), so worlds are kept and tried on the later claims first. A
 * claim stays standing when the component has no exact model (a hand-made set).
 */
async function settleExactly(
  component: Component,
  view: WorldView,
  find: ReturnType<typeof indexComponent>['find'],
  pending: readonly { claim: ClaimWitnesses; exact: OrganisationClaim }[],
  result: OrganisationAudit,
  stopsAtFirstFailure: boolean,
): Promise<void> {
  // Taken on the first claim that the kept worlds leave standing: in a repair round often none does.
  let model: OrganisationModel | null | undefined;
  let solvesBefore = 0;
  const search = async (claim: ClaimWitnesses, exact: OrganisationClaim, kept: readonly number[]) => {
    if (model === undefined) {
      model = await takeModel(component);
      solvesBefore = model?.solves ?? 0;
      const isPublished = model?.publish((tableId, groupId) => {
        const found = find(tableId, groupId);
        return found !== undefined && view.isSuppressed(found.index);
      });
      if (model !== null && isPublished === false) {
        returnModel(component, model);
        model = null;
      }
    }
    if (model === null) return false;
    const found = await model.findWorld(exact, kept);
    if (found.status !== 'found') return false;
    claim.witnessWorld(found.world);
    return true;
  };
  try {
    for (const { claim, exact } of pending) {
      result.checkedExactly += 1;
      claim.witnessKeptWorlds(view, exact);
      if (claim.isSafe) continue;
      if (claim.common === null && !(await search(claim, exact, []))) continue;
      while (!claim.isSafe) {
        const common = [...(claim.common ?? [])];
        // Every insider left as it is at once; failing that, one at a time (each must have its own world). With one
        // insider left the two are the same search, and a search gives the same answer twice.
        if (await search(claim, exact, common)) break;
        const [insider] = common;
        if (insider === undefined || common.length === 1 || !(await search(claim, exact, [insider]))) break;
      }
      // A trial that stops at its first standing claim leaves the later ones unsettled (and unreported).
      if (stopsAtFirstFailure && !claim.isSafe && model !== null) break;
    }
  } finally {
    if (model !== null && model !== undefined) {
      result.solves += model.solves - solvesBefore;
      returnModel(component, model);
    }
  }
}

/** A suppressed cell the rules withhold on their own, whose marker an attacker reads as "(nearly) unanimous". */
function isPrimaryCell(table: LinkedTable, cell: LinkedCell, policy: DisclosurePolicy): boolean {
  return !(table.trigger === null && cell.submitted === 0) && isPrimarySensitive(table, cell, policy);
}

/** Whether a primary cell stays withheld by the rules when one organisation's answer replaces another's. */
function staysPrimary(
  table: LinkedTable,
  cell: LinkedCell,
  leaving: Answer,
  coming: Answer,
  policy: DisclosurePolicy,
): boolean {
  const counts: Record<string, number> = { ...cell.counts };
  let respondents = cell.respondents;
  const apply = (answer: Answer, sign: number) => {
    if (answer === undefined || answer === null) return;
    respondents += sign;
    for (const code of answer) counts[code] = (counts[code] ?? 0) + sign;
  };
  apply(leaving, -1);
  apply(coming, 1);
  return isPrimarySensitive(table, { ...cell, respondents, counts }, policy);
}

/**
 * A table whose national figure is published under the publisher's exemption although (nearly) unanimous: what it
 * tells of each organisation is the disclosure the publisher chose, shown in the method section.
 */
function isExemptNationalTable(
  table: LinkedTable,
  suppressed: ReadonlySet<number>,
  find: ReturnType<typeof indexComponent>['find'],
  policy: DisclosurePolicy,
): boolean {
  if (!policy.nationalExemptions.includes(table.questionKey)) return false;
  const national = table.cells.find((cell) => cell.isNational);
  const found = national === undefined ? undefined : find(table.id, national.groupId);
  if (national === undefined || found === undefined || suppressed.has(found.index)) return false;
  return isPrimarySensitive(table, national, { ...policy, nationalExemptions: [] });
}
