/**
 * The linked table set of a release: every question's figures per group, and the relations between them that an
 * attacker can use. Disclosure control (primary rules, secondary suppression, the audit) works on this model only,
 * so that it knows nothing of questionnaires or the database.
 */

/** How a table's cells are counted. */
export type TableKind =
  /** One answer per respondent: the answer counts add up to the respondents. */
  | 'single-choice'
  /** Any number of options per respondent: each option's count is at most the respondents. */
  | 'multiple-choice'
  /** A number per respondent: only the respondents are counts; quartiles are not additive. */
  | 'number';

/** One question's figures for one group, before disclosure control. */
export interface LinkedCell {
  groupId: string;
  /** Organisations of the group invited to the round: public, an upper bound of every count. */
  population: number;
  /** Organisations that submitted and were shown the question. */
  submitted: number;
  respondents: number;
  /** Respondents per answer code (choice questions); empty for numbers. */
  counts: Readonly<Record<string, number>>;
  /** The answers themselves (number questions), for the dominance rule. */
  values?: readonly number[];
  /** Whether this is the national figure of an organisation type (the root of the group hierarchy). */
  isNational: boolean;
}

/** One question within one organisation type: its cells per group and the additive relations of the groups. */
export interface LinkedTable {
  /** `${questionKey}@${organisationType}` */
  id: string;
  questionKey: string;
  kind: TableKind;
  codes: readonly string[];
  cells: readonly LinkedCell[];
  /** Parent group = sum of its child groups (main groups and counties partition the type). */
  relations: readonly { parentId: string; childIds: readonly string[] }[];
  /**
   * A follow-up question shown after given answers to a parent question: in every group its submitted count equals
   * the parent's count of those answers. `codes` is null when the condition is not a plain "answer is one of", in
   * which case the tables are only suppressed together.
   */
  trigger: { parentTableId: string; codes: readonly string[] | null } | null;
  /**
   * The organisations of the table's organisation type, the same array for every table of the type, so that the
   * audit can reason about each organisation's answer and not only about group figures. Absent in hand-made sets,
   * which are then audited on their group figures alone.
   */
  organisations?: readonly LinkedOrganisation[];
  /**
   * Each organisation's answer, in the order of `organisations`: its answer codes (an empty list for an answered
   * number question), null when shown the question and left it unanswered, undefined when not shown it (or not
   * submitted).
   */
  answers?: readonly (readonly string[] | null | undefined)[];
}

/** One organisation of the surveyed population as the audit sees it: the groups it is counted in. */
export interface LinkedOrganisation {
  code: string;
  /** Whether it submitted the round: public only as each group's submitted count. */
  isSubmitted: boolean;
  /** The published groups it belongs to, the national one included. */
  groupIds: readonly string[];
}

/** Submitted counts per group (response rates), published for every group, whatever is suppressed. */
export type SubmittedByGroup = ReadonlyMap<string, number>;

/** A connected part of the set: a question with its follow-ups (transitively), in one organisation type. */
export interface Component {
  tables: LinkedTable[];
}

/** Identifies one cell of the set. */
export function cellKey(tableId: string, groupId: string): string {
  return `${tableId}|${groupId}`;
}

/** Splits the tables into components: tables linked by a follow-up relation end up together. */
export function splitComponents(tables: readonly LinkedTable[]): Component[] {
  const parentOf = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    for (let next = parentOf.get(root); next !== undefined && next !== root; next = parentOf.get(root)) root = next;
    return root;
  };
  const ids = new Set(tables.map((table) => table.id));
  for (const table of tables) parentOf.set(table.id, table.id);
  for (const table of tables) {
    const parent = table.trigger?.parentTableId;
    if (parent !== undefined && ids.has(parent)) parentOf.set(find(table.id), find(parent));
  }
  const byRoot = new Map<string, LinkedTable[]>();
  for (const table of tables) {
    const root = find(table.id);
    const list = byRoot.get(root);
    if (list === undefined) byRoot.set(root, [table]);
    else list.push(table);
  }
  return [...byRoot.values()].map((members) => ({ tables: members }));
}
