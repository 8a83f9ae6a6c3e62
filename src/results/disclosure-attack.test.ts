import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AdditiveRelation,
  applyDisclosureControl,
  type DisclosureCell,
  type ProtectedCell,
} from './disclosure.ts';

// A synthetic kommun population with SKR's real group and county sizes (DOMAIN.md, data/kommuner.csv), members
// spread over both breakdowns by a seeded shuffle. The attacks below know every suppressed cell's respondent count
// (worst case: an attacker who knows who answered) and all published figures.

const municipalityGroups = { A1: 3, A2: 43, B3: 23, B4: 63, B5: 24, C6: 27, C7: 51, C8: 35, C9: 21 } as const;
const countySizes: Record<string, number> = {
  '01': 26,
  '03': 8,
  '04': 9,
  '05': 13,
  '06': 13,
  '07': 8,
  '08': 12,
  '09': 1,
  '10': 5,
  '12': 33,
  '13': 6,
  '14': 49,
  '17': 16,
  '18': 12,
  '19': 10,
  '20': 15,
  '21': 10,
  '22': 7,
  '23': 8,
  '24': 15,
  '25': 14,
};

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32: small, seeded and good enough to spread synthetic answers.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scenario {
  cells: DisclosureCell[];
  relations: AdditiveRelation[];
}

function buildScenario(seed: number, yesProbability: number, responseRate: number): Scenario {
  const random = createRandom(seed);
  const groupOfMember = Object.entries(municipalityGroups).flatMap(([group, size]) => Array(size).fill(group));
  const countyOfMember = Object.entries(countySizes).flatMap(([county, size]) => Array(size).fill(county));
  for (let i = countyOfMember.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [countyOfMember[i], countyOfMember[j]] = [countyOfMember[j], countyOfMember[i]];
  }
  const totals = new Map<string, { yes: number; no: number }>();
  const add = (id: string, isYes: boolean) => {
    const total = totals.get(id) ?? { yes: 0, no: 0 };
    if (isYes) total.yes += 1;
    else total.no += 1;
    totals.set(id, total);
  };
  const groupEffect = new Map(Object.keys(municipalityGroups).map((group) => [group, (random() - 0.5) * 0.2]));
  groupOfMember.forEach((group: string, index) => {
    for (const id of ['total', group.slice(0, 1), group, `lan${countyOfMember[index]}`])
      totals.set(id, totals.get(id) ?? { yes: 0, no: 0 });
    if (random() > responseRate) return;
    const isYes = random() < yesProbability + (groupEffect.get(group) ?? 0);
    for (const id of ['total', group.slice(0, 1), group, `lan${countyOfMember[index]}`]) add(id, isYes);
  });
  const cells = [...totals].map(([id, { yes, no }]) => ({ id, respondents: yes + no, counts: { yes, no } }));
  const byMain = (main: string) => Object.keys(municipalityGroups).filter((group) => group.startsWith(main));
  const relations = [
    { parentId: 'total', childIds: ['A', 'B', 'C'] },
    ...['A', 'B', 'C'].map((main) => ({ parentId: main, childIds: byMain(main) })),
    { parentId: 'total', childIds: Object.keys(countySizes).map((county) => `lan${county}`) },
  ];
  return { cells, relations };
}

interface Figures {
  respondents: number;
  yes: number;
}

/**
 * The differencing attack: every subtraction along the hierarchies, repeated while anything new comes out
 * (total minus the published groups of a breakdown, a main group minus its published kommungrupper, and so on
 * with what was recovered), then a rank test that no other linear combination of the sums isolates a cell.
 * Returns the ids of suppressed cells whose respondents or yes-count it recovers exactly.
 */
function recoverBySubtraction(scenario: Scenario, published: readonly ProtectedCell[]): string[] {
  const known = new Map<string, Figures>();
  for (const cell of published)
    if (!cell.suppressed) known.set(cell.id, { respondents: cell.respondents, yes: cell.counts.yes ?? 0 });
  const recovered: string[] = [];
  for (let isProgress = true; isProgress; ) {
    isProgress = false;
    for (const { parentId, childIds } of scenario.relations) {
      const unknown = [parentId, ...childIds].filter((id) => !known.has(id));
      const [only] = unknown;
      if (unknown.length !== 1 || only === undefined) continue;
      const sum = (ids: readonly string[], pick: (f: Figures) => number) =>
        ids.reduce((s, id) => s + pick(known.get(id) ?? { respondents: Number.NaN, yes: Number.NaN }), 0);
      const others = childIds.filter((id) => id !== only);
      const value = (pick: (f: Figures) => number) =>
        only === parentId
          ? sum(childIds, pick)
          : pick(known.get(parentId) ?? { respondents: Number.NaN, yes: Number.NaN }) - sum(others, pick);
      known.set(only, { respondents: value((f) => f.respondents), yes: value((f) => f.yes) });
      recovered.push(only);
      isProgress = true;
    }
  }
  // Rank test: cell j is determined by the equations iff the unit vector e_j lies in their row space.
  const unknownIds = published.filter((cell) => cell.suppressed && !recovered.includes(cell.id)).map((cell) => cell.id);
  const rows = scenario.relations.map(({ parentId, childIds }) =>
    unknownIds.map((id) => (id === parentId ? 1 : childIds.includes(id) ? -1 : 0)),
  );
  const baseRank = computeRank(rows);
  for (const [index, id] of unknownIds.entries()) {
    const unit = unknownIds.map((_, column) => (column === index ? 1 : 0));
    if (computeRank([...rows, unit]) === baseRank) recovered.push(id);
  }
  return recovered;
}

function computeRank(matrix: readonly (readonly number[])[]): number {
  const rows = matrix.map((row) => [...row]);
  let rank = 0;
  const columns = rows[0]?.length ?? 0;
  for (let column = 0; column < columns; column += 1) {
    const pivot = rows.findIndex((row, index) => index >= rank && Math.abs(row[column] ?? 0) > 1e-9);
    if (pivot === -1) continue;
    [rows[rank], rows[pivot]] = [rows[pivot] ?? [], rows[rank] ?? []];
    const pivotRow = rows[rank] ?? [];
    for (const [index, row] of rows.entries()) {
      if (index === rank) continue;
      const factor = (row[column] ?? 0) / (pivotRow[column] ?? 1);
      for (let c = column; c < columns; c += 1) row[c] = (row[c] ?? 0) - factor * (pivotRow[c] ?? 0);
    }
    rank += 1;
  }
  return rank;
}

/**
 * The bounds attack: knowing each suppressed cell's respondents, narrow its yes-count from [0, n] by interval
 * propagation through every sum until nothing changes. Returns the cells whose count is pinned to all-but-one
 * or tighter for either answer (yes >= n - 1 or yes <= 1 proven, for n >= 2), or pinned exactly for n = 1.
 */
function findRevealedByBounds(scenario: Scenario, published: readonly ProtectedCell[]): string[] {
  const truth = new Map(scenario.cells.map((cell) => [cell.id, cell]));
  const bounds = new Map<string, [number, number]>();
  for (const cell of published) {
    if (!cell.suppressed) bounds.set(cell.id, [cell.counts.yes ?? 0, cell.counts.yes ?? 0]);
    else bounds.set(cell.id, [0, truth.get(cell.id)?.respondents ?? 0]);
  }
  const get = (id: string): [number, number] => bounds.get(id) ?? [0, 0];
  for (let isProgress = true; isProgress; ) {
    isProgress = false;
    for (const { parentId, childIds } of scenario.relations) {
      const [parentLow, parentHigh] = get(parentId);
      const childLow = childIds.reduce((s, id) => s + get(id)[0], 0);
      const childHigh = childIds.reduce((s, id) => s + get(id)[1], 0);
      const tighten = (id: string, low: number, high: number) => {
        const [oldLow, oldHigh] = get(id);
        const next: [number, number] = [Math.max(oldLow, low), Math.min(oldHigh, high)];
        if (next[0] !== oldLow || next[1] !== oldHigh) {
          bounds.set(id, next);
          isProgress = true;
        }
      };
      tighten(parentId, childLow, childHigh);
      for (const id of childIds) {
        const [low, high] = get(id);
        tighten(id, parentLow - (childHigh - high), parentHigh - (childLow - low));
      }
    }
  }
  const isRevealing = (n: number, [low, high]: readonly [number, number]) =>
    n === 1 ? low === high : low >= n - 1 || high <= 1;
  // The national total is published even when near-unanimous (policy); what it alone implies for a cell, e.g.
  // "at most one yes" when the total has one, is accepted and not counted as a breach of the tables.
  const total = truth.get('total');
  return published
    .filter((cell) => cell.suppressed)
    .filter((cell) => {
      const n = truth.get(cell.id)?.respondents ?? 0;
      if (n === 0 || total === undefined) return false;
      const totalYes = total.counts.yes ?? 0;
      const impliedByTotal: [number, number] = [Math.max(0, n - (total.respondents - totalYes)), Math.min(n, totalYes)];
      return isRevealing(n, get(cell.id)) && !isRevealing(n, impliedByTotal);
    })
    .map((cell) => cell.id);
}

/** Only the primary rules, without complementary suppression: what the attacks must be able to break. */
function suppressPrimaryOnly(scenario: Scenario, minimumRespondents: number): ProtectedCell[] {
  const roots = new Set(['total']);
  return scenario.cells.map((cell): ProtectedCell => {
    const yes = cell.counts.yes ?? 0;
    const isNearUnanimous = !roots.has(cell.id) && (yes >= cell.respondents - 1 || yes <= 1);
    if (cell.respondents < minimumRespondents || isNearUnanimous)
      return { id: cell.id, suppressed: true, reason: 'primary' };
    return { id: cell.id, suppressed: false, respondents: cell.respondents, counts: cell.counts };
  });
}

const yesProbabilities = [0.02, 0.15, 0.5, 0.85, 0.97, 0.995];
const responseRates = [0.25, 0.6, 0.95, 1];
const thresholds = [3, 5, 10];

test('no differencing or bounds attack recovers a suppressed cell in 144 synthetic kommun tables', () => {
  let complementary = 0;
  let unprotectedBreaches = 0;
  let seed = 1;
  for (const yesProbability of yesProbabilities) {
    for (const responseRate of responseRates) {
      for (const minimumRespondents of thresholds) {
        for (let repeat = 0; repeat < 2; repeat += 1) {
          seed += 1;
          const scenario = buildScenario(seed, yesProbability, responseRate);
          const protectedCells = applyDisclosureControl(scenario.cells, scenario.relations, { minimumRespondents });
          const context = `seed ${seed}, p ${yesProbability}, response ${responseRate}, k ${minimumRespondents}`;
          assert.deepEqual(
            recoverBySubtraction(scenario, protectedCells),
            [],
            `subtraction recovered cells (${context})`,
          );
          assert.deepEqual(findRevealedByBounds(scenario, protectedCells), [], `bounds revealed cells (${context})`);
          complementary += protectedCells.filter((cell) => cell.suppressed && cell.reason === 'complementary').length;
          const primaryOnly = suppressPrimaryOnly(scenario, minimumRespondents);
          const breaches = [
            ...recoverBySubtraction(scenario, primaryOnly),
            ...findRevealedByBounds(scenario, primaryOnly),
          ];
          if (breaches.length > 0) unprotectedBreaches += 1;
        }
      }
    }
  }
  // The attacks are not toothless: with primary suppression alone they break most of these tables, and
  // complementary suppression had real work to do.
  assert.ok(unprotectedBreaches > 100, `the attacks broke only ${unprotectedBreaches} unprotected tables`);
  assert.ok(complementary > 100, `only ${complementary} complementary suppressions`);
});

test('the classic case: total minus the published groups recovers nothing when A1 is small', () => {
  // A1 (3 kommuner) is below the threshold. Without protection, A - A2 = A1.
  const scenario = buildScenario(7, 0.7, 1);
  const protectedCells = applyDisclosureControl(scenario.cells, scenario.relations);
  const byId = new Map(protectedCells.map((cell) => [cell.id, cell]));
  assert.equal(byId.get('A1')?.suppressed, true);
  assert.equal(byId.get('A2')?.suppressed, true);
  assert.deepEqual(recoverBySubtraction(scenario, protectedCells), []);
  const unprotected = protectedCells.map((cell): ProtectedCell => {
    const original = scenario.cells.find((c) => c.id === cell.id);
    if (cell.id === 'A1' || original === undefined) return cell;
    return { id: cell.id, suppressed: false, respondents: original.respondents, counts: original.counts };
  });
  assert.ok(recoverBySubtraction(scenario, unprotected).includes('A1'));
});
