import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDisclosurePolicy } from './disclosure-policy.ts';
import type { LinkedCell, LinkedOrganisation, LinkedTable } from './linked-set.ts';
import { auditOrganisations } from './organisation-audit.ts';

/**
 * The organisation audit against brute force: small random rounds (a handful of kommuner at random places in three
 * län and three kommungrupper, random answers, random cells suppressed), every set of answers enumerated, and those
 * that publish every published figure kept. An organisation's answer is determined for anyone when every kept set
 * gives it, for an insider when every kept set that gives the insider its own answers gives it. The audit must fail
 * exactly those answers, no more (it would suppress for nothing) and no fewer (a leak), whatever its shortcuts:
 * worlds kept from an earlier suppression, alike organisations judged once, exchanges, the exact model.
 */

type Answer = readonly string[] | null | undefined;
/** One organisation's answers, one per table (undefined: not shown). */
type Profile = readonly Answer[];

const policy = createDisclosurePolicy(5);

/** A seeded generator (mulberry32), so that a failing round can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface TableShape {
  id: string;
  kind: 'single-choice';
  codes: readonly string[];
  /** Shown only to the organisations whose answer to the first table is one of these. */
  shownAfter?: readonly string[];
}

interface Round {
  organisations: LinkedOrganisation[];
  shapes: readonly TableShape[];
  profiles: Profile[];
  /** Per table, the group ids whose cells are suppressed. */
  hidden: ReadonlySet<string>[];
}

/** Places n kommuner at random in three län and three kommungrupper. */
function placeOrganisations(count: number, random: () => number): LinkedOrganisation[] {
  return Array.from({ length: count }, (_, index) => ({
    code: `o${index}`,
    isSubmitted: true,
    groupIds: [
      'kommun',
      `kommun:county:c${Math.floor(random() * 3)}`,
      `kommun:municipality-group:k${Math.floor(random() * 3)}`,
    ],
  }));
}

function groupsOf(organisations: readonly LinkedOrganisation[]): string[] {
  return [...new Set(organisations.flatMap((organisation) => organisation.groupIds))].sort();
}

/** Counts a table's figures per group over the given profiles, as the linked set publishes them. */
function figures(
  organisations: readonly LinkedOrganisation[],
  profiles: readonly Profile[],
  at: number,
  shape: TableShape,
  groupId: string,
): LinkedCell {
  const members = profiles.filter((_, index) => organisations[index]?.groupIds.includes(groupId));
  const shown = members.map((profile) => profile[at]).filter((answer) => answer !== undefined);
  const answered = shown.filter((answer): answer is readonly string[] => answer !== null);
  return {
    groupId,
    population: members.length,
    submitted: shown.length,
    respondents: answered.length,
    counts: Object.fromEntries(shape.codes.map((code) => [code, answered.filter((a) => a.includes(code)).length])),
    isNational: groupId === 'kommun',
  };
}

function buildTables(round: Round): LinkedTable[] {
  const groupIds = groupsOf(round.organisations);
  const counties = groupIds.filter((id) => id.includes(':county:'));
  const municipalityGroups = groupIds.filter((id) => id.includes(':municipality-group:'));
  const [first] = round.shapes;
  return round.shapes.map((shape, at) => ({
    id: shape.id,
    questionKey: shape.id.split('@')[0] ?? shape.id,
    kind: shape.kind,
    codes: shape.codes,
    cells: groupIds.map((groupId) => figures(round.organisations, round.profiles, at, shape, groupId)),
    relations: [
      { parentId: 'kommun', childIds: counties },
      { parentId: 'kommun', childIds: municipalityGroups },
    ],
    trigger:
      shape.shownAfter === undefined || first === undefined
        ? null
        : { parentTableId: first.id, codes: shape.shownAfter },
    organisations: round.organisations,
    answers: round.profiles.map((profile) => profile[at]),
  }));
}

/** Every profile an organisation may have: each answer or none to the first table, and the follow-up if shown. */
function possibleProfiles(shapes: readonly TableShape[]): Profile[] {
  let profiles: Profile[] = [[]];
  shapes.forEach((shape) => {
    profiles = profiles.flatMap((profile): Profile[] => {
      const isShown =
        shape.shownAfter === undefined || (profile[0]?.some((c) => shape.shownAfter?.includes(c)) ?? false);
      if (!isShown) return [[...profile, undefined]];
      return [...shape.codes.map((code): Profile => [...profile, [code]]), [...profile, null]];
    });
  });
  return profiles;
}

function isSameAnswer(a: Answer, b: Answer): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return a === b;
  return a.length === b.length && a.every((code) => b.includes(code));
}

/** Per table and organisation with an answer: whether anyone, only an insider, or nobody can tell it. */
function exhaustiveVerdicts(round: Round): Map<string, number> {
  const { organisations, shapes, profiles, hidden } = round;
  const groupIds = groupsOf(organisations);
  const published = shapes.map((shape, at) =>
    groupIds
      .filter((groupId) => !hidden[at]?.has(groupId))
      .map((groupId) => figures(organisations, profiles, at, shape, groupId)),
  );
  const choices = possibleProfiles(shapes);
  const worlds: Profile[][] = [];
  const world: Profile[] = [];
  const visit = (organisation: number) => {
    if (organisation === organisations.length) {
      const fits = shapes.every((shape, at) =>
        (published[at] ?? []).every((cell) => {
          const other = figures(organisations, world, at, shape, cell.groupId);
          return (
            other.submitted === cell.submitted &&
            other.respondents === cell.respondents &&
            shape.codes.every((code) => other.counts[code] === cell.counts[code])
          );
        }),
      );
      if (fits) worlds.push([...world]);
      return;
    }
    for (const choice of choices) {
      world[organisation] = choice;
      visit(organisation + 1);
    }
  };
  visit(0);
  assert.ok(worlds.length > 0, 'the true answers publish what is published');
  const verdicts = new Map<string, number>();
  shapes.forEach((shape, at) => {
    profiles.forEach((profile, x) => {
      const truth = profile[at];
      if (truth === undefined || truth === null) return;
      const tells = (candidates: Profile[][]) =>
        candidates.every((candidate) => candidate[x]?.[at]?.includes(truth[0] ?? '') === true);
      let verdict: 'anyone' | 'insider' | null = null;
      if (tells(worlds)) verdict = 'anyone';
      else if (
        profiles.some(
          (own, insider) =>
            insider !== x &&
            tells(
              worlds.filter((candidate) => own.every((answer, t) => isSameAnswer(candidate[insider]?.[t], answer))),
            ),
        )
      ) {
        verdict = 'insider';
      }
      if (verdict === null) return;
      const county = organisations[x]?.groupIds.find((id) => id.includes(':county:')) ?? '';
      const key = `${shape.id}|${county}|${verdict}`;
      verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
    });
  });
  return verdicts;
}

/**
 * The audit's verdicts under the round's suppression, after an audit of the same component with every group but
 * the national one hidden: the worlds kept from that one mostly publish too little for this one and must be refused.
 */
async function auditVerdicts(round: Round): Promise<Map<string, number>> {
  const tables = buildTables(round);
  const component = { tables };
  const indexes = (isHidden: (at: number, groupId: string) => boolean) => {
    const suppressed = new Set<number>();
    let index = 0;
    tables.forEach((table, at) => {
      for (const cell of table.cells) {
        if (isHidden(at, cell.groupId)) suppressed.add(index);
        index += 1;
      }
    });
    return suppressed;
  };
  await auditOrganisations(
    component,
    indexes((_, groupId) => groupId !== 'kommun'),
    policy,
  );
  const audit = await auditOrganisations(
    component,
    indexes((at, groupId) => round.hidden[at]?.has(groupId) === true),
    policy,
  );
  const verdicts = new Map<string, number>();
  for (const failure of audit.failures) {
    if (!failure.detail.includes("one organisation's answer")) continue;
    const verdict = failure.detail.startsWith('anyone') ? 'anyone' : 'insider';
    const key = `${failure.tableId}|${failure.groupId}|${verdict}`;
    verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
  }
  return verdicts;
}

function hideAtRandom(groupIds: readonly string[], share: number, random: () => number): Set<string> {
  return new Set(groupIds.filter(() => random() < share));
}

const sorted = (verdicts: Map<string, number>) => [...verdicts].sort(([a], [b]) => a.localeCompare(b));

test('on random rounds of one question, the audit fails exactly the answers that brute force finds determined', async () => {
  let determined = 0;
  for (let seed = 1; seed <= 40; seed += 1) {
    const random = createRandom(seed);
    const count = 6 + Math.floor(random() * 3);
    const codes = random() < 0.5 ? ['yes', 'no'] : ['yes', 'partly', 'no'];
    const organisations = placeOrganisations(count, random);
    const shapes: TableShape[] = [{ id: 'q@kommun', kind: 'single-choice', codes }];
    // Mostly alike answers, so that groups are near-unanimous and alike organisations are common.
    const profiles = organisations.map(
      (): Profile => [[random() < 0.6 ? 'yes' : (codes[1 + Math.floor(random() * (codes.length - 1))] ?? 'no')]],
    );
    const groupIds = groupsOf(organisations);
    const round: Round = { organisations, shapes, profiles, hidden: [hideAtRandom(groupIds, 0.4, random)] };
    const expected = exhaustiveVerdicts(round);
    determined += [...expected.values()].reduce((sum, value) => sum + value, 0);
    assert.deepEqual(sorted(await auditVerdicts(round)), sorted(expected), `seed ${seed}`);
  }
  assert.ok(determined > 0, 'some rounds give answers away, so the comparison can fail');
});

test('on random rounds with a follow-up question and unanswered questions, the audit agrees with brute force', async () => {
  let determined = 0;
  for (let seed = 101; seed <= 130; seed += 1) {
    const random = createRandom(seed);
    const count = 5 + Math.floor(random() * 2);
    const organisations = placeOrganisations(count, random);
    const shapes: TableShape[] = [
      { id: 'parent@kommun', kind: 'single-choice', codes: ['yes', 'no'] },
      { id: 'followup@kommun', kind: 'single-choice', codes: ['a', 'b'], shownAfter: ['yes'] },
    ];
    const profiles = organisations.map((): Profile => {
      const parent = random() < 0.1 ? null : [random() < 0.65 ? 'yes' : 'no'];
      if (parent?.[0] !== 'yes') return [parent, undefined];
      return [parent, random() < 0.1 ? null : [random() < 0.6 ? 'a' : 'b']];
    });
    const groupIds = groupsOf(organisations);
    const round: Round = {
      organisations,
      shapes,
      profiles,
      hidden: [hideAtRandom(groupIds, 0.3, random), hideAtRandom(groupIds, 0.5, random)],
    };
    const expected = exhaustiveVerdicts(round);
    determined += [...expected.values()].reduce((sum, value) => sum + value, 0);
    assert.deepEqual(sorted(await auditVerdicts(round)), sorted(expected), `seed ${seed}`);
  }
  assert.ok(determined > 0, 'some rounds give answers away, so the comparison can fail');
});
