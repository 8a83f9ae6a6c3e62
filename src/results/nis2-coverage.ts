/**
 * Which NIS2 measures (article 21.2 a-j, cybersäkerhetslagen 2 kap. 3 §) an organisation's answers cover.
 *
 * The rule, stated in the reports' method section: a measure is covered when the organisation answered "yes" to
 * every yes/no and yes/partly/no question mapped to it that it was asked; partly covered when at least one of them
 * is "yes" or "partly"; otherwise a gap. Questions it left unanswered count as not yes. Choice and number
 * questions describe rather than judge, so they do not decide coverage.
 */
import { isQuestionTargeted } from '../questionnaires/conditions.ts';
import type {
  AnswerValue,
  MsbStep,
  Nis2Point,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from '../questionnaires/questionnaire.schema.ts';
import { msbSteps, nis2Points } from '../questionnaires/questionnaire.schema.ts';

export type CoverageStatus = 'covered' | 'partly' | 'gap' | 'not-measured';

/** A question that decides a measure, with the MSB step it belongs to. */
export interface CoverageQuestion {
  key: string;
  question: Question;
  msbStep: MsbStep | undefined;
}

/** One organisation's standing on one measure. */
export interface MeasureCoverage {
  point: Nis2Point;
  status: CoverageStatus;
  /** The deciding questions not answered "yes", in questionnaire order: what to work on. */
  openQuestions: CoverageQuestion[];
  /** The earliest MSB step among the open questions: where the work should start. */
  nextStep: MsbStep | undefined;
}

/** Returns whether a question's answer can decide coverage (yes/no or yes/partly/no). */
export function isDecidingQuestion(question: Question): boolean {
  return question.type === 'yes_no' || question.type === 'yes_partly_no';
}

/** Lists, per NIS2 point, the deciding questions of a version for an organisation type. */
export function listMeasureQuestions(
  version: QuestionnaireVersion,
  type: OrganisationType,
): Map<Nis2Point, CoverageQuestion[]> {
  const byPoint = new Map<Nis2Point, CoverageQuestion[]>(nis2Points.map((point) => [point, []]));
  for (const section of version.sections) {
    for (const question of section.questions) {
      if (!isDecidingQuestion(question) || !isQuestionTargeted(version, question, type)) continue;
      for (const point of question.mapping.nis2 ?? []) {
        byPoint.get(point)?.push({ key: question.key, question, msbStep: question.mapping.msbStep ?? section.msbStep });
      }
    }
  }
  return byPoint;
}

/** Lists the deciding questions of the leadership training duty (2 kap. 4 §). */
export function listLeadershipTrainingQuestions(
  version: QuestionnaireVersion,
  type: OrganisationType,
): CoverageQuestion[] {
  return version.sections.flatMap((section) =>
    section.questions
      .filter((question) => question.mapping.leadershipTraining === true && isQuestionTargeted(version, question, type))
      .map((question) => ({ key: question.key, question, msbStep: question.mapping.msbStep ?? section.msbStep })),
  );
}

/** Judges one set of deciding questions against an organisation's answers. */
export function judgeCoverage(
  questions: readonly CoverageQuestion[],
  answers: ReadonlyMap<string, AnswerValue>,
): { status: CoverageStatus; openQuestions: CoverageQuestion[]; nextStep: MsbStep | undefined } {
  if (questions.length === 0) return { status: 'not-measured', openQuestions: [], nextStep: undefined };
  const openQuestions = questions.filter((item) => answers.get(item.key) !== 'yes');
  const hasSome = questions.some((item) => {
    const value = answers.get(item.key);
    return value === 'yes' || value === 'partly';
  });
  const status: CoverageStatus = openQuestions.length === 0 ? 'covered' : hasSome ? 'partly' : 'gap';
  const steps = openQuestions.map((item) => item.msbStep).filter((step): step is MsbStep => step !== undefined);
  const nextStep = msbSteps.find((step) => steps.includes(step));
  return { status, openQuestions, nextStep };
}

/** Judges every NIS2 measure (a)-(j) for one organisation's answers. */
export function assessNis2Coverage(
  version: QuestionnaireVersion,
  type: OrganisationType,
  answers: ReadonlyMap<string, AnswerValue>,
): MeasureCoverage[] {
  const byPoint = listMeasureQuestions(version, type);
  return nis2Points.map((point) => ({ point, ...judgeCoverage(byPoint.get(point) ?? [], answers) }));
}

/** Returns whether an organisation answered at least one of the deciding questions, so it can be judged at all. */
export function hasAnsweredAny(
  questions: readonly CoverageQuestion[],
  answers: ReadonlyMap<string, AnswerValue>,
): boolean {
  return questions.some((item) => typeof answers.get(item.key) === 'string');
}
