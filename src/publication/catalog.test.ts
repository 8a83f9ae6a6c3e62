import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { DataFactory, Parser, type Quad, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { startCorrection } from '../releases/releases.service.ts';
import { pressRelease2023Shares, publishForTest, seedPressReleaseRounds } from '../reports/report.fixtures.ts';
import { importResponses } from '../results/import-responses.service.ts';
import { findRoundByLabel, listRoundOrganisations } from '../rounds/rounds.service.ts';
import { negotiateRdfFormat } from './publication.routes.tsx';

const shapesPath = new URL('../../test/shapes/dcat-ap-2.1.1.shapes.ttl', import.meta.url);
const ns = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  owl: 'http://www.w3.org/2002/07/owl#',
};

let testApp: TestApp;
let anonymous: TestVisitor;
let administrator: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  const { db, clock } = { db: testApp.database.db, clock: testApp.clock };
  await seedPressReleaseRounds(db, clock, Object.keys(pressRelease2023Shares));
  await publishForTest(db, clock, '2019');
  await publishForTest(db, clock, '2023');
  // A correction of 2023: its dataset then has two versions.
  const actor = { userId: null, label: 'test' };
  await startCorrection(db, clock, { label: '2023', actor });
  const round = await findRoundByLabel(db, '2023');
  const kommuner = (await listRoundOrganisations(db, round?.id ?? ''))
    .map((organisation) => organisation.organisationCode)
    .filter((code) => code.length === 4)
    .slice(0, 30);
  const rows = kommuner.map((org, index) => ({
    round: '2023',
    org,
    question: 'ciso_designated',
    value: 'yes',
    row: index + 2,
  }));
  await importResponses(db, clock, { rows, isDryRun: false, actor, source: 'test' });
  clock.advance(60_000);
  await publishForTest(db, clock, '2023', { errata: { sv: 'Rättad fråga 3.', en: 'Question 3 corrected.' } });
  anonymous = new TestVisitor(testApp.app);
  administrator = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
});
after(async () => testApp?.close());

function parseTurtle(text: string): Quad[] {
  return new Parser({ format: 'text/turtle' }).parse(text);
}

function parseStream(parser: RdfXmlParser | JsonLdParser, text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    parser.on('data', (quad: Quad) => quads.push(quad));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}

/** The triples as sorted N-Triples-like lines; blank nodes named by their position, which the writers keep stable. */
function canonical(quads: readonly Quad[]): string[] {
  const blanks = new Map<string, string>();
  const term = (value: Quad['subject'] | Quad['object']) => {
    if (value.termType === 'BlankNode') {
      if (!blanks.has(value.value)) blanks.set(value.value, `_:b${blanks.size}`);
      return blanks.get(value.value) ?? '';
    }
    if (value.termType === 'Literal') return `"${value.value}"@${value.language}^^${value.datatype.value}`;
    return `<${value.value}>`;
  };
  return quads.map((quad) => `${term(quad.subject)} <${quad.predicate.value}> ${term(quad.object)}`).sort();
}

async function validate(quads: readonly Quad[]) {
  const shapes = new Store(parseTurtle(readFileSync(shapesPath, 'utf8')));
  const validator = new SHACLValidator(shapes);
  return validator.validate(new Store([...quads]));
}

const objects = (store: Store, subject: string | null, predicate: string) => store.getObjects(subject, predicate, null);

test('the administrator names the publisher; a wrong organisation number is refused in Swedish and kept', async () => {
  const wrong = await administrator.post('/admin/publication/publisher', {
    name: 'Sveriges Kommuner och Regioner',
    organisationNumber: '22200-315',
    iri: '',
    email: 'opendata@skr.se',
  });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Skriv organisationsnumret som tio siffror/);
  assert.match(wrong.body, /value="22200-315"/);
  const saved = await administrator.post('/admin/publication/publisher', {
    name: 'Sveriges Kommuner och Regioner',
    organisationNumber: '2220000315',
    iri: '',
    email: 'OpenData@skr.se',
  });
  assert.equal(saved.statusCode, 303);
  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.post('/admin/publication/publisher', { name: 'X' })).statusCode, 403);
});

test('the catalogue is the same graph in Turtle, RDF/XML and JSON-LD, read by independent parsers', async () => {
  const turtle = await anonymous.get('/published/catalog.ttl');
  assert.equal(turtle.statusCode, 200);
  assert.match(String(turtle.headers['content-type']), /^text\/turtle/);
  const rdfXml = await anonymous.get('/published/catalog.rdf');
  assert.match(String(rdfXml.headers['content-type']), /^application\/rdf\+xml/);
  const jsonLd = await anonymous.get('/published/catalog.jsonld');
  assert.match(String(jsonLd.headers['content-type']), /^application\/ld\+json/);
  const fromTurtle = canonical(parseTurtle(turtle.body));
  assert.ok(fromTurtle.length > 200, `${fromTurtle.length} triples`);
  assert.deepEqual(canonical(await parseStream(new RdfXmlParser(), rdfXml.body)), fromTurtle);
  assert.deepEqual(canonical(await parseStream(new JsonLdParser(), jsonLd.body)), fromTurtle);

  for (const [accept, type] of [
    ['text/turtle', /^text\/turtle/],
    ['application/rdf+xml', /^application\/rdf\+xml/],
    ['application/ld+json', /^application\/ld\+json/],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', /^application\/rdf\+xml/],
  ] as const) {
    const response = await testApp.app.inject({ method: 'GET', url: '/published/catalog', headers: { accept } });
    assert.match(String(response.headers['content-type']), type, accept);
    assert.equal(response.headers.vary, 'Accept');
  }
  assert.equal(negotiateRdfFormat('application/rdf+xml;q=0.5, text/turtle'), 'ttl');
  assert.equal(negotiateRdfFormat(undefined), 'jsonld');
});

test('the catalogue conforms to the DCAT-AP 2.1.1 shapes, and the validator finds a missing e-mail', async () => {
  const quads = parseTurtle((await anonymous.get('/published/catalog.ttl')).body);
  const report = await validate(quads);
  assert.deepEqual(
    report.results.map((result) => `${result.focusNode?.value} ${result.path?.value}: ${result.message}`),
    [],
  );
  assert.equal(report.conforms, true);
  const withoutEmail = quads.filter((quad) => quad.predicate.value !== `${ns.vcard}hasEmail`);
  const broken = await validate(withoutEmail);
  assert.equal(broken.conforms, false);
  assert.ok(broken.results.some((result) => result.path?.value === `${ns.vcard}hasEmail`));
  const httpsMediaType = quads.map((quad) =>
    quad.predicate.value === `${ns.dcat}mediaType`
      ? DataFactory.quad(
          quad.subject,
          quad.predicate,
          DataFactory.namedNode(quad.object.value.replace('http:', 'https:')),
        )
      : quad,
  );
  assert.equal((await validate(httpsMediaType)).conforms, false, 'https media types are refused');
});

test('the catalogue has the DCAT-AP-SE mandatory and recommended properties for every published release', async () => {
  const store = new Store(parseTurtle((await anonymous.get('/published/catalog.ttl')).body));
  const base = testApp.config.baseUrl;
  const [catalog] = store.getSubjects(`${ns.rdf}type`, `${ns.dcat}Catalog`, null);
  assert.equal(catalog?.value, `${base}/published/catalog`);
  const publisherIri = 'http://dataportal.se/organisation/SE2220000315';
  assert.deepEqual(
    objects(store, catalog?.value ?? '', `${ns.dct}publisher`).map((term) => term.value),
    [publisherIri],
  );
  assert.equal(objects(store, publisherIri, `${ns.foaf}name`)[0]?.value, 'Sveriges Kommuner och Regioner');
  assert.equal(objects(store, publisherIri, `${ns.dct}identifier`)[0]?.value, '222000-0315');

  const datasets = objects(store, catalog?.value ?? '', `${ns.dcat}dataset`).map((term) => term.value);
  assert.deepEqual(datasets.sort(), [
    `${base}/published/2019/open-data#dataset`,
    `${base}/published/2023/open-data#dataset`,
  ]);
  const current2023 = `${base}/published/2023/open-data#dataset`;
  assert.deepEqual(
    objects(store, current2023, `${ns.dct}hasVersion`)
      .map((term) => term.value)
      .sort(),
    [`${base}/published/2023/versions/1/open-data#dataset`, `${base}/published/2023/versions/2/open-data#dataset`],
  );
  assert.equal(objects(store, current2023, `${ns.owl}versionInfo`)[0]?.value, '2');
  const notes = objects(store, current2023, 'http://www.w3.org/ns/adms#versionNotes');
  assert.deepEqual(notes.map((term) => term.value).sort(), ['Question 3 corrected.', 'Rättad fråga 3.']);

  for (const dataset of store.getSubjects(`${ns.rdf}type`, `${ns.dcat}Dataset`, null)) {
    const where = dataset.value;
    for (const property of ['title', 'description']) {
      const languages = objects(store, where, `${ns.dct}${property}`).map(
        (term) => 'language' in term && term.language,
      );
      assert.deepEqual(languages.sort(), ['en', 'sv'], `${where} ${property}`);
    }
    assert.equal(objects(store, where, `${ns.dct}publisher`)[0]?.value, publisherIri);
    assert.equal(
      objects(store, where, `${ns.dct}accessRights`)[0]?.value,
      'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
    );
    const [contact] = objects(store, where, `${ns.dcat}contactPoint`);
    assert.equal(contact?.termType, 'NamedNode', 'the contact point has an IRI');
    assert.deepEqual(
      objects(store, contact?.value ?? '', `${ns.vcard}hasEmail`).map((term) => term.value),
      ['mailto:opendata@skr.se'],
    );
    for (const property of [`${ns.dcat}keyword`, `${ns.dcat}theme`, `${ns.dct}spatial`, `${ns.dct}temporal`])
      assert.ok(objects(store, where, property).length > 0, `${where} ${property}`);
    const distributions = objects(store, where, `${ns.dcat}distribution`);
    assert.equal(distributions.length, 6, where);
    for (const distribution of distributions) {
      const [mediaType] = objects(store, distribution.value, `${ns.dcat}mediaType`);
      assert.match(mediaType?.value ?? '', /^http:\/\/www\.iana\.org\/assignments\/media-types\/(text|application)\//);
      const [format] = objects(store, distribution.value, `${ns.dct}format`);
      assert.match(
        format?.value ?? '',
        /^http:\/\/publications\.europa\.eu\/resource\/authority\/file-type\/(CSV|XLSX|JSON)$/,
      );
      const url = new URL(objects(store, distribution.value, `${ns.dcat}downloadURL`)[0]?.value ?? '');
      assert.equal(url.origin, base);
      assert.equal((await anonymous.get(url.pathname)).statusCode, 200, url.pathname);
    }
  }
});

test("a round's dataset.jsonld is the round's part of the catalogue, and it validates", async () => {
  const response = await anonymous.get('/published/2023/open-data/dataset.jsonld');
  assert.equal(response.headers['content-type'], 'application/ld+json');
  const quads = await parseStream(new JsonLdParser(), response.body);
  const report = await validate(quads);
  assert.equal(report.conforms, true, report.results.map((result) => result.message.join()).join('\n'));
  const store = new Store(quads);
  assert.equal(store.getSubjects(`${ns.rdf}type`, `${ns.dcat}Dataset`, null).length, 3);
  const catalogue = new Store(parseTurtle((await anonymous.get('/published/catalog.ttl')).body));
  for (const quad of quads)
    if (quad.subject.termType === 'NamedNode' && quad.object.termType !== 'BlankNode')
      assert.ok(catalogue.has(quad), `the catalogue has ${quad.subject.value} ${quad.predicate.value}`);
});
