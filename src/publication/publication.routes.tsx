import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
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
import { loadAllRoundsFile, loadCatalog, loadJsonStat, loadOpenDataFile, type RdfFormat } from './open-data.service.ts';
import { listPublicIndicators, loadIndicatorTrend } from './public-data.service.ts';
import { isPublicationMessageKey } from './publication.messages.ts';
import { IndicatorPage, PublicationAdminPage, type PublicationInput, PublishedPage } from './publication.pages.tsx';
import { findPublisher, type PublisherForm, savePublisher } from './publisher.service.ts';

const LabelParams = Type.Object({ label: Type.String({ pattern: labelPattern }) });
const OpenDataFileName = Type.Union([
  Type.Literal('figures.csv'),
  Type.Literal('figures.xlsx'),
  Type.Literal('figures.json'),
  Type.Literal('codebook.json'),
  Type.Literal('dataset.jsonld'),
  Type.Literal('figures-en.csv'),
  Type.Literal('datapackage.json'),
  Type.Literal('codebook-questions.csv'),
  Type.Literal('codebook-answers.csv'),
  Type.Literal('codebook-groups.csv'),
]);
const AllRoundsParams = Type.Object({
  file: Type.Union([
    Type.Literal('figures.csv'),
    Type.Literal('figures-en.csv'),
    Type.Literal('codebook-questions.csv'),
    Type.Literal('codebook-answers.csv'),
    Type.Literal('codebook-groups.csv'),
    Type.Literal('datapackage.json'),
  ]),
});
const questionKeyPattern = '^[a-z][a-z0-9_]{0,80}$';
const JsonStatParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  key: Type.String({ pattern: questionKeyPattern }),
});
const VersionedJsonStatParams = Type.Object({
  label: Type.String({ pattern: labelPattern }),
  version: Type.Integer({ minimum: 1, maximum: 1000 }),
  key: Type.String({ pattern: questionKeyPattern }),
});
const LanguageQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])) });
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

const catalogFormats: { format: RdfFormat; types: string[] }[] = [
  { format: 'jsonld', types: ['application/ld+json', 'application/json'] },
  { format: 'ttl', types: ['text/turtle', 'application/x-turtle'] },
  { format: 'rdf', types: ['application/rdf+xml', 'application/xml', 'text/xml'] },
];

/** Picks the catalogue's format from an Accept header by its q-values; JSON-LD when none of the three is asked. */
export function negotiateRdfFormat(accept: string | undefined): RdfFormat {
  let best: { format: RdfFormat; quality: number } = { format: 'jsonld', quality: 0 };
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    const match = catalogFormats.find((candidate) => candidate.types.includes(type));
    if (match && Number.isFinite(quality) && quality > best.quality) best = { format: match.format, quality };
  }
  return best.format;
}

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

  const sendCatalog = async (reply: FastifyReply, format: RdfFormat) => {
    const { body, mediaType } = await loadCatalog(deps.db, deps.clock, { baseUrl: deps.config.baseUrl, format });
    return reply.header('cache-control', 'no-store').header('vary', 'Accept').type(mediaType).send(body);
  };
  app.get('/published/catalog', { config: { policy: policies.anonymous }, schema: { hide: true } }, (request, reply) =>
    sendCatalog(reply, negotiateRdfFormat(request.headers.accept)),
  );
  for (const format of ['jsonld', 'ttl', 'rdf'] as const) {
    app.get(
      `/published/catalog.${format}`,
      { config: { policy: policies.anonymous }, schema: { hide: true } },
      (_, reply) => sendCatalog(reply, format),
    );
  }

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

  app.get(
    '/published/open-data/:file',
    { config: { policy: policies.anonymous }, schema: { hide: true, params: AllRoundsParams } },
    async (request, reply) => {
      const { body, mediaType } = await loadAllRoundsFile(deps.db, deps.clock, {
        file: request.params.file,
        minimumRespondents,
      });
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="lagesbild-all-rounds-${request.params.file}"`)
        .type(mediaType)
        .send(body);
    },
  );

  const sendJsonStat = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { label: string; key: string; version?: number },
    language: 'sv' | 'en',
  ) => {
    const { body } = await loadJsonStat(deps.db, deps.clock, {
      ...params,
      language,
      reader: { isCoordinator: isCoordinator(request.user) },
      minimumRespondents,
      href: `${deps.config.baseUrl.replace(/\/$/, '')}${request.url}`,
    });
    return reply.header('cache-control', 'no-store').type('application/json').send(body);
  };
  app.get(
    '/published/:label/open-data/jsonstat/:key',
    {
      config: { policy: policies.anonymous },
      schema: { hide: true, params: JsonStatParams, querystring: LanguageQuery },
    },
    async (request, reply) => sendJsonStat(request, reply, request.params, request.query.lang ?? 'sv'),
  );
  app.get(
    '/published/:label/versions/:version/open-data/jsonstat/:key',
    {
      config: { policy: policies.anonymous },
      schema: { hide: true, params: VersionedJsonStatParams, querystring: LanguageQuery },
    },
    async (request, reply) => sendJsonStat(request, reply, request.params, request.query.lang ?? 'sv'),
  );

  const showAdminPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: { error: string; entered: PublicationInput },
    publisherProblem?: { form: PublisherForm; errors: { field: string; message: string }[] },
  ) => {
    const publisher = publisherProblem?.form ?? (await findPublisher(deps.db));
    const notice =
      (request.query as { notice?: unknown }).notice === 'publisher'
        ? pageContextFrom(request).t('publication.publisher.saved')
        : undefined;
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
        publisher={publisher}
        {...(publisherProblem ? { publisherErrors: publisherProblem.errors } : {})}
        {...(notice ? { notice } : {})}
        {...(problem ?? {})}
      />,
      problem || publisherProblem ? 422 : 200,
    );
  };

  app.get(
    '/admin/publication',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    (request, reply) => showAdminPage(request, reply),
  );

  app.post(
    '/admin/publication/publisher',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const form = readFormFields(request.body, ['name', 'organisationNumber', 'iri', 'email'], 500);
      try {
        await savePublisher(deps.db, deps.clock, form, {
          userId: request.user?.id ?? null,
          label: request.user?.email ?? 'web',
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const errors = error.fields.map((field) => ({
          field: field.field,
          message: isPublicationMessageKey(field.message) ? context.t(field.message) : field.message,
        }));
        return showAdminPage(request, reply, undefined, { form, errors });
      }
      return reply.redirect('/admin/publication?notice=publisher', 303);
    },
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
