/** One published group's figures before disclosure control: respondents and how many gave each answer. */
export interface DisclosureCell {
  id: string;
  respondents: number;
  /** Respondents per answer code; every answer given must be present (absent codes count as 0). */
  counts: Readonly<Record<string, number>>;
}

/** An additive hierarchy: the parent's respondents and counts are the sums of its children's. */
export interface AdditiveRelation {
  parentId: string;
  childIds: readonly string[];
}

/** Thresholds of the disclosure policy. */
export interface DisclosureOptions {
  /** No figure for a group with fewer respondents than this. */
  minimumRespondents?: number;
  /** No figure for a group where fewer than this many respondents gave an answer other than the most common one. */
  minimumOtherAnswers?: number;
  /**
   * When given, exactly these cells are primary instead of those the thresholds pick (bench/disclosure.ts runs the
   * per-table method under the linked set's primary rules, so that only the complementary cells differ).
   */
  primaryIds?: ReadonlySet<string>;
}

export type SuppressionReason = 'primary' | 'complementary';

/** A cell after disclosure control; a suppressed cell carries no numbers at all. */
export type ProtectedCell =
  | { id: string; suppressed: false; respondents: number; counts: Readonly<Record<string, number>> }
  | { id: string; suppressed: true; reason: SuppressionReason };

export const defaultMinimumRespondents = 5;
/** Two guards against "all but one": a respondent who gave the only other answer learns everybody else's. */
export const defaultMinimumOtherAnswers = 2;

interface Aggregate {
  respondents: number;
  counts: Readonly<Record<string, number>>;
}

/** A set of suppressed cells whose sum can be derived from published cells, and the relations that derive it. */
interface DerivableUnion {
  memberIds: string[];
  expandedRelations: AdditiveRelation[];
}

/**
 * Returns true when every respondent but fewer than minimumOtherAnswers gave the same answer, so the group's
 * figure would tell each member (or, when unanimous, anyone) what the others answered.
 */
export function isNearUnanimous(
  aggregate: Pick<DisclosureCell, 'respondents' | 'counts'>,
  minimumOtherAnswers: number,
): boolean {
  const largest = Math.max(0, ...Object.values(aggregate.counts));
  return aggregate.respondents - largest < minimumOtherAnswers;
}

/**
 * Applies primary and complementary suppression to a table of group figures so that no suppressed group's
 * respondents or answer counts can be derived from the published ones.
 *
 * Primary: fewer than minimumRespondents respondents, or (except for a root, the national figure of an
 * organisation type, which SKR publishes even when unanimous) near-unanimous answers. Complementary, repeated
 * until nothing changes: for a published parent, every set of suppressed cells whose sum follows from it by
 * subtraction (its suppressed children, and those with a suppressed child replaced by its own suppressed
 * children) must hold at least two cells and itself pass the primary rules; otherwise the smallest published
 * sibling that enlarges the set is suppressed. A suppressed parent whose children are all published gets its
 * smallest child suppressed, since the children would add up to it.
 * @throws {RangeError} when the options are invalid, ids repeat or are unknown, counts are invalid, or a
 * relation does not add up.
 */
export function applyDisclosureControl(
  cells: readonly DisclosureCell[],
  relations: readonly AdditiveRelation[],
  {
    minimumRespondents = defaultMinimumRespondents,
    minimumOtherAnswers = defaultMinimumOtherAnswers,
    primaryIds,
  }: DisclosureOptions = {},
): ProtectedCell[] {
  if (!Number.isInteger(minimumRespondents) || minimumRespondents < 1) {
    throw new RangeError(`minimumRespondents must be a positive integer, got ${minimumRespondents}`);
  }
  if (!Number.isInteger(minimumOtherAnswers) || minimumOtherAnswers < 0) {
    throw new RangeError(`minimumOtherAnswers must be a non-negative integer, got ${minimumOtherAnswers}`);
  }
  const cellsById = indexCells(cells);
  assertRelationsAddUp(relations, cellsById);
  const findCell = (id: string): DisclosureCell => {
    const cell = cellsById.get(id);
    if (cell === undefined) throw new RangeError(`unknown cell "${id}"`);
    return cell;
  };
  const isSafe = (aggregate: Aggregate): boolean =>
    aggregate.respondents >= minimumRespondents && !isNearUnanimous(aggregate, minimumOtherAnswers);

  const childIds = new Set(relations.flatMap((relation) => relation.childIds));
  const reasons = new Map<string, SuppressionReason>();
  for (const cell of cells) {
    const isRoot = !childIds.has(cell.id);
    const isPrimary =
      primaryIds === undefined
        ? cell.respondents < minimumRespondents || (!isRoot && isNearUnanimous(cell, minimumOtherAnswers))
        : primaryIds.has(cell.id);
    if (isPrimary) {
      reasons.set(cell.id, 'primary');
    }
  }
  const isSuppressed = (id: string): boolean => reasons.has(id);
  const bySize = (a: DisclosureCell, b: DisclosureCell): number =>
    a.respondents - b.respondents || a.id.localeCompare(b.id);
  const publishedChildren = (relation: AdditiveRelation): DisclosureCell[] =>
    relation.childIds.filter((id) => !isSuppressed(id)).map(findCell);

  const findNextComplementaryCell = (): string | undefined => {
    for (const relation of relations) {
      const suppressedChildIds = relation.childIds.filter(isSuppressed);
      if (isSuppressed(relation.parentId)) {
        if (suppressedChildIds.length === 0) return publishedChildren(relation).sort(bySize)[0]?.id;
        continue;
      }
      if (suppressedChildIds.length === 0) continue;
      for (const union of listDerivableUnions(suppressedChildIds, relations, isSuppressed)) {
        if (union.memberIds.length === 0) continue;
        if (union.memberIds.length >= 2 && isSafe(sumCells(union.memberIds.map(findCell)))) continue;
        // Only a cell that joins this very union can protect it: a published sibling, or a published child of a
        // suppressed cell that the union was expanded through. With none left the union equals the parent.
        const candidates = [relation, ...union.expandedRelations].flatMap(publishedChildren).sort(bySize);
        const candidate = candidates[0];
        if (candidate !== undefined) return candidate.id;
      }
    }
    return undefined;
  };

  // Each pass either suppresses one more cell or ends the loop, so there are at most as many passes as cells.
  for (let pass = 0; pass <= cells.length; pass += 1) {
    const next = findNextComplementaryCell();
    if (next === undefined) break;
    reasons.set(next, 'complementary');
  }
  return cells.map((cell): ProtectedCell => {
    const reason = reasons.get(cell.id);
    if (reason !== undefined) return { id: cell.id, suppressed: true, reason };
    return { id: cell.id, suppressed: false, respondents: cell.respondents, counts: { ...cell.counts } };
  });
}

/**
 * Lists the unions of suppressed cells derivable from a published parent: its suppressed children, and every
 * variant where a suppressed child that is itself a parent is replaced by that relation's suppressed children
 * (because the child equals them plus published cells).
 */
function listDerivableUnions(
  memberIds: readonly string[],
  relations: readonly AdditiveRelation[],
  isSuppressed: (id: string) => boolean,
  visited: ReadonlySet<string> = new Set(),
): DerivableUnion[] {
  let unions: DerivableUnion[] = [{ memberIds: [], expandedRelations: [] }];
  for (const memberId of memberIds) {
    const options: DerivableUnion[] = [{ memberIds: [memberId], expandedRelations: [] }];
    if (!visited.has(memberId)) {
      const path = new Set([...visited, memberId]);
      for (const relation of relations.filter((candidate) => candidate.parentId === memberId)) {
        const children = relation.childIds.filter(isSuppressed);
        for (const option of listDerivableUnions(children, relations, isSuppressed, path)) {
          options.push({ memberIds: option.memberIds, expandedRelations: [relation, ...option.expandedRelations] });
        }
      }
    }
    unions = unions.flatMap((union) =>
      options.map((option) => ({
        memberIds: [...union.memberIds, ...option.memberIds],
        expandedRelations: [...union.expandedRelations, ...option.expandedRelations],
      })),
    );
  }
  return unions;
}

function sumCells(cells: readonly Aggregate[]): Aggregate {
  const counts: Record<string, number> = {};
  let respondents = 0;
  for (const cell of cells) {
    respondents += cell.respondents;
    for (const [answer, count] of Object.entries(cell.counts)) counts[answer] = (counts[answer] ?? 0) + count;
  }
  return { respondents, counts };
}

function indexCells(cells: readonly DisclosureCell[]): Map<string, DisclosureCell> {
  const cellsById = new Map<string, DisclosureCell>();
  for (const cell of cells) {
    if (cellsById.has(cell.id)) throw new RangeError(`cell "${cell.id}" appears twice`);
    if (!Number.isInteger(cell.respondents) || cell.respondents < 0) {
      throw new RangeError(`cell "${cell.id}" has invalid respondents ${cell.respondents}`);
    }
    for (const [answer, count] of Object.entries(cell.counts)) {
      if (!Number.isInteger(count) || count < 0 || count > cell.respondents) {
        throw new RangeError(`cell "${cell.id}" has invalid count ${count} for "${answer}"`);
      }
    }
    cellsById.set(cell.id, cell);
  }
  return cellsById;
}

/** A relation that does not add up means the groups were built wrongly, and the protection would be unsound. */
function assertRelationsAddUp(relations: readonly AdditiveRelation[], cellsById: ReadonlyMap<string, DisclosureCell>) {
  for (const { parentId, childIds } of relations) {
    const parent = cellsById.get(parentId);
    const children = childIds.map((id) => cellsById.get(id));
    const knownChildren = children.filter((child): child is DisclosureCell => child !== undefined);
    if (parent === undefined || knownChildren.length !== children.length || childIds.length === 0) {
      throw new RangeError(`relation of "${parentId}" names an unknown cell or has no children`);
    }
    const sum = sumCells(knownChildren);
    const answers = new Set([...Object.keys(parent.counts), ...Object.keys(sum.counts)]);
    const isAdditive =
      sum.respondents === parent.respondents &&
      [...answers].every((answer) => (sum.counts[answer] ?? 0) === (parent.counts[answer] ?? 0));
    if (!isAdditive) throw new RangeError(`the children of "${parentId}" do not add up to it`);
  }
}
