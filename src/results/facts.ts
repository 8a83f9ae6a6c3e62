import type { OrganisationType } from './groups.ts';

/** Respondents to one yes/no indicator question within one organisation type, and how many said yes. */
export interface IndicatorCount {
  respondents: number;
  yes: number;
}

/** One indicator question of the round, in questionnaire order, as the Fakta list needs it. */
export interface FactQuestion {
  key: string;
  /** What holds in the organisations that said yes, e.g. "finns rollen ... utpekad". */
  predicate: { sv: string; en: string };
  counts: Partial<Record<OrganisationType, IndicatorCount>>;
}

/** One Fakta sentence in both languages. */
export interface Fact {
  key: string;
  sv: string;
  en: string;
}

/** From this many respondents on, a share is said in tenths; below it the exact count is said. */
export const tenthsFromRespondents = 50;

const swedishTenths = ['', 'en', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'] as const;
const englishTenths = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

const nouns = {
  sv: { kommun: { one: 'kommun', many: 'kommuner' }, region: { one: 'region', many: 'regioner' } },
  en: { kommun: { one: 'municipality', many: 'municipalities' }, region: { one: 'region', many: 'regions' } },
} as const;

/** Questions name kommuner before regioner, as SKR does. */
const typeOrder: readonly OrganisationType[] = ['kommun', 'region'];

/**
 * Returns the share yes/n rounded half up to whole tenths, in integer arithmetic so that 65 % is exactly seven:
 * floor(10 yes/n + 1/2) = floor((20 yes + n) / (2 n)).
 * @throws {RangeError} when the counts are not integers with 0 <= yes <= respondents and respondents > 0.
 */
export function roundToTenths({ respondents, yes }: IndicatorCount): number {
  assertValidCount({ respondents, yes });
  if (respondents === 0) throw new RangeError('a share needs at least one respondent');
  return Math.floor((20 * yes + respondents) / (2 * respondents));
}

/**
 * Returns the quantifier phrase for one organisation type, e.g. "sju av tio kommuner", "20 av 21 regioner",
 * "samtliga regioner", "ingen kommun".
 *
 * Rounded tenths of 0 or 10 that are not literally none or all would say something false ("ingen", "samtliga")
 * or odd ("tio av tio"), so they become "färre än en av tio" (the share is below 5 %, so below one in ten) and
 * "fler än nio av tio" (at least 95 %, so above nine in ten): both are true whenever they are used.
 * @throws {RangeError} when the counts are invalid or nobody answered.
 */
export function describeQuantity(count: IndicatorCount, type: OrganisationType, language: 'sv' | 'en'): string {
  assertValidCount(count);
  const { respondents, yes } = count;
  if (respondents === 0) throw new RangeError('a quantity needs at least one respondent');
  const noun = nouns[language][type];
  if (yes === 0) return language === 'sv' ? `ingen ${noun.one}` : `no ${noun.one}`;
  if (yes === respondents) return language === 'sv' ? `samtliga ${noun.many}` : `all ${noun.many}`;
  if (respondents < tenthsFromRespondents) {
    return language === 'sv' ? `${yes} av ${respondents} ${noun.many}` : `${yes} out of ${respondents} ${noun.many}`;
  }
  const tenths = roundToTenths(count);
  if (tenths === 0)
    return language === 'sv' ? `färre än en av tio ${noun.many}` : `fewer than one out of ten ${noun.many}`;
  if (tenths === 10)
    return language === 'sv' ? `fler än nio av tio ${noun.many}` : `more than nine out of ten ${noun.many}`;
  return language === 'sv'
    ? `${swedishTenths[tenths]} av tio ${noun.many}`
    : `${englishTenths[tenths]} out of ten ${noun.many}`;
}

/**
 * Generates the Fakta sentences of a round, one per indicator question in the order given:
 * "I {kommuner} kommuner och i {regioner} regioner {predicate}." and its English mirror.
 *
 * A type is left out when nobody of it answered the question or, as disclosure control, when fewer than
 * minimumRespondents did (the same threshold as the published tables); a question left with no type gets no
 * sentence. The national figure per organisation type is published even when it is unanimous ("samtliga
 * regioner"), as SKR does; see the disclosure policy.
 * @throws {RangeError} when a count is invalid or minimumRespondents is below 1.
 */
export function generateFacts(
  questions: readonly FactQuestion[],
  { minimumRespondents = 5 }: { minimumRespondents?: number } = {},
): Fact[] {
  if (!Number.isInteger(minimumRespondents) || minimumRespondents < 1) {
    throw new RangeError(`minimumRespondents must be a positive integer, got ${minimumRespondents}`);
  }
  const facts: Fact[] = [];
  for (const question of questions) {
    const shown: { type: OrganisationType; count: IndicatorCount }[] = [];
    for (const type of typeOrder) {
      const count = question.counts[type];
      if (count === undefined) continue;
      assertValidCount(count);
      if (count.respondents >= minimumRespondents) shown.push({ type, count });
    }
    if (shown.length === 0) continue;
    const phrases = (language: 'sv' | 'en'): string[] =>
      shown.map(({ type, count }) => describeQuantity(count, type, language));
    facts.push({
      key: question.key,
      sv: `I ${phrases('sv').join(' och i ')} ${question.predicate.sv}.`,
      en: `In ${phrases('en').join(' and in ')} ${question.predicate.en}.`,
    });
  }
  return facts;
}

function assertValidCount({ respondents, yes }: IndicatorCount): void {
  if (!Number.isInteger(respondents) || respondents < 0 || !Number.isInteger(yes) || yes < 0 || yes > respondents) {
    throw new RangeError(`counts must be integers with 0 <= yes <= respondents, got ${yes} of ${respondents}`);
  }
}
