import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { isLanguage } from '../web/i18n.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { FeedbackJobPage, FeedbackJobsPage } from './report-jobs.pages.tsx';
import {
  downloadFeedbackJobArchive,
  findFeedbackJob,
  listFeedbackJobRounds,
  startFeedbackJob,
} from './report-jobs.service.ts';
import { labelPattern } from './reports.routes.tsx';

const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const StartBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  round: Type.String({ pattern: labelPattern }),
  lang: Type.Optional(Type.String()),
});

/** Bulk feedback reports started from the web: a form, a progress page that refreshes itself, and the ZIP. */
export async function reportJobRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/reports/feedback-jobs',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const { rounds, jobs } = await listFeedbackJobRounds(deps.db, deps.clock);
      return sendPage(reply, <FeedbackJobsPage context={pageContextFrom(request)} rounds={rounds} jobs={jobs} />);
    },
  );

  app.post(
    '/reports/feedback-jobs',
    { config: { policy: policies.administrator }, schema: { hide: true, body: StartBody } },
    async (request, reply) => {
      const job = await startFeedbackJob(deps.db, deps.clock, {
        label: request.body.round,
        language: isLanguage(request.body.lang) ? request.body.lang : request.language,
        minimumRespondents: deps.config.suppressionThreshold,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
        onError: (error) => request.log.error({ err: error }, 'feedback report run failed'),
      });
      return reply.redirect(`/reports/feedback-jobs/${job.id}`, 303);
    },
  );

  app.get(
    '/reports/feedback-jobs/:id',
    { config: { policy: policies.administrator }, schema: { hide: true, params: JobParams } },
    async (request, reply) => {
      const job = await findFeedbackJob(deps.db, deps.clock, request.params.id);
      // The Refresh header reloads the page every few seconds while the run goes on, without JavaScript.
      if (job.status === 'running') reply.header('refresh', '3');
      return sendPage(reply, <FeedbackJobPage context={pageContextFrom(request)} job={job} />);
    },
  );

  app.get(
    '/reports/feedback-jobs/:id/archive.zip',
    { config: { policy: policies.administrator }, schema: { hide: true, params: JobParams } },
    async (request, reply) => {
      const { archive, fileName } = await downloadFeedbackJobArchive(deps.db, deps.clock, {
        id: request.params.id,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
      });
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .type('application/zip')
        .send(archive);
    },
  );
}
