/**
 * How far the demo round's suppression pattern is from the fewest cells the attacker's audit allows, per component
 * of the linked set, with the search of bench/fewest-cells.ts and generous limits:
 * `node --import tsx bench/disclosure-search.ts`. Never part of `npm test`; it runs for minutes (two components
 * reach their time limit). `npm run bench` runs a shorter search for the bound beside the product's count
 * (bench/disclosure.ts). BENCHMARKS.md (issue 13) has its figures.
 *
 *   BENCH_SEARCH_NATIONAL=1     national figures may be suppressed too (by default a component's national figures stay
 *                               as the product's pattern has them: the product counts a national figure as costly as
 *                               all its groups together, since most readers read it)
 *   BENCH_SEARCH_STRICT=1       only the cover constraints that every passing pattern meets (each relation's lone
 *                               suppressed cell, follow-ups with their parent, zeros): a bound that does not rest on
 *                               the protection intervals' cover constraints
 *   BENCH_SEARCH_STEPS=800  BENCH_SEARCH_SECONDS=90   limits per component
 *   BENCH_SEARCH_ONLY=TABLE_ID  one component (by its first table's id)
 */
import { createDisclosurePolicy } from '../src/disclosure/disclosure-policy.ts';
import { splitComponents } from '../src/disclosure/linked-set.ts';
import { protectLinkedSet } from '../src/disclosure/protect-linked-set.ts';
import { benchThreshold, loadDemoLinkedSet } from './demo-linked-set.ts';
import { searchFewestCells } from './fewest-cells.ts';

const mayHideNational = process.env.BENCH_SEARCH_NATIONAL === '1';
const isStrict = process.env.BENCH_SEARCH_STRICT === '1';
const maxSteps = Number(process.env.BENCH_SEARCH_STEPS ?? 800);
const maxSeconds = Number(process.env.BENCH_SEARCH_SECONDS ?? 90);
const only = process.env.BENCH_SEARCH_ONLY;

const { tables, nationalExemptions } = await loadDemoLinkedSet();
const policy = createDisclosurePolicy(benchThreshold, nationalExemptions);
const { suppressed } = await protectLinkedSet(tables, policy);
console.log(
  `Demo round 2023; national figures ${mayHideNational ? 'may be suppressed' : 'as the product has them'}; ` +
    `${isStrict ? 'only the cover constraints every passing pattern meets' : 'the cover constraints of the product'}; ` +
    `at most ${maxSteps} solves and ${maxSeconds} s per component.`,
);
console.log('component (first table)                    product  best  lower  loss product/best  status');
const total = { product: 0, best: 0, lower: 0, productLoss: 0, bestLoss: 0 };
for (const component of splitComponents(tables)) {
  const id = component.tables[0]?.id ?? '';
  if (only !== undefined && id !== only) continue;
  const searched = await searchFewestCells(component, policy, suppressed, {
    mayHideNational,
    isStrict,
    maxSteps,
    maxSeconds,
  });
  if (searched === null) continue;
  total.product += searched.product;
  total.best += searched.best;
  total.lower += searched.lower;
  total.productLoss += searched.productLoss;
  total.bestLoss += searched.bestLoss;
  const status = searched.isProven ? 'fewest' : 'limit';
  console.log(
    `${id.padEnd(42)} ${String(searched.product).padStart(7)} ${String(searched.best).padStart(5)} ${String(searched.lower).padStart(6)}  ${`${searched.productLoss}/${searched.bestLoss}`.padStart(16)}  ${status} (${searched.steps} solves, ${searched.audits} audits, ${searched.seconds.toFixed(1)} s)`,
  );
}
console.log(
  `total (cells with a primary cell in their component): product ${total.product}, best found ${total.best}, lower bound ${total.lower}; information lost (costOf) ${total.productLoss} against ${total.bestLoss}`,
);
