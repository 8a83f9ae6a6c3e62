/**
 * The answers of one component as the organisation audit (organisation-audit.ts) compares them: each table's
 * follow-ups, each organisation's answer as a key, the organisations that answered a question and its follow-ups
 * alike, and those alike in groups and answers (judged once). None of it depends on the suppression, and a component
 * is audited many times (each repair round, each pruning trial), so it is worked out once per component and kept as
 * long as the component lives.
 */
import type { Component, LinkedTable } from './linked-set.ts';
import type { OrganisationGroups } from './organisation-groups.ts';
import type { Answer } from './organisation-worlds.ts';

const byComponent = new WeakMap<Component, ComponentAnswers>();

export class ComponentAnswers {
  /**
   * Per organisation judged, the others in the same groups that gave the same answers to every question of the
   * component: exchanging two of them maps every world onto another and the truth onto itself, so a claim about one
   * holds exactly when the same claim about the other does, for the public and for every insider.
   */
  readonly likeIt: ReadonlyMap<number, readonly number[]>;
  private readonly children = new Map<string, LinkedTable[]>();
  private readonly subtrees = new Map<string, LinkedTable[]>();
  private readonly keys = new Map<string, string[]>();
  private readonly profiles = new Map<string, { numbers: Int32Array; count: number }>();

  private constructor(
    private readonly component: Component,
    groups: OrganisationGroups,
  ) {
    for (const table of component.tables) {
      const parent = table.trigger?.parentTableId;
      if (parent !== undefined) this.children.set(parent, [...(this.children.get(parent) ?? []), table]);
    }
    const alike = new Map<string, number[]>();
    for (let organisation = 0; organisation < groups.count; organisation += 1) {
      const answers = component.tables.map((table) => this.keysOf(table)[organisation] ?? unshown);
      const key = `${groups.signatures[organisation]}#${answers.join(';')}`;
      const members = alike.get(key);
      if (members === undefined) alike.set(key, [organisation]);
      else members.push(organisation);
    }
    const likeIt = new Map<number, number[]>();
    for (const [judged, ...others] of alike.values()) if (judged !== undefined) likeIt.set(judged, others);
    this.likeIt = likeIt;
  }

  /** The answers of the component, worked out on its first audit (`groups`: its organisations'). */
  static of(component: Component, groups: OrganisationGroups): ComponentAnswers {
    let found = byComponent.get(component);
    if (found === undefined) {
      found = new ComponentAnswers(component, groups);
      byComponent.set(component, found);
    }
    return found;
  }

  /** A table with its follow-ups, transitively. */
  subtreeOf(table: LinkedTable): LinkedTable[] {
    let found = this.subtrees.get(table.id);
    if (found === undefined) {
      found = [table];
      for (let at = 0; at < found.length; at += 1) {
        for (const child of this.children.get(found[at]?.id ?? '') ?? []) if (!found.includes(child)) found.push(child);
      }
      this.subtrees.set(table.id, found);
    }
    return found;
  }

  /** Each organisation's answer to a table as a key (answerKey), in the organisations' order. */
  keysOf(table: LinkedTable): readonly string[] {
    let found = this.keys.get(table.id);
    if (found === undefined) {
      found = (table.answers ?? []).map((answer) => answerKey(table, answer));
      this.keys.set(table.id, found);
    }
    return found;
  }

  /**
   * Each organisation's answers to a question and its follow-ups as a number: the same number for the same answers
   * (numbered from 0 in the organisations' order); `count` numbers in all.
   */
  profileOf(root: LinkedTable): { numbers: Int32Array; count: number } {
    let found = this.profiles.get(root.id);
    if (found === undefined) {
      const parts = this.subtreeOf(root).map((table) => this.keysOf(table));
      const size = this.component.tables[0]?.organisations?.length ?? 0;
      const numbers = new Int32Array(size);
      const byKey = new Map<string, number>();
      for (let organisation = 0; organisation < size; organisation += 1) {
        const key = parts.map((keys) => keys[organisation] ?? '').join('|');
        let number = byKey.get(key);
        if (number === undefined) {
          number = byKey.size;
          byKey.set(key, number);
        }
        numbers[organisation] = number;
      }
      found = { numbers, count: byKey.size };
      this.profiles.set(root.id, found);
    }
    return found;
  }
}

/** The key of a question not shown. */
export const unshown = '-';

/** An organisation's answer to one table as a key: not shown, unanswered, or its codes. */
export function answerKey(table: LinkedTable, answer: Answer): string {
  if (answer === undefined) return unshown;
  if (answer === null) return '0';
  return table.kind === 'number' ? '1' : `=${[...answer].sort().join(',')}`;
}
