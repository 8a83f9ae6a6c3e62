import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackQuestions, chooseSurveyed, createRandom, followUpsOf, generateAnswers } from './answers.ts';
import { type AttackName, attackRound } from './attacker.ts';
import { publishLeakily } from './leaky-publication.ts';
import { readPublicRegistry } from './registry.ts';
import { describeFinding, isDisclosure, isFindingTrue } from './truth.ts';

// The attacker proves it can fail a publication: against per-table disclosure control (the way the issue found
// the leaks), it must recover suppressed cells and organisations' answers that the policy protects, and every claim must be
// true.
test('the attacker breaks a hand-made publication with per-table suppression only', () => {
  const registry = readPublicRegistry();
  const followUps = followUpsOf(attackQuestions);
  const succeeded = new Set<AttackName>();
  for (const seed of [11, 12, 13]) {
    const random = createRandom(seed);
    const surveyed = chooseSurveyed(random, registry, 5);
    const first = generateAnswers(random, registry, surveyed, attackQuestions);
    // Version 2: one late kommun's response added, and incident_method corrected for two organisations.
    const second = new Map(first);
    const late = surveyed.find((code) => code.length === 4 && !first.has(code));
    const donor = [...first.values()][0];
    if (late && donor) second.set(late, donor);
    const releases = [
      publishLeakily(registry, surveyed, attackQuestions, first, 1),
      publishLeakily(registry, surveyed, attackQuestions, second, 2),
    ];
    const findings = attackRound({
      releases,
      knowledge: { registry, followUps, correctedQuestions: ['incident_method'] },
      ownAnswers: new Map([
        [1, first],
        [2, second],
      ]),
      insiders: surveyed.filter((_code, index) => index % 7 === 0),
    });
    const truth = new Map([
      [1, first],
      [2, second],
    ]);
    for (const finding of findings) {
      assert.ok(isFindingTrue(finding, truth, followUps), `seed ${seed}: a false claim: ${describeFinding(finding)}`);
      // Counted only as what the attack tests count: a disclosure (so the insiders' judge can fail too).
      if (isDisclosure(finding, truth, followUps, attackQuestions, releases[0]?.threshold ?? 5)) {
        succeeded.add(finding.attack);
      }
    }
  }
  for (const attack of [
    'group-differencing',
    'follow-up',
    'unanimity-direction',
    'own-answers',
    'one-kommun-county',
    'national-unanimity',
    'quartiles',
    'release-differencing',
    'exact-reconstruction',
  ] as const) {
    assert.ok(succeeded.has(attack), `the ${attack} attack recovers something from the leaky publication`);
  }
});
