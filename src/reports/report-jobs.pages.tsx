import type { Round } from '../rounds/rounds.service.ts';
import { formatStockholm } from '../rounds/stockholm-time.ts';
import { CsrfField, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { ReportJob } from './report-jobs.service.ts';

function JobSummary({ context, job }: { context: PageContext; job: ReportJob }) {
  const { t } = context;
  return (
    <>
      <p>
        <strong>{t(`reports.jobs.status.${job.status}`)}</strong>
        {' – '}
        {t('reports.jobs.progress', { done: job.done, total: job.total })}
      </p>
      <progress
        max={Math.max(job.total, 1)}
        value={job.done}
        aria-label={t('reports.jobs.progress', { done: job.done, total: job.total })}
      />
      <p class="muted">{t('reports.jobs.started', { time: formatStockholm(job.createdAt) })}</p>
      {job.hasArchive ? (
        <p>
          <a href={`/reports/feedback-jobs/${job.id}/archive.zip`}>{t('reports.jobs.download')}</a>
        </p>
      ) : null}
    </>
  );
}

/** The coordinators' page to start a bulk run of feedback reports and see the latest runs. */
export function FeedbackJobsPage({
  context,
  rounds,
  jobs,
}: {
  context: PageContext;
  rounds: Round[];
  jobs: ReportJob[];
}) {
  const { t } = context;
  return (
    <Layout context={context} title={t('reports.jobs.title')}>
      <h1>{t('reports.jobs.title')}</h1>
      <p class="lead">{t('reports.jobs.lead')}</p>
      <form method="post" action="/reports/feedback-jobs" class="stacked-form">
        <CsrfField context={context} />
        <div class="field">
          <label for="round">{t('reports.jobs.round')}</label>
          <select id="round" name="round">
            {rounds.map((round) => (
              <option key={round.id} value={round.label}>
                {round.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('reports.jobs.start')}</button>
      </form>
      {jobs.length === 0 ? <p>{t('reports.jobs.none')}</p> : null}
      <ul>
        {jobs.map((job) => (
          <li key={job.id}>
            <a
              href={`/reports/feedback-jobs/${job.id}`}
            >{`${t('reports.jobs.round')} ${job.roundLabel}, ${formatStockholm(job.createdAt)}`}</a>
            {`: ${t(`reports.jobs.status.${job.status}`)} (${t('reports.jobs.progress', { done: job.done, total: job.total })})`}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** One run's progress; while it runs the route adds a Refresh header, so the page reloads itself without JavaScript. */
export function FeedbackJobPage({ context, job }: { context: PageContext; job: ReportJob }) {
  const { t } = context;
  return (
    <Layout context={context} title={t('reports.jobs.title')}>
      <p>
        <a href="/reports/feedback-jobs">{t('reports.jobs.back')}</a>
      </p>
      <h1>{`${t('reports.jobs.title')}: ${job.roundLabel}`}</h1>
      <div aria-live="polite">
        <JobSummary context={context} job={job} />
      </div>
      {job.status === 'running' ? <p class="muted">{t('reports.jobs.refresh')}</p> : null}
    </Layout>
  );
}
