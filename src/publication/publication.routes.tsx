import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { isCoordinator, policies } from '../http/policy.ts';
import { labelPattern } from '../reports/reports.routes.tsx';
import { listRounds } from '../rounds/rounds.service.ts';
import { fromStockholmLocal } from '../rounds/stockholm-time.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { listPublicIndicators, loadIndicatorTrend, loadOpenDataFile } from './public-data.service.ts';
import { IndicatorPage, PublicationAdminPage, PublishedPage } from './publication.pages.tsx';
import { listPublicRounds, publishRound, unpublishRound } from './publication.service.ts';

const LabelParams = Type.Object({ label: Type.String({ pattern: labelPattern }) });
const OpenDataParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  file: Type.Union([
    Type.Literal('figures.csv'),
    Type.Literal('figures.xlsx'),
    Type.Literal('figures.json'),
    Type.Literal('codebook.json'),
    Type.Literal('dataset.jsonld'),
  ]),
});
const PublishBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  embargoUntil: Type.Optional(Type.String({ maxLength: 40 })),
});

/** The public face: published rounds, indicators over time and open data; and the administrators' publication page. */
export async function publicationRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const minimumRespondents = deps.config.suppressionThreshold;

  app.get('/published', { config: { policy: policies.anonymous }, schema: { hide: true } }, async (request, reply) => {
    const [rounds, indicators] = await Promise.all([
      listPublicRounds(deps.db, deps.clock),
      listPublicIndicators(deps.db, deps.clock),
    ]);
    return sendPage(
      reply,
      <PublishedPage context={pageContextFrom(request)} rounds={rounds} indicators={indicators} />,
    );
  });

  app.get(
    '/published/indicators/:key',
    {
      config: { policy: policies.anonymous },
      schema: { hide: true, params: Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,80}$' }) }) },
    },
    async (request, reply) => {
      const trend = await loadIndicatorTrend(deps.db, deps.clock, { key: request.params.key, minimumRespondents });
      return sendPage(reply, <IndicatorPage context={pageContextFrom(request)} trend={trend} />);
    },
  );

  app.get(
    '/published/:label/open-data/:file',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: OpenDataParams } },
    async (request, reply) => {
      const { file } = request.params;
      const { body, mediaType } = await loadOpenDataFile(deps.db, deps.clock, {
        label: request.params.label,
        file,
        reader: { isCoordinator: isCoordinator(request.user) },
        minimumRespondents,
        baseUrl: deps.config.baseUrl,
      });
      const fileName = `lagesbild-${request.params.label}-${file}`;
      return reply
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `${file.endsWith('.xlsx') || file.endsWith('.csv') ? 'attachment' : 'inline'}; filename="${fileName}"`,
        )
        .type(mediaType)
        .send(body);
    },
  );

  app.get(
    '/admin/publication',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const rounds = await listRounds(deps.db);
      return sendPage(
        reply,
        <PublicationAdminPage context={pageContextFrom(request)} rounds={rounds} now={deps.clock.now()} />,
      );
    },
  );

  app.post(
    '/admin/publication/:label/publish',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams, body: PublishBody } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const entered = request.body.embargoUntil?.trim() ?? '';
      const embargoIso = entered === '' ? null : (fromStockholmLocal(entered) ?? 'invalid');
      const showError = async (message: string) =>
        sendPage(
          reply,
          <PublicationAdminPage
            context={context}
            rounds={await listRounds(deps.db)}
            now={deps.clock.now()}
            error={message}
          />,
          422,
        );
      if (embargoIso === 'invalid') return showError(context.t('publication.admin.badEmbargo'));
      try {
        await publishRound(deps.db, deps.clock, {
          label: request.params.label,
          embargoUntil: embargoIso === null ? null : new Date(embargoIso),
          actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
        });
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation')
          return showError(context.t('publication.admin.badEmbargo'));
        throw error;
      }
      return reply.redirect('/admin/publication', 303);
    },
  );

  app.post(
    '/admin/publication/:label/unpublish',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams } },
    async (request, reply) => {
      await unpublishRound(deps.db, deps.clock, {
        label: request.params.label,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
      });
      return reply.redirect('/admin/publication', 303);
    },
  );
}
