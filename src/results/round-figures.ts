/**
 * A round's figures computed in memory from its population, its questionnaire versions and its submitted
 * answers: per question and group, response rates and the Fakta sentences. Pure: the service loads the data.
 */
import { evaluateCondition, listConditionQuestions, listQuestions } from '../questionnaires/conditions.ts';
import {
  findQuestionText,
  isChoiceType,
  isNumericType,
  listAnswerOptions,
  numberQuestions,
} from '../questionnaires/question-wording.ts';
import type { Answers, AnswerValue, Question, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { type Fact, type FactQuestion, generateFacts } from './facts.ts';
import {
  type AnswerColumn,
  type ChoiceGroupFigures,
  computeChoiceColumnFigures,
  computeNumberColumnFigures,
  type FigureDisclosure,
  type GroupStructure,
} from './figures.ts';
import { buildGroups, type OrganisationType, type PopulationMember } from './groups.ts';
import type { GroupFigure, QuestionResult, ResponseRate } from './results.schema.ts';

/** Everything the figures of one round are computed from. */
export interface RoundData {
  population: readonly PopulationMember[];
  versions: Readonly<Record<OrganisationType, QuestionnaireVersion | null>>;
  /** Submitted responses only: organisation code -> its answers by question key. */
  answers: ReadonlyMap<string, Answers>;
}

/** One question of the round with the organisation types that are asked it. */
export interface RoundQuestion {
  question: Question;
  types: OrganisationType[];
  number: string;
}

/**
 * Who was shown the conditional questions, and each set of organisation types' population prepared once.
 * Questions without a condition are shown to every submitting organisation they target.
 */
export interface Visibility {
  shownByKey: ReadonlyMap<string, ReadonlySet<string>>;
  populations: Map<string, PreparedPopulation>;
}

/**
 * A population with its groups, whether each member submitted, and the answers turned into one column per question
 * in population order (undefined: no answer), so that a question's answers are read from an array instead of
 * looked up in every organisation's record.
 */
interface PreparedPopulation {
  population: PopulationMember[];
  structure: GroupStructure;
  isSubmitted: boolean[];
  columns: Map<string, (AnswerValue | undefined)[]>;
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
  for (const type of organisationTypes) {
    const version = data.versions[type];
    if (version === null) continue;
    const conditional = listQuestions(version).flatMap(({ key, showIf }) => (showIf ? [{ key, showIf }] : []));
    if (conditional.length === 0) continue;
    // Each organisation's answers cut down to the questions the conditions read: the same outcome, and about twice
    // as fast to evaluate as over a record of some sixty answers.
    const readKeys = [...new Set(conditional.flatMap(({ showIf }) => listConditionQuestions(showIf)))];
    const records: { code: string; answers: Answers }[] = [];
    for (const member of data.population) {
      const answers = member.type === type ? data.answers.get(member.code) : undefined;
      if (answers === undefined) continue;
      const read: Record<string, AnswerValue> = {};
      for (const key of readKeys) {
        const value = answers[key];
        if (value !== undefined && Object.hasOwn(answers, key)) read[key] = value;
      }
      records.push({ code: member.code, answers: read });
    }
    for (const { key, showIf } of conditional) {
      const shown = shownByKey.get(key) ?? new Set<string>();
      shownByKey.set(key, shown);
      for (const { code, answers } of records) if (evaluateCondition(showIf, answers)) shown.add(code);
    }
  }
  return { shownByKey, populations: new Map() };
}

/**
 * Collects one question's answers of the organisations of the given types in population order: an entry (null when
 * unanswered) for every organisation that submitted and was shown the question, undefined for the others.
 */
export function collectAnswerColumn(
  data: RoundData,
  visibility: Visibility,
  key: string,
  types: readonly OrganisationType[],
): { population: PopulationMember[]; structure: GroupStructure; answers: AnswerColumn<AnswerValue> } {
  const { population, structure, isSubmitted, columns } = preparePopulation(data, visibility, types);
  const shown = visibility.shownByKey.get(key);
  const column = columns.get(key);
  const answers = population.map((member, index) => {
    const isShown = shown === undefined || shown.has(member.code);
    return isSubmitted[index] === true && isShown ? (column?.[index] ?? null) : undefined;
  });
  return { population, structure, answers };
}

/**
 * Collects one question's answers of the organisations of the given types by organisation: an entry (null when
 * unanswered) for every organisation that submitted and was shown the question.
 */
export function collectAnswers(
  data: RoundData,
  visibility: Visibility,
  key: string,
  types: readonly OrganisationType[],
): { population: PopulationMember[]; structure: GroupStructure; answers: Map<string, AnswerValue | null> } {
  const { population, structure, answers: column } = collectAnswerColumn(data, visibility, key, types);
  const answers = new Map<string, AnswerValue | null>();
  for (const [index, member] of population.entries()) {
    const value = column[index];
    if (value !== undefined) answers.set(member.code, value);
  }
  return { population, structure, answers };
}

function preparePopulation(
  data: RoundData,
  visibility: Visibility,
  types: readonly OrganisationType[],
): PreparedPopulation {
  const typesKey = types.join(',');
  let prepared = visibility.populations.get(typesKey);
  if (prepared === undefined) {
    const population = data.population.filter((member) => types.includes(member.type));
    const submitted = population.map((member) => data.answers.get(member.code));
    const columns = new Map<string, (AnswerValue | undefined)[]>();
    submitted.forEach((answers, index) => {
      if (answers === undefined) return;
      // for...in is twice as fast as Object.entries here; answer records are plain objects (parsed JSON), whose
      // enumerable keys are all their own.
      for (const key in answers) {
        let column = columns.get(key);
        if (column === undefined) {
          column = population.map(() => undefined);
          columns.set(key, column);
        }
        column[index] = answers[key];
      }
    });
    const isSubmitted = submitted.map((answers) => answers !== undefined);
    prepared = { population, structure: buildGroups(population), isSubmitted, columns };
    visibility.populations.set(typesKey, prepared);
  }
  return prepared;
}

/** Computes one question's figures per group after disclosure control. */
export function computeQuestionFigures(
  data: RoundData,
  visibility: Visibility,
  entry: RoundQuestion,
  options: FigureDisclosure,
): GroupFigure[] {
  const { question, types } = entry;
  const { structure, answers } = collectAnswerColumn(data, visibility, question.key, types);
  if (isNumericType(question.type)) {
    const numbers = mapValues(answers, (value) => (typeof value === 'number' ? value : null));
    return computeNumberColumnFigures(structure, numbers, options).map((group) => {
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
    return computeChoiceColumnFigures(structure, { answerCodes: codes, answers: chosen }, options).map(flattenChoice);
  }
  return computeMultipleChoiceFigures(structure, answers, codes, options);
}

/**
 * A multiple-choice question is published as one yes/no table per option (chosen or not, among respondents).
 * Each option's table is protected on its own; a group suppressed in any of them is suppressed in all, which
 * only hides more and so cannot open a way to derive a hidden cell.
 */
function computeMultipleChoiceFigures(
  structure: GroupStructure,
  answers: AnswerColumn<AnswerValue>,
  codes: readonly string[],
  options: FigureDisclosure,
): GroupFigure[] {
  const tables = codes.map((code) => {
    const chosen = mapValues(answers, (value) =>
      Array.isArray(value) && value.length > 0 ? (value.includes(code) ? 'chosen' : 'not_chosen') : null,
    );
    const answerCodes = ['chosen', 'not_chosen'];
    return computeChoiceColumnFigures(structure, { answerCodes, answers: chosen }, options);
  });
  const [first] = tables;
  if (first === undefined) return [];
  return first.map((group, index) => {
    const rows = tables.map((table) => table[index]);
    const suppressed = rows.find((row) => row === undefined || row.suppressed);
    if (group.suppressed || suppressed !== undefined) {
      const { groupId, kind, key, organisationType, population: size } = group;
      return { groupId, kind, key, organisationType, population: size, suppressed: true };
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

/** Converts every answer given; unanswered (null) and absent (undefined) entries stay as they are. */
function mapValues<Value>(
  answers: AnswerColumn<AnswerValue>,
  convert: (value: AnswerValue) => Value | null,
): (Value | null | undefined)[] {
  return answers.map((value) => (value === null || value === undefined ? value : convert(value)));
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
 * Generates the round's Fakta sentences from its published national figures, one per indicator question in
 * questionnaire order: per type, the respondents, how many said yes ("partly" is not yes) and the type's
 * population. A type whose national figure is suppressed is left out of the sentence.
 */
export function computeRoundFacts(
  questions: readonly QuestionResult[],
  minimumRespondents: number,
  indicators: ReadonlyMap<string, FactQuestion['predicate']>,
): Fact[] {
  const factQuestions: FactQuestion[] = [];
  for (const question of questions) {
    const predicate = indicators.get(question.key);
    if (predicate === undefined) continue;
    const counts: FactQuestion['counts'] = {};
    for (const group of question.groups) {
      if (group.kind !== 'organisation-type' || group.suppressed || !('answers' in group)) continue;
      const yes = group.answers.find((answer) => answer.code === 'yes')?.count ?? 0;
      counts[group.organisationType] = { respondents: group.respondents, yes, population: group.population };
    }
    factQuestions.push({ key: question.key, predicate, counts });
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
