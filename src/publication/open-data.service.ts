/**
 * The open data files of published rounds, rendered from their frozen releases: the figures with labels (CSV in
 * Swedish and English, XLSX, JSON), the codebook (JSON and CSV tables), the Frictionless Data Package, JSON-stat
 * per question, files spanning every published round, and the DCAT-AP-SE catalogue that lists them.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listMunicipalityGroups, listOrganisations } from '../organisations/organisations.service.ts';
import type { QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion, listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { listPublishedRounds, loadRoundFigures, type Reader } from '../releases/releases.service.ts';
import { compareLabels } from '../reports/reports.service.ts';
import type { OrganisationType } from '../results/groups.ts';
import type { RoundResults } from '../results/results.schema.ts';
import { buildCatalog, buildRoundDataset, type CatalogRound } from './catalog.ts';
import { buildCodebook, type openDataFiles } from './codebook.ts';
import { type GroupNameOf, nameGroups } from './group-names.ts';
import { buildJsonStat } from './jsonstat.ts';
import {
  buildFigureRows,
  type FigureRow,
  type OpenDataRelease,
  writeCsv,
  writeFiguresCsv,
  writeFiguresJson,
} from './open-data.ts';
import {
  answerColumns,
  buildCodebookTables,
  buildDataPackage,
  type CodebookTables,
  concatCodebookTables,
  groupColumns,
  questionColumns,
} from './open-data-package.ts';
import { writeFiguresXlsx } from './open-data-xlsx.ts';
import { findPublisher } from './publisher.service.ts';
import { buildJsonLd, type Graph, writeRdfXml, writeTurtle } from './rdf.ts';

export type OpenDataFile =
  | (typeof openDataFiles)[number]['file']
  | 'codebook-questions.csv'
  | 'codebook-answers.csv'
  | 'codebook-groups.csv'
  | 'dataset.jsonld';
/** The files that span every published round. */
export type AllRoundsFile =
  | 'figures.csv'
  | 'figures-en.csv'
  | 'codebook-questions.csv'
  | 'codebook-answers.csv'
  | 'codebook-groups.csv'
  | 'datapackage.json';
type Output = { body: Buffer; mediaType: string };

const csv = (body: Buffer): Output => ({ body, mediaType: 'text/csv; charset=utf-8' });
const json = (value: unknown): Output => ({
  body: Buffer.from(`${JSON.stringify(value, null, 1)}\n`),
  mediaType: 'application/json',
});

/** Names the groups from the organisation registry (kommungrupper, main groups, counties). */
async function loadGroupNames(db: Kysely<Database>): Promise<GroupNameOf> {
  const [municipalityGroups, regions] = await Promise.all([
    listMunicipalityGroups(db),
    listOrganisations(db, { type: 'region' }),
  ]);
  return nameGroups({
    municipalityGroups,
    counties: regions.map((region) => ({ code: region.countyCode, name: region.countyName })),
  });
}

function writeCodebookTable(tables: CodebookTables, file: `codebook-${'questions' | 'answers' | 'groups'}.csv`) {
  if (file === 'codebook-questions.csv') return writeCsv(questionColumns, tables.questions);
  if (file === 'codebook-answers.csv') return writeCsv(answerColumns, tables.answers);
  return writeCsv(groupColumns, tables.groups);
}

interface ReleaseView {
  results: RoundResults;
  release: OpenDataRelease;
  releases: CatalogRound['releases'];
  isPreview: boolean;
  versions: Partial<Record<OrganisationType, QuestionnaireVersion>>;
}

async function loadRelease(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; version?: number; reader: Reader; minimumRespondents: number },
): Promise<ReleaseView> {
  const view = await loadRoundFigures(db, clock, input);
  const versions: ReleaseView['versions'] = {};
  for (const type of ['kommun', 'region'] as const) {
    const id = view.results.round.versions[type];
    if (id !== null) versions[type] = await findQuestionnaireVersion(db, id);
  }
  const release: OpenDataRelease = {
    version: view.release?.version ?? 0,
    publishedAt: view.release?.publishedAt ?? clock.now().toISOString(),
    errata: view.release?.errata ?? null,
  };
  return { results: view.results, release, releases: view.releases, isPreview: view.release === null, versions };
}

/**
 * Produces one open data file of a round the reader may see, from its release (the current one, or an earlier
 * version by number). A coordinator's preview of an unpublished round is computed live and marked as version 0.
 * @throws AppError('not_found') when the round is not visible to the reader or has no such version.
 */
export async function loadOpenDataFile(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    version?: number;
    file: OpenDataFile;
    reader: Reader;
    minimumRespondents: number;
    baseUrl: string;
  },
): Promise<Output> {
  const { results, release, releases, isPreview, versions } = await loadRelease(db, clock, input);
  if (input.file === 'dataset.jsonld') {
    const round: CatalogRound = {
      label: results.round.label,
      years: Object.values(versions).map((version) => version.year),
      // A coordinator's preview has no release yet: it is described as version 0, published now.
      releases: isPreview ? [{ version: 0, publishedAt: release.publishedAt, errata: null }] : releases,
    };
    const graph = buildRoundDataset({ baseUrl: input.baseUrl, publisher: await findPublisher(db), round });
    return writeRdf(graph, 'jsonld');
  }
  const groupName = await loadGroupNames(db);
  const rowsIn = (language: 'sv' | 'en') => buildFigureRows(results, release.version, { language, groupName });
  switch (input.file) {
    case 'figures.csv':
      return csv(writeFiguresCsv(rowsIn('sv')));
    case 'figures-en.csv':
      return csv(writeFiguresCsv(rowsIn('en')));
    case 'figures.json':
      return { body: writeFiguresJson(results, release, rowsIn('sv')), mediaType: 'application/json' };
    case 'codebook.json':
      return json(buildCodebook(results, release, versions));
    case 'codebook-questions.csv':
    case 'codebook-answers.csv':
    case 'codebook-groups.csv':
      return csv(writeCodebookTable(buildCodebookTables(results, groupName), input.file));
    case 'datapackage.json':
      return json(
        buildDataPackage({
          name: `lagesbild-${results.round.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
          title: `Lägesbild ${results.round.label}`,
          rounds: [results.round.label],
        }),
      );
    case 'figures.xlsx':
      return {
        body: await writeFiguresXlsx({
          rows: { sv: rowsIn('sv'), en: rowsIn('en') },
          codebook: buildCodebook(results, release, versions),
          tables: buildCodebookTables(results, groupName),
        }),
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
  }
}

/**
 * Produces one file spanning the current release of every round the public may see now, oldest round first.
 * @throws AppError('not_found') when no round is published.
 */
export async function loadAllRoundsFile(
  db: Kysely<Database>,
  clock: Clock,
  input: { file: AllRoundsFile; minimumRespondents: number },
): Promise<Output> {
  const published = (await listPublishedRounds(db, clock)).sort((a, b) => compareLabels(a.round.label, b.round.label));
  if (published.length === 0) throw new AppError('not_found', 'No round is published.');
  if (input.file === 'datapackage.json')
    return json(
      buildDataPackage({
        name: 'lagesbild-all-rounds',
        title: 'Lägesbild, alla publicerade omgångar / all published rounds',
        rounds: published.map(({ round }) => round.label),
      }),
    );
  const groupName = await loadGroupNames(db);
  const views = [];
  for (const { round } of published)
    views.push(
      await loadRelease(db, clock, {
        label: round.label,
        reader: { isCoordinator: false },
        minimumRespondents: input.minimumRespondents,
      }),
    );
  if (input.file === 'figures.csv' || input.file === 'figures-en.csv') {
    const language = input.file === 'figures.csv' ? 'sv' : 'en';
    const rows: FigureRow[] = views.flatMap((view) =>
      buildFigureRows(view.results, view.release.version, { language, groupName }),
    );
    return csv(writeFiguresCsv(rows));
  }
  const tables = concatCodebookTables(views.map((view) => buildCodebookTables(view.results, groupName)));
  return csv(writeCodebookTable(tables, input.file));
}

/**
 * Produces one question of a round's release as a JSON-stat 2.0 dataset, labelled in Swedish or English.
 * @throws AppError('not_found') when the round is not visible to the reader or does not publish the question.
 */
export async function loadJsonStat(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    version?: number;
    key: string;
    language: 'sv' | 'en';
    reader: Reader;
    minimumRespondents: number;
    href: string;
  },
): Promise<Output> {
  const { results, release } = await loadRelease(db, clock, input);
  const question = results.questions.find((candidate) => candidate.key === input.key);
  if (question === undefined || question.groups.length === 0)
    throw new AppError('not_found', `Round ${results.round.label} publishes no question "${input.key}".`);
  const groupName = await loadGroupNames(db);
  const rows = buildFigureRows({ ...results, questions: [question] }, release.version, {
    language: input.language,
    groupName,
  });
  return json(buildJsonStat({ rows, language: input.language, updated: release.publishedAt, href: input.href }));
}

export type RdfFormat = 'jsonld' | 'ttl' | 'rdf';

const rdfMediaTypes: Record<RdfFormat, string> = {
  jsonld: 'application/ld+json',
  ttl: 'text/turtle; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
};

function writeRdf(graph: Graph, format: RdfFormat): Output {
  const body =
    format === 'jsonld'
      ? `${JSON.stringify(buildJsonLd(graph), null, 1)}\n`
      : format === 'ttl'
        ? writeTurtle(graph)
        : writeRdfXml(graph);
  return { body: Buffer.from(body, 'utf8'), mediaType: rdfMediaTypes[format] };
}

/**
 * Writes the DCAT-AP-SE catalogue of every round the public may see now, each with all its release versions, in
 * the format asked for (JSON-LD, Turtle or RDF/XML).
 */
export async function loadCatalog(
  db: Kysely<Database>,
  clock: Clock,
  input: { baseUrl: string; format: RdfFormat },
): Promise<Output> {
  const published = (await listPublishedRounds(db, clock)).sort((a, b) => compareLabels(a.round.label, b.round.label));
  const versions = await listQuestionnaireVersions(db);
  const yearOf = (id: string) => versions.find((version) => version.id === id)?.year;
  const rounds: CatalogRound[] = published.map(({ round, releases, current }) => ({
    label: round.label,
    years: [current.questionnaireVersions.kommun, current.questionnaireVersions.region].flatMap((id) => {
      const year = id === null ? undefined : yearOf(id);
      return year === undefined ? [] : [year];
    }),
    releases,
  }));
  const graph = buildCatalog({ baseUrl: input.baseUrl, publisher: await findPublisher(db), rounds });
  return writeRdf(graph, input.format);
}
