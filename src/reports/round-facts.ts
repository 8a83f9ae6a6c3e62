import { listQuestions } from '../questionnaires/conditions.ts';
import { type Fact, type FactQuestion, generateFacts } from '../results/facts.ts';
import type { OrganisationType } from '../results/groups.ts';
import { findNationalGroup, type RoundFigures } from './round-figures.ts';

/**
 * Generates a round's Fakta sentences from its published national figures, one per indicator question in
 * questionnaire order; a type whose national figure is suppressed is left out of the sentence.
 */
export function generateRoundFacts(figures: RoundFigures): Fact[] {
  const questions: FactQuestion[] = [];
  const seen = new Set<string>();
  for (const typeFigures of figures.types) {
    for (const question of listQuestions(typeFigures.version)) {
      if (!question.indicator || seen.has(question.key)) continue;
      seen.add(question.key);
      const counts: FactQuestion['counts'] = {};
      for (const other of figures.types) {
        const result = other.questions.get(question.key);
        if (result?.kind !== 'choice') continue;
        const national = findNationalGroup(result.groups, other.organisationType);
        if (!national || national.suppressed) continue;
        const yes = national.answers.find((answer) => answer.code === 'yes')?.count ?? 0;
        counts[other.organisationType satisfies OrganisationType] = { respondents: national.respondents, yes };
      }
      questions.push({ key: question.key, predicate: question.indicator, counts });
    }
  }
  return generateFacts(questions, { minimumRespondents: figures.minimumRespondents });
}
