import { findQuestionText } from '../questionnaires/question-wording.ts';
import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { formatAnswer } from './answer-format.ts';
import { answeringPath } from './answer-view.ts';
import type { OrganisationWarnings } from './plausibility.service.ts';
import { describeWarning } from './plausibility-note.tsx';

/** The coordinator's review of a round's plausibility warnings: per organisation, each with its explanation. */
export function PlausibilityReviewPage({
  context,
  roundId,
  roundLabel,
  organisations,
}: {
  context: PageContext;
  roundId: string;
  roundLabel: string;
  organisations: readonly OrganisationWarnings[];
}) {
  const { t, language } = context;
  const base = `/rounds/${roundId}`;
  const title = t('responses.plausibilityReview.title', { label: roundLabel });
  const open = organisations.reduce(
    (count, organisation) => count + organisation.warnings.filter((warning) => !warning.isHandled).length,
    0,
  );
  return (
    <Layout context={context} title={title}>
      <p>
        <a href={base}>{t('responses.plausibilityReview.back', { label: roundLabel })}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('responses.plausibilityReview.lead')}</p>
      <p>{t('responses.plausibilityReview.count', { open })}</p>
      {organisations.length === 0 ? <p>{t('responses.plausibilityReview.none')}</p> : null}
      {organisations.map((organisation) => (
        <section key={organisation.organisationCode} aria-labelledby={`org-${organisation.organisationCode}`}>
          <h2 id={`org-${organisation.organisationCode}`}>
            {organisation.organisationName}{' '}
            <span class="muted">
              (
              {t(
                organisation.status === 'submitted'
                  ? 'responses.plausibilityReview.submitted'
                  : 'responses.plausibilityReview.inProgress',
              )}
              )
            </span>
          </h2>
          <p>
            <a href={answeringPath(roundId, organisation.organisationCode)}>
              {t('responses.plausibilityReview.answers')}
            </a>
          </p>
          <ul class="plausibility-list">
            {organisation.warnings.map((warning) => {
              const key = warning.question.key;
              return (
                <li key={key} class="plausibility-item" data-warning-of={`${organisation.organisationCode}:${key}`}>
                  <h3>
                    <span class="question-number">{organisation.numbers.get(key) ?? ''}</span>{' '}
                    {findQuestionText(warning.question, organisation.orgType)[language]}
                  </h3>
                  <dl class="answers">
                    <dt>{t('responses.plausibilityReview.answer')}</dt>
                    <dd>{formatAnswer(warning.question, warning.value, language) ?? ''}</dd>
                    {warning.previous ? (
                      <>
                        <dt>{t('responses.plausibilityReview.previous', { label: warning.previous.roundLabel })}</dt>
                        <dd>{formatAnswer(warning.question, warning.previous.value, language) ?? ''}</dd>
                      </>
                    ) : null}
                    <dt>{t('responses.plausibilityReview.warning')}</dt>
                    {warning.kinds.map((kind) => (
                      <dd key={kind}>{describeWarning(context, warning.question, kind, warning.previous?.value)}</dd>
                    ))}
                    <dt>{t('responses.plausibilityReview.explanation')}</dt>
                    <dd class={warning.explanation === '' ? 'muted' : undefined}>
                      {warning.explanation === ''
                        ? t('responses.plausibilityReview.noExplanation')
                        : warning.explanation}
                    </dd>
                  </dl>
                  {warning.isHandled ? (
                    <p class="status-handled">{t('responses.plausibilityReview.handled')}</p>
                  ) : (
                    <form
                      method="post"
                      action={`${base}/plausibility/${organisation.organisationCode}/${key}/handled`}
                      class="inline-form"
                    >
                      <input type="hidden" name="_csrf" value={context.csrfToken} />
                      <button type="submit" class="button-secondary">
                        {t('responses.plausibilityReview.markHandled')}
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
