/**
 * The DCAT-AP-SE 2.0 description of the published open data: one dcat:Catalog listing a dataset per published
 * round, each with a distribution per file and a dataset per release version (dct:hasVersion), published by the
 * organisation an administrator names. Built as one graph, written as JSON-LD, Turtle or RDF/XML.
 */
import { openDataFiles, openDataLicense } from './codebook.ts';
import type { Publisher } from './publisher.service.ts';
import { Graph, iri, type Node, plain, text, typed } from './rdf.ts';

/** A published round as the catalogue describes it: its label, survey years and releases, oldest first. */
export interface CatalogRound {
  label: string;
  years: number[];
  releases: { version: number; publishedAt: string; errata: { sv: string; en: string } | null }[];
}

const authority = 'http://publications.europa.eu/resource/authority';
const publicAccess = iri(`${authority}/access-right/PUBLIC`);
const sweden = iri(`${authority}/country/SWE`);
const government = iri(`${authority}/data-theme/GOVE`);
const languages = [iri(`${authority}/language/SWE`), iri(`${authority}/language/ENG`)];
const license = iri(openDataLicense.id);

function both(sv: string, en: string) {
  return [text(sv, 'sv'), text(en, 'en')];
}

/** The address of the catalogue, the subject of its dcat:Catalog. */
export function catalogIri(baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, '')}/published/catalog`;
}

/** The folder of a round's open data, of its current release or of one version. */
export function openDataFolder(baseUrl: string, label: string, version?: number): string {
  const round = `${baseUrl.replace(/\/$/, '')}/published/${encodeURIComponent(label)}`;
  return version === undefined ? `${round}/open-data` : `${round}/versions/${version}/open-data`;
}

function describeAgents(graph: Graph, publisher: Publisher, baseUrl: string): { publisher: Node; contact: Node } {
  const agent = iri(publisher.iri);
  graph.add(agent, ['foaf:Agent', 'foaf:Organization'], {
    'foaf:name': plain(publisher.name),
    'dct:identifier': plain(publisher.organisationNumber),
    'dct:type': iri('http://purl.org/adms/publishertype/NationalAuthority'),
  });
  const contact = iri(`${catalogIri(baseUrl)}#contact`);
  graph.add(contact, 'vcard:Organization', {
    'vcard:fn': plain(publisher.name),
    'vcard:hasEmail': iri(`mailto:${publisher.email}`),
    'vcard:hasURL': iri(`${baseUrl.replace(/\/$/, '')}/published`),
  });
  return { publisher: agent, contact };
}

function describeDataset(
  graph: Graph,
  input: { baseUrl: string; round: CatalogRound; version?: number; agents: { publisher: Node; contact: Node } },
): Node {
  const { baseUrl, round, agents } = input;
  const release =
    input.version === undefined
      ? round.releases.at(-1)
      : round.releases.find((candidate) => candidate.version === input.version);
  const first = round.releases[0];
  if (release === undefined || first === undefined) throw new RangeError(`round ${round.label} has no release`);
  const folder = openDataFolder(baseUrl, round.label, input.version);
  const datasetIri = `${folder}#dataset`;
  const dataset = iri(datasetIri);
  const landingPage = iri(`${baseUrl.replace(/\/$/, '')}/published`);
  const suffix = input.version === undefined ? '' : ` (version ${release.version})`;
  const distributions = openDataFiles.map((file) => {
    const url = iri(`${folder}/${file.file}`);
    graph.add(url, 'dcat:Distribution', {
      'dct:title': both(file.title.sv, file.title.en),
      'dct:description': both(file.description.sv, file.description.en),
      'dcat:accessURL': landingPage,
      'dcat:downloadURL': url,
      'dcat:mediaType': iri(`http://www.iana.org/assignments/media-types/${file.mediaType}`),
      'dct:format': iri(`${authority}/file-type/${file.format}`),
      'dct:license': license,
      'dct:issued': typed(release.publishedAt, 'dateTime'),
    });
    return url;
  });
  const years = round.years.length > 0 ? round.years : [Number(round.label.slice(0, 4))];
  const temporal = { blank: `period-${round.label.replace(/[^A-Za-z0-9]/g, '')}-${input.version ?? 'current'}` };
  graph.add(dataset, 'dcat:Dataset', {
    'dct:title': both(
      `Informationssäkerhetsarbetet i kommuner och regioner ${round.label}${suffix}`,
      `Information security work in Swedish municipalities and regions ${round.label}${suffix}`,
    ),
    'dct:description': both(
      `Sammanräknade resultat av enkäten om systematiskt informationssäkerhetsarbete i Sveriges kommuner och regioner, omgång ${round.label}: antal, andelar med 95 % konfidensintervall och medianer per kommungrupp, huvudgrupp och län, efter röjandekontroll. Med frågetexter, svarsetiketter och kodbok.`,
      `Aggregated results of the survey of systematic information security work in Sweden's municipalities and regions, round ${round.label}: counts, shares with 95 % confidence intervals and medians per municipality group, main group and county, after disclosure control. With question texts, answer labels and a codebook.`,
    ),
    'dct:identifier': plain(datasetIri),
    'dct:publisher': agents.publisher,
    'dcat:contactPoint': agents.contact,
    'dct:accessRights': publicAccess,
    'dct:license': license,
    // The round's dataset was issued with its first release; a version's dataset with that version.
    'dct:issued': typed(input.version === undefined ? first.publishedAt : release.publishedAt, 'dateTime'),
    'dct:modified': typed(release.publishedAt, 'dateTime'),
    'dct:temporal': temporal,
    'dct:spatial': sweden,
    'dct:language': languages,
    'dcat:theme': government,
    'dcat:keyword': [
      text('informationssäkerhet', 'sv'),
      text('NIS2', 'sv'),
      text('kommuner', 'sv'),
      text('regioner', 'sv'),
      text('information security', 'en'),
      text('municipalities', 'en'),
    ],
    'dcat:landingPage': landingPage,
    'dct:accrualPeriodicity': iri(`${authority}/frequency/IRREG`),
    'owl:versionInfo': plain(String(release.version)),
    'adms:versionNotes': release.errata ? both(release.errata.sv, release.errata.en) : undefined,
    'dcat:distribution': distributions,
  });
  graph.add(temporal, 'dct:PeriodOfTime', {
    'dcat:startDate': typed(`${Math.min(...years)}-01-01`, 'date'),
    'dcat:endDate': typed(`${Math.max(...years)}-12-31`, 'date'),
  });
  return dataset;
}

/** Builds the catalogue of every published round, with every version of each, as one graph. */
export function buildCatalog(input: { baseUrl: string; publisher: Publisher; rounds: CatalogRound[] }): Graph {
  const graph = new Graph();
  const catalog = iri(catalogIri(input.baseUrl));
  const datasets: Node[] = [];
  const agents = { publisher: iri(input.publisher.iri), contact: iri(`${catalogIri(input.baseUrl)}#contact`) };
  for (const round of input.rounds) datasets.push(describeRound(graph, { ...input, round, agents }));
  const times = input.rounds.flatMap((round) => round.releases.map((release) => release.publishedAt)).sort();
  graph.add(catalog, 'dcat:Catalog', {
    'dct:title': both('Lägesbild: öppna data om informationssäkerhet', 'Lägesbild: open data on information security'),
    'dct:description': both(
      'Öppna data från den nationella enkäten om systematiskt informationssäkerhetsarbete i Sveriges kommuner och regioner: en datamängd per publicerad omgång, med alla versioner.',
      "Open data from the national survey of systematic information security work in Sweden's municipalities and regions: one dataset per published round, with every version.",
    ),
    'dct:publisher': agents.publisher,
    'dct:license': license,
    'dct:language': languages,
    'dct:spatial': sweden,
    'dcat:themeTaxonomy': iri(`${authority}/data-theme`),
    'foaf:homepage': iri(`${input.baseUrl.replace(/\/$/, '')}/published`),
    'dct:issued': times[0] ? typed(times[0], 'dateTime') : undefined,
    'dct:modified': times.at(-1) ? typed(times.at(-1) ?? '', 'dateTime') : undefined,
    'dcat:dataset': datasets,
  });
  describeAgents(graph, input.publisher, input.baseUrl);
  return graph;
}

function describeRound(
  graph: Graph,
  input: { baseUrl: string; round: CatalogRound; agents: { publisher: Node; contact: Node } },
): Node {
  const current = describeDataset(graph, input);
  for (const release of input.round.releases) {
    if (release.version === 0) continue;
    const version = describeDataset(graph, { ...input, version: release.version });
    graph.triples.push({ subject: current, predicate: 'dct:hasVersion', object: version });
    graph.triples.push({ subject: version, predicate: 'dct:isVersionOf', object: current });
  }
  return current;
}

/** Builds the description of one round's dataset (the current release and its versions) with its publisher. */
export function buildRoundDataset(input: { baseUrl: string; publisher: Publisher; round: CatalogRound }): Graph {
  const graph = new Graph();
  const agents = { publisher: iri(input.publisher.iri), contact: iri(`${catalogIri(input.baseUrl)}#contact`) };
  describeRound(graph, { ...input, agents });
  describeAgents(graph, input.publisher, input.baseUrl);
  return graph;
}
