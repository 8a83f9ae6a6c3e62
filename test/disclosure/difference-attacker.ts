/**
 * The subtraction attack on two versions of one release: version 2 minus version 1, cell by cell and through every
 * relation of each version (group sums, follow-ups, respondents and item non-response), is the changed
 * organisations' answers. The attacker is told which organisations changed (late responses, and corrected answers
 * to named questions): more than an erratum says, so a leak found with less knowledge is found here too.
 *
 * Unknowns: every cell of both versions (published ones fixed, as `attack-model.ts` lays them out), and per changed
 * organisation and question its new and old state (each option, answered, left unanswered) as 0/1 variables. Rows:
 * for every group and measure, version 2 - version 1 = the sum over the changed members of (new - old).
 * Propagation and probing over the changed organisations' variables; a variable that only one value fits is a
 * finding, held against the real answers by the test.
 */
import { AttackModel, allFamilies } from './attack-model.ts';
import type { OrganisationType, PublicKnowledge, PublishedRelease } from './public-data.ts';
import type { PublicQuestion } from './public-structure.ts';

/** Who changed between the versions, as the attacker is assumed to know it. */
export interface Changes {
  /** Organisations that submitted only in version 2. */
  late: string[];
  /** Organisations whose answers to these questions (and their follow-ups) were corrected. */
  corrected: { code: string; questions: string[] }[];
}

/** A changed organisation's answer that the two versions together give away. */
export interface DifferenceFinding {
  version: 1 | 2;
  organisation: string;
  questionKey: string;
  answerCode: string;
  /** Whether the organisation chose (gave) this answer, or (multiple choice) did not choose it. */
  isChosen: boolean;
}

type Terms = Array<readonly [number, number]>;

/** Runs the subtraction attack over both versions and every organisation type. */
export function attackDifferences(
  releases: readonly [PublishedRelease, PublishedRelease],
  knowledge: PublicKnowledge,
  changes: Changes,
): DifferenceFinding[] {
  const findings: DifferenceFinding[] = [];
  for (const type of ['kommun', 'region'] as OrganisationType[]) {
    if (!releases.every((release) => release.figures.some((figure) => figure.organisationType === type))) continue;
    findings.push(...attackType(releases, knowledge, changes, type));
  }
  return findings;
}

function attackType(
  releases: readonly [PublishedRelease, PublishedRelease],
  knowledge: PublicKnowledge,
  changes: Changes,
  type: OrganisationType,
): DifferenceFinding[] {
  const subject = new AttackModel(releases, knowledge, type, { ...allFamilies, individual: false });
  const { model } = subject;
  const [first, second] = releases;
  const total = [...subject.groups.values()].find((group) => group.kind === 'organisation-type');
  const inType = new Set(total?.members ?? []);
  const late = new Set(changes.late.filter((code) => inType.has(code)));
  const correctedQuestions = new Map<string, Set<string>>();
  for (const { code, questions } of changes.corrected) {
    if (!inType.has(code)) continue;
    const set = correctedQuestions.get(code) ?? new Set<string>();
    for (const key of questions) set.add(key);
    // A corrected answer may show or hide its follow-ups.
    for (const question of subject.questions)
      if (question.parent !== null && set.has(question.parent)) set.add(question.key);
    correctedQuestions.set(code, set);
  }
  const isChanged = (code: string, question: PublicQuestion) =>
    late.has(code) || (correctedQuestions.get(code)?.has(question.key) ?? false);

  // Each changed organisation's state per question, new (version 2) and old (version 1).
  const states = new Map<string, number>();
  const stateOf = (version: number, code: string, question: PublicQuestion, measure: string) =>
    states.get(`${version}|${code}|${question.key}|${measure}`);
  const optionVariables: {
    version: 1 | 2;
    code: string;
    question: PublicQuestion;
    option: string;
    variable: number;
  }[] = [];
  for (const code of new Set([...late, ...correctedQuestions.keys()])) {
    for (const version of [1, 2] as const) {
      const submitted = version === 2 || !late.has(code) ? 1 : 0;
      for (const question of subject.questions) {
        if (!isChanged(code, question)) continue;
        const add = (measure: string) => {
          const variable = model.addVariable(`${version}|${code}|${question.key}|${measure}`, 0, 1);
          states.set(`${version}|${code}|${question.key}|${measure}`, variable);
          return variable;
        };
        const respondent = add('respondents');
        const skipped = add('non-response');
        const options = question.options.map((option) => {
          const variable = add(`count:${option}`);
          optionVariables.push({ version, code, question, option, variable });
          return variable;
        });
        // Shown: submitted for a question asked of everyone, else one of the parent's triggering answers.
        const parent = subject.questions.find((candidate) => candidate.key === question.parent);
        const shown: Terms =
          parent === undefined
            ? []
            : question.triggers.flatMap((trigger) => {
                const variable = isChanged(code, parent)
                  ? stateOf(version, code, parent, `count:${trigger}`)
                  : undefined;
                return variable === undefined ? [] : [[variable, -1] as const];
              });
        if (parent === undefined)
          model.addConstraint(
            [
              [respondent, 1],
              [skipped, 1],
            ],
            submitted,
            submitted,
          );
        else if (shown.length > 0) model.addConstraint([[respondent, 1], [skipped, 1], ...shown], 0, 0);
        else
          model.addConstraint(
            [
              [respondent, 1],
              [skipped, 1],
            ],
            0,
            1,
          );
        if (question.kind === 'choice') {
          model.addConstraint([...options.map((option) => [option, 1] as const), [respondent, -1]], 0, 0);
        } else {
          for (const option of options)
            model.addConstraint(
              [
                [option, 1],
                [respondent, -1],
              ],
              Number.NEGATIVE_INFINITY,
              0,
            );
        }
      }
    }
  }

  // The subtraction: per group and measure, version 2 - version 1 = the changed members' new - old.
  for (const group of subject.groups.values()) {
    for (const question of subject.questions) {
      const measures = ['respondents', 'non-response', ...question.options.map((option) => `count:${option}`)];
      for (const measure of measures) {
        const terms: Terms = [
          [subject.cell(second.version, question.key, group.id, measure), 1],
          [subject.cell(first.version, question.key, group.id, measure), -1],
        ];
        for (const code of group.members) {
          if (!isChanged(code, question)) continue;
          const newer = stateOf(2, code, question, measure);
          const older = stateOf(1, code, question, measure);
          if (newer !== undefined) terms.push([newer, -1]);
          if (older !== undefined) terms.push([older, 1]);
        }
        model.addConstraint(terms, 0, 0);
      }
    }
    const lateHere = group.members.filter((code) => late.has(code)).length;
    const submitted = (version: number) => subject.submittedOf.get(`${version}|${group.id}`);
    const after = submitted(second.version);
    const before = submitted(first.version);
    if (after !== undefined && before !== undefined)
      model.addConstraint(
        [
          [after, 1],
          [before, -1],
        ],
        lateHere,
        lateHere,
      );
  }

  model.propagate();
  model.probe(
    optionVariables.map(({ variable }) => variable),
    3,
  );
  const findings: DifferenceFinding[] = [];
  for (const { version, code, question, option, variable } of optionVariables) {
    if (!model.isFixed(variable)) continue;
    const respondent = stateOf(version, code, question, 'respondents');
    const isAnswered = respondent !== undefined && (model.lower[respondent] ?? 0) >= 1;
    const value = model.lower[variable] ?? 0;
    // A chosen answer is a finding; a refused option only for multiple choice of an organisation known to answer.
    if (value === 1 || (question.kind === 'multiple' && isAnswered)) {
      findings.push({
        version,
        organisation: code,
        questionKey: question.key,
        answerCode: option,
        isChosen: value === 1,
      });
    }
  }
  return findings;
}
