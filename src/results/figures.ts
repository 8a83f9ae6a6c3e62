import {
  applyDisclosureControl,
  type DisclosureCell,
  type DisclosureOptions,
  type ProtectedCell,
} from './disclosure.ts';
import { buildGroups, type Group, type GroupKind, type OrganisationType, type PopulationMember } from './groups.ts';
import { computeWilsonInterval, type ShareInterval } from './proportion-interval.ts';
import { computeQuartiles, type Quartiles } from './quantiles.ts';

/** What every group row carries, published or not: who the group is and how many organisations it has. */
export interface GroupHeader {
  groupId: string;
  kind: GroupKind;
  key: string;
  organisationType: OrganisationType;
  /** All organisations of the group (N); public knowledge, so shown even for a suppressed group. */
  population: number;
}

/** The published counts of a group: those who submitted, answered the question, and skipped it. */
export interface ResponseCounts {
  submitted: number;
  respondents: number;
  /** Submitted the questionnaire but left this question unanswered. */
  itemNonResponse: number;
}

/** One answer's count and share among respondents, with its 95 % Wilson interval with finite population correction. */
export interface AnswerFigure {
  code: string;
  count: number;
  interval: ShareInterval;
}

/** A suppressed group: no numbers, and no word of which rule hid it (the rule would tell something itself). */
type Suppressed = { suppressed: true };

/** Disclosure options of a figure computation: the per-table rule, or the groups a linked-set computation hid. */
export type FigureDisclosure = DisclosureOptions & {
  /** When given, exactly these groups are suppressed and the per-table rule is not applied. */
  suppressedGroupIds?: ReadonlySet<string>;
};

export type ChoiceGroupFigures = GroupHeader &
  (({ suppressed: false; answers: AnswerFigure[] } & ResponseCounts) | Suppressed);

export type NumberGroupFigures = GroupHeader &
  (({ suppressed: false; quartiles: Quartiles } & ResponseCounts) | Suppressed);

/**
 * The groups of a population and their relations (see buildGroups); a caller computing many questions over the
 * same population builds it once and passes it in. It must be built from that very population.
 */
export type GroupStructure = ReturnType<typeof buildGroups>;

/**
 * One question's answers: an entry per organisation that submitted the questionnaire, null when it left this
 * question unanswered. Organisations without an entry did not submit.
 */
export type AnswersByOrganisation<Value> = ReadonlyMap<string, Value | null>;

/**
 * One question's answers in population order, the same information as AnswersByOrganisation without a lookup
 * per organisation: entry i belongs to the population's member i, null when it left the question unanswered,
 * undefined when it did not submit (or was not shown the question). A caller computing many questions over a large
 * population builds these directly.
 */
export type AnswerColumn<Value> = readonly (Value | null | undefined)[];

/**
 * Computes the published figures of a single-choice question per group: counts and shares of every answer code
 * with Wilson intervals corrected for the group's finite population, after disclosure control.
 * @throws {RangeError} when an answer comes from outside the population or is not one of the answer codes, or
 * when the population or options are invalid.
 */
export function computeChoiceFigures(
  population: readonly PopulationMember[],
  question: { answerCodes: readonly string[]; answers: AnswersByOrganisation<string> },
  options: FigureDisclosure = {},
  structure: GroupStructure = buildGroups(population),
): ChoiceGroupFigures[] {
  const answers = toColumn(population, question.answers);
  return computeChoiceColumnFigures(structure, { answerCodes: question.answerCodes, answers }, options);
}

/**
 * computeChoiceFigures over answers in population order; `structure` must be built from that population.
 * @throws {RangeError} when an answer is not one of the answer codes, or when the options are invalid.
 */
export function computeChoiceColumnFigures(
  structure: GroupStructure,
  question: { answerCodes: readonly string[]; answers: AnswerColumn<string> },
  options: FigureDisclosure = {},
): ChoiceGroupFigures[] {
  // Answers become positions in answerCodes once, so that counting a group's answers is adding up small integers.
  const positionOf = new Map(question.answerCodes.map((code, position) => [code, position]));
  const positions = question.answers.map((value) => {
    if (value === null || value === undefined) return value;
    const position = positionOf.get(value);
    if (position === undefined) throw new RangeError(`"${value}" is not one of the question's answer codes`);
    return position;
  });
  return computeGroupFigures(structure, positions, options, (values) => {
    const counts = question.answerCodes.map(() => 0);
    for (const position of values) counts[position] = (counts[position] ?? 0) + 1;
    return Object.fromEntries(question.answerCodes.map((code, position) => [code, counts[position] ?? 0]));
  }).map(({ header, cell, responses, values }) => {
    if (cell.suppressed) return { ...header, suppressed: true };
    const answerFigures = question.answerCodes.map((code): AnswerFigure => {
      const count = cell.counts[code] ?? 0;
      const interval = computeWilsonInterval({ count, respondents: values.length, population: header.population });
      if (interval === null) throw new Error('a published group always has respondents');
      return { code, count, interval };
    });
    return { ...header, suppressed: false, ...responses, answers: answerFigures };
  });
}

/**
 * Computes the published figures of a number question per group: median and quartiles (type 7) of the answers,
 * after disclosure control on the respondent counts.
 * @throws {RangeError} when an answer comes from outside the population or is not a finite number, or when the
 * population or options are invalid.
 */
export function computeNumberFigures(
  population: readonly PopulationMember[],
  answersByOrganisation: AnswersByOrganisation<number>,
  options: FigureDisclosure = {},
  structure: GroupStructure = buildGroups(population),
): NumberGroupFigures[] {
  return computeNumberColumnFigures(structure, toColumn(population, answersByOrganisation), options);
}

/**
 * computeNumberFigures over answers in population order; `structure` must be built from that population.
 * @throws {RangeError} when an answer is not a finite number, or when the options are invalid.
 */
export function computeNumberColumnFigures(
  structure: GroupStructure,
  answers: AnswerColumn<number>,
  options: FigureDisclosure = {},
): NumberGroupFigures[] {
  for (const value of answers) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RangeError(`a number answer must be finite, got ${value}`);
    }
  }
  // A number has no answer categories to count; suppression rests on the respondent counts alone.
  return computeGroupFigures(structure, answers, options, () => ({})).map(({ header, cell, responses, values }) => {
    if (cell.suppressed) return { ...header, suppressed: true };
    const quartiles = computeQuartiles(values);
    if (quartiles === null) throw new Error('a published group always has respondents');
    return { ...header, suppressed: false, ...responses, quartiles };
  });
}

/** Builds the groups, one disclosure cell per group, and protects them; shared by both question kinds. */
function computeGroupFigures<Value>(
  { groups, relations }: GroupStructure,
  answers: AnswerColumn<Value>,
  options: FigureDisclosure,
  countAnswers: (values: readonly Value[]) => Record<string, number>,
): { header: GroupHeader; cell: ProtectedCell; responses: ResponseCounts; values: Value[] }[] {
  const rows = groups.map((group) => summariseGroup(group, answers));
  const cells: DisclosureCell[] = rows.map(({ group, values }) => ({
    id: group.id,
    respondents: values.length,
    counts: countAnswers(values),
  }));
  const { suppressedGroupIds } = options;
  const protectedCells: ProtectedCell[] =
    suppressedGroupIds === undefined
      ? applyDisclosureControl(cells, relations, options)
      : cells.map((cell) =>
          suppressedGroupIds.has(cell.id)
            ? { id: cell.id, suppressed: true, reason: 'complementary' }
            : { id: cell.id, suppressed: false, respondents: cell.respondents, counts: cell.counts },
        );
  return rows.map(({ group, values, responses }, index) => {
    const cell = protectedCells[index];
    if (cell === undefined || cell.id !== group.id) throw new Error('disclosure control must keep the cell order');
    const header: GroupHeader = {
      groupId: group.id,
      kind: group.kind,
      key: group.key,
      organisationType: group.organisationType,
      population: group.memberCodes.length,
    };
    return { header, cell, responses, values };
  });
}

function summariseGroup<Value>(
  group: Group,
  answers: AnswerColumn<Value>,
): { group: Group; values: Value[]; responses: ResponseCounts } {
  let submitted = 0;
  const values: Value[] = [];
  for (const index of group.memberIndexes) {
    const value = answers[index];
    if (value === undefined) continue;
    submitted += 1;
    if (value !== null) values.push(value);
  }
  return {
    group,
    values,
    responses: { submitted, respondents: values.length, itemNonResponse: submitted - values.length },
  };
}

/** Lays answers by organisation out in population order. */
function toColumn<Value>(
  population: readonly PopulationMember[],
  answers: AnswersByOrganisation<Value>,
): (Value | null | undefined)[] {
  const indexByCode = new Map(population.map((member, index) => [member.code, index]));
  const column: (Value | null | undefined)[] = population.map(() => undefined);
  for (const [code, value] of answers) {
    const index = indexByCode.get(code);
    if (index === undefined) throw new RangeError(`an answer from "${code}", which is not in the population`);
    column[index] = value;
  }
  return column;
}
