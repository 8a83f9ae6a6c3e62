import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Model } from 'survey-core';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { assertPdfShowsDocument, findElements, readPdfInfo, readPdfText } from '../../test/pdf.ts';
import { isQuestionTargeted, listQuestions } from './conditions.ts';
import { findQuestionText, numberQuestions } from './question-wording.ts';
import { findShippedVersion } from './questionnaire.fixtures.ts';
import type { OrganisationType } from './questionnaire.schema.ts';
import { buildQuestionnairePdf } from './questionnaire-print.pdf.ts';
import { buildPrintedQuestionnaire } from './questionnaire-print.ts';

let testApp: TestApp;
let analyst: TestVisitor;
let respondent: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  respondent = await signIn(testApp, 'ciso@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
});
after(async () => {
  await testApp.close();
});

/** The visible text of a page, with tags removed and whitespace collapsed, for matching sentences. */
function pageText(html: string): string {
  return html
    .slice(Math.max(html.indexOf('<main'), 0))
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replace(/\s+/g, ' ');
}

/** The part of the comparison page under one status heading, up to the next one. */
function statusGroup(html: string, status: string): string {
  const start = html.indexOf(`<section aria-labelledby="status-${status}"`);
  assert.notEqual(start, -1, status);
  const end = html.indexOf('</section>', start);
  return pageText(html.slice(start, end));
}

const coordinatorPages = [
  '/questionnaires',
  '/questionnaires/skr-2023',
  '/questionnaires/skr-2023?type=region',
  '/questionnaires/compare?from=skr-2019&to=skr-2023',
];

test('coordinator pages render for an analyst, are refused to a respondent and redirect anonymous visitors', async () => {
  const anonymous = new TestVisitor(testApp.app);
  for (const path of coordinatorPages) {
    const page = await analyst.get(path);
    assert.equal(page.statusCode, 200, path);
    assert.match(String(page.headers['content-type']), /^text\/html/, path);
    assert.match(page.body, /<a href="\/questionnaires">Enkäter<\/a>/, `${path}: the navigation links the pages`);
    assert.equal((await respondent.get(path)).statusCode, 403, path);
    const refused = await anonymous.get(path);
    assert.equal(refused.statusCode, 302, path);
    assert.equal(refused.headers.location, `/sign-in?next=${encodeURIComponent(path)}`);
  }
  const respondentHome = await respondent.get('/');
  assert.doesNotMatch(respondentHome.body, /href="\/questionnaires"/, 'respondents are not offered the link');
});

test('the list shows both versions with links to read, compare, print and export them', async () => {
  const page = await analyst.get('/questionnaires');
  const text = pageText(page.body);
  assert.match(
    text,
    /Informationssäkerhet i kommuner och regioner 2023 skr-2023 Levereras med Lägesbild 2023 kommuner, regioner 51 frågor i 5 avsnitt/,
  );
  assert.match(
    text,
    /Kommunernas informationssäkerhetsarbete 2019 skr-2019 Levereras med Lägesbild 2019 kommuner 25 frågor i 5 avsnitt/,
  );
  assert.match(page.body, /href="\/questionnaires\/compare\?from=skr-2019&amp;to=skr-2023"/);
  assert.match(page.body, /href="\/questionnaires\/skr-2023\/print\?type=region"/);
  assert.match(page.body, /href="\/api\/questionnaires\/skr-2023\/surveyjs\?type=kommun&amp;lang=sv"/);
  assert.ok(page.body.indexOf('skr-2023') < page.body.indexOf('skr-2019'), 'newest first');
});

test('a version page shows numbered questions, conditions in words, indicators and mappings', async () => {
  const text = pageText((await analyst.get('/questionnaires/skr-2023')).body);
  assert.match(text, /Visa formuleringen för: Kommun \(visas nu\) Region/);
  assert.match(
    text,
    /1\.3 Hur stor del av en heltid ägnar informationssäkerhetssamordnaren åt informationssäkerhetsarbetet\? Nyckel ciso_time_share Svarstyp Procent .* Enhet procent av en heltid Tillåtna värden 0–100 Villkor Visas om 1\.2 = Ja /,
  );
  assert.match(text, /Villkor Visas om 2\.3 = Ja eller Delvis/);
  assert.match(
    text,
    /Indikator ”I … kommuner och i … regioner finns rollen informationssäkerhetssamordnare \(CISO\) utpekad\.”/,
  );
  assert.match(text, /Tillåtna värden 0–1 000 000 000 Villkor Visas om 1\.5 = Ja/);
  assert.match(
    text,
    /NIS2 art\. 21\.2 \(a\) = cybersäkerhetslagen 2 kap\. 3 § 1 p\.: Riskanalys och säkerhetspolicyer för informationssystem/,
  );
  assert.match(
    text,
    /Cybersäkerhetslagen 2 kap\. 4 §: Ledningen ska genomgå utbildning i hantering av cybersäkerhetsrisker/,
  );
  assert.match(text, /MSB:s metodstöd, steget Identifiera och analysera/);
  assert.match(text, /Ställs bara till kommuner Nyckel municipal_companies_included/);
  assert.doesNotMatch(text, /medical_devices_included/, 'a question only regions are asked is left out');
  assert.match(
    text,
    /1\.4 Hur många timmar per år arbetar kommunens medarbetare .* Formuleras olika för kommuner och regioner/,
  );

  const region = pageText((await analyst.get('/questionnaires/skr-2023?type=region&lang=en')).body);
  assert.match(region, /Show the wording for: Municipality Region \(shown\)/);
  assert.match(region, /1\.4 How many hours a year do the region's staff work on information security in total\?/);
  assert.match(region, /medical_devices_included/);
  assert.match(region, /NIS2 Art\. 21\(2\)\(a\) = Cybersecurity Act ch\. 2 s\. 3 point 1: Risk analysis/);

  const noRegions = await analyst.get('/questionnaires/skr-2019?type=region');
  assert.equal(noRegions.statusCode, 400);
  assert.match(noRegions.body, /not asked of the organisation type region/);
  assert.equal((await analyst.get('/questionnaires/skr-2031')).statusCode, 404);
  assert.equal((await analyst.get('/questionnaires/skr-2023?type=county')).statusCode, 400);
});

test('the comparison 2019 -> 2023 shows changed, reworded, added, removed and unchanged keys with both wordings', async () => {
  const page = await analyst.get('/questionnaires/compare?from=skr-2019&to=skr-2023');
  const text = pageText(page.body);
  assert.match(
    text,
    /Sammanfattning Ändrade, serien bryts : 1 Omformulerade, jämförbara : 3 Nya : 26 Borttagna : 0 Oförändrade : 21 /,
  );
  assert.match(
    statusGroup(page.body, 'changed'),
    /ciso_time_share 1\.2 Hur stor del av en heltid ägnar informationssäkerhetssamordnaren åt informationssäkerhetsarbetet\? 1\.3 Hur stor del av en heltid .* År 2019 valde kommunerna ett av fyra intervall/,
  );
  const reworded = statusGroup(page.body, 'reworded');
  assert.match(
    reworded,
    /annual_briefing 2\.5 Genomförs en årlig föredragning för kommunledningen om informationssäkerhetsläget i kommunen\? 5\.1 Genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen \(för ledningen\)\? Frågan formulerades om/,
  );
  assert.match(reworded, /procurement_requirements .* effectiveness_assessment /);
  const added = statusGroup(page.body, 'added');
  assert.match(added, /respondent_role Ställs inte 1\.1 Vilken roll har du som besvarar enkäten\? Ingen kommentar/);
  assert.match(added, /medical_devices_included Ställs inte .* \(Ställs bara till regioner\)/);
  assert.match(statusGroup(page.body, 'removed'), /Inga nycklar i den här gruppen\./);
  assert.match(statusGroup(page.body, 'unchanged'), /ciso_designated 1\.1 Finns rollen .* 1\.2 Finns rollen/);
  assert.match(text, /Formuleringarna gäller kommuner\./);

  const byDefault = await analyst.get('/questionnaires/compare');
  assert.equal(byDefault.statusCode, 200);
  assert.match(byDefault.body, /<h1>Jämförelse skr-2023 → skr-2026<\/h1>/);
  const english = pageText((await analyst.get('/questionnaires/compare?from=skr-2019&to=skr-2023&lang=en')).body);
  assert.match(english, /Changed, the series breaks \(1\) .* In 2019 the municipalities chose one of four bands/);

  const backwards = await analyst.get('/questionnaires/compare?from=skr-2023&to=skr-2019');
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.body, /skr-2023 is not an earlier version of skr-2019/);
  assert.equal((await analyst.get('/questionnaires/compare?from=skr-2023&to=skr-2023')).statusCode, 400);
  assert.equal((await analyst.get('/questionnaires/compare?from=skr-2019&to=skr-2023&type=region')).statusCode, 400);
  assert.equal((await analyst.get('/questionnaires/compare?from=skr-2017&to=skr-2023')).statusCode, 404);
});

test('the JSON API lists versions and answers one version in the shape of its file', async () => {
  const list = await analyst.json('GET', '/api/questionnaires');
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json(), [
    {
      id: 'skr-2019',
      title: {
        sv: 'Kommunernas informationssäkerhetsarbete 2019',
        en: 'Information security work in the municipalities 2019',
      },
      year: 2019,
      targets: ['kommun'],
      previous: null,
      sectionCount: 5,
      questionCount: 25,
    },
    {
      id: 'skr-2023',
      title: {
        sv: 'Informationssäkerhet i kommuner och regioner 2023',
        en: 'Information security in municipalities and regions 2023',
      },
      year: 2023,
      targets: ['kommun', 'region'],
      previous: 'skr-2019',
      sectionCount: 5,
      questionCount: 51,
    },
    {
      id: 'skr-2026',
      title: {
        sv: 'Informationssäkerhet i kommuner och regioner 2026',
        en: 'Information security in municipalities and regions 2026',
      },
      year: 2026,
      targets: ['kommun', 'region'],
      previous: 'skr-2023',
      sectionCount: 5,
      questionCount: 52,
    },
  ]);
  const one = await analyst.json('GET', '/api/questionnaires/skr-2023');
  assert.equal(one.statusCode, 200);
  assert.deepEqual(one.json(), findShippedVersion('skr-2023'));

  const missing = await analyst.json('GET', '/api/questionnaires/skr-2031');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error, 'not_found');
  assert.equal((await analyst.json('GET', '/api/questionnaires/SKR%202023')).statusCode, 400);
  assert.equal((await respondent.json('GET', '/api/questionnaires')).statusCode, 403);
  assert.equal((await new TestVisitor(testApp.app).json('GET', '/api/questionnaires/skr-2023')).statusCode, 401);

  const docs = await analyst.json('GET', '/api/docs/json');
  const paths = Object.keys(docs.json().paths);
  for (const path of ['/api/questionnaires', '/api/questionnaires/{id}', '/api/questionnaires/{id}/surveyjs'])
    assert.ok(paths.includes(path), path);
  assert.ok(!paths.some((path) => path.startsWith('/questionnaires')), 'pages are not API operations');
});

test('the SurveyJS export loads into survey-core with every question of the organisation type', async () => {
  const version = findShippedVersion('skr-2023');
  for (const orgType of ['kommun', 'region'] as const satisfies readonly OrganisationType[]) {
    const response = await analyst.json('GET', `/api/questionnaires/skr-2023/surveyjs?type=${orgType}&lang=en`);
    assert.equal(response.statusCode, 200);
    const model = new Model(response.json());
    const asked = listQuestions(version).filter((question) => isQuestionTargeted(version, question, orgType));
    assert.deepEqual(
      model.getAllQuestions().map((question) => question.name),
      asked.map((question) => question.key),
    );
    const owner = orgType === 'kommun' ? 'municipality' : 'region';
    assert.equal(
      model.getQuestionByName('security_hours_per_year')?.title,
      `1.4 How many hours a year do the ${owner}'s staff work on information security in total?`,
    );
    assert.equal(model.getQuestionByName('ciso_time_share')?.visibleIf, "{ciso_designated} = 'yes'");
  }
  const both = await analyst.json('GET', '/api/questionnaires/skr-2019/surveyjs?lang=both');
  assert.equal(both.statusCode, 200);
  assert.deepEqual(both.json().title, {
    sv: 'Kommunernas informationssäkerhetsarbete 2019',
    en: 'Information security work in the municipalities 2019',
  });
  const refused = await analyst.json('GET', '/api/questionnaires/skr-2019/surveyjs?type=region');
  assert.equal(refused.statusCode, 400);
  assert.match(refused.json().message, /skr-2019 is not asked of the organisation type region/);
  assert.equal((await analyst.json('GET', '/api/questionnaires/skr-2023/surveyjs?lang=fi')).statusCode, 400);
  assert.equal((await analyst.json('GET', '/api/questionnaires/skr-2023/surveyjs?format=xml')).statusCode, 400);
  assert.equal((await respondent.json('GET', '/api/questionnaires/skr-2023/surveyjs')).statusCode, 403);
});

test('the printable questionnaire is public and shows every question with boxes and conditions', async () => {
  const anonymous = new TestVisitor(testApp.app);
  const page = await anonymous.get('/questionnaires/skr-2023/print?type=kommun');
  assert.equal(page.statusCode, 200);
  const text = pageText(page.body);
  const version = findShippedVersion('skr-2023');
  const numbers = numberQuestions(version, 'kommun');
  for (const question of listQuestions(version).filter((item) => isQuestionTargeted(version, item, 'kommun'))) {
    const heading = `${numbers.get(question.key)} ${findQuestionText(question, 'kommun').sv}`;
    assert.ok(text.includes(heading), heading);
  }
  assert.match(
    text,
    /1\.3 Hur stor del .* \(Obligatorisk\) Besvaras bara om 1\.2 = Ja\. .* Ange ett tal i procent, 0–100\. Svar: procent av en heltid/,
  );
  assert.match(page.body, /<span class="print-box print-box--round" aria-hidden="true"><\/span>Ja<\/li>/);
  assert.match(page.body, /href="\/questionnaires\/skr-2023\/print\.pdf\?type=kommun&amp;lang=sv"/);
  assert.equal((await anonymous.get('/questionnaires/skr-2019/print?type=region')).statusCode, 400);
});

test('the printable PDF is tagged: every question, numbered, a heading in order, its text extracted as drawn', async () => {
  const version = findShippedVersion('skr-2023');
  for (const [orgType, language] of [
    ['kommun', 'sv'],
    ['region', 'en'],
  ] as const) {
    const response = await new TestVisitor(testApp.app).get(
      `/questionnaires/skr-2023/print.pdf?type=${orgType}&lang=${language}`,
    );
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.headers['content-disposition'], `inline; filename="skr-2023-${orgType}-${language}.pdf"`);
    assert.ok(readPdfInfo(response.rawPayload).Title?.startsWith(version.title[language]));
    // Headings, options and every text against the printed model, read back by pdf.js and pdftotext.
    const document = buildQuestionnairePdf(buildPrintedQuestionnaire(version, orgType, language));
    const tagged = await assertPdfShowsDocument(response.rawPayload, document);
    const text = readPdfText(response.rawPayload);
    const numbers = numberQuestions(version, orgType);
    const asked = listQuestions(version).filter((question) => isQuestionTargeted(version, question, orgType));
    const questionHeadings = findElements(tagged, 'H3').map((element) => element.text);
    assert.equal(questionHeadings.length, asked.length);
    asked.forEach((question, index) => {
      const heading = `${numbers.get(question.key)} ${findQuestionText(question, orgType)[language]}`;
      assert.ok(questionHeadings[index]?.startsWith(heading), `${orgType}: ${heading}`);
    });
    const other = listQuestions(version).find((question) => !isQuestionTargeted(version, question, orgType));
    assert.ok(other && !text.includes(findQuestionText(other, orgType)[language]), 'only the type’s questions');
    assert.match(text, language === 'sv' ? /Besvaras bara om 1\.2 = Ja\./ : /Answer only if 1\.2 = Yes\./);
    assert.match(text, language === 'sv' ? /Sida 1 av \d+/ : /Page 1 of \d+/);
  }
});
