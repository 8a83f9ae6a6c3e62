import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { repositoryPath } from '../../src/paths.ts';
import { publishForTest } from '../../src/reports/report.fixtures.ts';
import { listSubmittedAnswers } from '../../src/responses/responses.service.ts';
import { createDemo } from '../../src/results/demo.service.ts';
import { listExemptableQuestions } from '../../src/results/disclosure-settings.service.ts';
import { findRoundByLabel } from '../../src/rounds/rounds.service.ts';
import { buildTestApp, type TestApp, TestVisitor } from '../app.ts';
import type { QuestionSpec } from './answers.ts';
import { attackRound, type Finding } from './attacker.ts';
import { type FollowUp, type RoundAnswers, readFigures } from './public-data.ts';
import { readPublicRegistry } from './registry.ts';
import { countGroup, describeFinding, isDisclosure, isFindingTrue } from './truth.ts';

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => testApp?.close());

interface YamlQuestion {
  key: string;
  type: string;
  options?: { code: string }[];
  showIf?: { question: string; equals?: string; in?: string[] };
}

/** The questions of the public questionnaire file as the attacker reads them: kinds, options and display conditions. */
function readQuestionnaire(file: string): { questions: QuestionSpec[]; followUps: Record<string, FollowUp> } {
  const found: YamlQuestion[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.key === 'string' && typeof record.type === 'string')
        found.push(record as unknown as YamlQuestion);
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(parse(readFileSync(repositoryPath('data', 'questionnaires', file), 'utf8')));
  const standard: Record<string, string[]> = { yes_no: ['yes', 'no'], yes_partly_no: ['yes', 'partly', 'no'] };
  const questions = found.map(
    (question): QuestionSpec => ({
      key: question.key,
      kind: ['integer', 'percent'].includes(question.type)
        ? 'number'
        : question.type === 'multiple_choice'
          ? 'multiple'
          : 'choice',
      questionType: question.type,
      options: question.options?.map((option) => option.code) ?? standard[question.type] ?? [],
    }),
  );
  const followUps = Object.fromEntries(
    found.flatMap((question) =>
      question.showIf === undefined
        ? []
        : [
            [
              question.key,
              { parent: question.showIf.question, triggers: question.showIf.in ?? [question.showIf.equals ?? ''] },
            ] as const,
          ],
    ),
  );
  return { questions, followUps };
}

/**
 * What the publisher chose to disclose: an organisation's answer to a question exempted at the national level, when
 * all or all but one of its type gave the same answer (the figure that lets the report say "i samtliga regioner").
 * Judged on the real answers, not on the product's rules.
 */
function isExemptedNationalAnswer(
  finding: Finding,
  truth: RoundAnswers,
  exemptions: ReadonlySet<string>,
  typeOf: ReadonlyMap<string, string>,
): boolean {
  if (finding.kind !== 'answer' || !exemptions.has(finding.questionKey)) return false;
  const type = typeOf.get(finding.organisation);
  const members = [...typeOf].filter(([, other]) => other === type).map(([code]) => code);
  const national = countGroup(truth, members, finding.questionKey, undefined);
  return national.respondents - Math.max(0, ...national.counts.values()) < 2;
}

// The demo round is all 290 kommuner and 21 regioner: the attack of issue 13 on the real registry, Gotland (the only
// kommun of its län) included, and a sample of insiders with their own answers (every region, Gotland, and every
// fifteenth organisation that submitted).
test('the demo round as published gives away nothing but what its publisher exempted, to the public or an insider', async () => {
  const { db } = testApp.database;
  await createDemo(db, testApp.clock, { userId: null, label: 'demo-attack-test' });
  await publishForTest(db, testApp.clock, '2023');
  const round = await findRoundByLabel(db, '2023');
  assert.ok(round);
  const truth: RoundAnswers = await listSubmittedAnswers(db, round.id);
  const response = await new TestVisitor(testApp.app).get('/published/2023/versions/1/open-data/figures.json');
  assert.equal(response.statusCode, 200);
  const document: { suppressionThreshold: number; figures: Record<string, unknown>[] } = JSON.parse(response.body);
  const { questions, followUps } = readQuestionnaire('skr-2023.yaml');
  const registry = readPublicRegistry();
  const truthByVersion = new Map([[1, truth]]);
  const findings = attackRound({
    releases: [{ version: 1, threshold: document.suppressionThreshold, figures: readFigures(document.figures) }],
    knowledge: { registry, followUps, correctedQuestions: [] },
    ownAnswers: truthByVersion,
    insiders: [...truth.keys()].filter((code, index) => code === '0980' || index % 15 === 0),
  });
  for (const finding of findings) {
    assert.ok(isFindingTrue(finding, truthByVersion, followUps), `a false claim: ${describeFinding(finding)}`);
  }
  const exemptions = new Set(
    (await listExemptableQuestions(db, '2023')).filter((question) => question.isExempt).map((q) => q.key),
  );
  assert.ok(exemptions.size > 0, 'the demo publisher exempts indicator questions at the national level');
  const typeOf = new Map(registry.map((entry) => [entry.code, entry.type]));
  const disclosures = findings.filter(
    (finding) =>
      !isExemptedNationalAnswer(finding, truth, exemptions, typeOf) &&
      isDisclosure(finding, truthByVersion, followUps, questions, document.suppressionThreshold),
  );
  assert.deepEqual(disclosures.map(describeFinding), []);
});
