/**
 * The national roll-up of NIS2 coverage: per organisation type and measure, how many of the submitting
 * organisations that answered at least one deciding question have every deciding answer "yes". A figure like any
 * other group figure: its interval is the Wilson interval over the type's population, and it is withheld below the
 * suppression threshold.
 */
import type { AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import type { OrganisationType } from './groups.ts';
import {
  type CoverageQuestion,
  hasAnsweredAny,
  judgeCoverage,
  listLeadershipTrainingQuestions,
  listMeasureQuestions,
} from './nis2-coverage.ts';
import { computeWilsonInterval } from './proportion-interval.ts';
import type { Nis2RollUp } from './results.schema.ts';
import type { RoundData } from './round-figures.ts';

const organisationTypes: readonly OrganisationType[] = ['kommun', 'region'];

/** Rolls up, per type and NIS2 measure (and the leadership training duty), the share whose answers cover it. */
export function computeNis2RollUps(data: RoundData, minimumRespondents: number): Nis2RollUp[] {
  const rollUps: Nis2RollUp[] = [];
  for (const organisationType of organisationTypes) {
    const version = data.versions[organisationType];
    if (version === null) continue;
    const members = data.population.filter((member) => member.type === organisationType);
    if (members.length === 0) continue;
    const answers = members.flatMap((member) => {
      const record = data.answers.get(member.code);
      return record === undefined ? [] : [new Map<string, AnswerValue>(Object.entries(record))];
    });
    const rollUp = (point: string, questions: readonly CoverageQuestion[]): Nis2RollUp => {
      let respondents = 0;
      let covered = 0;
      for (const record of answers) {
        if (!hasAnsweredAny(questions, record)) continue;
        respondents += 1;
        if (judgeCoverage(questions, record).status === 'covered') covered += 1;
      }
      const base = {
        organisationType,
        point,
        questionKeys: questions.map((item) => item.key),
        population: members.length,
      };
      const isShown = questions.length > 0 && respondents >= minimumRespondents;
      const interval = isShown
        ? computeWilsonInterval({ count: covered, respondents, population: members.length })
        : null;
      if (interval === null) {
        return {
          ...base,
          suppressed: questions.length > 0,
          respondents: null,
          covered: null,
          share: null,
          lower: null,
          upper: null,
        };
      }
      return { ...base, suppressed: false, respondents, covered, ...interval };
    };
    for (const [point, questions] of listMeasureQuestions(version, organisationType)) {
      rollUps.push(rollUp(point, questions));
    }
    rollUps.push(rollUp('leadership', listLeadershipTrainingQuestions(version, organisationType)));
  }
  return rollUps;
}
