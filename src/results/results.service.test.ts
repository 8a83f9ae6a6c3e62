import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDatabaseFixture } from './results.fixtures.ts';
import type { ChoiceGroup, NumberGroup } from './results.schema.ts';
import { computeRoundResults, generateRoundFacts } from './results.service.ts';

const fixture = createDatabaseFixture();
before(() => fixture.setUp());
after(() => fixture.tearDown());

// Twelve kommuner of Stockholms län: 0180 is in A1, 0181 B3, 0188 C6, 0140 B4, the rest A2.
function assertClose(actual: number | null | undefined, expected: number): void {
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= 1e-12 * expected,
    `${actual} is not ${expected}`,
  );
}

const codes = ['0180', '0181', '0188', '0140', '0114', '0115', '0117', '0120', '0123', '0125', '0126', '0127'];

test('a constructed round gives exact figures, intervals, quartiles and paired tests', async () => {
  await fixture.importRows([
    // 2019: only the first says yes; hours are 2023's minus 1..12, so every difference is positive and untied.
    ...codes.map((org, index) => ({
      round: '2019',
      org,
      question: 'ciso_designated',
      value: index === 0 ? 'ja' : 'nej',
    })),
    ...codes.map((org, index) => ({
      round: '2019',
      org,
      question: 'security_hours_per_year',
      value: String(100 * (index + 1) - (index + 1)),
    })),
    // 2023: the first nine say yes (9 of 12), hours 100, 200, ..., 1200.
    ...codes.map((org, index) => ({
      round: '2023',
      org,
      question: 'ciso_designated',
      value: index < 9 ? 'yes' : 'no',
    })),
    ...codes.map((org, index) => ({
      round: '2023',
      org,
      question: 'security_hours_per_year',
      value: String(100 * (index + 1)),
    })),
  ]);
  const results = await computeRoundResults(fixture.db(), '2023', { minimumRespondents: 5 });
  const kommunRate = results.responseRates.find((rate) => rate.groupId === 'kommun');
  assert.deepEqual(kommunRate && { invited: kommunRate.invited, submitted: kommunRate.submitted }, {
    invited: 290,
    submitted: 12,
  });

  const ciso = results.questions.find((question) => question.key === 'ciso_designated');
  const total = ciso?.groups.find((group): group is ChoiceGroup => group.groupId === 'kommun' && !group.suppressed);
  assert.ok(total);
  assert.deepEqual([total.submitted, total.respondents, total.itemNonResponse, total.population], [12, 12, 0, 290]);
  const yes = total.answers.find((answer) => answer.code === 'yes');
  // Wilson with z = 1.959963984540054 and z scaled by sqrt((290 - 12) / 289), computed in Python.
  assert.equal(yes?.count, 9);
  assert.equal(yes?.share, 0.75);
  assert.ok(Math.abs((yes?.lower ?? 0) - 0.47294608976068664) < 1e-12);
  assert.ok(Math.abs((yes?.upper ?? 0) - 0.9093353167709882) < 1e-12);

  // Stockholm is the only respondent of A1: no figure, and no numbers at all in the suppressed cell.
  const a1 = ciso?.groups.find((group) => group.groupId === 'kommun:municipality-group:A1');
  assert.deepEqual(a1 && Object.keys(a1).sort(), [
    'groupId',
    'key',
    'kind',
    'organisationType',
    'population',
    'suppressed',
  ]);

  const hours = results.questions.find((question) => question.key === 'security_hours_per_year');
  const hoursTotal = hours?.groups.find(
    (group): group is NumberGroup => group.groupId === 'kommun' && !group.suppressed,
  );
  // Type 7 quartiles of 100..1200: h = 2.75, 5.5, 8.25.
  assert.deepEqual(
    hoursTotal && [hoursTotal.firstQuartile, hoursTotal.median, hoursTotal.thirdQuartile],
    [375, 650, 925],
  );

  // McNemar: 8 no -> yes, 0 yes -> no: p = 2 / 2^8. Wilcoxon: 12 positive untied ranks: p = 2 / 2^12.
  const cisoChange = ciso?.changes[0];
  assert.equal(cisoChange?.previousLabel, '2019');
  // (b) Paired: the same twelve answered both rounds; the verdict has the sign of the paired difference 8/12.
  assert.equal(cisoChange?.paired.pairs, 12);
  assertClose(cisoChange?.paired.pValue, 2 / 256);
  assert.equal(cisoChange?.paired.verdict, 'increase');
  assert.ok(Math.abs((cisoChange?.paired.difference ?? 0) - 8 / 12) < 1e-15);
  assert.deepEqual([cisoChange?.paired.previous, cisoChange?.paired.current], [1 / 12, 9 / 12]);
  // (a) National: each round's published share over its own respondents, with Newcombe's interval.
  assert.deepEqual([cisoChange?.national.previous, cisoChange?.national.current], [1 / 12, 0.75]);
  assert.ok(Math.abs((cisoChange?.national.difference ?? 0) - (0.75 - 1 / 12)) < 1e-15);
  assert.ok((cisoChange?.national.lower ?? 0) > 0, 'the interval excludes zero');
  assert.equal(cisoChange?.national.verdict, 'increase');
  const hoursChange = hours?.changes[0];
  assert.equal(hoursChange?.paired.test, 'wilcoxon-signed-rank');
  assertClose(hoursChange?.paired.pValue, 2 / 4096);
  assert.equal(hoursChange?.paired.verdict, 'increase');
  assert.equal(hoursChange?.national.verdict, 'not-tested');
  assert.deepEqual(
    ciso?.trend.map((point) => [point.label, point.value]),
    [
      ['2019', 1 / 12],
      ['2023', 0.75],
    ],
  );

  assert.deepEqual(
    (await generateRoundFacts(fixture.db(), '2023', { minimumRespondents: 5 })).map((fact) => fact.sv),
    ['I 9 av de 12 kommuner som svarade finns rollen informationssäkerhetssamordnare (CISO) utpekad.'],
  );
});

test('a change is not called an improvement when McNemar is not significant', async () => {
  // 2025 is compared with 2023: yes for the first nine in 2023; in 2025 the first one says no, 10 and 11 say yes.
  await fixture.importRows(
    codes.map((org, index) => ({
      round: '2025',
      org,
      question: 'ciso_designated',
      value: index >= 1 && index < 11 ? 'yes' : 'no',
    })),
  );
  const results = await computeRoundResults(fixture.db(), '2025', { minimumRespondents: 5 });
  const change = results.questions.find((question) => question.key === 'ciso_designated')?.changes[0];
  // Discordant: yes -> no 1, no -> yes 2: p = 2 P(X <= 1), X ~ Bin(3, 1/2) = 2 * 4/8 = 1.
  assert.equal(change?.previousLabel, '2023');
  assertClose(change?.paired.pValue, 1);
  assert.equal(change?.paired.verdict, 'no-significant-change');
});
