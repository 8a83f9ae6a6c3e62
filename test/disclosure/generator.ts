/**
 * Makes a seeded attack round through the product's own paths (an imported round, the responses service, publishing
 * a release, a correction with a late response and corrected answers, publishing version 2 with an erratum) and
 * downloads what an anonymous visitor gets: the figures of both versions.
 */
import assert from 'node:assert/strict';
import { startCorrection } from '../../src/releases/releases.service.ts';
import { publishForTest } from '../../src/reports/report.fixtures.ts';
import { listSubmittedAnswers, saveImportedResponse } from '../../src/responses/responses.service.ts';
import { importResponses } from '../../src/results/import-responses.service.ts';
import { createImportedRound } from '../../src/rounds/rounds.service.ts';
import { type TestApp, TestVisitor } from '../app.ts';
import { attackQuestions, chooseSurveyed, createRandom, followUpsOf, generateAnswers, pick } from './answers.ts';
import type { PublicKnowledge, PublishedRelease, RoundAnswers } from './public-data.ts';
import { readFigures } from './public-data.ts';
import { readPublicRegistry } from './registry.ts';

export interface AttackRound {
  seed: number;
  label: string;
  surveyed: string[];
  releases: PublishedRelease[];
  truth: Map<number, RoundAnswers>;
  knowledge: PublicKnowledge;
}

const actor = { userId: null, label: 'attack-test' };

function importValue(value: string | number | readonly string[]): string {
  return Array.isArray(value) ? value.join(';') : String(value);
}

async function downloadRelease(visitor: TestVisitor, label: string, version: number): Promise<PublishedRelease> {
  const response = await visitor.get(`/published/${label}/versions/${version}/open-data/figures.json`);
  assert.equal(response.statusCode, 200, `figures.json of ${label} version ${version}`);
  const document: { suppressionThreshold: number; figures: Record<string, unknown>[] } = JSON.parse(response.body);
  return { version, threshold: document.suppressionThreshold, figures: readFigures(document.figures) };
}

/** Creates, publishes, corrects and republishes one seeded round; returns its public files and its real answers. */
export async function publishAttackRound(testApp: TestApp, seed: number): Promise<AttackRound> {
  const { db } = testApp.database;
  const { clock } = testApp;
  const registry = readPublicRegistry();
  const random = createRandom(seed);
  const surveyed = chooseSurveyed(random, registry, 2 + Math.floor(random() * 3));
  const answers = generateAnswers(random, registry, surveyed, attackQuestions);
  const label = `attack-${seed}`;
  const versionId = 'skr-2023';
  const roundId = await db.transaction().execute(async (trx) => {
    const round = await createImportedRound(trx, clock, {
      label,
      versions: { kommun: versionId, region: versionId },
      organisationCodes: surveyed,
      actor,
    });
    for (const [code, own] of answers) {
      await saveImportedResponse(trx, clock, {
        roundId: round.id,
        organisationCode: code,
        versionId,
        answers: own,
        actor,
      });
    }
    return round.id;
  });
  await publishForTest(db, clock, label);
  const first = await listSubmittedAnswers(db, roundId);

  // The correction: a late kommun's response arrives, and incident_method is corrected for two organisations.
  await startCorrection(db, clock, { label, actor });
  const rows: { round: string; org: string; question: string; value: string }[] = [];
  const late = surveyed.find((code) => code.length === 4 && !first.has(code));
  const lateAnswers = generateAnswers(createRandom(seed + 1), registry, surveyed, attackQuestions);
  const lateOwn =
    [...lateAnswers.values()].find((own) => own.size === attackQuestions.length) ?? [...lateAnswers.values()][0];
  if (late && lateOwn) {
    for (const [question, value] of lateOwn)
      rows.push({ round: label, org: late, question, value: importValue(value) });
  }
  for (const code of [pick(random, [...first.keys()]), pick(random, [...first.keys()])]) {
    const current = first.get(code)?.get('incident_method');
    const value = current === 'yes' ? 'no' : 'yes';
    rows.push({ round: label, org: code, question: 'incident_method', value });
  }
  await importResponses(db, clock, {
    rows: rows.map((row, index) => ({ ...row, row: index + 2 })),
    isDryRun: false,
    actor,
    source: 'attack-test',
  });
  await publishForTest(db, clock, label, {
    errata: {
      sv: 'Ett sent inkommet svar har lagts till och svaren på incident_method har rättats.',
      en: 'A late response has been added and the answers to incident_method have been corrected.',
    },
  });
  const second = await listSubmittedAnswers(db, roundId);

  const visitor = new TestVisitor(testApp.app);
  const releases = [await downloadRelease(visitor, label, 1), await downloadRelease(visitor, label, 2)];
  return {
    seed,
    label,
    surveyed,
    releases,
    truth: new Map<number, RoundAnswers>([
      [1, first],
      [2, second],
    ]),
    knowledge: { registry, followUps: followUpsOf(attackQuestions), correctedQuestions: ['incident_method'] },
  };
}
