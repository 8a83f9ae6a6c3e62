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

test('the organisation audit sees an answer that the crossed groups give away, and names cells that help', () => {
  // Both län are hidden, but k2 is published with no "yes": o2 (and o4) said "no", whatever the län hide.
  const table = yesNoTable({ o1: 'yes', o2: 'no', o3: 'no', o4: 'no' });
  const audit = auditOrganisations(
    { tables: [table] },
    suppress(table, ['kommun:county:c1', 'kommun:county:c2']),
    policy,
  );
  assert.ok(audit.failures.some((failure) => failure.check === 'organisation' && failure.detail.includes('"no"')));
  assert.ok(audit.repairs.size > 0, 'an exchange of answers shows which published cells to hide as well');
});

test('the organisation audit refutes every claim when exchanges of answers keep all published figures', () => {
  // Everything but the national figure hidden, two "yes" and two "no" across both län and kommungrupper: o2 and o1
  // (same län) or o2 and o4 (same kommungrupp) may have swapped answers, so no one, insider or not, learns anyone's.
  const table = yesNoTable({ o1: 'yes', o2: 'no', o3: 'no', o4: 'yes' });
  const hidden = [
    'kommun:county:c1',
    'kommun:county:c2',
    'kommun:municipality-group:k1',
    'kommun:municipality-group:k2',
  ];
  const audit = auditOrganisations({ tables: [table] }, suppress(table, hidden), policy);
  assert.deepEqual(audit.failures, []);
  assert.ok(audit.claims >= 4);
});

test('an insider that knows its own answer is reckoned with: the national "1 yes" is its own', () => {
  // Only the national figure is published: 1 yes, 3 no. Anyone else is left guessing, but o1, which said "yes",
  // learns that all the others said "no".
  const table = yesNoTable({ o1: 'yes', o2: 'no', o3: 'no', o4: 'no' });
  const hidden = [
    'kommun:county:c1',
    'kommun:county:c2',
    'kommun:municipality-group:k1',
    'kommun:municipality-group:k2',
  ];
  const audit = auditOrganisations({ tables: [table] }, suppress(table, hidden), policy);
  assert.ok(audit.failures.some((failure) => failure.detail.startsWith('a member that knows its own answers')));
});
