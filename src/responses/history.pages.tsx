import { listQuestions } from '../questionnaires/conditions.ts';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import { formatAnswer, formatDateTime } from './answer-format.ts';
import type { AnsweringView } from './answer-view.ts';
import { AnsweringFrame } from './form.pages.tsx';
import type { AnswerChange } from './responses.service.ts';
import type { ReviewStep } from './review.service.ts';

/** Every change of the response's answers, newest first, with who made it and when; the submission included. */
export function HistoryPage({
  context,
  view,
  changes,
  users,
  reviews = [],
}: {
  context: PageContext;
  view: AnsweringView;
  changes: AnswerChange[];
  users: Map<string, string>;
  /** The coordinator's review steps, each a row of its own. */
  reviews?: readonly ReviewStep[];
}) {
  const { t, language } = context;
  const questions = new Map(listQuestions(view.version).map((question) => [question.key, question]));
  const rows = changes.map((change, index) => {
    const question = questions.get(change.questionKey);
    const value = question ? formatAnswer(question, change.value, language) : null;
    return {
      key: `change-${index}`,
      at: change.changedAt,
      who:
        change.changedBy === null ? t('responses.history.system') : (users.get(change.changedBy) ?? change.changedBy),
      question: `${view.numbers.get(change.questionKey) ?? ''} ${question?.label?.[language] ?? question?.text[language] ?? change.questionKey}`,
      change: `${t(`responses.history.kind.${change.kind}`)}: ${value ?? t('responses.history.cleared')}`,
    };
  });
  if (view.submittedAt) {
    rows.push({
      key: 'submitted',
      at: view.submittedAt,
      who: view.submittedBy ?? t('responses.history.system'),
      question: '',
      change: t('responses.history.kind.submit'),
    });
  }
  for (const step of reviews) {
    rows.push({
      key: `review-${step.id}`,
      at: step.createdAt,
      who: step.reviewer ?? t('responses.review.removedReviewer'),
      question: '',
      change: step.comment
        ? `${t(`responses.history.kind.${step.decision}`)}: ${step.comment}`
        : t(`responses.history.kind.${step.decision}`),
    });
  }
  rows.sort((a, b) => b.at.localeCompare(a.at));
  return (
    <AnsweringFrame context={context} view={view} title={t('responses.history.title')} current="history">
      <h1>{t('responses.history.title')}</h1>
      <p class="lead">{t('responses.history.lead')}</p>
      {rows.length === 0 ? (
        <p>{t('responses.history.none')}</p>
      ) : (
        <ScrollBox label={t('responses.history.title')}>
          <table class="history">
            <thead>
              <tr>
                <th scope="col">{t('responses.history.when')}</th>
                <th scope="col">{t('responses.history.who')}</th>
                <th scope="col">{t('responses.history.question')}</th>
                <th scope="col">{t('responses.history.change')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <td>
                    <time dateTime={row.at}>{formatDateTime(row.at, language)}</time>
                  </td>
                  <td>{row.who}</td>
                  <td>{row.question}</td>
                  <td>{row.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </AnsweringFrame>
  );
}
