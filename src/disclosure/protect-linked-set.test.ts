import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDisclosurePolicy } from './disclosure-policy.ts';
import { cellKey, type LinkedCell, type LinkedTable } from './linked-set.ts';
import { isPrimarySensitive } from './primary-rules.ts';
import { auditLinkedSet, protectLinkedSet } from './protect-linked-set.ts';

const policy = createDisclosurePolicy(5);

/** A yes/no cell whose members all submitted; `population` defaults to the submitted count. */
function yesNo(groupId: string, yes: number, no: number, extra: Partial<LinkedCell> = {}): LinkedCell {
  const respondents = yes + no;
  return {
    groupId,
    population: respondents,
    submitted: respondents,
    respondents,
    counts: { yes, no },
    isNational: groupId === 'kommun',
    ...extra,
  };
}

/** The national figure of kommuner as the sum of the given county cells. */
function countyTable(id: string, counties: LinkedCell[], extra: Partial<LinkedTable> = {}): LinkedTable {
  const sum = (pick: (cell: LinkedCell) => number) => counties.reduce((total, cell) => total + pick(cell), 0);
  const national: LinkedCell = {
    groupId: 'kommun',
    population: sum((cell) => cell.population),
    submitted: sum((cell) => cell.submitted),
    respondents: sum((cell) => cell.respondents),
    counts: { yes: sum((cell) => cell.counts.yes ?? 0), no: sum((cell) => cell.counts.no ?? 0) },
    isNational: true,
  };
  return {
    id,
    questionKey: id.split('@')[0] ?? id,
    kind: 'single-choice',
    codes: ['yes', 'no'],
    cells: [national, ...counties],
    relations: [{ parentId: 'kommun', childIds: counties.map((cell) => cell.groupId) }],
    trigger: null,
    ...extra,
  };
}

function hiddenGroups(suppressed: ReadonlySet<string>, tableId: string): string[] {
  const prefix = `${tableId}|`;
  return [...suppressed].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}

test('a small county is suppressed with a partner that keeps it from being the difference, and the audit passes', async () => {
  const table = countyTable('q@kommun', [yesNo('c1', 6, 4), yesNo('c2', 2, 1), yesNo('c3', 7, 5), yesNo('c4', 20, 10)]);
  const { suppressed, audit } = await protectLinkedSet([table], policy);
  const hidden = hiddenGroups(suppressed, table.id);
  assert.ok(hidden.includes('c2'));
  assert.equal(hidden.length, 2, `one partner, the cheapest that protects c2; got ${hidden.join(', ')}`);
  assert.ok(!hidden.includes('kommun'));
  assert.equal(audit.isPassed, true, JSON.stringify(audit.failures));
  assert.equal(audit.cellsProtected, 2);
  assert.ok((audit.smallestRange ?? 0) >= 1);
});

test('the audit fails a hand-made release that publishes everything but one county', async () => {
  const table = countyTable('q@kommun', [yesNo('c1', 6, 4), yesNo('c2', 2, 1), yesNo('c3', 7, 5)]);
  const audit = await auditLinkedSet([table], new Set([cellKey(table.id, 'c2')]), policy);
  assert.equal(audit.isPassed, false);
  assert.ok(audit.failures.some((failure) => failure.groupId === 'c2' && failure.check === 'range'));
  assert.equal(audit.smallestRange, 0);
});

test('the audit fails when a follow-up tells how many gave the triggering answer in a suppressed group', async () => {
  // County c2 is near-unanimous (9 yes, 1 no) and hidden with c3; the follow-up asked of those who said "no" is
  // published everywhere, so its submitted counts give c2's "no" exactly.
  const parent = countyTable('p@kommun', [yesNo('c1', 6, 4), yesNo('c2', 9, 1), yesNo('c3', 7, 5)]);
  const followUp = countyTable(
    'f@kommun',
    [
      yesNo('c1', 2, 2, { population: 6 }),
      yesNo('c2', 1, 0, { population: 10 }),
      yesNo('c3', 3, 2, { population: 12 }),
    ],
    { trigger: { parentTableId: 'p@kommun', codes: ['no'] } },
  );
  const hidden = new Set([cellKey('p@kommun', 'c2'), cellKey('p@kommun', 'c3')]);
  const leaking = await auditLinkedSet([parent, followUp], hidden, createDisclosurePolicy(1));
  assert.equal(leaking.isPassed, false);
  assert.ok(leaking.failures.some((failure) => failure.tableId === 'p@kommun' && failure.groupId === 'c2'));
  // Protected by the engine itself, the follow-up goes wherever its parent goes and the audit passes.
  const { suppressed, audit } = await protectLinkedSet([parent, followUp], createDisclosurePolicy(1));
  for (const group of hiddenGroups(suppressed, 'p@kommun')) {
    assert.ok(suppressed.has(cellKey('f@kommun', group)), `follow-up of ${group} is suppressed too`);
  }
  assert.equal(audit.isPassed, true, JSON.stringify(audit.failures));
});

test('the one member who answered differently cannot learn the others’ answers from a suppressed pair', async () => {
  // c1 is 19 yes, 1 no. Hidden with a unanimous c2 (5 yes), the "no" in c1 would know the pair's total no = 1
  // is its own, so every other member said yes: the audit must see that through the insider's eyes.
  const table = countyTable('q@kommun', [yesNo('c1', 19, 1), yesNo('c2', 5, 0), yesNo('c3', 10, 10)]);
  const pair = new Set([cellKey(table.id, 'c1'), cellKey(table.id, 'c2')]);
  const audit = await auditLinkedSet([table], pair, policy);
  assert.equal(audit.isPassed, false);
  assert.ok(audit.failures.some((failure) => failure.check === 'determined'));
  const protectedSet = await protectLinkedSet([table], policy);
  assert.equal(protectedSet.audit.isPassed, true, JSON.stringify(protectedSet.audit.failures));
});

test('a unanimous national figure is withheld unless the publisher exempts the question', () => {
  const table = countyTable('q@kommun', [yesNo('c1', 10, 0), yesNo('c2', 11, 0)]);
  const national = table.cells[0];
  assert.ok(national !== undefined);
  assert.equal(isPrimarySensitive(table, national, policy), true);
  assert.equal(isPrimarySensitive(table, national, createDisclosurePolicy(5, ['q'])), false);
  // The exemption is for the national figure only.
  const county = table.cells[1];
  assert.ok(county !== undefined);
  assert.equal(isPrimarySensitive(table, county, createDisclosurePolicy(5, ['q'])), true);
});

test('numbers: no figure from fewer than ten values, nor from 11 or 13 (a quartile or median is one answer), nor when two answers dominate the sum', () => {
  const numberCell = (values: number[]): LinkedCell => ({
    groupId: 'c1',
    population: values.length,
    submitted: values.length,
    respondents: values.length,
    counts: {},
    values,
    isNational: false,
  });
  const table: LinkedTable = {
    id: 'n@kommun',
    questionKey: 'n',
    kind: 'number',
    codes: [],
    cells: [],
    relations: [],
    trigger: null,
  };
  const range = (length: number) => Array.from({ length }, (_, index) => index + 1);
  // Fewer than ten values: never. Ten to fourteen: only when no quartile and no median is one answer (even counts).
  const sensitive = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].filter((count) =>
    isPrimarySensitive(table, numberCell(range(count)), policy),
  );
  assert.deepEqual(sensitive, [5, 6, 7, 8, 9, 11, 13]);
  assert.equal(isPrimarySensitive(table, numberCell([...range(13).map(() => 1), 100, 100]), policy), true);
});
