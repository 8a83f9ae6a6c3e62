import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { isCoordinator, policies } from '../http/policy.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { buildFeedbackReportDocument, exportFeedbackPdf, loadFeedbackReport } from './feedback.service.ts';
import { ReportPage } from './report-page.tsx';
import {
  buildNationalReportDocument,
  createReportCache,
  findTypeSlug,
  loadNationalReport,
  loadNationalReportPdf,
  typeSlugs,
} from './reports.service.ts';

export const labelPattern = '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$';
const NationalParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  type: Type.Union([Type.Literal('kommuner'), Type.Literal('regioner')]),
});
const FeedbackParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
});
const feedbackPolicy = { kind: 'organisation', role: 'reader', param: 'code', isOpenToCoordinators: true } as const;

/** National reports (public once published) and each organisation's feedback report, as pages and PDFs. */
export async function reportRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const minimumRespondents = deps.config.suppressionThreshold;
  const pdfCache = createReportCache();

  app.get(
    '/published/:label/:type',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: NationalParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const { report, isPublic } = await loadNationalReport(deps.db, deps.clock, {
        label: request.params.label,
        type: typeSlugs[request.params.type],
        reader: { isCoordinator: isCoordinator(request.user) },
        minimumRespondents,
      });
      const document = buildNationalReportDocument(report, context.language);
      const pdfHref = `/published/${encodeURIComponent(report.label)}/${findTypeSlug(report.organisationType)}/report.pdf`;
      return sendPage(
        reply,
        <ReportPage
          context={context}
          document={document}
          contentsLabel={context.t('reports.contents')}
          before={
            <>
              {isPublic ? null : <p class="notice">{context.t('reports.unpublishedNotice')}</p>}
              <p>
                <a href={pdfHref}>{context.t('reports.pdfLink')}</a>
              </p>
            </>
          }
        />,
      );
    },
  );

  app.get(
    '/published/:label/:type/report.pdf',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: NationalParams } },
    async (request, reply) => {
      const { pdf, label } = await loadNationalReportPdf(deps.db, deps.clock, pdfCache, {
        label: request.params.label,
        type: typeSlugs[request.params.type],
        reader: { isCoordinator: isCoordinator(request.user) },
        minimumRespondents,
        language: request.language,
      });
      const fileName = `lagesbild-${label}-${request.params.type}-${request.language}.pdf`;
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .type('application/pdf')
        .send(pdf);
    },
  );

  app.get(
    '/reports/feedback/:label/:code',
    { config: { policy: feedbackPolicy }, schema: { hide: true, params: FeedbackParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const report = await loadFeedbackReport(deps.db, deps.clock, {
        label: request.params.label,
        organisationCode: request.params.code,
        reader: { isCoordinator: isCoordinator(request.user) },
        minimumRespondents,
      });
      const document = buildFeedbackReportDocument(report, context.language);
      const pdfHref = `/reports/feedback/${encodeURIComponent(report.label)}/${report.organisation.code}/report.pdf`;
      return sendPage(
        reply,
        <ReportPage
          context={context}
          document={document}
          contentsLabel={context.t('reports.contents')}
          before={
            <p>
              <a href={pdfHref}>{context.t('reports.feedback.pdfLink')}</a>
            </p>
          }
        />,
      );
    },
  );

  app.get(
    '/reports/feedback/:label/:code/report.pdf',
    { config: { policy: feedbackPolicy }, schema: { hide: true, params: FeedbackParams } },
    async (request, reply) => {
      const { pdf, fileName } = await exportFeedbackPdf(deps.db, deps.clock, {
        label: request.params.label,
        organisationCode: request.params.code,
        reader: { isCoordinator: isCoordinator(request.user) },
        minimumRespondents,
        language: request.language,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
      });
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .type('application/pdf')
        .send(pdf);
    },
  );
}
