import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { isCoordinator, policies } from '../http/policy.ts';
import { roundLabelPattern } from '../rounds/round-label.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { buildFeedbackReportDocument, exportFeedbackPdf, loadFeedbackReport } from './feedback.service.ts';
import { ReportPage } from './report-page.tsx';
import {
  createReportCache,
  loadNationalReportDocument,
  loadNationalReportPdf,
  nationalReportPath,
  typeSlugs,
} from './reports.service.ts';

export const labelPattern = roundLabelPattern;
const NationalParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  type: Type.Union([Type.Literal('kommuner'), Type.Literal('regioner')]),
});
const VersionedNationalParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  version: Type.Integer({ minimum: 1, maximum: 1000 }),
  type: Type.Union([Type.Literal('kommuner'), Type.Literal('regioner')]),
});
const FeedbackParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
});
const feedbackPolicy = { kind: 'organisation', role: 'reader', param: 'code', isOpenToCoordinators: true } as const;

/**
 * National reports (public once published; a stored release, never recomputed for a reader) and each
 * organisation's feedback report, as pages and PDFs. Earlier versions of a corrected round stay at their own
 * addresses.
 */
export async function reportRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const minimumRespondents = deps.config.suppressionThreshold;
  const cache = createReportCache();

  const nationalPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { label: string; type: 'kommuner' | 'regioner'; version?: number },
  ) => {
    const context = pageContextFrom(request);
    const { document, report, view } = await loadNationalReportDocument(deps.db, deps.clock, cache, {
      label: params.label,
      ...(params.version === undefined ? {} : { version: params.version }),
      type: typeSlugs[params.type],
      reader: { isCoordinator: isCoordinator(request.user) },
      minimumRespondents,
      language: context.language,
    });
    const pdfHref = `${nationalReportPath(report.label, report.organisationType, params.version)}/report.pdf`;
    const latest = view.releases.at(-1)?.version;
    return sendPage(
      reply,
      <ReportPage
        context={context}
        document={document}
        contentsLabel={context.t('reports.contents')}
        before={
          <>
            {view.isPublic ? null : <p class="notice">{context.t('reports.unpublishedNotice')}</p>}
            {params.version !== undefined && latest !== undefined && params.version < latest ? (
              <p class="notice">
                {context.t('reports.release.superseded', { version: params.version, latest })}{' '}
                <a href={nationalReportPath(report.label, report.organisationType)}>
                  {context.t('reports.release.toLatest')}
                </a>
              </p>
            ) : null}
            <p>
              <a href={pdfHref}>{context.t('reports.pdfLink')}</a>
            </p>
          </>
        }
      />,
    );
  };

  const nationalPdf = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { label: string; type: 'kommuner' | 'regioner'; version?: number },
  ) => {
    const { pdf, label } = await loadNationalReportPdf(deps.db, deps.clock, cache, {
      label: params.label,
      ...(params.version === undefined ? {} : { version: params.version }),
      type: typeSlugs[params.type],
      reader: { isCoordinator: isCoordinator(request.user) },
      minimumRespondents,
      language: request.language,
    });
    const version = params.version === undefined ? '' : `-v${params.version}`;
    const fileName = `lagesbild-${label}${version}-${params.type}-${request.language}.pdf`;
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="${fileName}"`)
      .type('application/pdf')
      .send(pdf);
  };

  app.get(
    '/published/:label/:type',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: NationalParams } },
    async (request, reply) => nationalPage(request, reply, request.params),
  );
  app.get(
    '/published/:label/versions/:version/:type',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: VersionedNationalParams } },
    async (request, reply) => nationalPage(request, reply, request.params),
  );
  app.get(
    '/published/:label/:type/report.pdf',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: NationalParams } },
    async (request, reply) => nationalPdf(request, reply, request.params),
  );
  app.get(
    '/published/:label/versions/:version/:type/report.pdf',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: VersionedNationalParams } },
    async (request, reply) => nationalPdf(request, reply, request.params),
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
