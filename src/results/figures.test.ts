import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChoiceGroupFigures, computeChoiceFigures, computeNumberFigures } from './figures.ts';
import { buildGroups, type PopulationMember } from './groups.ts';

function kommun(code: string, municipalityGroup: string, countyCode: string): PopulationMember {
  return { code, type: 'kommun', municipalityGroup, mainGroup: municipalityGroup.slice(0, 1), countyCode };
}

// 30 kommuner: A1 3 and A2 7 (all in county 01), B3 10 (2 in 01, 8 in 02), C6 10 (all in 02).
const kommuner: PopulationMember[] = [
  ...['k01', 'k02', 'k03'].map((code) => kommun(code, 'A1', '01')),
  ...Array.from({ length: 7 }, (_, i) => kommun(`k1${i}`, 'A2', '01')),
  ...Array.from({ length: 10 }, (_, i) => kommun(`k2${i}`, 'B3', i < 2 ? '01' : '02')),
  ...Array.from({ length: 10 }, (_, i) => kommun(`k3${i}`, 'C6', '02')),
];
const regioner: PopulationMember[] = Array.from({ length: 21 }, (_, i) => ({
  code: String(i + 1).padStart(2, '0'),
  type: 'region',
  municipalityGroup: null,
  mainGroup: null,
  countyCode: String(i + 1).padStart(2, '0'),
}));

function answersFrom(list: readonly (readonly [string, string | null])[]): Map<string, string | null> {
  return new Map(list);
}

// A1: 2 yes, 1 no. A2: 4 yes, 3 no. B3: 6 yes, 4 no (in county 01: one of each). C6: 5 yes, 4 no, one unanswered.
const kommunAnswers = answersFrom([
  ['k01', 'yes'],
  ['k02', 'no'],
  ['k03', 'yes'],
  ['k10', 'yes'],
  ['k11', 'yes'],
  ['k12', 'yes'],
  ['k13', 'yes'],
  ['k14', 'no'],
  ['k15', 'no'],
  ['k16', 'no'],
  ['k20', 'yes'],
  ['k21', 'no'],
  ['k22', 'yes'],
  ['k23', 'yes'],
  ['k24', 'yes'],
  ['k25', 'yes'],
  ['k26', 'yes'],
  ['k27', 'no'],
  ['k28', 'no'],
  ['k29', 'no'],
  ['k30', 'yes'],
  ['k31', 'yes'],
  ['k32', 'yes'],
  ['k33', 'yes'],
  ['k34', 'yes'],
  ['k35', 'no'],
  ['k36', 'no'],
  ['k37', 'no'],
  ['k38', 'no'],
  ['k39', null],
]);

function findGroup<T extends { groupId: string }>(rows: readonly T[], id: string): T {
  const row = rows.find((candidate) => candidate.groupId === id);
  assert.ok(row !== undefined, `no group ${id}`);
  return row;
}

function assertClose(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-14, `${actual} is not ${expected}`);
}

test('kommun figures give counts, item non-response, shares and corrected intervals per group', () => {
  const rows = computeChoiceFigures(kommuner, { answerCodes: ['yes', 'no'], answers: kommunAnswers });
  assert.deepEqual(
    rows.map((row) => row.groupId),
    [
      'kommun',
      'kommun:main-group:A',
      'kommun:municipality-group:A1',
      'kommun:municipality-group:A2',
      'kommun:main-group:B',
      'kommun:municipality-group:B3',
      'kommun:main-group:C',
      'kommun:municipality-group:C6',
      'kommun:county:01',
      'kommun:county:02',
    ],
  );
  const total = findGroup(rows, 'kommun');
  assert.ok(!total.suppressed);
  // By hand: 30 submitted, 29 answered (17 yes, 12 no), one left the question blank.
  assert.deepEqual(
    { population: total.population, submitted: total.submitted, respondents: total.respondents },
    { population: 30, submitted: 30, respondents: 29 },
  );
  assert.equal(total.itemNonResponse, 1);
  const [yes, no] = total.answers;
  assert.equal(yes?.count, 17);
  assert.equal(no?.count, 12);
  assertClose(yes?.interval.share, 17 / 29);
  // Wilson with z_eff = 1.96 * sqrt(1/29): roots of the quadratic in mpmath at 50 digits.
  assertClose(yes?.interval.lower, 0.5526019395476877);
  assertClose(yes?.interval.upper, 0.6190278952409649);
  assertClose(no?.interval.lower, 0.3809721047590351);
  assertClose(no?.interval.upper, 0.4473980604523123);
  // A census group: B3 answered in full, so its interval is the observed 6/10.
  const b3 = findGroup(rows, 'kommun:municipality-group:B3');
  assert.ok(!b3.suppressed);
  assert.deepEqual(b3.answers[0]?.interval, { share: 0.6, lower: 0.6, upper: 0.6 });
});

test('disclosure control runs over the kommun groups: A1 under the threshold takes A2 with it', () => {
  const rows = computeChoiceFigures(kommuner, { answerCodes: ['yes', 'no'], answers: kommunAnswers });
  const status = (row: ChoiceGroupFigures) => (row.suppressed ? 'suppressed' : 'published');
  assert.equal(status(findGroup(rows, 'kommun:municipality-group:A1')), 'suppressed');
  assert.equal(status(findGroup(rows, 'kommun:municipality-group:A2')), 'suppressed');
  assert.equal(status(findGroup(rows, 'kommun:main-group:A')), 'published');
  assert.equal(status(findGroup(rows, 'kommun:county:01')), 'published');
  // A suppressed row says only who the group is and its (public) size.
  assert.deepEqual(findGroup(rows, 'kommun:municipality-group:A1'), {
    groupId: 'kommun:municipality-group:A1',
    kind: 'municipality-group',
    key: 'A1',
    organisationType: 'kommun',
    population: 3,
    suppressed: true,
  });
  // With a threshold of 3, A1 (2 yes, 1 no) is still all-but-one and stays hidden.
  const lenient = computeChoiceFigures(
    kommuner,
    { answerCodes: ['yes', 'no'], answers: kommunAnswers },
    { minimumRespondents: 3 },
  );
  assert.equal(status(findGroup(lenient, 'kommun:municipality-group:A1')), 'suppressed');
});

test('region figures: one group, with answer codes nobody chose counted as zero', () => {
  // 17 yes, 3 no, one region submitted without answering: n = 20 of N = 21.
  const answers = new Map<string, string | null>(
    regioner.map((r, i) => [r.code, i < 17 ? 'yes' : i < 20 ? 'no' : null]),
  );
  const rows = computeChoiceFigures(regioner, { answerCodes: ['yes', 'no', 'unknown'], answers });
  assert.equal(rows.length, 1);
  const [region] = rows;
  assert.ok(region !== undefined && !region.suppressed);
  assert.equal(region.itemNonResponse, 1);
  assert.deepEqual(
    region.answers.map((answer) => answer.count),
    [17, 3, 0],
  );
  // mpmath, as in proportion-interval.test.ts: 17 of 20 of 21 and 3 of 20 of 21.
  assertClose(region.answers[0]?.interval.lower, 0.8116863892693679);
  assertClose(region.answers[0]?.interval.upper, 0.8816550046966246);
  assertClose(region.answers[1]?.interval.lower, 0.11834499530337544);
  assertClose(region.answers[1]?.interval.upper, 0.18831361073063213);
  assert.deepEqual(region.answers[2]?.interval.lower, 0);
});

test('number figures give type-7 quartiles per published group', () => {
  // B3 answers 1..10: Q1 = 1 + 0.25 * 9 = 3.25, median 5.5, Q3 7.75 (by hand, type 7).
  const answers = new Map<string, number | null>(kommuner.map((k, i) => [k.code, i + 1 - 20]));
  for (let i = 0; i < 10; i += 1) answers.set(`k2${i}`, i + 1);
  answers.set('k39', null);
  const rows = computeNumberFigures(kommuner, answers);
  const b3 = findGroup(rows, 'kommun:municipality-group:B3');
  assert.ok(!b3.suppressed);
  assert.deepEqual(b3.quartiles, { firstQuartile: 3.25, median: 5.5, thirdQuartile: 7.75 });
  const c6 = findGroup(rows, 'kommun:municipality-group:C6');
  // C6 (members 21st to 30th) answers 1..9 with k39 blank: h = 8p gives the 3rd, 5th and 7th values: 3, 5, 7.
  assert.ok(!c6.suppressed);
  assert.deepEqual(c6.quartiles, { firstQuartile: 3, median: 5, thirdQuartile: 7 });
  assert.equal(c6.itemNonResponse, 1);
  assert.equal(findGroup(rows, 'kommun:municipality-group:A1').suppressed, true);
});

test('answers that do not fit the population or the question are refused', () => {
  const question = { answerCodes: ['yes', 'no'], answers: answersFrom([['9999', 'yes']]) };
  assert.throws(() => computeChoiceFigures(kommuner, question), RangeError);
  assert.throws(
    () => computeChoiceFigures(kommuner, { answerCodes: ['yes', 'no'], answers: answersFrom([['k01', 'maybe']]) }),
    RangeError,
  );
  assert.throws(() => computeNumberFigures(kommuner, new Map([['k01', Number.POSITIVE_INFINITY]])), RangeError);
});

test('groups: relations add kommungrupper up to main groups and län up to the total', () => {
  const { groups, relations } = buildGroups([...kommuner, ...regioner]);
  assert.equal(groups.length, 11);
  assert.deepEqual(relations, [
    { parentId: 'kommun', childIds: ['kommun:main-group:A', 'kommun:main-group:B', 'kommun:main-group:C'] },
    { parentId: 'kommun:main-group:A', childIds: ['kommun:municipality-group:A1', 'kommun:municipality-group:A2'] },
    { parentId: 'kommun:main-group:B', childIds: ['kommun:municipality-group:B3'] },
    { parentId: 'kommun:main-group:C', childIds: ['kommun:municipality-group:C6'] },
    { parentId: 'kommun', childIds: ['kommun:county:01', 'kommun:county:02'] },
  ]);
  assert.throws(() => buildGroups([{ ...kommun('k1', 'A1', '01'), municipalityGroup: null }]), RangeError);
  assert.throws(
    () => buildGroups([kommun('k1', 'A1', '01'), { ...kommun('k2', 'A1', '01'), mainGroup: 'B' }]),
    RangeError,
  );
  assert.throws(() => buildGroups([kommun('k1', 'A1', '01'), kommun('k1', 'A1', '01')]), RangeError);
});
