/**
 * Makes a seeded round whose second version differs from the first by one or two organisations: a late response
 * (one or two kommuner imported after version 1), and in some cases one more organisation's corrected answer. Made
 * through the product's own paths (an imported round, publishing, a correction, the responses import, publishing
 * again with an erratum); returns what an anonymous visitor downloads of both versions and the real answers.
 */
import assert from 'node:assert/strict';
import { AppError } from '../../src/app-error.ts';
import { startCorrection } from '../../src/releases/releases.service.ts';
import { publishForTest } from '../../src/reports/report.fixtures.ts';
import { listSubmittedAnswers, saveImportedResponse } from '../../src/responses/responses.service.ts';
import { importResponses } from '../../src/results/import-responses.service.ts';
import { createImportedRound } from '../../src/rounds/rounds.service.ts';
import { type TestApp, TestVisitor } from '../app.ts';
import { attackQuestions, chooseSurveyed, createRandom, followUpsOf, generateAnswers, pick } from './answers.ts';
import type { Changes } from './difference-attacker.ts';
import type { PublicKnowledge, PublishedRelease, RoundAnswers } from './public-data.ts';
import { readFigures } from './public-data.ts';
import { readPublicRegistry } from './registry.ts';

export interface DifferenceRound {
  label: string;
  releases: [PublishedRelease, PublishedRelease];
  truth: Map<number, RoundAnswers>;
  knowledge: PublicKnowledge;
  changes: Changes;
}

const actor = { userId: null, label: 'difference-attack-test' };

async function download(visitor: TestVisitor, label: string, version: number): Promise<PublishedRelease> {
  const response = await visitor.get(`/published/${label}/versions/${version}/open-data/figures.json`);
  assert.equal(response.statusCode, 200, `figures.json of ${label} version ${version}`);
  const document: { suppressionThreshold: number; figures: Record<string, unknown>[] } = JSON.parse(response.body);
  return { version, threshold: document.suppressionThreshold, figures: readFigures(document.figures) };
}

/** Publishes, and when the audit refuses, says which figures it faulted. */
async function publishOrExplain(publish: () => Promise<unknown>): Promise<void> {
  try {
    await publish();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields = error.fields.slice(0, 12).map((field) => `${field.field}: ${field.message}`);
    throw new Error(`${error.message} (${error.fields.length}):\n${fields.join('\n')}`, { cause: error });
  }
}

/** Publishes version 1 without the late kommuner, imports them (and a correction), publishes version 2. */
export async function publishDifferenceRound(testApp: TestApp, seed: number): Promise<DifferenceRound> {
  const { db } = testApp.database;
  const { clock } = testApp;
  const registry = readPublicRegistry();
  const random = createRandom(seed);
  const surveyed = chooseSurveyed(random, registry, 2 + Math.floor(random() * 3));
  const answers = generateAnswers(random, registry, surveyed, attackQuestions);
  const kommuner = [...answers.keys()].filter((code) => code.length === 4);
  const lateCount = 1 + Math.floor(random() * 2);
  const late = new Set<string>();
  while (late.size < lateCount) late.add(pick(random, kommuner));
  const label = `difference-${seed}`;
  const versionId = 'skr-2023';
  const roundId = await db.transaction().execute(async (trx) => {
    const round = await createImportedRound(trx, clock, {
      label,
      versions: { kommun: versionId, region: versionId },
      organisationCodes: surveyed,
      actor,
    });
    for (const [code, own] of answers) {
      if (late.has(code)) continue;
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
  await publishOrExplain(() => publishForTest(db, clock, label));
  const first = await listSubmittedAnswers(db, roundId);

  await startCorrection(db, clock, { label, actor });
  const rows: { round: string; org: string; question: string; value: string }[] = [];
  for (const code of late) {
    for (const [question, value] of answers.get(code) ?? new Map()) {
      rows.push({ round: label, org: code, question, value: Array.isArray(value) ? value.join(';') : String(value) });
    }
  }
  const corrected: Changes['corrected'] = [];
  if (random() < 0.5) {
    // One organisation's answer to an indicator question was wrong in version 1.
    const code = pick(random, [...first.keys()]);
    const current = first.get(code)?.get('incident_method');
    const value = current === 'yes' ? 'no' : 'yes';
    rows.push({ round: label, org: code, question: 'incident_method', value });
    corrected.push({ code, questions: ['incident_method'] });
  }
  await importResponses(db, clock, {
    rows: rows.map((row, index) => ({ ...row, row: index + 2 })),
    isDryRun: false,
    actor,
    source: 'difference-attack-test',
  });
  await publishOrExplain(() =>
    publishForTest(db, clock, label, {
      errata: { sv: 'Sent inkomna svar har lagts till.', en: 'Late responses have been added.' },
    }),
  );
  const second = await listSubmittedAnswers(db, roundId);
  const visitor = new TestVisitor(testApp.app);
  return {
    label,
    releases: [await download(visitor, label, 1), await download(visitor, label, 2)],
    truth: new Map<number, RoundAnswers>([
      [1, first],
      [2, second],
    ]),
    knowledge: { registry, followUps: followUpsOf(attackQuestions), correctedQuestions: ['incident_method'] },
    changes: { late: [...late], corrected },
  };
}
