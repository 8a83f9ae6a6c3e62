import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeWilsonInterval } from './proportion-interval.ts';
import type { GroupFigure } from './results.schema.ts';
import { computeQuestionChange } from './round-changes.ts';

/** A national yes/no figure of `respondents` kommuner out of 290, `yes` of them yes. */
function national(respondents: number, yes: number): GroupFigure {
  const answer = (code: string, count: number) => {
    const interval = computeWilsonInterval({ count, respondents, population: 290 });
    if (interval === null) throw new Error('no respondents');
    return { code, count, share: interval.share, lower: interval.lower, upper: interval.upper };
  };
  return {
    groupId: 'kommun',
    kind: 'organisation-type',
    key: 'kommun',
    organisationType: 'kommun',
    population: 290,
    suppressed: false,
    submitted: respondents,
    respondents,
    itemNonResponse: 0,
    answers: [answer('yes', yes), answer('no', respondents - yes)],
  };
}

/**
 * Answers of one round: `pairs` organisations p0..p(n-1) that answered both rounds (the first `pairedYes` yes), and
 * `others` that answered only this round (the first `othersYes` yes).
 */
function answers(prefix: string, pairs: number, pairedYes: number, others: number, othersYes: number) {
  const map = new Map<string, string>();
  for (let index = 0; index < pairs; index += 1) map.set(`p${index}`, index < pairedYes ? 'yes' : 'no');
  for (let index = 0; index < others; index += 1) map.set(`${prefix}${index}`, index < othersYes ? 'yes' : 'no');
  return map;
}

function change(previous: [number, number, number, number], current: [number, number, number, number]) {
  const [pairs, pairedYesBefore, othersBefore, othersYesBefore] = previous;
  const [, pairedYesAfter, othersAfter, othersYesAfter] = current;
  return computeQuestionChange({
    type: 'yes_no',
    organisationType: 'kommun',
    previousLabel: '2019',
    previousNational: national(pairs + othersBefore, pairedYesBefore + othersYesBefore),
    currentNational: national(pairs + othersAfter, pairedYesAfter + othersYesAfter),
    previous: answers('a', pairs, pairedYesBefore, othersBefore, othersYesBefore),
    current: answers('b', pairs, pairedYesAfter, othersAfter, othersYesAfter),
    minimumRespondents: 5,
  });
}

test('each verdict has the sign of the figure it stands beside, even when the two bases disagree', () => {
  // The 40 that answered both rounds went from 10 to 30 yes; the newcomers of the later round mostly said no, so
  // the share among all respondents fell from 28/60 to 40/100.
  const result = change([40, 10, 20, 18], [40, 30, 60, 10]);
  assert.ok(Math.abs((result.national.difference ?? 0) - (40 / 100 - 28 / 60)) < 1e-15);
  assert.ok((result.national.difference ?? 0) < 0);
  assert.notEqual(result.national.verdict, 'increase');
  assert.equal(result.national.verdict, 'no-significant-change', 'Newcombe: the interval includes zero');
  assert.equal(result.paired.difference, 0.5);
  assert.deepEqual([result.paired.previous, result.paired.current], [0.25, 0.75]);
  assert.equal(result.paired.verdict, 'increase');
  // 20 went no -> yes and none yes -> no: p = 2 / 2^20.
  assert.equal(result.paired.pValue, 2 / 2 ** 20);
});

test('a significant fall among all respondents is called a decrease, with its negative difference', () => {
  const result = change([100, 80, 0, 0], [100, 40, 0, 0]);
  assert.equal(result.national.verdict, 'decrease');
  assert.ok((result.national.difference ?? 0) < 0 && (result.national.upper ?? 0) < 0);
  assert.equal(result.paired.verdict, 'decrease');
  assert.equal(result.paired.difference, -0.4);
});

test('paired figures are withheld when they would reveal the few organisations that answered only one round', () => {
  // Three organisations answered only the later round: national minus paired would be their answers.
  const few = change([40, 10, 0, 0], [40, 30, 3, 1]);
  assert.equal(few.paired.verdict, 'not-tested');
  assert.deepEqual(
    [few.paired.previous, few.paired.current, few.paired.difference, few.paired.pValue],
    [null, null, null, null],
  );
  assert.equal(few.paired.pairs, 40);
  // Ten did, but all of them said yes: as telling as a unanimous group.
  assert.equal(change([40, 10, 0, 0], [40, 30, 10, 10]).paired.verdict, 'not-tested');
  assert.equal(change([40, 10, 0, 0], [40, 30, 10, 9]).paired.verdict, 'not-tested');
  // Ten with mixed answers are a group like any other.
  assert.equal(change([40, 10, 0, 0], [40, 30, 10, 4]).paired.verdict, 'increase');
});

test('too few pairs, or a suppressed national figure, leave the change untested', () => {
  assert.equal(change([4, 0, 40, 20], [4, 4, 40, 20]).paired.verdict, 'not-tested');
  const hidden = computeQuestionChange({
    type: 'yes_no',
    organisationType: 'kommun',
    previousLabel: '2019',
    previousNational: {
      groupId: 'kommun',
      kind: 'organisation-type',
      key: 'kommun',
      organisationType: 'kommun',
      population: 290,
      suppressed: true,
    },
    currentNational: national(40, 30),
    previous: answers('a', 40, 10, 0, 0),
    current: answers('b', 40, 30, 0, 0),
    minimumRespondents: 5,
  });
  assert.equal(hidden.national.verdict, 'not-tested');
  assert.equal(hidden.national.previous, null);
  assert.equal(hidden.paired.verdict, 'not-tested');
});
