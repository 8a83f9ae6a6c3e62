/**
 * Seeded answers for attack rounds: small groups, near-unanimous groups, follow-up questions, multiple choice,
 * numbers, and regions answering almost unanimously. Pure, so the leaky hand-made publication and the rounds made
 * through the product share it.
 */
import type { Answers, FollowUp, RegistryEntry } from './public-data.ts';

export type AnswerValue = string | number | readonly string[];

export interface QuestionSpec {
  key: string;
  kind: 'choice' | 'multiple' | 'number';
  questionType: string;
  options: string[];
  /** For numbers: the largest value. */
  max?: number;
  followUp?: FollowUp;
}

/** Questions of skr-2023 covering every kind of published figure, with their display conditions. */
export const attackQuestions: QuestionSpec[] = [
  {
    key: 'respondent_role',
    kind: 'choice',
    questionType: 'single_choice',
    options: ['ciso', 'security_manager', 'it_manager', 'data_protection_officer', 'other_role'],
  },
  { key: 'ciso_designated', kind: 'choice', questionType: 'yes_no', options: ['yes', 'no'] },
  {
    key: 'ciso_time_share',
    kind: 'number',
    questionType: 'percent',
    options: [],
    max: 100,
    followUp: { parent: 'ciso_designated', triggers: ['yes'] },
  },
  { key: 'security_hours_per_year', kind: 'number', questionType: 'integer', options: [], max: 5000 },
  { key: 'budget_allocated', kind: 'choice', questionType: 'yes_no', options: ['yes', 'no'] },
  {
    key: 'budget_amount',
    kind: 'number',
    questionType: 'integer',
    options: [],
    max: 2_000_000,
    followUp: { parent: 'budget_allocated', triggers: ['yes'] },
  },
  {
    key: 'classification_risk_method',
    kind: 'choice',
    questionType: 'yes_partly_no',
    options: ['yes', 'partly', 'no'],
  },
  {
    key: 'classification_model',
    kind: 'choice',
    questionType: 'single_choice',
    options: ['klassa', 'own_model', 'other_model'],
    followUp: { parent: 'classification_risk_method', triggers: ['yes', 'partly'] },
  },
  { key: 'incident_method', kind: 'choice', questionType: 'yes_partly_no', options: ['yes', 'partly', 'no'] },
  { key: 'cooperation_external', kind: 'choice', questionType: 'yes_no', options: ['yes', 'no'] },
  {
    key: 'cooperation_partners',
    kind: 'multiple',
    questionType: 'multiple_choice',
    options: ['municipalities_regions', 'county_board', 'msb', 'skr', 'cert_se', 'suppliers', 'other_partner'],
    followUp: { parent: 'cooperation_external', triggers: ['yes'] },
  },
];

export function followUpsOf(questions: readonly QuestionSpec[]): Record<string, FollowUp> {
  return Object.fromEntries(
    questions.flatMap((question) => (question.followUp ? [[question.key, question.followUp] as const] : [])),
  );
}

/** mulberry32 from a numeric seed: the same seed always gives the same round. */
export function createRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('nothing to pick from');
  return item;
}

/** The surveyed organisations of a round: every region, Gotland, and the kommuner of a few whole counties. */
export function chooseSurveyed(random: () => number, registry: readonly RegistryEntry[], counties: number): string[] {
  const kommunCounties = [...new Set(registry.filter((e) => e.type === 'kommun').map((e) => e.countyCode))];
  const chosen = new Set(['09']);
  while (chosen.size < counties + 1) chosen.add(pick(random, kommunCounties));
  return registry.filter((entry) => entry.type === 'region' || chosen.has(entry.countyCode)).map((entry) => entry.code);
}

/**
 * Answers for the surveyed organisations. Each question gets a leaning per kommungrupp (and for the regions):
 * unanimous, all but one, or mixed; submission is likely but not certain for kommuner, certain for regions.
 */
export function generateAnswers(
  random: () => number,
  registry: readonly RegistryEntry[],
  surveyed: readonly string[],
  questions: readonly QuestionSpec[],
): Map<string, Answers> {
  const entries = registry.filter((entry) => surveyed.includes(entry.code));
  const leanings = new Map<string, { mode: 'unanimous' | 'all-but-one' | 'mixed'; favourite: number }>();
  const leaningOf = (question: QuestionSpec, group: string) => {
    const key = `${question.key}|${group}`;
    let leaning = leanings.get(key);
    if (!leaning) {
      const draw = random();
      const regionMode = draw < 0.45 ? 'unanimous' : draw < 0.8 ? 'all-but-one' : 'mixed';
      const kommunMode = draw < 0.3 ? 'unanimous' : draw < 0.55 ? 'all-but-one' : 'mixed';
      leaning = {
        mode: group === 'region' ? regionMode : kommunMode,
        favourite: Math.floor(random() * Math.max(1, question.options.length)),
      };
      leanings.set(key, leaning);
    }
    return leaning;
  };
  const deviants = new Map<string, string>();
  const answers = new Map<string, Answers>();
  for (const entry of entries) {
    if (entry.type === 'kommun' && random() < 0.12) continue;
    const own = new Map<string, AnswerValue>();
    const group = entry.type === 'region' ? 'region' : (entry.municipalityGroup ?? '');
    for (const question of questions) {
      const parent = question.followUp;
      if (parent) {
        const parentAnswer = own.get(parent.parent);
        if (typeof parentAnswer !== 'string' || !parent.triggers.includes(parentAnswer)) continue;
      }
      if (random() < 0.05) continue;
      if (question.kind === 'number') {
        const max = question.max ?? 100;
        // Round values, so that equal answers (and exact quartiles) occur.
        own.set(question.key, Math.round((random() * max) / (max / 20)) * (max / 20));
        continue;
      }
      const leaning = leaningOf(question, group);
      const favourite = question.options[leaning.favourite] ?? question.options[0] ?? '';
      const deviantKey = `${question.key}|${group}`;
      let isDeviant = leaning.mode === 'mixed' ? random() < 0.4 : false;
      if (leaning.mode === 'all-but-one' && !deviants.has(deviantKey)) {
        deviants.set(deviantKey, entry.code);
        isDeviant = true;
      }
      const others = question.options.filter((option) => option !== favourite);
      const value = isDeviant && others.length > 0 ? pick(random, others) : favourite;
      if (question.kind === 'multiple') {
        const chosen = question.options.filter((option) => option === value || random() < 0.3);
        own.set(question.key, chosen);
      } else {
        own.set(question.key, value);
      }
    }
    if (own.size > 0) answers.set(entry.code, own);
  }
  return answers;
}
