import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AdditiveRelation,
  applyDisclosureControl,
  type DisclosureCell,
  type ProtectedCell,
} from './disclosure.ts';
import { disclosurePolicy } from './disclosure-policy.ts';

function cell(id: string, yes: number, no: number): DisclosureCell {
  return { id, respondents: yes + no, counts: { yes, no } };
}

function summarise(cells: readonly ProtectedCell[]): Record<string, string> {
  return Object.fromEntries(cells.map((c) => [c.id, c.suppressed ? c.reason : 'published']));
}

test('a group under the threshold is suppressed and a published parent makes its smallest sibling go too', () => {
  // total = a + b + c + d; b has 3 respondents (< 5). Without more, b = total - a - c - d, so the smallest
  // published sibling (c, 6) is suppressed as well; the larger ones stay.
  const cells = [cell('total', 30, 20), cell('a', 10, 10), cell('b', 1, 2), cell('c', 3, 3), cell('d', 16, 5)];
  const relations = [{ parentId: 'total', childIds: ['a', 'b', 'c', 'd'] }];
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations)), {
    total: 'published',
    a: 'published',
    b: 'primary',
    c: 'complementary',
    d: 'published',
  });
});

test('the threshold is configurable', () => {
  const cells = [cell('total', 9, 6), cell('a', 2, 2), cell('b', 7, 4)];
  const relations = [{ parentId: 'total', childIds: ['a', 'b'] }];
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations, { minimumRespondents: 4 })), {
    total: 'published',
    a: 'published',
    b: 'published',
  });
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations, { minimumRespondents: 5 })), {
    total: 'published',
    a: 'primary',
    b: 'complementary',
  });
});

test('a group where all, or all but one, answered alike is suppressed, except the national root', () => {
  // a: 10 of 10 yes (unanimous); b: 9 yes, 1 no (all but one): both primary. d: 8 yes, 2 no has two others and
  // stays. a + b = 19 yes, 1 no is derivable and all but one too, so the smallest published sibling (c, tied
  // with d on 10, first by id) joins: a + b + c = 25 yes, 5 no passes.
  const cells = [
    cell('total', 39, 13),
    cell('a', 10, 0),
    cell('b', 9, 1),
    cell('c', 6, 4),
    cell('d', 8, 2),
    cell('e', 6, 6),
  ];
  const relations = [{ parentId: 'total', childIds: ['a', 'b', 'c', 'd', 'e'] }];
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations)), {
    total: 'published',
    a: 'primary',
    b: 'primary',
    c: 'complementary',
    d: 'published',
    e: 'published',
  });
  // 21 of 21 regions: a root, published as SKR does ("i samtliga regioner"); the 21 single-region län are not.
  const regions = [cell('region', 21, 0), ...Array.from({ length: 21 }, (_, index) => cell(`lan-${index}`, 1, 0))];
  const byCounty = [{ parentId: 'region', childIds: regions.slice(1).map((c) => c.id) }];
  const result = applyDisclosureControl(regions, byCounty);
  assert.equal(result[0]?.suppressed, false);
  assert.ok(result.slice(1).every((c) => c.suppressed && c.reason === 'primary'));
  // With the rule switched off (0) only the threshold remains.
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations, { minimumOtherAnswers: 0 })), {
    total: 'published',
    a: 'published',
    b: 'published',
    c: 'published',
    d: 'published',
    e: 'published',
  });
});

test('suppressed siblings must together pass the rules, or the next-smallest sibling joins them', () => {
  // b (3 yes) and c (6 yes) are unanimous; together, total - a - d = 9 yes, 0 no would still reveal both.
  // d (7: 5 yes, 2 no) is the next-smallest published sibling; b + c + d = 14 yes, 2 no passes.
  const cells = [cell('total', 30, 10), cell('a', 16, 8), cell('b', 3, 0), cell('c', 6, 0), cell('d', 5, 2)];
  const relations = [{ parentId: 'total', childIds: ['a', 'b', 'c', 'd'] }];
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations)), {
    total: 'published',
    a: 'published',
    b: 'primary',
    c: 'primary',
    d: 'complementary',
  });
});

test('a suppressed parent whose children are all published loses its smallest child', () => {
  // q (3) is primary, p (10) its smallest sibling; p = p1 + p2 would give p back, so p1 (tie on size, by id) goes.
  const cells = [
    cell('root', 30, 18),
    cell('p', 5, 5),
    cell('q', 2, 1),
    cell('s', 23, 12),
    cell('p1', 3, 2),
    cell('p2', 2, 3),
  ];
  const relations: AdditiveRelation[] = [
    { parentId: 'root', childIds: ['p', 'q', 's'] },
    { parentId: 'p', childIds: ['p1', 'p2'] },
  ];
  assert.deepEqual(summarise(applyDisclosureControl(cells, relations)), {
    root: 'published',
    p: 'complementary',
    q: 'primary',
    s: 'published',
    p1: 'complementary',
    p2: 'published',
  });
});

test('a suppressed cell carries no numbers, and a published cell carries its own', () => {
  const cells = [cell('total', 9, 6), cell('a', 2, 2), cell('b', 7, 4)];
  const [total, a] = applyDisclosureControl(cells, [{ parentId: 'total', childIds: ['a', 'b'] }]);
  assert.deepEqual(a, { id: 'a', suppressed: true, reason: 'primary' });
  assert.deepEqual(total, { id: 'total', suppressed: false, respondents: 15, counts: { yes: 9, no: 6 } });
});

test('inconsistent tables are refused rather than protected unsoundly', () => {
  const relations = [{ parentId: 'total', childIds: ['a', 'b'] }];
  assert.throws(
    () => applyDisclosureControl([cell('total', 9, 6), cell('a', 2, 2), cell('b', 7, 3)], relations),
    RangeError,
  );
  assert.throws(() => applyDisclosureControl([cell('total', 9, 6), cell('a', 2, 2)], relations), RangeError);
  assert.throws(() => applyDisclosureControl([cell('a', 1, 1), cell('a', 1, 1)], []), RangeError);
  assert.throws(() => applyDisclosureControl([{ id: 'a', respondents: 2, counts: { yes: 3 } }], []), RangeError);
  assert.throws(() => applyDisclosureControl([], [], { minimumRespondents: 0 }), RangeError);
});

test('the policy text states the default threshold in both languages', () => {
  assert.match(disclosurePolicy.sv, /färre än 5 organisationer/);
  assert.match(disclosurePolicy.en, /fewer than 5 organisations/);
  assert.match(disclosurePolicy.sv, /alla utom en/);
  assert.match(disclosurePolicy.en, /all but one/);
});
