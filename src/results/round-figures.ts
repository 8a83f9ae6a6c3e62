/**
 * A round's figures computed in memory from its population, its questionnaire versions and its submitted
 * answers: per question and group, response rates and the Fakta sentences. Pure: the service loads the data.
 */
import { evaluateCondition, listQuestions } from '../questionnaires/conditions.ts';
import {
  findQuestionText,
  isChoiceType,
  isNumericType,
  listAnswerOptions,
  numberQuestions,
} from '../questionnaires/question-wording.ts';
import type { Answers, AnswerValue, Question, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import type { DisclosureOptions } from './disclosure.ts';
import { type Fact, type FactQuestion, generateFacts } from './facts.ts';
import { type ChoiceGroupFigures, computeChoiceFigures, computeNumberFigures, type GroupStructure } from './figures.ts';
import { buildGroups, type OrganisationType, type PopulationMember } from './groups.ts';
import type { GroupFigure, ResponseRate } from './results.schema.ts';

/** Everything the figures of one round are computed from. */
export interface RoundData {
  population: readonly PopulationMember[];
  versions: Readonly<Record<OrganisationType, QuestionnaireVersion | null>>;
  /** Submitted responses only: organisation code -> question key -> answer. */
  answers: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>;
}

/** One question of the round with the organisation types that are asked it. */
export interface RoundQuestion {
  question: Question;
  types: OrganisationType[];
  number: string;
}

/**
 * Who was shown the conditional questions, and each set of organisation types' population with its groups
 * built once. Questions without a condition are shown to every submitting organisation they target.
 */
export interface Visibility {
  shownByKey: ReadonlyMap<string, ReadonlySet<string>>;
  populations: Map<string, { population: PopulationMember[]; structure: GroupStructure }>;
}

const organisationTypes: readonly OrganisationType[] = ['kommun', 'region'];

/** Lists the round's published questions (not free text) in questionnaire order, kommun version first. */
export function listRoundQuestions(versions: RoundData['versions']): RoundQuestion[] {
  const byKey = new Map<string, RoundQuestion>();
  for (const type of organisationTypes) {
    const version = versions[type];
    if (version === null) continue;
    const numbers = numberQuestions(version, type);
    for (const question of version.sections.flatMap((section) => section.questions)) {
      const number = numbers.get(question.key);
      if (number === undefined || question.type === 'free_text') continue;
      const entry = byKey.get(question.key);
      if (entry === undefined) byKey.set(question.key, { question, types: [type], number });
      else if (entry.question.type === question.type) entry.types.push(type);
    }
  }
  return [...byKey.values()];
}

/**
 * Works out which submitting organisations were shown each conditional question. Stored answers hold only
 * answers to questions that were shown (validation drops the others), and a condition looks only at earlier
 * questions, so evaluating it over an organisation's stored answers equals following the conditions in order.
 */
export function computeVisibility(data: RoundData): Visibility {
  const shownByKey = new Map<string, Set<string>>();
  const records = new Map<string, Answers>();
  const typeOf = new Map(data.population.map((member) => [member.code, member.type]));
  for (const type of organisationTypes) {
    const version = data.versions[type];
    if (version === null) continue;
    const conditional = listQuestions(version).filter((question) => question.showIf !== undefined);
    for (const question of conditional) {
      const { showIf } = question;
      if (showIf === undefined) continue;
      const shown = shownByKey.get(question.key) ?? new Set<string>();
      shownByKey.set(question.key, shown);
      for (const [code, answers] of data.answers) {
        if (typeOf.get(code) !== type) continue;
        let record = records.get(code);
        if (record === undefined) {
          record = Object.fromEntries(answers);
          records.set(code, record);
        }
        if (evaluateCondition(showIf, record)) shown.add(code);
      }
    }
  }
  return { shownByKey, populations: new Map() };
}

/**
 * Collects one question's answers of the organisations of the given types: an entry (null when unanswered) for
 * every organisation that submitted and was shown the question, and the population asked it.
 */
export function collectAnswers(
  data: RoundData,
  visibility: Visibility,
  key: string,
  types: readonly OrganisationType[],
): { population: PopulationMember[]; structure: GroupStructure; answers: Map<string, AnswerValue | null> } {
  const typesKey = types.join(',');
  let prepared = visibility.populations.get(typesKey);
  if (prepared === undefined) {
    const population = data.population.filter((member) => types.includes(member.type));
    prepared = { population, structure: buildGroups(population) };
    visibility.populations.set(typesKey, prepared);
  }
  const shown = visibility.shownByKey.get(key);
  const answers = new Map<string, AnswerValue | null>();
  for (const member of prepared.population) {
    const given = data.answers.get(member.code);
    if (given === undefined || (shown !== undefined && !shown.has(member.code))) continue;
    answers.set(member.code, given.get(key) ?? null);
  }
  return { population: prepared.population, structure: prepared.structure, answers };
}

/** Computes one question's figures per group after disclosure control. */
export function computeQuestionFigures(
  data: RoundData,
  visibility: Visibility,
  entry: RoundQuestion,
  options: DisclosureOptions,
): GroupFigure[] {
  const { question, types } = entry;
  const { population, structure, answers } = collectAnswers(data, visibility, question.key, types);
  if (isNumericType(question.type)) {
    const numbers = mapValues(answers, (value) => (typeof value === 'number' ? value : null));
    return computeNumberFigures(population, numbers, options, structure).map((group) => {
      if (group.suppressed) return group;
      const { quartiles, ...rest } = group;
      return { ...rest, ...quartiles };
    });
  }
  if (!isChoiceType(question.type)) return [];
  const codes = listAnswerOptions(question).map((option) => option.code);
  if (question.type !== 'multiple_choice') {
    const valid = new Set(codes);
    const chosen = mapValues(answers, (value) => (typeof value === 'string' && valid.has(value) ? value : null));
    return computeChoiceFigures(population, { answerCodes: codes, answers: chosen }, options, structure).map(
      flattenChoice,
    );
  }
  return computeMultipleChoiceFigures(population, structure, answers, codes, options);
}

/**
 * A multiple-choice question is published as one yes/no table per option (chosen or not, among respondents).
 * Each option's table is protected on its own; a group suppressed in any of them is suppressed in all, which
 * only hides more and so cannot open a way to derive a hidden cell.
 */
function computeMultipleChoiceFigures(
  population: readonly PopulationMember[],
  structure: GroupStructure,
  answers: ReadonlyMap<string, AnswerValue | null>,
  codes: readonly string[],
  options: DisclosureOptions,
): GroupFigure[] {
  const tables = codes.map((code) => {
    const chosen = mapValues(answers, (value) =>
      Array.isArray(value) && value.length > 0 ? (value.includes(code) ? 'chosen' : 'not_chosen') : null,
    );
    const answerCodes = ['chosen', 'not_chosen'];
    return computeChoiceFigures(population, { answerCodes, answers: chosen }, options, structure);
  });
  const [first] = tables;
  if (first === undefined) return [];
  return first.map((group, index) => {
    const rows = tables.map((table) => table[index]);
    const suppressed = rows.find((row) => row === undefined || row.suppressed);
    if (group.suppressed || suppressed !== undefined) {
      const reason = group.suppressed ? group.reason : 'complementary';
      const { groupId, kind, key, organisationType, population: size } = group;
      return { groupId, kind, key, organisationType, population: size, suppressed: true, reason };
    }
    const answerFigures = codes.flatMap((code, optionIndex) => {
      const row = rows[optionIndex];
      const figure = row && !row.suppressed ? row.answers.find((answer) => answer.code === 'chosen') : undefined;
      return figure ? [{ code, count: figure.count, ...figure.interval }] : [];
    });
    const { answers: _ignored, ...rest } = group;
    return { ...rest, answers: answerFigures };
  });
}

function flattenChoice(group: ChoiceGroupFigures): GroupFigure {
  if (group.suppressed) return group;
  const { answers, ...rest } = group;
  return { ...rest, answers: answers.map(({ code, count, interval }) => ({ code, count, ...interval })) };
}

function mapValues<Value>(
  answers: ReadonlyMap<string, AnswerValue | null>,
  convert: (value: AnswerValue) => Value | null,
): Map<string, Value | null> {
  const converted = new Map<string, Value | null>();
  for (const [code, value] of answers) converted.set(code, value === null ? null : convert(value));
  return converted;
}

/**
 * Computes the response rate (submitted / invited) of every group. Whether an organisation took part is not an
 * answer, so response rates are shown for every group.
 */
export function computeResponseRates(data: RoundData): ResponseRate[] {
  const { groups } = buildGroups(data.population);
  return groups.map((group) => {
    const submitted = group.memberCodes.filter((code) => data.answers.has(code)).length;
    const invited = group.memberCodes.length;
    return {
      groupId: group.id,
      kind: group.kind,
      key: group.key,
      organisationType: group.organisationType,
      invited,
      submitted,
      rate: invited === 0 ? 0 : submitted / invited,
    };
  });
}

/**
 * Generates the round's Fakta sentences from its indicator questions: per type, the organisations that answered
 * and how many said yes ("partly" is not yes).
 */
export function computeRoundFacts(
  data: RoundData,
  visibility: Visibility,
  questions: readonly RoundQuestion[],
  minimumRespondents: number,
): Fact[] {
  const factQuestions: FactQuestion[] = [];
  for (const { question, types } of questions) {
    if (question.indicator === undefined) continue;
    const counts: FactQuestion['counts'] = {};
    for (const type of types) {
      const { answers } = collectAnswers(data, visibility, question.key, [type]);
      let respondents = 0;
      let yes = 0;
      for (const value of answers.values()) {
        if (value === null) continue;
        respondents += 1;
        if (value === 'yes') yes += 1;
      }
      counts[type] = { respondents, yes };
    }
    factQuestions.push({ key: question.key, predicate: question.indicator, counts });
  }
  return generateFacts(factQuestions, { minimumRespondents });
}

/** The question's label (or text) and text as the first organisation type asked reads them. */
export function describeQuestion(entry: RoundQuestion): {
  label: { sv: string; en: string };
  text: { sv: string; en: string };
} {
  const type = entry.types[0] ?? 'kommun';
  const text = findQuestionText(entry.question, type);
  return { label: entry.question.label ?? text, text };
}
