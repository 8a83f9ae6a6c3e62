import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDisclosurePolicy } from './disclosure-policy.ts';
import { cellKey, type LinkedCell, type LinkedOrganisation, type LinkedTable } from './linked-set.ts';
import { auditLinkedSet, protectLinkedSet } from './protect-linked-set.ts';
import {
  type AnswerFingerprints,
  auditDifferences,
  type EarlierRelease,
  mergeSummaries,
  protectAgainstEarlierReleases,
} from './release-differences.ts';

const policy = createDisclosurePolicy(5);
const counties = ['c1', 'c2', 'c3'];

/**
 * One yes/no question over kommuner in three counties of eight, with the given answers (undefined: not submitted),
 * laid out as the results module lays out a round.
 */
function round(answers: readonly ('yes' | 'no' | undefined)[]): LinkedTable {
  const organisations: LinkedOrganisation[] = answers.map((answer, index) => ({
    code: `k${index}`,
    isSubmitted: answer !== undefined,
    groupIds: ['kommun', counties[Math.floor(index / 8)] ?? 'c3'],
  }));
  const cell = (groupId: string): LinkedCell => {
    const members = organisations.flatMap((organisation, index) =>
      organisation.groupIds.includes(groupId) ? [answers[index]] : [],
    );
    const yes = members.filter((answer) => answer === 'yes').length;
    const no = members.filter((answer) => answer === 'no').length;
    return {
      groupId,
      population: members.length,
      submitted: yes + no,
      respondents: yes + no,
      counts: { yes, no },
      isNational: groupId === 'kommun',
    };
  };
  return {
    id: 'q@kommun',
    questionKey: 'q',
    kind: 'single-choice',
    codes: ['yes', 'no'],
    cells: ['kommun', ...counties].map(cell),
    relations: [{ parentId: 'kommun', childIds: counties }],
    trigger: null,
    organisations,
    answers: answers.map((answer) => (answer === undefined ? undefined : [answer])),
  };
}

function fingerprintsOf(answers: readonly ('yes' | 'no' | undefined)[]): AnswerFingerprints {
  return Object.fromEntries(
    answers.flatMap((answer, index) => (answer === undefined ? [] : [[`k${index}`, { q: answer }]])),
  );
}

/** What a version published: its figures outside the suppressed cells. */
function published(table: LinkedTable, suppressed: ReadonlySet<string>): EarlierRelease['published'] {
  return new Map(
    table.cells
      .filter((cell) => !suppressed.has(cellKey(table.id, cell.groupId)))
      .map((cell) => [
        cellKey(table.id, cell.groupId),
        { respondents: cell.respondents, itemNonResponse: cell.submitted - cell.respondents, counts: cell.counts },
      ]),
  );
}

// Mixed answers everywhere, so that each version on its own publishes every figure.
const first: ('yes' | 'no' | undefined)[] = [
  ...['yes', 'no', 'yes', 'no', 'yes', 'no', 'yes', undefined],
  ...['no', 'yes', 'no', 'yes', 'no', 'yes', 'no', 'yes'],
  ...['yes', 'yes', 'no', 'no', 'yes', 'no', 'yes', 'no'],
] as const;
// Version 2: the eighth kommun of c1 answers late.
const second = first.map((answer, index) => (index === 7 ? 'yes' : answer));

test('the audit refuses a second version protected on its own, whose difference with the first is one late answer', async () => {
  const v1 = round(first);
  const v2 = round(second);
  const own1 = await protectLinkedSet([v1], policy);
  assert.equal(own1.suppressed.size, 0, 'version 1 publishes everything');
  const earlier: EarlierRelease[] = [
    { version: 1, published: published(v1, own1.suppressed), fingerprints: fingerprintsOf(first) },
  ];
  // Protected as one version, version 2 publishes everything too: each figure is fine on its own.
  const own2 = await protectLinkedSet([v2], policy);
  assert.equal(own2.suppressed.size, 0);
  assert.equal(own2.audit.isPassed, true);
  // But version 2 minus version 1 is k7's answer, in c1 and in the nation: the release's audit fails.
  const differences = await auditDifferences([v2], own2.suppressed, policy, fingerprintsOf(second), earlier);
  const audit = mergeSummaries([await auditLinkedSet([v2], own2.suppressed, policy)], [differences]);
  assert.equal(audit.isPassed, false);
  const faulted = new Set(audit.failures.map((failure) => failure.groupId));
  assert.deepEqual([...faulted].sort(), ['c1', 'kommun']);
  assert.ok(audit.failures.every((failure) => failure.detail.includes('against version 1')));

  // Protected against version 1, version 2 withholds what the difference needs, and its audit passes.
  const protectedV2 = await protectAgainstEarlierReleases([v2], policy, fingerprintsOf(second), earlier);
  assert.equal(protectedV2.audit.isPassed, true, JSON.stringify(protectedV2.audit.failures));
  assert.ok(protectedV2.suppressed.has(cellKey('q@kommun', 'c1')));
  assert.ok(protectedV2.suppressed.has(cellKey('q@kommun', 'kommun')));
  assert.ok((protectedV2.audit.differencesChecked ?? 0) > 0);
  const again = await auditDifferences([v2], protectedV2.suppressed, policy, fingerprintsOf(second), earlier);
  assert.deepEqual(again.failures, []);
});

test('an unchanged organisation set needs nothing more, and a release without fingerprints lets no figure through again', async () => {
  const v1 = round(first);
  const own1 = await protectLinkedSet([v1], policy);
  const same: EarlierRelease = {
    version: 1,
    published: published(v1, own1.suppressed),
    fingerprints: fingerprintsOf(first),
  };
  const unchanged = await protectAgainstEarlierReleases([v1], policy, fingerprintsOf(first), [same]);
  assert.equal(unchanged.suppressed.size, 0);
  assert.equal(unchanged.audit.isPassed, true);

  const legacy: EarlierRelease = { ...same, fingerprints: null };
  const v2 = round(second);
  const refused = await auditDifferences([v2], new Set(), policy, fingerprintsOf(second), [legacy]);
  assert.equal(refused.failures.length, 4);
  const withheld = await protectAgainstEarlierReleases([v2], policy, fingerprintsOf(second), [legacy]);
  assert.equal(withheld.audit.isPassed, true);
  assert.equal(withheld.suppressed.size, 4);
});
