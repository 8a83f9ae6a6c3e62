/**
 * The facts about a question that coordinators and respondents read besides its text: bounds, answer type and
 * framework mappings, in words. Shared by the pages and the PDF so that both say the same thing.
 */
import type { Translate } from '../web/i18n.ts';
import { formatNumber, type WordingContext } from './condition-wording.ts';
import { leadershipTrainingProvision, msbStepNames, nis2Measures } from './frameworks.ts';
import { findNumericBounds, isNumericType } from './question-wording.ts';
import type { MsbStep, OrganisationType, Question, Section } from './questionnaire.schema.ts';

/** Describes the values a numeric question allows ("0–100", "minst 0"), or undefined for other questions. */
export function describeBounds(question: Question, context: WordingContext): string | undefined {
  if (!isNumericType(question.type)) return undefined;
  const { min, max } = findNumericBounds(question);
  const format = (value: number) => formatNumber(value, context.language);
  if (min !== undefined && max !== undefined)
    return context.t('questionnaires.bounds.between', { min: format(min), max: format(max) });
  if (min !== undefined) return context.t('questionnaires.bounds.atLeast', { min: format(min) });
  if (max !== undefined) return context.t('questionnaires.bounds.atMost', { max: format(max) });
  return undefined;
}

/** Names an answer type ("Ja/delvis/nej"). */
export function describeQuestionType(question: Question, t: Translate): string {
  return t(`questionnaires.type.${question.type}`);
}

/** Names an organisation type in the plural ("kommuner"), as in running text. */
export function nameOrganisationTypes(types: readonly OrganisationType[], t: Translate): string {
  return types.map((type) => t(`questionnaires.orgType.${type}.plural`)).join(', ');
}

/** Returns the MSB step of a question: its own mapping, else its section's default. */
export function findMsbStep(question: Question, section: Section): MsbStep | undefined {
  return question.mapping.msbStep ?? section.msbStep;
}

/**
 * Lists a question's mappings in words, one line each: NIS2 21.2 points with the matching point of
 * cybersäkerhetslagen 2 kap. 3 §, leadership training (2 kap. 4 §), the MSB step and ISO/IEC 27001:2022.
 */
export function describeMappings(question: Question, section: Section, context: WordingContext): string[] {
  const { t, language } = context;
  const lines = (question.mapping.nis2 ?? []).map((point) => {
    const measure = nis2Measures[point];
    return t('questionnaires.mapping.nis2', {
      point,
      actPoint: language === 'sv' ? `${measure.cyberSecurityActPoint} p.` : String(measure.cyberSecurityActPoint),
      name: measure.name[language],
    });
  });
  if (question.mapping.leadershipTraining)
    lines.push(t('questionnaires.mapping.leadershipTraining', { name: leadershipTrainingProvision.name[language] }));
  const step = findMsbStep(question, section);
  if (step) lines.push(t('questionnaires.mapping.msbStep', { step: msbStepNames[step][language] }));
  const controls = question.mapping.iso27001 ?? [];
  if (controls.length > 0) lines.push(t('questionnaires.mapping.iso27001', { controls: controls.join(', ') }));
  return lines;
}
