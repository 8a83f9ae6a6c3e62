import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditComponent } from './attacker-audit.ts';
import { createDisclosurePolicy } from './disclosure-policy.ts';
import type { LinkedCell, LinkedTable } from './linked-set.ts';
import { isPrimarySensitive } from './primary-rules.ts';
import { pruneComplementary } from './protect-linked-set.ts';
import { buildConstraints, chooseSuppression, indexComponent } from './secondary-suppression.ts';

const policy = createDisclosurePolicy(5);

/** A yes/partly/no cell whose members all submitted and answered. */
function cell(groupId: string, yes: number, partly: number, no: number): LinkedCell {
  const respondents = yes + partly + no;
  return {
    groupId,
    population: respondents,
    submitted: respondents,
    respondents,
    counts: { yes, partly, no },
    isNational: groupId === 'kommun',
  };
}

function table(cells: LinkedCell[], relations: LinkedTable['relations']): LinkedTable {
  return {
    id: 'q@kommun',
    questionKey: 'q',
    kind: 'single-choice',
    codes: ['yes', 'partly', 'no'],
    cells,
    relations,
    trigger: null,
  };
}

function primaryOf(component: { tables: LinkedTable[] }): Set<number> {
  const { cells } = indexComponent(component);
  return new Set(
    cells.filter((entry) => isPrimarySensitive(entry.table, entry.cell, policy)).map((entry) => entry.index),
  );
}

function groupsOf(component: { tables: LinkedTable[] }, indexes: ReadonlySet<number>): string[] {
  const { cells } = indexComponent(component);
  return cells.filter((entry) => indexes.has(entry.index)).map((entry) => entry.cell.groupId);
}

test('a zero that a published main group gives away is protected by the solver itself, up the hierarchy', async () => {
  // A1 (4 respondents) can only be hidden with A2, and main group A publishes "no" = 0, which would tell both their
  // zeros: A must go too, and then a group that did answer "no" (B) beside it, with a child of B.
  const component = {
    tables: [
      table(
        [
          cell('kommun', 34, 18, 7),
          cell('A', 12, 7, 0),
          cell('A1', 2, 2, 0),
          cell('A2', 10, 5, 0),
          cell('B', 22, 11, 7),
          cell('B1', 10, 5, 3),
          cell('B2', 12, 6, 4),
        ],
        [
          { parentId: 'kommun', childIds: ['A', 'B'] },
          { parentId: 'A', childIds: ['A1', 'A2'] },
          { parentId: 'B', childIds: ['B1', 'B2'] },
        ],
      ),
    ],
  };
  const primary = primaryOf(component);
  assert.deepEqual(groupsOf(component, primary), ['A1']);
  const { suppressed, method } = await chooseSuppression(component, primary, policy, { timeLimitSeconds: 5 });
  assert.equal(method, 'optimal');
  const hidden = groupsOf(component, suppressed);
  assert.ok(hidden.includes('A') && hidden.includes('B'), hidden.join(', '));
  assert.ok(!hidden.includes('kommun'));
  const audit = await auditComponent(component, suppressed, policy);
  assert.deepEqual(audit.failures, [], 'no repair round is needed');
});

test('complementary cells that the repairs left redundant are published again, and the audit still passes', async () => {
  const counties = [cell('c1', 8, 3, 2), cell('c2', 2, 1, 0), cell('c3', 7, 3, 2), cell('c4', 12, 4, 3)];
  const component = {
    tables: [
      table(
        [cell('kommun', 29, 11, 7), ...counties],
        [{ parentId: 'kommun', childIds: counties.map((c) => c.groupId) }],
      ),
    ],
  };
  const primary = primaryOf(component);
  assert.deepEqual(groupsOf(component, primary), ['c2']);
  // As if the repair rounds had hidden every county.
  const everyCounty = new Set([1, 2, 3, 4]);
  const grown = {
    suppressed: everyCounty,
    method: 'optimal' as const,
    audit: await auditComponent(component, everyCounty, policy),
  };
  assert.deepEqual(grown.audit.failures, []);
  const pruned = await pruneComplementary(component, primary, grown, policy, 5);
  const hidden = groupsOf(component, pruned.suppressed);
  assert.equal(hidden.length, 2, hidden.join(', '));
  assert.ok(hidden.includes('c2'));
  assert.deepEqual(pruned.audit.failures, []);
  assert.deepEqual(await auditComponent(component, pruned.suppressed, policy), pruned.audit);
  // Every cover constraint still holds.
  for (const constraint of buildConstraints(component, primary, policy)) {
    const value = constraint.terms.reduce(
      (sum, [index, coefficient]) => sum + (pruned.suppressed.has(index) ? coefficient : 0),
      0,
    );
    assert.ok(value >= constraint.lower);
  }
});
