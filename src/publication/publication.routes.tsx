import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { isCoordinator, policies } from '../http/policy.ts';
import { listPublishedRounds } from '../releases/releases.service.ts';
import { labelPattern } from '../reports/reports.routes.tsx';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { loadAllRoundsFile, loadCatalog, loadJsonStat, loadOpenDataFile, type RdfFormat } from './open-data.service.ts';
import { listPublicIndicators, loadIndicatorTrend } from './public-data.service.ts';
import { IndicatorPage, PublishedPage } from './publication.pages.tsx';

const _LabelParams = Type.Object({ label: Type.String({ pattern: labelPattern }) });
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
 * The public face: published rounds, indicators over time and open data, all read from stored releases. The
 * administrators' publication page is in publication-admin.routes.tsx.
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
}
