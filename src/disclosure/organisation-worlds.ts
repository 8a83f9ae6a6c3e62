/**
 * The worlds that refute claims about single organisations, kept per component and reused. A world is another set
 * of answers (here: the organisations whose answers differ from the true ones, and their answers where they differ)
 * that publishes every figure the release publishes. Whether it does depends only on which cells are published, so a
 * world found under one suppression is checked again, by counting, under the next: the repair rounds and the
 * pruning's trial patterns of one component then settle most claims without searching. One world often refutes
 * many claims (every organisation it changes, every suppressed count it moves), so the organisation audit tries the
 * kept worlds on a claim before its exchanges of answers and before any integer programme.
 */
import type { DisclosurePolicy } from './disclosure-policy.ts';
import type { Component, LinkedCell, LinkedTable } from './linked-set.ts';
import { isPrimarySensitive } from './primary-rules.ts';
import type { IndexedCell } from './secondary-suppression.ts';

/** An organisation's answer to one table: its codes, null when left unanswered, undefined when not shown. */
export type Answer = readonly string[] | null | undefined;

/** A claim the audit tries to refute: "organisation X's answer includes A", or "the count of A in G is N". */
export type OrganisationClaim =
  | { kind: 'answer'; table: LinkedTable; organisation: number; code: string }
  | { kind: 'count'; table: LinkedTable; groupId: string; code: string; value: number; population: number };

/** Another set of answers: per organisation whose answers differ from the true ones, its answer per table. */
export interface World {
  readonly answers: ReadonlyMap<number, ReadonlyMap<string, Answer>>;
  readonly changed: ReadonlySet<number>;
  /**
   * Whether a suppressed cell that the rules withhold must stay so (the exchanges' rule: its marker is read as
   * "(nearly) unanimous"); the exact model's worlds are held to the published figures alone.
   */
  readonly keepsMarkers: boolean;
}

/** What a world changes in one cell: per answer code, unanswered (`~skipped`) and respondents (`~respondents`). */
interface CellChange {
  tableId: string;
  groupId: string;
  delta: Map<string, number>;
}

const skipped = '~skipped';
const respondents = '~respondents';

/** Creates a world from the changed organisations' answers, leaving out those equal to the truth. */
export function createWorld(
  tables: ReadonlyMap<string, LinkedTable>,
  answers: ReadonlyMap<number, ReadonlyMap<string, Answer>>,
  keepsMarkers: boolean,
): World {
  const differing = new Map<number, Map<string, Answer>>();
  for (const [organisation, byTable] of answers) {
    for (const [tableId, answer] of byTable) {
      const table = tables.get(tableId);
      if (table === undefined || isSameAnswer(table, answer, table.answers?.[organisation])) continue;
      let own = differing.get(organisation);
      if (own === undefined) {
        own = new Map();
        differing.set(organisation, own);
      }
      own.set(tableId, answer);
    }
  }
  return { answers: differing, changed: new Set(differing.keys()), keepsMarkers };
}

/** The worlds found for one component, under any suppression, indexed by the organisations they change. */
export class WorldStore {
  private readonly byOrganisation = new Map<number, World[]>();
  private readonly changes = new WeakMap<World, CellChange[]>();
  readonly tables: ReadonlyMap<string, LinkedTable>;
  private readonly groupsOf: readonly (readonly string[])[];
  private readonly members = new Map<string, number[]>();
  private size = 0;

  constructor(component: Component) {
    this.tables = new Map(component.tables.map((table) => [table.id, table]));
    this.groupsOf = (component.tables[0]?.organisations ?? []).map((organisation) => organisation.groupIds);
  }

  get count(): number {
    return this.size;
  }

  add(world: World): void {
    if (world.changed.size === 0) return;
    this.size += 1;
    for (const organisation of world.changed) {
      const list = this.byOrganisation.get(organisation);
      if (list === undefined) this.byOrganisation.set(organisation, [world]);
      else list.push(world);
    }
  }

  /** The kept worlds that change any of the organisations, each once. */
  *worldsChanging(organisations: readonly number[]): Generator<World> {
    if (organisations.length === 1) {
      yield* this.byOrganisation.get(organisations[0] ?? -1) ?? [];
      return;
    }
    const seen = new Set<World>();
    for (const organisation of organisations) {
      for (const world of this.byOrganisation.get(organisation) ?? []) {
        if (seen.has(world)) continue;
        seen.add(world);
        yield world;
      }
    }
  }

  /** The organisations of a group. */
  membersOf(groupId: string): number[] {
    let found = this.members.get(groupId);
    if (found === undefined) {
      found = [];
      this.groupsOf.forEach((groupIds, organisation) => {
        if (groupIds.includes(groupId)) found?.push(organisation);
      });
      this.members.set(groupId, found);
    }
    return found;
  }

  /** The cells whose figures the world changes, and by how much (computed once per world). */
  changesOf(world: World): CellChange[] {
    let found = this.changes.get(world);
    if (found !== undefined) return found;
    const byCell = new Map<string, Map<string, CellChange>>();
    const all: CellChange[] = [];
    for (const [organisation, byTable] of world.answers) {
      for (const [tableId, answer] of byTable) {
        const truth = this.tables.get(tableId)?.answers?.[organisation];
        const byGroup = byCell.get(tableId) ?? new Map<string, CellChange>();
        byCell.set(tableId, byGroup);
        for (const groupId of this.groupsOf[organisation] ?? []) {
          let change = byGroup.get(groupId);
          if (change === undefined) {
            change = { tableId, groupId, delta: new Map() };
            byGroup.set(groupId, change);
            all.push(change);
          }
          addAnswer(change.delta, answer, 1);
          addAnswer(change.delta, truth, -1);
        }
      }
    }
    found = all.filter((change) => [...change.delta.values()].some((value) => value !== 0));
    this.changes.set(world, found);
    return found;
  }
}

/**
 * The kept worlds as seen under one suppression: which of them publish what it publishes (worked out once per
 * world), and which of those refute a claim.
 */
export class WorldView {
  private readonly validity = new Map<World, boolean>();

  constructor(
    readonly store: WorldStore,
    private readonly find: (tableId: string, groupId: string) => IndexedCell | undefined,
    private readonly suppressed: ReadonlySet<number>,
    /** Suppressed cells whose marker reads "(nearly) unanimous". */
    private readonly marked: ReadonlySet<number>,
    private readonly policy: DisclosurePolicy,
  ) {}

  isSuppressed(index: number): boolean {
    return this.suppressed.has(index);
  }

  /** Whether the world publishes every published figure as it is (and, if it must, keeps every marker true). */
  isValid(world: World): boolean {
    let found = this.validity.get(world);
    if (found === undefined) {
      found = this.store.changesOf(world).every((change) => this.isAllowed(world, change));
      this.validity.set(world, found);
    }
    return found;
  }

  /** The valid kept worlds in which the claim fails, found one by one (the caller stops once it has enough). */
  *refuting(claim: OrganisationClaim): Generator<World> {
    const candidates =
      claim.kind === 'answer'
        ? this.store.worldsChanging([claim.organisation])
        : this.store.worldsChanging(this.store.membersOf(claim.groupId));
    for (const world of candidates) if (refutes(this.store, world, claim) && this.isValid(world)) yield world;
  }

  private isAllowed(world: World, change: CellChange): boolean {
    const found = this.find(change.tableId, change.groupId);
    if (found === undefined) return true;
    if (!this.suppressed.has(found.index)) return false;
    if (!world.keepsMarkers || !this.marked.has(found.index)) return true;
    return isPrimarySensitive(found.table, changedCell(found.cell, change.delta), this.policy);
  }
}

/** Whether the claim fails in the world. */
export function refutes(store: WorldStore, world: World, claim: OrganisationClaim): boolean {
  if (claim.kind === 'answer') {
    const own = world.answers.get(claim.organisation);
    if (own === undefined || !own.has(claim.table.id)) return false;
    return !(own.get(claim.table.id)?.includes(claim.code) ?? false);
  }
  return store
    .changesOf(world)
    .some(
      (change) =>
        change.tableId === claim.table.id &&
        change.groupId === claim.groupId &&
        (change.delta.get(claim.code) ?? 0) !== 0,
    );
}

/** Whether two answers count alike in every figure of the table (numbers: only whether answered). */
export function isSameAnswer(table: LinkedTable, a: Answer, b: Answer): boolean {
  if (a === undefined || b === undefined || a === null || b === null) return a === b;
  if (table.kind === 'number') return true;
  if (a.length !== b.length) return false;
  return a.every((code) => b.includes(code));
}

function addAnswer(delta: Map<string, number>, answer: Answer, sign: number): void {
  if (answer === undefined) return;
  if (answer === null) {
    delta.set(skipped, (delta.get(skipped) ?? 0) + sign);
    return;
  }
  delta.set(respondents, (delta.get(respondents) ?? 0) + sign);
  for (const code of answer) delta.set(code, (delta.get(code) ?? 0) + sign);
}

/** A cell's figures after a world's change (the number rules' values stay as they are, as in the exchanges). */
function changedCell(cell: LinkedCell, delta: ReadonlyMap<string, number>): LinkedCell {
  const counts: Record<string, number> = { ...cell.counts };
  for (const [key, value] of delta) if (!key.startsWith('~')) counts[key] = (counts[key] ?? 0) + value;
  return { ...cell, respondents: cell.respondents + (delta.get(respondents) ?? 0), counts };
}
