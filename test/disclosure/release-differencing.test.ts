import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditRoundRelease } from '../../src/releases/releases.service.ts';
import { buildTestApp, type TestApp } from '../app.ts';
import { attackDifferences, type DifferenceFinding } from './difference-attacker.ts';
import { type DifferenceRound, publishDifferenceRound } from './difference-generator.ts';
import type { PublishedRelease, RoundAnswers } from './public-data.ts';
import { groupIdOf, readGroups } from './public-structure.ts';
import { countGroup } from './truth.ts';

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => testApp?.close());

function isTrue(finding: DifferenceFinding, truth: ReadonlyMap<number, RoundAnswers>): boolean {
  const value = truth.get(finding.version)?.get(finding.organisation)?.get(finding.questionKey);
  const chosen = Array.isArray(value) ? value.includes(finding.answerCode) : value === finding.answerCode;
  return chosen === finding.isChosen;
}

function describe(finding: DifferenceFinding): string {
  const verb = finding.isChosen ? 'answered' : 'did not choose';
  return `v${finding.version} ${finding.organisation} ${verb} ${finding.answerCode} to ${finding.questionKey}`;
}

/** What per-version protection alone would let through: version 1's pattern, filled with version 2's true figures. */
function leakyVersion2(round: DifferenceRound): PublishedRelease {
  const [first] = round.releases;
  const answers = round.truth.get(2) ?? new Map();
  const groups = new Map(
    (['kommun', 'region'] as const).flatMap((type) => [...readGroups(first.figures, round.knowledge, type).groups]),
  );
  const figures = first.figures.map((figure) => {
    if (figure.isSuppressed) return figure;
    const members = groups.get(groupIdOf(figure))?.members ?? [];
    const truth = countGroup(answers, members, figure.questionKey, round.knowledge.followUps[figure.questionKey]);
    return {
      ...figure,
      respondents: truth.respondents,
      itemNonResponse: truth.shown - truth.respondents,
      count: figure.answerCode === null ? null : (truth.counts.get(figure.answerCode) ?? 0),
    };
  });
  return { ...first, version: 2, figures };
}

const seeds = [1311, 1312, 1313];
for (const seed of seeds) {
  test(`seed ${seed}: subtracting version 1 from version 2 recovers no late or corrected organisation's answer`, async () => {
    const round = await publishDifferenceRound(testApp, seed);
    const findings = attackDifferences(round.releases, round.knowledge, round.changes);
    for (const finding of findings) {
      assert.ok(isTrue(finding, round.truth), `the attacker's claim is false: ${describe(finding)}`);
    }
    assert.deepEqual(
      findings.map(describe),
      [],
      `seed ${seed} (late ${round.changes.late.join(', ')}): the two versions give away answers`,
    );
    if (seed === seeds[0]) {
      // What `lagesbild release audit` and the publication page report of version 2 includes the differences.
      const { version, audit } = await auditRoundRelease(testApp.database.db, {
        label: round.label,
        minimumRespondents: 5,
      });
      assert.equal(version, 2);
      assert.equal(audit.isPassed, true, JSON.stringify(audit.failures.slice(0, 5)));
      assert.ok((audit.differencesChecked ?? 0) > 0, 'the audit checked the differences with version 1');
      // The attacker is no straw man: version 2 published with version 1's pattern gives the late answers away.
      const leaky = attackDifferences([round.releases[0], leakyVersion2(round)], round.knowledge, round.changes);
      for (const finding of leaky) assert.ok(isTrue(finding, round.truth), `false claim: ${describe(finding)}`);
      assert.ok(
        leaky.some((finding) => round.changes.late.includes(finding.organisation)),
        'the subtraction breaks a version 2 protected on its own',
      );
    }
  });
}
