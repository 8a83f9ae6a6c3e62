import type { OrganisationType } from './groups.ts';
import type { Fact } from './results.schema.ts';

/**
 * Respondents to one yes/no indicator question within one organisation type, how many said yes, and how many
 * organisations of the type the round asked (its population), so that a sentence can tell whether it speaks of
 * every organisation or only of those that answered.
 */
export interface IndicatorCount {
  respondents: number;
  yes: number;
  population: number;
}

/** One indicator question of the round, in questionnaire order, as the Fakta list needs it. */
export interface FactQuestion {
  key: string;
  /** What holds in the organisations that said yes, e.g. "finns rollen ... utpekad". */
  predicate: { sv: string; en: string };
  counts: Partial<Record<OrganisationType, IndicatorCount>>;
}

export type { Fact };

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
export function roundToTenths({ respondents, yes }: Pick<IndicatorCount, 'respondents' | 'yes'>): number {
  assertValidCount({ respondents, yes, population: respondents });
  if (respondents === 0) throw new RangeError('a share needs at least one respondent');
  return Math.floor((20 * yes + respondents) / (2 * respondents));
}

/** A quantifier phrase, and whether it says "none" (which turns an English sentence around). */
interface Quantity {
  text: string;
  isNegative: boolean;
}

/**
 * Returns the quantifier phrase for one organisation type, e.g. "sju av tio kommuner", "20 av 21 regioner",
 * "samtliga regioner", "ingen kommun", or, when not every organisation of the type answered, "samtliga 19
 * regioner som svarade", "ingen av de 19 regioner som svarade", "12 av de 19 regioner som svarade".
 *
 * The tenths form ("sju av tio kommuner") is read as a share of respondents, as SKR uses it, and stays. Absolute
 * words and exact counts would read as statements about every organisation, so they name the respondents when some
 * did not answer. Rounded tenths of 0 or 10 that are not literally none or all would say something false or odd,
 * so they become "färre än en av tio" and "fler än nio av tio": both are true whenever they are used.
 * @throws {RangeError} when the counts are invalid or nobody answered.
 */
export function describeQuantity(count: IndicatorCount, type: OrganisationType, language: 'sv' | 'en'): string {
  return quantify(count, type, language).text;
}

function quantify(count: IndicatorCount, type: OrganisationType, language: 'sv' | 'en'): Quantity {
  assertValidCount(count);
  const { respondents, yes, population } = count;
  if (respondents === 0) throw new RangeError('a quantity needs at least one respondent');
  const noun = nouns[language][type];
  const isEveryone = respondents === population;
  const sv = language === 'sv';
  if (yes === 0) {
    if (isEveryone) return { text: sv ? `ingen ${noun.one}` : `no ${noun.one}`, isNegative: true };
    return {
      text: sv
        ? `ingen av de ${respondents} ${noun.many} som svarade`
        : `none of the ${respondents} ${noun.many} that responded`,
      isNegative: true,
    };
  }
  if (yes === respondents) {
    if (isEveryone) return { text: sv ? `samtliga ${noun.many}` : `all ${noun.many}`, isNegative: false };
    return {
      text: sv ? `samtliga ${respondents} ${noun.many} som svarade` : `all ${respondents} ${noun.many} that responded`,
      isNegative: false,
    };
  }
  if (respondents < tenthsFromRespondents) {
    if (isEveryone) {
      return {
        text: sv ? `${yes} av ${respondents} ${noun.many}` : `${yes} out of ${respondents} ${noun.many}`,
        isNegative: false,
      };
    }
    return {
      text: sv
        ? `${yes} av de ${respondents} ${noun.many} som svarade`
        : `${yes} of the ${respondents} ${noun.many} that responded`,
      isNegative: false,
    };
  }
  const tenths = roundToTenths(count);
  const text =
    tenths === 0
      ? sv
        ? `färre än en av tio ${noun.many}`
        : `fewer than one out of ten ${noun.many}`
      : tenths === 10
        ? sv
          ? `fler än nio av tio ${noun.many}`
          : `more than nine out of ten ${noun.many}`
        : sv
          ? `${swedishTenths[tenths]} av tio ${noun.many}`
          : `${englishTenths[tenths]} out of ten ${noun.many}`;
  return { text, isNegative: false };
}

/** The negative form of a phrase after "but": "not in any municipality", "not in any of the 19 regions ...". */
function negateAfterBut(count: IndicatorCount, type: OrganisationType): string {
  const noun = nouns.en[type];
  return count.respondents === count.population
    ? `not in any ${noun.one}`
    : `not in any of the ${count.respondents} ${noun.many} that responded`;
}

const englishAuxiliaries = ['is', 'are', 'has', 'have', 'was', 'were', 'can', 'must', 'does', 'do'];

/**
 * Turns an English predicate around after a fronted negative ("In no municipality is there ..."): the first
 * auxiliary moves in front of its subject. A predicate without one is introduced by "is it the case that".
 */
export function invertEnglishPredicate(predicate: string): string {
  const words = predicate.split(' ');
  const position = words.findIndex((word, index) => index > 0 && englishAuxiliaries.includes(word));
  if (position === -1) return `is it the case that ${predicate}`;
  return [words[position], ...words.slice(0, position), ...words.slice(position + 1)].join(' ');
}

/**
 * Generates the Fakta sentences of a round, one per indicator question in the order given:
 * "I {kommuner} kommuner och i {regioner} regioner {predicate}." and its English mirror, with the word order
 * English needs after a negative ("In no municipality is there ...").
 *
 * A type is left out when nobody of it answered the question or, as disclosure control, when fewer than
 * minimumRespondents did (the same threshold as the published tables); a question left with no type gets no
 * sentence. The caller passes only figures that disclosure control lets out.
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
    const swedish = shown.map(({ type, count }) => quantify(count, type, 'sv').text);
    facts.push({
      key: question.key,
      sv: `I ${swedish.join(' och i ')} ${question.predicate.sv}.`,
      en: writeEnglishFact(shown, question.predicate.en),
    });
  }
  return facts;
}

function writeEnglishFact(shown: { type: OrganisationType; count: IndicatorCount }[], predicate: string): string {
  const parts = shown.map(({ type, count }) => ({ type, count, ...quantify(count, type, 'en') }));
  const positives = parts.filter((part) => !part.isNegative);
  const negatives = parts.filter((part) => part.isNegative);
  if (negatives.length === 0) return `In ${parts.map((part) => part.text).join(' and in ')} ${predicate}.`;
  if (positives.length === 0) {
    return `In ${parts.map((part) => part.text).join(' and in ')} ${invertEnglishPredicate(predicate)}.`;
  }
  const but = negatives.map((part) => negateAfterBut(part.count, part.type)).join(' and ');
  return `In ${positives.map((part) => part.text).join(' and in ')} ${predicate}, but ${but}.`;
}

function assertValidCount({ respondents, yes, population }: IndicatorCount): void {
  if (!Number.isInteger(respondents) || respondents < 0 || !Number.isInteger(yes) || yes < 0 || yes > respondents) {
    throw new RangeError(`counts must be integers with 0 <= yes <= respondents, got ${yes} of ${respondents}`);
  }
  if (!Number.isInteger(population) || population < respondents) {
    throw new RangeError(`the population must be an integer >= respondents, got ${population} for ${respondents}`);
  }
}
