import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../app.ts';
import { attackQuestions } from './answers.ts';
import { attackRound, type Finding } from './attacker.ts';
import { publishAttackRound } from './generator.ts';
import { describeFinding, isDisclosure, isFindingTrue } from './truth.ts';

let testApp: TestApp;

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

for (const seed of [1302]) {
  test(`seed ${seed}: the attacker recovers nothing from a published round and its correction`, async () => {
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
    const threshold = round.releases[0]?.threshold ?? 5;
    const disclosures = findings.filter((finding) =>
      isDisclosure(finding, round.truth, followUps, attackQuestions, threshold),
    );
    assert.equal(
      disclosures.length,
      0,
      `seed ${seed}: the public files give away hidden answers:\n${summarise(disclosures)}`,
    );
  });
}
