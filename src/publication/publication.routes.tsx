import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { isCoordinator, policies } from '../http/policy.ts';
import {
  listPublishedRounds,
  listReleases,
  publishRelease,
  startCorrection,
  unpublishRound,
} from '../releases/releases.service.ts';
import { labelPattern } from '../reports/reports.routes.tsx';
import { listRounds } from '../rounds/rounds.service.ts';
import { fromStockholmLocal } from '../rounds/stockholm-time.ts';
import { isMessageKey } from '../web/i18n.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { listPublicIndicators, loadIndicatorTrend, loadOpenDataFile } from './public-data.service.ts';
import { IndicatorPage, PublicationAdminPage, type PublicationInput, PublishedPage } from './publication.pages.tsx';

const LabelParams = Type.Object({ label: Type.String({ pattern: labelPattern }) });
const OpenDataFileName = Type.Union([
  Type.Literal('figures.csv'),
  Type.Literal('figures.xlsx'),
  Type.Literal('figures.json'),
  Type.Literal('codebook.json'),
  Type.Literal('dataset.jsonld'),
]);
const OpenDataParams = Type.Object({ label: Type.String({ pattern: labelPattern }), file: OpenDataFileName });
const VersionedOpenDataParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  version: Type.Integer({ minimum: 1, maximum: 1000 }),
  file: OpenDataFileName,
});
const PublishBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  embargoUntil: Type.Optional(Type.String({ maxLength: 40 })),
  errataSv: Type.Optional(Type.String({ maxLength: 2000 })),
  errataEn: Type.Optional(Type.String({ maxLength: 2000 })),
});

/**
 * The public face: published rounds, indicators over time and open data, all read from stored releases; and the
 * administrators' publication page, where publishing freezes a round's figures as a release.
 */
export async function publicationRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const minimumRespondents = deps.config.suppressionThreshold;

  app.get('/published', { config: { policy: policies.anonymous }, schema: { hide: true } }, async (request, reply) => {
    const [rounds, indicators] = await Promise.all([
      listPublishedRounds(deps.db, deps.clock),
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
      const trend = await loadIndicatorTrend(deps.db, deps.clock, { key: request.params.key });
      return sendPage(reply, <IndicatorPage context={pageContextFrom(request)} trend={trend} />);
    },
  );

  const sendOpenData = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { label: string; file: Static<typeof OpenDataFileName>; version?: number },
  ) => {
    const { body, mediaType } = await loadOpenDataFile(deps.db, deps.clock, {
      ...params,
      reader: { isCoordinator: isCoordinator(request.user) },
      minimumRespondents,
      baseUrl: deps.config.baseUrl,
    });
    const version = params.version === undefined ? '' : `-v${params.version}`;
    const fileName = `lagesbild-${params.label}${version}-${params.file}`;
    const disposition = params.file.endsWith('.xlsx') || params.file.endsWith('.csv') ? 'attachment' : 'inline';
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `${disposition}; filename="${fileName}"`)
      .type(mediaType)
      .send(body);
  };

  app.get(
    '/published/:label/open-data/:file',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: OpenDataParams } },
    async (request, reply) => sendOpenData(request, reply, request.params),
  );
  app.get(
    '/published/:label/versions/:version/open-data/:file',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: VersionedOpenDataParams } },
    async (request, reply) => sendOpenData(request, reply, request.params),
  );

  const showAdminPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: { error: string; entered: PublicationInput },
  ) => {
    const rounds = await listRounds(deps.db);
    const withReleases = await Promise.all(
      rounds.map(async (round) => ({ round, releases: await listReleases(deps.db, round.id) })),
    );
    return sendPage(
      reply,
      <PublicationAdminPage
        context={pageContextFrom(request)}
        rounds={withReleases}
        now={deps.clock.now()}
        {...(problem ?? {})}
      />,
      problem ? 422 : 200,
    );
  };

  app.get(
    '/admin/publication',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    (request, reply) => showAdminPage(request, reply),
  );

  app.post(
    '/admin/publication/:label/publish',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams, body: PublishBody } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const entered: PublicationInput = {
        label: request.params.label,
        embargoUntil: request.body.embargoUntil?.trim() ?? '',
        errataSv: request.body.errataSv ?? '',
        errataEn: request.body.errataEn ?? '',
      };
      const embargoIso = entered.embargoUntil === '' ? null : (fromStockholmLocal(entered.embargoUntil) ?? 'invalid');
      if (embargoIso === 'invalid') {
        return showAdminPage(request, reply, { error: context.t('publication.admin.badEmbargo'), entered });
      }
      try {
        await publishRelease(deps.db, deps.clock, {
          label: request.params.label,
          embargoUntil: embargoIso === null ? null : new Date(embargoIso),
          errata: { sv: entered.errataSv, en: entered.errataEn },
          minimumRespondents,
          actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
        });
      } catch (error) {
        if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
          const message = isMessageKey(error.message) ? context.t(error.message) : error.message;
          return showAdminPage(request, reply, { error: message, entered });
        }
        throw error;
      }
      return reply.redirect('/admin/publication', 303);
    },
  );

  app.post(
    '/admin/publication/:label/correction',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams } },
    async (request, reply) => {
      await startCorrection(deps.db, deps.clock, {
        label: request.params.label,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
      });
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
