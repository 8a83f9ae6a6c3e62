/**
 * Test and benchmark data: a closed round with synthetic, deterministic answers for every organisation of the
 * chosen types, created through the rounds and responses services as an import would.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listOrganisations } from '../organisations/organisations.service.ts';
import { isQuestionVisible, listQuestions } from '../questionnaires/conditions.ts';
import { findNumericBounds, isNumericType, listAnswerOptions } from '../questionnaires/question-wording.ts';
import type {
  AnswerValue,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { type PublicationOutcome, publishRelease } from '../releases/releases.service.ts';
import { saveAnswers } from '../responses/answer-save.service.ts';
import { saveImportedResponse } from '../responses/responses.service.ts';
import { submitResponse } from '../responses/submission.service.ts';
import { exemptAllIndicatorQuestions } from '../results/disclosure-settings.service.ts';
import { createImportedRound, findRoundById, type Round } from '../rounds/rounds.service.ts';

/** A small deterministic generator (mulberry32), seeded from text, so every run makes the same answers. */
function createRandom(seedText: string): () => number {
  let seed = 0;
  for (const char of seedText) seed = (Math.imul(seed, 31) + (char.codePointAt(0) ?? 0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function makeAnswer(question: Question, yesShare: number, random: () => number): AnswerValue | undefined {
  const draw = random();
  if (question.type === 'yes_no') return draw < yesShare ? 'yes' : 'no';
  if (question.type === 'yes_partly_no')
    return draw < yesShare ? 'yes' : draw < yesShare + (1 - yesShare) / 2 ? 'partly' : 'no';
  if (question.type === 'single_choice') {
    const options = listAnswerOptions(question);
    return options[Math.floor(draw * options.length)]?.code;
  }
  if (question.type === 'multiple_choice') {
    // Each option with its own chance, and at least one chosen: a respondent who ticks nothing has not answered.
    const options = listAnswerOptions(question);
    const chosen = options.filter((_option, index) => (draw * (index + 7)) % 1 < 0.45).map((option) => option.code);
    const [first] = options;
    if (chosen.length > 0) return chosen;
    return first ? [first.code] : undefined;
  }
  if (isNumericType(question.type)) {
    const { min, max } = findNumericBounds(question);
    const low = min ?? 0;
    const high = Math.min(max ?? 10_000, question.type === 'percent' ? 100 : 5_000);
    return Math.round(low + draw * (high - low));
  }
  return undefined;
}

/** Answers in document order, so conditions (showIf) see the answers they depend on. */
function makeSyntheticAnswers(
  version: QuestionnaireVersion,
  type: OrganisationType,
  random: () => number,
  options: {
    yesShares?: Record<string, Partial<Record<OrganisationType, number>>>;
    questionKeys?: readonly string[];
    skipShare?: number;
  },
): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const question of listQuestions(version)) {
    if (options.questionKeys && !options.questionKeys.includes(question.key)) continue;
    if (!isQuestionVisible(version, type, question.key, answers)) continue;
    if (options.skipShare !== undefined && random() < options.skipShare) continue;
    const share = options.yesShares?.[question.key]?.[type] ?? 0.6;
    const value = makeAnswer(question, share, random);
    if (value !== undefined) answers[question.key] = value;
  }
  return answers;
}

/**
 * Lets the invited organisations of an open fieldwork round answer every question they are shown with synthetic,
 * deterministic answers and submit, through the same services as the form, each in its own transactions; a share
 * `responseShare` of them (by a draw seeded from the round label and code) does so. Returns the codes that submitted.
 */
export async function submitSyntheticResponses(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; organisationCodes: readonly string[]; responseShare?: number; actor: Actor },
): Promise<string[]> {
  const round = await findRoundById(db, input.roundId);
  const organisations = new Map(
    (await listOrganisations(db, {})).map((organisation) => [organisation.code, organisation.type]),
  );
  const submitted: string[] = [];
  for (const code of input.organisationCodes) {
    const type = organisations.get(code);
    const versionId = type === undefined ? null : round.versions[type];
    if (type === undefined || versionId === null) continue;
    const random = createRandom(`${round.label}:${code}`);
    if (random() >= (input.responseShare ?? 1)) continue;
    const answers = makeSyntheticAnswers(await findQuestionnaireVersion(db, versionId), type, random, {});
    const edits = Object.entries(answers).map(([questionKey, value]) => ({ questionKey, value, baseRevision: 0 }));
    const saved = await saveAnswers(db, clock, {
      roundId: round.id,
      organisationCode: code,
      edits,
      actor: input.actor,
    });
    const refused =
      saved.kind === 'closed' ? ['closed'] : [...saved.results].filter(([, field]) => field.kind !== 'saved');
    if (refused.length > 0)
      throw new Error(`the synthetic answers of ${code} were not saved: ${JSON.stringify(refused)}`);
    const result = await submitResponse(db, clock, { roundId: round.id, organisationCode: code, actor: input.actor });
    if (result.kind !== 'submitted') throw new Error(`the synthetic response of ${code} was not submitted`);
    submitted.push(code);
  }
  return submitted;
}

/**
 * Creates a closed, imported round with synthetic submitted answers. `yesShares` sets the chance of "yes" per
 * question key and type (default 0.6); `responseShare` the share of organisations that submit.
 */
export async function seedRound(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    versions: { kommun: string | null; region: string | null };
    yesShares?: Record<string, Partial<Record<OrganisationType, number>>>;
    responseShare?: number;
    questionKeys?: readonly string[];
    /** The chance that a respondent leaves a question it was shown unanswered (item non-response); 0 by default. */
    skipShare?: number;
  },
): Promise<Round> {
  const actor = { userId: null, label: 'fixture' };
  const types = (['kommun', 'region'] as const).filter((type) => input.versions[type] !== null);
  const organisations = (await listOrganisations(db, { isActiveOnly: true })).filter((organisation) =>
    types.includes(organisation.type),
  );
  return db.transaction().execute(async (trx) => {
    const round = await createImportedRound(trx, clock, {
      label: input.label,
      versions: input.versions,
      organisationCodes: organisations.map((organisation) => organisation.code),
      actor,
    });
    for (const organisation of organisations) {
      const versionId = input.versions[organisation.type];
      if (versionId === null) continue;
      const random = createRandom(`${input.label}:${organisation.code}`);
      if (random() >= (input.responseShare ?? 0.9)) continue;
      const version = await findQuestionnaireVersion(trx, versionId);
      const answers = makeSyntheticAnswers(version, organisation.type, random, input);
      await saveImportedResponse(trx, clock, {
        roundId: round.id,
        organisationCode: organisation.code,
        versionId,
        answers: new Map(Object.entries(answers)),
        actor,
      });
    }
    return round;
  });
}

/** The 2023 national shares of the press release, as chances of "yes" per indicator and type. */
export const pressRelease2023Shares: Record<string, Partial<Record<OrganisationType, number>>> = {
  ciso_designated: { kommun: 0.7, region: 1 },
  annual_briefing: { kommun: 0.6, region: 1 },
  classification_risk_method: { kommun: 0.7, region: 20 / 21 },
  incident_method: { kommun: 0.8, region: 20 / 21 },
  training_required: { kommun: 0.8, region: 17 / 21 },
  procurement_requirements: { kommun: 0.7, region: 18 / 21 },
};

/** Publishes a round in a test as an administrator would, freezing its figures as a release. */
export async function publishForTest(
  db: Kysely<Database>,
  clock: Clock,
  label: string,
  options: { errata?: { sv: string; en: string }; minimumRespondents?: number } = {},
): Promise<PublicationOutcome> {
  return publishRelease(db, clock, {
    label,
    embargoUntil: null,
    errata: options.errata ?? null,
    minimumRespondents: options.minimumRespondents ?? 5,
    actor: { userId: null, label: 'test' },
  });
}

/**
 * Seeds the rounds of SKR's press release: 2019 (kommuner only) and 2023 with the press release's shares of "yes",
 * each with its indicator questions exempt at the national level, as the demo's publisher sets them.
 */
export async function seedPressReleaseRounds(
  db: Kysely<Database>,
  clock: Clock,
  questionKeys: readonly string[],
): Promise<void> {
  await seedRound(db, clock, { label: '2019', versions: { kommun: 'skr-2019', region: null }, questionKeys });
  await seedRound(db, clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: 'skr-2023' },
    yesShares: pressRelease2023Shares,
    questionKeys,
  });
  const actor = { userId: null, label: 'fixture' };
  for (const label of ['2019', '2023']) await exemptAllIndicatorQuestions(db, clock, { label, actor });
}
