/**
 * The codebook of a round's open data (its variables, question labels, value sets and questionnaire versions)
 * and the dataset's metadata for a public data portal in DCAT-AP-SE (JSON-LD).
 */
import { listQuestions } from '../questionnaires/conditions.ts';
import type { LocalisedText, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import type { OrganisationType } from '../results/groups.ts';
import type { RoundResults } from '../results/results.schema.ts';
import { type FigureColumn, figureColumns, type OpenDataRelease } from './open-data.ts';

export const variableDescriptions: Record<FigureColumn, LocalisedText> = {
  round: { sv: 'Enkätomgång', en: 'Survey round' },
  release_version: {
    sv: 'Publiceringens version: 1 för den första, 2 och högre för rättelser (se release.errata)',
    en: 'Version of the publication: 1 for the first, 2 and higher for corrections (see release.errata)',
  },
  organisation_type: {
    sv: 'Organisationstyp: kommun eller region',
    en: 'Organisation type: kommun (municipality) or region',
  },
  organisation_type_label: { sv: 'Organisationstypens namn', en: "The organisation type's name" },
  questionnaire_version: { sv: 'Enkätversion (se questionnaires)', en: 'Questionnaire version (see questionnaires)' },
  question_key: { sv: 'Frågans stabila nyckel (se questions)', en: "The question's stable key (see questions)" },
  question_number: { sv: 'Frågans nummer i enkäten', en: "The question's number in the questionnaire" },
  question_type: {
    sv: 'Frågetyp: yes_no, yes_partly_no, single_choice, multiple_choice, number m.fl. (se questions)',
    en: 'Question type: yes_no, yes_partly_no, single_choice, multiple_choice, number and others (see questions)',
  },
  question_text: { sv: 'Frågans text i filens språk', en: "The question's text in the file's language" },
  group_kind: {
    sv: 'Indelning: organisation-type (riket), main-group (huvudgrupp), municipality-group (kommungrupp), county (län)',
    en: 'Breakdown: organisation-type (national), main-group, municipality-group (SKR 2023), county',
  },
  group_key: {
    sv: 'Gruppens kod: kommun/region, A-C, A1-C9 eller länskod',
    en: "The group's code: kommun/region, A-C, A1-C9 or county code",
  },
  group_label: {
    sv: 'Gruppens namn: alla kommuner/regioner, huvudgruppens eller kommungruppens namn, länets namn',
    en: "The group's name: all municipalities/regions, the main group's or municipality group's name, the county's name",
  },
  population: { sv: 'Antal organisationer i gruppen (N)', en: 'Number of organisations in the group (N)' },
  respondents: { sv: 'Antal som besvarade frågan (n)', en: 'Number who answered the question (n)' },
  item_non_response: {
    sv: 'Antal som skickade in, fick frågan och lämnade den obesvarad (den som inte visades en villkorad fråga räknas inte)',
    en: 'Number who submitted, were shown the question and left it unanswered (those not shown a conditional question are not counted)',
  },
  answer_code: {
    sv: 'Svarsalternativ (se questions.values); tomt för tal. För flervalsfrågor: antal och andel som valde alternativet',
    en: 'Answer code (see questions.values); empty for numbers. For multiple choice: number and share who chose the option',
  },
  answer_label: { sv: 'Svarsalternativets text i filens språk', en: "The answer option's text in the file's language" },
  count: { sv: 'Antal som gav svaret', en: 'Number who gave the answer' },
  share: { sv: 'Andel av de svarande (0-1)', en: 'Share of respondents (0-1)' },
  share_text: {
    sv: 'Andelen i procent som den skrivs i rapporterna; 100 % och 0 % bara när alla eller ingen gav svaret, annars "> 99 %" och "< 1 %"',
    en: 'The share in per cent as the reports write it (Swedish); 100 % and 0 % only when all or none gave the answer, otherwise "> 99 %" and "< 1 %"',
  },
  ci_lower: {
    sv: 'Nedre gräns, 95 % Wilson-intervall med ändlighetskorrektion',
    en: 'Lower bound, 95 % Wilson interval with finite population correction',
  },
  ci_upper: {
    sv: 'Övre gräns, 95 % Wilson-intervall med ändlighetskorrektion',
    en: 'Upper bound, 95 % Wilson interval with finite population correction',
  },
  median: { sv: 'Median (tal)', en: 'Median (numbers)' },
  first_quartile: { sv: 'Första kvartil (tal, typ 7)', en: 'First quartile (numbers, type 7)' },
  third_quartile: { sv: 'Tredje kvartil (tal, typ 7)', en: 'Third quartile (numbers, type 7)' },
  suppressed: {
    sv: '1 = uppgiften dold av röjandekontrollen; då är alla talkolumner tomma',
    en: '1 = figure hidden by disclosure control; all number columns are then empty',
  },
};

/** CC0: the figures are aggregated facts from public bodies, and a public-domain dedication lets anyone reuse them. */
export const openDataLicense = {
  id: 'http://creativecommons.org/publicdomain/zero/1.0/',
  name: 'CC0 1.0 Universal',
} as const;

/** Builds the codebook of a release's open data from its figures and the questionnaires they were asked with. */
export function buildCodebook(
  results: RoundResults,
  release: OpenDataRelease,
  versions: Partial<Record<OrganisationType, QuestionnaireVersion>>,
) {
  const mappingOf = (key: string) => {
    for (const version of Object.values(versions)) {
      const question = version ? listQuestions(version).find((candidate) => candidate.key === key) : undefined;
      if (question) return question.mapping.nis2 ?? [];
    }
    return [];
  };
  const questions = results.questions.map((question) => ({
    key: question.key,
    number: question.number,
    type: question.type,
    label: question.label,
    text: question.text,
    unit: question.unit,
    values: question.options,
    organisationTypes: [...new Set(question.groups.map((group) => group.organisationType))],
    nis2: mappingOf(question.key),
  }));
  return {
    round: results.round.label,
    release,
    license: openDataLicense,
    suppressionThreshold: results.suppressionThreshold,
    suppressedMark: { sv: 'suppressed = 1 och tomma talkolumner', en: 'suppressed = 1 and empty number columns' },
    questionnaires: (['kommun', 'region'] as const).flatMap((organisationType) => {
      const version = versions[organisationType];
      return version ? [{ id: version.id, title: version.title, year: version.year, organisationType }] : [];
    }),
    variables: figureColumns.map((name) => ({ name, description: variableDescriptions[name] })),
    questions,
  };
}

/** The download files of a round's open data, with their media types and EU file-type codes. */
export const openDataFiles = [
  {
    file: 'figures.csv',
    mediaType: 'text/csv',
    format: 'CSV',
    title: { sv: 'Resultat med svenska etiketter (CSV)', en: 'Results with Swedish labels (CSV)' },
    description: {
      sv: 'En rad per omgång, organisationstyp, fråga, grupp och svar: koder med frågetext, svarsetikett och gruppnamn på svenska.',
      en: 'One row per round, organisation type, question, group and answer: codes with question text, answer label and group name in Swedish.',
    },
  },
  {
    file: 'figures-en.csv',
    mediaType: 'text/csv',
    format: 'CSV',
    title: { sv: 'Resultat med engelska etiketter (CSV)', en: 'Results with English labels (CSV)' },
    description: {
      sv: 'Samma rader som figures.csv, med etiketterna på engelska.',
      en: 'The same rows as figures.csv, with the labels in English.',
    },
  },
  {
    file: 'figures.xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    format: 'XLSX',
    title: { sv: 'Resultat (Excel)', en: 'Results (Excel)' },
    description: {
      sv: 'Resultaten på svenska och engelska och hela kodboken (variabler, frågor, svar, grupper) i var sitt blad.',
      en: 'The results in Swedish and English and the complete codebook (variables, questions, answers, groups), one sheet each.',
    },
  },
  {
    file: 'figures.json',
    mediaType: 'application/json',
    format: 'JSON',
    title: { sv: 'Resultat (JSON)', en: 'Results (JSON)' },
    description: { sv: 'Resultaten som JSON.', en: 'The results as JSON.' },
  },
  {
    file: 'codebook.json',
    mediaType: 'application/json',
    format: 'JSON',
    title: { sv: 'Kodbok (JSON)', en: 'Codebook (JSON)' },
    description: {
      sv: 'Variabler, frågor, svarsalternativ och enkätversioner.',
      en: 'Variables, questions, answer options and questionnaire versions.',
    },
  },
  {
    file: 'datapackage.json',
    mediaType: 'application/json',
    format: 'JSON',
    title: { sv: 'Datapaket (Frictionless)', en: 'Data package (Frictionless)' },
    description: {
      sv: 'Frictionless Data Package: tabellscheman med typer, saknade värden och främmande nycklar till kodboken.',
      en: 'Frictionless Data Package: table schemas with types, missing values and foreign keys to the codebook.',
    },
  },
] as const;
