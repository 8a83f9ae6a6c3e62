import { ErrorSummary } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { formatDateTime } from './answer-format.ts';
import type { AnsweringView } from './answer-view.ts';
import type { AnswerProblem } from './answering.service.ts';
import { AnsweringFrame } from './form.pages.tsx';
import { AnswerList, fieldAnchor } from './form-fields.tsx';

function SubmittedNote({ context, view }: { context: PageContext; view: AnsweringView }) {
  if (view.status !== 'submitted' || !view.submittedAt) return null;
  return (
    <p class="notice">
      {context.t('responses.summary.submitted', {
        date: formatDateTime(view.submittedAt, context.language),
        who: view.submittedBy ?? '',
      })}
    </p>
  );
}

/** The summary: every answer by section, the required questions still missing, and the submit button. */
export function SummaryPage({
  context,
  view,
  errors,
}: {
  context: PageContext;
  view: AnsweringView;
  errors: AnswerProblem[];
}) {
  const { t, language } = context;
  const missing = view.progress.flatMap((progress) => progress.missing.map((question) => ({ progress, question })));
  // Answers copied from last round and not yet confirmed or changed hold back submission like missing ones.
  const unconfirmed = view.progress.flatMap((progress) =>
    progress.visible
      .filter((question) => view.prefilledKeys?.has(question.key))
      .map((question) => ({ progress, question })),
  );
  return (
    <AnsweringFrame context={context} view={view} title={t('responses.summary.title')} current="summary">
      <h1>{t('responses.summary.title')}</h1>
      {errors.length > 0 ? (
        <ErrorSummary
          context={context}
          errors={[
            ...missing.map(({ question }) => ({
              field: `missing-${question.key}`,
              message: `${view.numbers.get(question.key) ?? ''} ${question.label?.[language] ?? question.text[language]}`,
            })),
            ...unconfirmed.map(({ question }) => ({
              field: `unconfirmed-${question.key}`,
              message: `${view.numbers.get(question.key) ?? ''} ${t('responses.prefill.unconfirmed')}`,
            })),
          ]}
        />
      ) : null}
      <SubmittedNote context={context} view={view} />
      {unconfirmed.length > 0 ? (
        <section aria-labelledby="unconfirmed-title">
          <h2 id="unconfirmed-title">{t('responses.prefill.unconfirmedTitle')}</h2>
          <ul>
            {unconfirmed.map(({ progress, question }) => (
              <li key={question.key}>
                <a
                  id={`unconfirmed-${question.key}`}
                  href={`${view.basePath}/sections/${progress.section.key}#confirm-${question.key}`}
                >
                  {view.numbers.get(question.key)} {question.label?.[language] ?? question.text[language]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {missing.length > 0 ? (
        <section aria-labelledby="missing-title">
          <h2 id="missing-title">{t('responses.summary.missing')}</h2>
          <ul>
            {missing.map(({ progress, question }) => (
              <li key={question.key}>
                <a
                  id={`missing-${question.key}`}
                  href={`${view.basePath}/sections/${progress.section.key}#${fieldAnchor(question)}`}
                >
                  {view.numbers.get(question.key)} {question.label?.[language] ?? question.text[language]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{t('responses.summary.allAnswered')}</p>
      )}
      {view.readOnlyReason || view.status === 'submitted' ? null : (
        <form method="post" action={`${view.basePath}/submit`} class="submit-form">
          <input type="hidden" name="_csrf" value={context.csrfToken} />
          <p class="muted">
            {missing.length > 0 ? t('responses.summary.cannotSubmit') : t('responses.summary.submitHelp')}
          </p>
          <button type="submit">{t('responses.summary.submit')}</button>
        </form>
      )}
      {view.status === 'submitted' && !view.readOnlyReason ? <p>{t('responses.summary.changesAfterSubmit')}</p> : null}
      {view.progress.map((progress) => (
        <section key={progress.section.key} aria-labelledby={`summary-${progress.section.key}`}>
          <h2 id={`summary-${progress.section.key}`}>
            <a href={`${view.basePath}/sections/${progress.section.key}`}>{progress.section.title[language]}</a>
          </h2>
          <AnswerList context={context} view={view} questions={progress.visible} />
        </section>
      ))}
    </AnsweringFrame>
  );
}

/** The receipt after submitting: when and by whom, the mail sent, and the PDF copy. */
export function ReceiptPage({
  context,
  view,
  mailedTo,
}: {
  context: PageContext;
  view: AnsweringView;
  mailedTo: string | null;
}) {
  const { t } = context;
  return (
    <AnsweringFrame context={context} view={view} title={t('responses.receipt.title')} current="receipt">
      <h1>{t('responses.receipt.title')}</h1>
      {view.status === 'submitted' ? (
        <>
          <p class="lead">
            {t('responses.receipt.lead', { organisation: view.organisationName, round: view.roundTitle })}
          </p>
          <SubmittedNote context={context} view={view} />
          {mailedTo ? <p>{t('responses.receipt.mailSent', { email: mailedTo })}</p> : null}
          <p>
            <a href={`${view.basePath}/receipt.pdf`} download>
              {t('responses.receipt.pdf')}
            </a>
          </p>
          {view.readOnlyReason ? null : <p>{t('responses.summary.changesAfterSubmit')}</p>}
        </>
      ) : (
        <p>{t('responses.receipt.notSubmitted')}</p>
      )}
    </AnsweringFrame>
  );
}
