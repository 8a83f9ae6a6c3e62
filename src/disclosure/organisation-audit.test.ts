import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDisclosurePolicy } from './disclosure-policy.ts';
import type { LinkedCell, LinkedOrganisation, LinkedTable } from './linked-set.ts';
import { auditOrganisations } from './organisation-audit.ts';
import { indexComponent } from './secondary-suppression.ts';

/**
 * Four kommuner in two län (c1, c2) crossed with two kommungrupper (k1, k2), one in each combination: what the
 * registry tells any attacker. o1 is in c1 and k1, o2 in c1 and k2, o3 in c2 and k1, o4 in c2 and k2.
 */
const groupsOf: Record<string, string[]> = {
  o1: ['kommun', 'kommun:county:c1', 'kommun:municipality-group:k1'],
  o2: ['kommun', 'kommun:county:c1', 'kommun:municipality-group:k2'],
  o3: ['kommun', 'kommun:county:c2', 'kommun:municipality-group:k1'],
  o4: ['kommun', 'kommun:county:c2', 'kommun:municipality-group:k2'],
};
const organisations: LinkedOrganisation[] = Object.entries(groupsOf).map(([code, groupIds]) => ({
  code,
  isSubmitted: true,
  groupIds,
}));

function yesNoTable(answers: Record<string, 'yes' | 'no'>): LinkedTable {
  const groupIds = ['kommun', ...new Set(Object.values(groupsOf).flatMap((ids) => ids.slice(1)))];
  const cells = groupIds.map((groupId): LinkedCell => {
    const members = organisations.filter((organisation) => organisation.groupIds.includes(groupId));
    const yes = members.filter((organisation) => answers[organisation.code] === 'yes').length;
    return {
      groupId,
      population: members.length,
      submitted: members.length,
      respondents: members.length,
      counts: { yes, no: members.length - yes },
      isNational: groupId === 'kommun',
    };
  });
  return {
    id: 'q@kommun',
    questionKey: 'q',
    kind: 'single-choice',
    codes: ['yes', 'no'],
    cells,
    relations: [
      { parentId: 'kommun', childIds: ['kommun:county:c1', 'kommun:county:c2'] },
      { parentId: 'kommun', childIds: ['kommun:municipality-group:k1', 'kommun:municipality-group:k2'] },
    ],
    trigger: null,
    organisations,
    answers: organisations.map((organisation) => [answers[organisation.code] ?? 'no']),
  };
}

function suppress(table: LinkedTable, groupIds: readonly string[]): Set<number> {
  const { cells } = indexComponent({ tables: [table] });
  return new Set(cells.filter(({ cell }) => groupIds.includes(cell.groupId)).map(({ index }) => index));
}

const policy = createDisclosurePolicy(5);

test('the organisation audit sees an answer that the crossed groups give away, and names cells that help', async () => {
  // Both län are hidden, but k2 is published with no "yes": o2 (and o4) said "no", whatever the län hide.
  const table = yesNoTable({ o1: 'yes', o2: 'no', o3: 'no', o4: 'no' });
  const audit = await auditOrganisations(
    { tables: [table] },
    suppress(table, ['kommun:county:c1', 'kommun:county:c2']),
    policy,
  );
  assert.ok(audit.failures.some((failure) => failure.check === 'organisation' && failure.detail.includes('"no"')));
  assert.ok(audit.repairs.size > 0, 'an exchange of answers shows which published cells to hide as well');
});

test('the organisation audit refutes every claim when exchanges of answers keep all published figures', async () => {
  // Everything but the national figure hidden, two "yes" and two "no" across both län and kommungrupper: o2 and o1
  // (same län) or o2 and o4 (same kommungrupp) may have swapped answers, so no one, insider or not, learns anyone's.
  const table = yesNoTable({ o1: 'yes', o2: 'no', o3: 'no', o4: 'yes' });
  const hidden = [
    'kommun:county:c1',
    'kommun:county:c2',
    'kommun:municipality-group:k1',
    'kommun:municipality-group:k2',
  ];
  const audit = await auditOrganisations({ tables: [table] }, suppress(table, hidden), policy);
  assert.deepEqual(audit.failures, []);
  assert.ok(audit.claims >= 4);
});

test('an insider that knows its own answer is reckoned with: the national "1 yes" is its own', async () => {
  // Only the national figure is published: 1 yes, 3 no. Anyone else is left guessing, but o1, which said "yes",
  // learns that all the others said "no".
  const table = yesNoTable({ o1: 'yes', o2: 'no', o3: 'no', o4: 'no' });
  const hidden = [
    'kommun:county:c1',
    'kommun:county:c2',
    'kommun:municipality-group:k1',
    'kommun:municipality-group:k2',
  ];
  const audit = await auditOrganisations({ tables: [table] }, suppress(table, hidden), policy);
  assert.ok(audit.failures.some((failure) => failure.detail.startsWith('a member that knows its own answers')));
});

/**
 * Kommuner at given (län, kommungrupp) places, every group published: a yes/no table over them. With places on a
 * cycle through län and kommungrupper and no four on a rectangle, no exchange of answers keeps every figure; only a
 * rotation of the answers around the whole cycle does.
 */
function cycleTable(places: readonly [string, string, 'yes' | 'no'][]): LinkedTable {
  const members: LinkedOrganisation[] = places.map(([county, group], index) => ({
    code: `o${index}`,
    isSubmitted: true,
    groupIds: ['kommun', `kommun:county:${county}`, `kommun:municipality-group:${group}`],
  }));
  const counties = [...new Set(places.map(([county]) => `kommun:county:${county}`))];
  const groups = [...new Set(places.map(([, group]) => `kommun:municipality-group:${group}`))];
  const cells = ['kommun', ...counties, ...groups].map((groupId): LinkedCell => {
    const inGroup = places.filter((_, index) => members[index]?.groupIds.includes(groupId));
    const yes = inGroup.filter(([, , answer]) => answer === 'yes').length;
    return {
      groupId,
      population: inGroup.length,
      submitted: inGroup.length,
      respondents: inGroup.length,
      counts: { yes, no: inGroup.length - yes },
      isNational: groupId === 'kommun',
    };
  });
  return {
    id: 'q@kommun',
    questionKey: 'q',
    kind: 'single-choice',
    codes: ['yes', 'no'],
    cells,
    relations: [
      { parentId: 'kommun', childIds: counties },
      { parentId: 'kommun', childIds: groups },
    ],
    trigger: null,
    organisations: members,
    answers: places.map(([, , answer]) => [answer]),
  };
}

/** Six kommuner on one cycle through three län and three kommungrupper, "yes" and "no" taking turns. */
const hexagon: [string, string, 'yes' | 'no'][] = [
  ['c1', 'k1', 'yes'],
  ['c1', 'k2', 'no'],
  ['c2', 'k2', 'yes'],
  ['c2', 'k3', 'no'],
  ['c3', 'k3', 'yes'],
  ['c3', 'k1', 'no'],
];

test('the exact model refutes for the public what no exchange does, and finds what an insider can tell', async () => {
  // Rotating the answers around the cycle keeps every figure, so nobody outside learns an answer; but that is the
  // only other world, and it changes every kommun: any one of them, knowing its own answer, knows all six.
  const table = cycleTable(hexagon);
  const audit = await auditOrganisations({ tables: [table] }, new Set(), policy);
  assert.ok(audit.checkedExactly > 0, 'the exchanges alone cannot settle these claims');
  assert.ok(audit.failures.length > 0);
  for (const failure of audit.failures) {
    assert.ok(failure.detail.startsWith('a member that knows its own answers'), failure.detail);
  }
});

test('two cycles through one kommun leave its answer open to everyone, which the exchanges alone cannot show', async () => {
  // o0 (c1, k1) lies on two cycles that share no other kommun: rotating either keeps every figure, and each insider
  // is on at most one of them, so nobody can tell o0's answer, nor any other.
  const table = cycleTable([
    ...hexagon,
    ['c1', 'k4', 'no'],
    ['c4', 'k4', 'yes'],
    ['c4', 'k5', 'no'],
    ['c5', 'k5', 'yes'],
    ['c5', 'k1', 'no'],
  ]);
  const audit = await auditOrganisations({ tables: [table] }, new Set(), policy);
  assert.ok(audit.checkedExactly > 0, 'the exchanges alone cannot settle these claims');
  assert.equal(
    audit.failures.some((failure) => failure.detail.includes('"yes"') && failure.groupId === 'kommun:county:c1'),
    false,
  );
});

/**
 * Nine kommuner, one in each of three län by three kommungrupper, answering yes, partly or no (three answers: no
 * longer a totally unimodular model), against an oracle that tries all 3^9 sets of answers.
 */
function gridTable(answers: readonly string[]): LinkedTable {
  const places = answers.map((answer, index): [string, string, string] => [
    `c${Math.floor(index / 3)}`,
    `k${index % 3}`,
    answer,
  ]);
  const members: LinkedOrganisation[] = places.map(([county, group], index) => ({
    code: `o${index}`,
    isSubmitted: true,
    groupIds: ['kommun', `kommun:county:${county}`, `kommun:municipality-group:${group}`],
  }));
  const counties = ['c0', 'c1', 'c2'].map((county) => `kommun:county:${county}`);
  const groups = ['k0', 'k1', 'k2'].map((group) => `kommun:municipality-group:${group}`);
  const codes = ['yes', 'partly', 'no'];
  const cells = ['kommun', ...counties, ...groups].map((groupId): LinkedCell => {
    const inGroup = places.filter((_, index) => members[index]?.groupIds.includes(groupId));
    const counts = Object.fromEntries(codes.map((code) => [code, inGroup.filter((place) => place[2] === code).length]));
    return {
      groupId,
      population: inGroup.length,
      submitted: inGroup.length,
      respondents: inGroup.length,
      counts,
      isNational: groupId === 'kommun',
    };
  });
  return {
    id: 'q@kommun',
    questionKey: 'q',
    kind: 'single-choice',
    codes,
    cells,
    relations: [
      { parentId: 'kommun', childIds: counties },
      { parentId: 'kommun', childIds: groups },
    ],
    trigger: null,
    organisations: members,
    answers: places.map(([, , answer]) => [answer]),
  };
}

/** Per organisation: null when nobody can tell its answer, else whether anyone (or only an insider) can. */
function oracle(table: LinkedTable, hidden: ReadonlySet<number>): ('anyone' | 'insider' | null)[] {
  const truth = (table.answers ?? []).map((answer) => answer?.[0] ?? '');
  const published = table.cells.filter((_, index) => !hidden.has(index));
  const fits = (world: string[]) =>
    published.every((cell) =>
      table.codes.every((code) => {
        const count = world.filter(
          (answer, index) => answer === code && table.organisations?.[index]?.groupIds.includes(cell.groupId),
        ).length;
        return count === (cell.counts[code] ?? 0);
      }),
    );
  const worlds: string[][] = [];
  for (let number = 0; number < 3 ** truth.length; number += 1) {
    const world = truth.map((_, index) => table.codes[Math.floor(number / 3 ** index) % 3] ?? '');
    if (fits(world)) worlds.push(world);
  }
  return truth.map((answer, x) => {
    if (worlds.every((world) => world[x] === answer)) return 'anyone';
    const isTold = truth.some(
      (own, insider) => insider !== x && worlds.every((world) => world[insider] !== own || world[x] === answer),
    );
    return isTold ? 'insider' : null;
  });
}

test('over three answers the audit fails exactly the answers that an exhaustive search finds determined', async () => {
  const rounds: { answers: string[]; hidden: string[] }[] = [
    { answers: ['yes', 'partly', 'no', 'partly', 'no', 'yes', 'no', 'yes', 'partly'], hidden: [] },
    { answers: ['yes', 'yes', 'no', 'partly', 'no', 'yes', 'no', 'yes', 'partly'], hidden: [] },
    // Län c0 answered yes all three: anyone can tell, as the group tables show too.
    { answers: ['yes', 'yes', 'yes', 'partly', 'no', 'no', 'no', 'partly', 'partly'], hidden: [] },
    {
      answers: ['yes', 'yes', 'no', 'partly', 'no', 'yes', 'no', 'partly', 'partly'],
      hidden: ['kommun:county:c0', 'kommun:county:c1'],
    },
    {
      answers: ['no', 'yes', 'no', 'partly', 'no', 'yes', 'yes', 'partly', 'no'],
      hidden: ['kommun:municipality-group:k0', 'kommun:municipality-group:k2'],
    },
  ];
  for (const { answers, hidden } of rounds) {
    const table = gridTable(answers);
    const suppressed = suppress(table, hidden);
    const expected = oracle(table, suppressed);
    const audit = await auditOrganisations({ tables: [table] }, suppressed, policy);
    const answerFailures = audit.failures.filter((failure) => failure.detail.includes("one organisation's answer"));
    const count = (kind: 'anyone' | 'insider') => expected.filter((found) => found === kind).length;
    assert.equal(
      answerFailures.filter((failure) => failure.detail.startsWith('anyone')).length,
      count('anyone'),
      `${answers.join(' ')}: answers anyone can tell`,
    );
    assert.equal(
      answerFailures.filter((failure) => failure.detail.startsWith('a member')).length,
      count('insider'),
      `${answers.join(' ')}: answers only an insider can tell`,
    );
  }
});

test('an insider may work out a count withheld only to protect another, but not a near-unanimous one', async () => {
  // One län; s alone in kommungrupp k1 (withheld: one respondent), k2 withheld as its partner, k3 and the nation
  // published. s knows its own answer, so the nation minus k3 minus s gives k2's count; nobody else can tell it.
  const policy2 = createDisclosurePolicy(2);
  const place = (group: string, answer: 'yes' | 'no'): [string, string, 'yes' | 'no'] => ['c1', group, answer];
  const round = (k2: ('yes' | 'no')[]) =>
    cycleTable([
      place('k1', 'yes'),
      ...k2.map((answer) => place('k2', answer)),
      ...(['yes', 'yes', 'no', 'no'] as const).map((answer) => place('k3', answer)),
    ]);
  const hidden = ['kommun:municipality-group:k1', 'kommun:municipality-group:k2'];
  const assertInsiderLearnsK2 = (failures: readonly { groupId: string; detail: string }[]) =>
    assert.ok(
      failures.some(
        (failure) =>
          failure.groupId === 'kommun:municipality-group:k2' &&
          failure.detail.startsWith('a member that knows its own answers can tell the suppressed count'),
      ),
      JSON.stringify(failures),
    );

  // k2: 3 "yes" and 3 "no" passes the rules on its own; that s learns it gives away nothing the rules protect.
  const mixed = round(['yes', 'yes', 'yes', 'no', 'no', 'no']);
  const open = await auditOrganisations({ tables: [mixed] }, suppress(mixed, hidden), policy2);
  assert.deepEqual(open.failures, []);
  // Withheld for the differences with an earlier version, the same count is claimed for every insider too.
  const differences = new Set(['q@kommun|kommun:municipality-group:k2']);
  const versioned = await auditOrganisations({ tables: [mixed] }, suppress(mixed, hidden), policy2, {
    extraPrimary: differences,
  });
  assertInsiderLearnsK2(versioned.failures);

  // k2: 5 "yes" and 1 "no" is near-unanimous (withheld by a rule): s must not learn it.
  const nearlyAll = round(['yes', 'yes', 'yes', 'yes', 'yes', 'no']);
  const closed = await auditOrganisations({ tables: [nearlyAll] }, suppress(nearlyAll, hidden), policy2);
  assertInsiderLearnsK2(closed.failures);
  assert.equal(
    closed.failures.some((failure) => failure.detail.startsWith('anyone')),
    false,
    'the public cannot tell k2 apart from k1',
  );
});
