import type { ComponentChildren } from 'preact';
import type { PageContext } from '../web/page-context.ts';
import { describeCondition, type WordingContext } from './condition-wording.ts';
import { describeBounds, describeMappings, describeQuestionType, nameOrganisationTypes } from './question-facts.ts';
import { findQuestionText, listAnswerOptions } from './question-wording.ts';
import type { OrganisationType, Question, QuestionnaireVersion, Section } from './questionnaire.schema.ts';

/** Returns the `?lang=` the visitor arrived with, which only holds for that request unless links keep it. */
export function findLanguageParam(context: PageContext): 'sv' | 'en' | undefined {
  const value = new URL(context.currentPath, 'http://localhost').searchParams.get('lang');
  return value === 'sv' || value === 'en' ? value : undefined;
}

/** Builds a link within the questionnaire pages that keeps a `?lang=` the visitor arrived with. */
export function pageHref(context: PageContext, path: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params);
  const language = findLanguageParam(context);
  if (language) query.set('lang', language);
  return query.size > 0 ? `${path}?${query}` : path;
}

/** Links to the same page with the wording for each organisation type; the current one is marked. */
export function OrganisationTypeSwitch({
  context,
  types,
  current,
  hrefFor,
}: {
  context: PageContext;
  types: readonly OrganisationType[];
  current: OrganisationType;
  hrefFor: (type: OrganisationType) => string;
}) {
  const { t } = context;
  if (types.length < 2) return null;
  return (
    <nav class="type-switch" aria-labelledby="type-switch-label">
      <span id="type-switch-label">{t('questionnaires.switch.label')}:</span>
      <ul>
        {types.map((type) => (
          <li key={type}>
            {type === current ? (
              <a href={hrefFor(type)} aria-current="page">
                {t('questionnaires.switch.current', { name: t(`questionnaires.orgType.${type}.name`) })}
              </a>
            ) : (
              <a href={hrefFor(type)}>{t(`questionnaires.orgType.${type}.name`)}</a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The heading text of a question: its number for the organisation type and its wording. */
export function questionHeading(question: Question, orgType: OrganisationType, wording: WordingContext): string {
  const number = wording.numbers.get(question.key);
  const text = findQuestionText(question, orgType)[wording.language];
  return number ? `${number} ${text}` : text;
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One question as coordinators review it: text, type, options, bounds, condition, indicator and mappings. */
export function QuestionDetails({
  context,
  version,
  section,
  question,
  orgType,
  wording,
}: {
  context: PageContext;
  version: QuestionnaireVersion;
  section: Section;
  question: Question;
  orgType: OrganisationType;
  wording: WordingContext;
}) {
  const { t, language } = context;
  const headingId = `question-${question.key}`;
  const options = listAnswerOptions(question);
  const bounds = describeBounds(question, wording);
  const mappings = describeMappings(question, section, wording);
  const isWordedByType = question.textByType !== undefined && version.targets.length > 1;
  return (
    <article class="question-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{questionHeading(question, orgType, wording)}</h3>
      {isWordedByType || question.targets ? (
        <ul class="tags">
          {isWordedByType ? <li>{t('questionnaires.question.wordingDiffers')}</li> : null}
          {question.targets ? (
            <li>
              {t('questionnaires.question.onlyFor', { orgTypePlural: nameOrganisationTypes(question.targets, t) })}
            </li>
          ) : null}
        </ul>
      ) : null}
      <dl class="question-facts">
        <Fact term={t('questionnaires.question.key')}>
          <code>{question.key}</code>
        </Fact>
        <Fact term={t('questionnaires.question.type')}>{describeQuestionType(question, t)}</Fact>
        <Fact term={t('questionnaires.question.required')}>
          {question.required ? t('questionnaires.question.requiredYes') : t('questionnaires.question.requiredNo')}
        </Fact>
        {question.help ? <Fact term={t('questionnaires.question.help')}>{question.help[language]}</Fact> : null}
        {options.length > 0 ? (
          <Fact term={t('questionnaires.question.options')}>
            <ul class="plain-list">
              {options.map((option) => (
                <li key={option.code}>
                  {option.label[language]} <code>{option.code}</code>
                </li>
              ))}
            </ul>
          </Fact>
        ) : null}
        {question.unit ? <Fact term={t('questionnaires.question.unit')}>{question.unit[language]}</Fact> : null}
        {bounds ? <Fact term={t('questionnaires.question.bounds')}>{bounds}</Fact> : null}
        <Fact term={t('questionnaires.question.condition')}>
          {question.showIf
            ? t('questionnaires.condition.shownIf', { condition: describeCondition(question.showIf, wording) })
            : t('questionnaires.question.alwaysShown')}
        </Fact>
        {question.indicator ? (
          <Fact term={t('questionnaires.question.indicator')}>
            {t('questionnaires.indicator.sentence', { predicate: question.indicator[language] })}
          </Fact>
        ) : null}
        <Fact term={t('questionnaires.question.mapping')}>
          {mappings.length > 0 ? (
            <ul class="plain-list">
              {mappings.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            t('questionnaires.mapping.none')
          )}
        </Fact>
      </dl>
    </article>
  );
}
