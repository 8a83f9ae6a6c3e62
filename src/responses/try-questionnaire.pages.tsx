import { isQuestionTargeted, visibleQuestions } from '../questionnaires/conditions.ts';
import { findQuestionText, numberQuestions } from '../questionnaires/question-wording.ts';
import type { Section } from '../questionnaires/questionnaire.schema.ts';
import { ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { formatAnswer } from './answer-format.ts';
import { fieldAnchor, QuestionField, toEnteredValue } from './form-fields.tsx';
import type { TrialState } from './try-questionnaire.service.ts';

function TrialFrame({
  context,
  state,
  title,
  children,
}: {
  context: PageContext;
  state: TrialState;
  title: string;
  children: preact.ComponentChildren;
}) {
  const { t, language } = context;
  return (
    <Layout context={context} title={`${title} – ${t('responses.trial.title')}`}>
      <link rel="stylesheet" href="/static/form.css" />
      <p>
        <a href={`/questionnaires/${state.version.id}`}>{state.version.title[language]}</a>
      </p>
      <div class="notice trial-banner" role="note">
        <p>
          <strong>{t('responses.trial.banner', { orgType: t(`responses.trial.orgType.${state.orgType}`) })}</strong>
        </p>
        <p>{t('responses.trial.notStored')}</p>
      </div>
      {children}
    </Layout>
  );
}

function carried(context: PageContext, state: TrialState, sectionKey: string) {
  return (
    <>
      <input type="hidden" name="_csrf" value={context.csrfToken} />
      <input type="hidden" name="type" value={state.orgType} />
      <input type="hidden" name="section" value={sectionKey} />
      <input type="hidden" name="answers" value={JSON.stringify(state.answers)} />
    </>
  );
}

/** One section of a questionnaire in test mode: the respondent's fields, conditions and validation, nothing stored. */
export function TrialSectionPage({
  context,
  state,
  section,
  showErrors,
}: {
  context: PageContext;
  state: TrialState;
  section: Section;
  showErrors: boolean;
}) {
  const { t, language } = context;
  const { version, orgType } = state;
  const numbers = numberQuestions(version, orgType);
  const asked = section.questions.filter((question) => isQuestionTargeted(version, question, orgType));
  const visible = new Set(visibleQuestions(version, orgType, state.answers).map((question) => question.key));
  const errors = showErrors
    ? state.validation.errors.filter((error) => asked.some((question) => question.key === error.key))
    : [];
  const sections = version.sections.filter((candidate) =>
    candidate.questions.some((question) => isQuestionTargeted(version, question, orgType)),
  );
  const index = sections.findIndex((candidate) => candidate.key === section.key);
  return (
    <TrialFrame context={context} state={state} title={section.title[language]}>
      <p class="section-position">{t('responses.section.position', { number: index + 1, count: sections.length })}</p>
      <h1>{section.title[language]}</h1>
      <p class="lead">{section.intro[language]}</p>
      <ErrorSummary
        context={context}
        errors={errors.flatMap((error) => {
          const question = asked.find((candidate) => candidate.key === error.key);
          return question ? [{ field: fieldAnchor(question), message: error.message[language] }] : [];
        })}
      />
      <form method="post" action={`/questionnaires/${version.id}/try`} class="answer-form" noValidate>
        {carried(context, state, section.key)}
        {asked.map((question) => {
          const error = errors.find((candidate) => candidate.key === question.key);
          const entered = error ? (state.entered.get(question.key) ?? '') : toEnteredValue(state.answers[question.key]);
          return (
            <QuestionField
              key={question.key}
              context={context}
              question={question}
              orgType={orgType}
              number={numbers.get(question.key) ?? ''}
              entered={entered}
              revision={0}
              error={error?.message[language]}
              conflict={undefined}
              isVisible={visible.has(question.key)}
            />
          );
        })}
        <div class="form-actions form-actions--answer">
          {index < sections.length - 1 ? (
            <button type="submit" name="action" value="next">
              {t('responses.section.next')}
            </button>
          ) : (
            <button type="submit" name="action" value="summary">
              {t('responses.section.toSummary')}
            </button>
          )}
          {index > 0 ? (
            <button type="submit" name="action" value="previous" class="button-secondary">
              {t('responses.section.previous')}
            </button>
          ) : null}
        </div>
      </form>
    </TrialFrame>
  );
}

/** The test mode's summary: every visible answer, and what would stop the submission. */
export function TrialSummaryPage({ context, state }: { context: PageContext; state: TrialState }) {
  const { t, language } = context;
  const { version, orgType } = state;
  const numbers = numberQuestions(version, orgType);
  const errors = state.validation.errors;
  return (
    <TrialFrame context={context} state={state} title={t('responses.trial.summary')}>
      <h1>{t('responses.trial.summary')}</h1>
      {errors.length > 0 ? (
        <ErrorSummary
          context={context}
          errors={errors.map((error) => ({ field: `answer-${error.key}`, message: error.message[language] }))}
        />
      ) : (
        <p class="notice">{t('responses.trial.complete')}</p>
      )}
      <dl class="answers">
        {visibleQuestions(version, orgType, state.answers).map((question) => {
          const value = state.answers[question.key];
          const answer = value === undefined ? null : formatAnswer(question, value, language);
          return (
            <div key={question.key} id={`answer-${question.key}`}>
              <dt>
                <span class="question-number">{numbers.get(question.key) ?? ''}</span>{' '}
                {findQuestionText(question, orgType)[language]}
              </dt>
              <dd class={answer === null ? 'muted' : undefined}>{answer ?? t('responses.question.unanswered')}</dd>
            </div>
          );
        })}
      </dl>
      <form method="post" action={`/questionnaires/${version.id}/try`}>
        {carried(context, state, '')}
        <button type="submit" name="action" value="first" class="button-secondary">
          {t('responses.trial.back')}
        </button>
      </form>
      <p>
        <a href={`/questionnaires/${version.id}/try?type=${orgType}`}>{t('responses.trial.restart')}</a>
      </p>
    </TrialFrame>
  );
}
