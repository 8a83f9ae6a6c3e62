import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../app.ts';
import { type AttackName, attackRound, type Finding } from './attacker.ts';
import { publishAttackRound } from './generator.ts';
import { describeFinding, isFindingTrue } from './truth.ts';

let testApp: TestApp;

/**
 * Issue 13 is still open. On this seed the linked-set engine leaves what the attacker finds by reasoning about
 * single organisations with the registry's cross-classification (county × kommungrupp) and an insider's own answers:
 * the audit models group tables, not each organisation's answer. Those findings may not grow, and every other
 * attack must find nothing. Remove the allowance (and the test then demands zero) when the audit models
 * organisations; seed 1302 (attacks-2.test.ts) already demands zero.
 */
const knownResidualLeaks: Partial<Record<AttackName, number>> = {
  'one-kommun-county': 4,
  'exact-reconstruction': 6,
  'own-answers': 131,
};

/** How many findings each attack made, with a few examples each. */
function summarise(findings: readonly Finding[]): string {
  const byAttack = new Map<string, Finding[]>();
  for (const finding of findings) byAttack.set(finding.attack, [...(byAttack.get(finding.attack) ?? []), finding]);
  return [...byAttack]
    .map(
      ([attack, list]) =>
        `${attack}: ${list.length}\n${list
          .slice(0, 4)
          .map((f) => `  ${describeFinding(f)}`)
          .join('\n')}`,
    )
    .join('\n');
}
before(async () => {
  testApp = await buildTestApp();
});
after(async () => testApp?.close());

for (const seed of [1301]) {
  test(`seed ${seed}: the attacker recovers nothing beyond issue 13's known residual leaks`, async () => {
    const round = await publishAttackRound(testApp, seed);
    const findings = attackRound({
      releases: round.releases,
      knowledge: round.knowledge,
      ownAnswers: round.truth,
      insiders: round.surveyed.filter((_code, index) => index % 5 === seed % 5),
    });
    const followUps = round.knowledge.followUps;
    for (const finding of findings) {
      assert.ok(
        isFindingTrue(finding, round.truth, followUps),
        `the attacker's claim is false: ${describeFinding(finding)}`,
      );
    }
    const counts = new Map<string, number>();
    for (const finding of findings) counts.set(finding.attack, (counts.get(finding.attack) ?? 0) + 1);
    const beyond = [...counts].filter(([attack, count]) => count > (knownResidualLeaks[attack as AttackName] ?? 0));
    assert.deepEqual(
      beyond,
      [],
      `seed ${seed}: the public files give away more than the known residual leaks:\n${summarise(findings)}`,
    );
  });
}
