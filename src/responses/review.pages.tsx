import { Field, type PageError } from '../web/form-field.tsx';
import { CsrfField, ErrorSummary } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { formatDateTime } from './answer-format.ts';
import type { ReviewStep } from './review.service.ts';

/** What the overview shows of the coordinator's review, and to a coordinator the form to review with. */
export type ReviewPanel = {
  steps: ReviewStep[];
  /** Whether the response is submitted now (only then can it be reviewed). */
  isSubmitted: boolean;
  canReview: boolean;
  comment: string;
  errors: PageError[];
  notice: string | null;
};

/** The latest step for the respondent: the comment of a request for completion, or that the response was reviewed. */
export function ReviewNotice({ context, panel }: { context: PageContext; panel: ReviewPanel }) {
  const { t, language } = context;
  const latest = panel.steps.at(-1);
  if (!latest) return null;
  if (latest.decision === 'returned' && !panel.isSubmitted) {
    return (
      <div class="notice notice--warning" role="status">
        <p>
          <strong>
            {t('responses.review.returnedNotice', {
              date: formatDateTime(latest.createdAt, language),
              who: latest.reviewer ?? t('responses.review.removedReviewer'),
            })}
          </strong>
        </p>
        <p class="review-comment">{latest.comment}</p>
        <p>{t('responses.review.returnedAction')}</p>
      </div>
    );
  }
  if (latest.decision === 'reviewed' && panel.isSubmitted) {
    return (
      <p class="notice">{t('responses.review.reviewedNotice', { date: formatDateTime(latest.createdAt, language) })}</p>
    );
  }
  return null;
}

/** The coordinator's review of a submitted response: mark it reviewed, or send it back with a comment. */
export function ReviewForm({ context, panel, action }: { context: PageContext; panel: ReviewPanel; action: string }) {
  const { t } = context;
  if (!panel.canReview || !panel.isSubmitted) return null;
  const error = panel.errors.find((candidate) => candidate.field === 'comment');
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('responses.review.title')}</h2>
      <ErrorSummary context={context} errors={panel.errors} />
      <p>{t('responses.review.lead')}</p>
      <form method="post" action={action} class="stacked-form" noValidate>
        <CsrfField context={context} />
        <Field
          id="comment"
          label={t('responses.review.comment')}
          hint={t('responses.review.commentHint')}
          error={error}
        >
          {(described) => (
            <textarea id="comment" name="comment" rows={4} maxLength={2000} {...described}>
              {panel.comment}
            </textarea>
          )}
        </Field>
        <button type="submit" name="decision" value="reviewed">
          {t('responses.review.markReviewed')}
        </button>{' '}
        <button type="submit" name="decision" value="returned" class="button-secondary">
          {t('responses.review.return')}
        </button>
      </form>
    </section>
  );
}
