/**
 * Lays a round's answers out as the linked table set that disclosure control works on: per question and
 * organisation type, every group's submitted count, respondents and answer counts (or the numbers themselves),
 * the group relations, and each follow-up's link to the question whose answer shows it.
 */
import type { LinkedCell, LinkedOrganisation, LinkedTable, TableKind } from '../disclosure/linked-set.ts';
import { listConditionQuestions } from '../questionnaires/conditions.ts';
import { isChoiceType, isNumericType, listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, Condition, Question } from '../questionnaires/questionnaire.schema.ts';
import type { OrganisationType } from './groups.ts';
import { collectAnswerColumn, type RoundData, type RoundQuestion, type Visibility } from './round-figures.ts';

/** Builds one linked table per question and organisation type asked it (free text is never published). */
export function buildLinkedTables(
  data: RoundData,
  visibility: Visibility,
  questions: readonly RoundQuestion[],
): LinkedTable[] {
  const tables: LinkedTable[] = [];
  const organisationsByType = new Map<OrganisationType, LinkedOrganisation[]>();
  for (const entry of questions) {
    const { question } = entry;
    const kind = tableKindOf(question.type);
    if (kind === null) continue;
    const codes = kind === 'number' ? [] : listAnswerOptions(question).map((option) => option.code);
    for (const type of entry.types) {
      const { population, structure, answers } = collectAnswerColumn(data, visibility, question.key, [type]);
      let organisations = organisationsByType.get(type);
      if (organisations === undefined) {
        const groupIds = population.map((): string[] => []);
        for (const group of structure.groups) for (const index of group.memberIndexes) groupIds[index]?.push(group.id);
        organisations = population.map((member, index) => ({
          code: member.code,
          isSubmitted: data.answers.has(member.code),
          groupIds: groupIds[index] ?? [],
        }));
        organisationsByType.set(type, organisations);
      }
      const cells = structure.groups.map((group): LinkedCell => {
        let submitted = 0;
        const values: AnswerValue[] = [];
        for (const index of group.memberIndexes) {
          const value = answers[index];
          if (value === undefined) continue;
          submitted += 1;
          if (value !== null) values.push(value);
        }
        const cell: LinkedCell = {
          groupId: group.id,
          population: group.memberCodes.length,
          submitted,
          respondents: values.length,
          counts: countAnswers(kind, codes, values),
          isNational: group.kind === 'organisation-type',
        };
        return kind === 'number'
          ? { ...cell, values: values.filter((value): value is number => typeof value === 'number') }
          : cell;
      });
      tables.push({
        id: tableId(question.key, type),
        questionKey: question.key,
        kind,
        codes,
        cells,
        relations: structure.relations,
        trigger: question.showIf === undefined ? null : findTrigger(question.showIf, type),
        organisations,
        answers: answers.map((value) => answerCodes(kind, codes, value)),
      });
    }
  }
  return tables;
}

/** The id of a question's table within one organisation type. */
export function tableId(questionKey: string, type: OrganisationType): string {
  return `${questionKey}@${type}`;
}

function tableKindOf(type: Question['type']): TableKind | null {
  if (isNumericType(type)) return 'number';
  if (!isChoiceType(type)) return null;
  return type === 'multiple_choice' ? 'multiple-choice' : 'single-choice';
}

/**
 * One organisation's answer as the codes it counts in (an empty list for a number), null when unanswered, undefined
 * when not shown: a respondent exactly when the cells count it as one.
 */
function answerCodes(
  kind: TableKind,
  codes: readonly string[],
  value: AnswerValue | null | undefined,
): readonly string[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (kind === 'number') return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (code): code is string => typeof code === 'string' && codes.includes(code),
  );
}

function countAnswers(
  kind: TableKind,
  codes: readonly string[],
  values: readonly AnswerValue[],
): Record<string, number> {
  if (kind === 'number') return {};
  const counts: Record<string, number> = Object.fromEntries(codes.map((code) => [code, 0]));
  for (const value of values) {
    const chosen = Array.isArray(value) ? value : [value];
    for (const code of chosen) if (typeof code === 'string' && code in counts) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/**
 * The parent question of a follow-up and the answers that show it. Only "one of these answers" (`equals`, `in`,
 * `includes`) is a linear relation; any other condition still ties the two tables together, so that they are
 * suppressed together, but with no answer codes.
 */
function findTrigger(condition: Condition, type: OrganisationType): LinkedTable['trigger'] {
  const [parent] = listConditionQuestions(condition);
  if (parent === undefined) return null;
  const parentTableId = tableId(parent, type);
  if ('all' in condition || 'any' in condition || 'not' in condition) return { parentTableId, codes: null };
  const operators = Object.keys(condition).filter((key) => key !== 'question');
  if (operators.length !== 1) return { parentTableId, codes: null };
  const codes =
    condition.equals !== undefined
      ? [condition.equals]
      : condition.in !== undefined
        ? condition.in
        : condition.includes !== undefined
          ? [condition.includes]
          : null;
  const textCodes = codes?.filter((code): code is string => typeof code === 'string');
  return { parentTableId, codes: textCodes !== undefined && textCodes.length === codes?.length ? textCodes : null };
}
