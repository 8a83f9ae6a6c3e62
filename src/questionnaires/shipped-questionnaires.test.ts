import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuestionTargeted, isQuestionVisible, listQuestions } from './conditions.ts';
import { findCyberSecurityActPoint, nis2Measures } from './frameworks.ts';
import { findQuestionText, listAnswerOptions } from './question-wording.ts';
import { nis2Points, type Question, type QuestionnaireVersion } from './questionnaire.schema.ts';
import { loadShippedQuestionnaires } from './questionnaire-file.ts';

const versions = loadShippedQuestionnaires();

function findVersion(id: string): QuestionnaireVersion {
  const version = versions.find((candidate) => candidate.id === id);
  if (!version) throw new Error(`${id} is not shipped`);
  return version;
}

function findQuestion(version: QuestionnaireVersion, key: string): Question {
  const question = listQuestions(version).find((candidate) => candidate.key === key);
  if (!question) throw new Error(`${version.id} has no question ${key}`);
  return question;
}

const skr2019 = findVersion('skr-2019');
const skr2023 = findVersion('skr-2023');

test('the 2023 questionnaire asks the six indicator questions of the press release word for word', () => {
  const indicators = listQuestions(skr2023)
    .filter((question) => question.indicator)
    .map((question) => [question.key, question.text.sv]);
  assert.deepEqual(indicators, [
    ['ciso_designated', 'Finns rollen informationssäkerhetssamordnare (CISO) utpekad?'],
    [
      'classification_risk_method',
      'Finns ett fastställt arbetssätt för informationssäkerhetsklassning och hantering av informationssäkerhetsrisker?',
    ],
    ['incident_method', 'Finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter?'],
    [
      'procurement_requirements',
      'Finns ett fastställt arbetssätt för att ställa informationssäkerhetskrav vid upphandlingar och systemutveckling?',
    ],
    [
      'training_required',
      'Ställs krav på att samtliga medarbetare ska genomföra en grundläggande informationssäkerhetsutbildning?',
    ],
    [
      'annual_briefing',
      'Genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen (för ledningen)?',
    ],
  ]);
  assert.equal(
    indicators.every(([key]) => key && !findQuestion(skr2023, key).textByType),
    true,
    'one wording for all',
  );
});

test('the indicator predicates reproduce the Fakta sentences of the press release', () => {
  const fact = (key: string, kommuner: string, regioner: string) =>
    `I ${kommuner} kommuner och i ${regioner} regioner ${findQuestion(skr2023, key).indicator?.sv}.`;
  assert.deepEqual(
    [
      fact('ciso_designated', 'sju av tio', 'samtliga'),
      fact('annual_briefing', 'sex av tio', 'samtliga'),
      fact('classification_risk_method', 'sju av tio', '20 av 21'),
      fact('incident_method', 'åtta av tio', '20 av 21'),
      fact('training_required', 'åtta av tio', '17 av 21'),
      fact('procurement_requirements', 'sju av tio', '18 av 21'),
    ],
    [
      'I sju av tio kommuner och i samtliga regioner finns rollen informationssäkerhetssamordnare (CISO) utpekad.',
      'I sex av tio kommuner och i samtliga regioner genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen.',
      'I sju av tio kommuner och i 20 av 21 regioner finns ett fastställt arbetssätt för informationssäkerhetsklassning och hantering av informationssäkerhetsrisker.',
      'I åtta av tio kommuner och i 20 av 21 regioner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'I åtta av tio kommuner och i 17 av 21 regioner ställs krav på att samtliga medarbetare ska genomföra en grundläggande informationssäkerhetsutbildning.',
      'I sju av tio kommuner och i 18 av 21 regioner finns ett fastställt arbetssätt för att ställa informationssäkerhetskrav vid upphandlingar och systemutveckling.',
    ],
  );
  assert.equal(
    `In seven out of ten municipalities and in all regions, ${findQuestion(skr2023, 'ciso_designated').indicator?.en}.`,
    'In seven out of ten municipalities and in all regions, the role of information security coordinator (CISO) is designated.',
  );
});

test('the shipped versions have the expected size for each organisation type', () => {
  const count = (version: QuestionnaireVersion, orgType: 'kommun' | 'region') =>
    listQuestions(version).filter((question) => isQuestionTargeted(version, question, orgType)).length;
  assert.deepEqual(
    [count(skr2019, 'kommun'), count(skr2019, 'region'), count(skr2023, 'kommun'), count(skr2023, 'region')],
    [25, 0, 50, 50],
  );
  const byType = (version: QuestionnaireVersion) => {
    const tally: Record<string, number> = {};
    for (const question of listQuestions(version)) tally[question.type] = (tally[question.type] ?? 0) + 1;
    return tally;
  };
  assert.deepEqual(byType(skr2023), {
    single_choice: 3,
    yes_no: 12,
    percent: 2,
    integer: 3,
    yes_partly_no: 29,
    multiple_choice: 1,
    free_text: 1,
  });
  assert.deepEqual(byType(skr2019), { yes_no: 9, single_choice: 2, integer: 1, yes_partly_no: 12, free_text: 1 });
});

test('the 2023 questionnaire covers every NIS2 measure and the leadership training duty', () => {
  const questions = listQuestions(skr2023);
  for (const point of nis2Points) {
    const covering = questions.filter((question) => question.mapping.nis2?.includes(point));
    assert.ok(covering.length > 0, `no question for NIS2 21.2 (${point})`);
  }
  assert.deepEqual(
    questions.filter((question) => question.mapping.leadershipTraining).map((question) => question.key),
    ['leadership_training'],
  );
  assert.equal(findCyberSecurityActPoint('a'), 1);
  assert.equal(findCyberSecurityActPoint('j'), 10);
  assert.equal(nis2Measures.g.name.sv, 'Grundläggande cyberhygien och utbildning i cybersäkerhet');
});

test('wording differs by organisation type where the text names the organisation', () => {
  const question = findQuestion(skr2023, 'security_hours_per_year');
  assert.equal(
    findQuestionText(question, 'kommun').sv,
    'Hur många timmar per år arbetar kommunens medarbetare sammanlagt med informationssäkerhet?',
  );
  assert.equal(
    findQuestionText(question, 'region').sv,
    'Hur många timmar per år arbetar regionens medarbetare sammanlagt med informationssäkerhet?',
  );
  const mentionsOtherType = listQuestions(skr2023).filter((candidate) =>
    isQuestionTargeted(skr2023, candidate, 'region')
      ? /kommunen|kommunens/u.test(findQuestionText(candidate, 'region').sv)
      : false,
  );
  assert.deepEqual(
    mentionsOtherType.map((candidate) => candidate.key),
    [],
  );
});

test('keys declared unchanged since 2019 keep their kommun wording, type and options', () => {
  const unchanged = Object.entries(skr2023.comparability ?? {})
    .filter(([, entry]) => entry.status === 'unchanged')
    .map(([key]) => key);
  assert.equal(unchanged.length, 21);
  for (const key of unchanged) {
    const before = findQuestion(skr2019, key);
    const after = findQuestion(skr2023, key);
    assert.deepEqual(findQuestionText(after, 'kommun'), findQuestionText(before, 'kommun'), key);
    assert.equal(after.type, before.type, key);
    assert.deepEqual(listAnswerOptions(after), listAnswerOptions(before), key);
  }
});

test('follow-up questions appear only when the answer calls for them', () => {
  const visible = (key: string, answers: Record<string, string>) => isQuestionVisible(skr2023, 'kommun', key, answers);
  assert.deepEqual(
    [
      visible('budget_amount', {}),
      visible('budget_amount', { budget_allocated: 'no' }),
      visible('budget_amount', { budget_allocated: 'yes' }),
    ],
    [false, false, true],
  );
  assert.deepEqual(
    ['yes', 'partly', 'no'].map((answer) => visible('classification_model', { classification_risk_method: answer })),
    [true, true, false],
  );
});

test('skr-2026 uses the name Myndigheten för civilt försvar and cites cybersäkerhetslagen (2025:1506)', () => {
  const skr2026 = findVersion('skr-2026');
  assert.equal(skr2026.previous, 'skr-2023');
  // The questions' Swedish texts; the comparability notes explain the renaming and so name MSB.
  const swedish = JSON.stringify(skr2026.sections, (key, value) => (key === 'en' ? undefined : value));
  // MSB stays only as "(tidigare MSB)" beside the new name and as the stable option code.
  assert.deepEqual(swedish.match(/MSB[^)]/g), null);
  assert.doesNotMatch(swedish, /NIS2-direktivet\./);
  assert.match(findQuestion(skr2026, 'infosakkollen_used').text.sv, /Myndigheten för civilt försvar \(tidigare MSB\)/);
  assert.match(
    findQuestion(skr2026, 'legal_requirements_identified').help?.sv ?? '',
    /cybersäkerhetslagen \(2025:1506\) och cybersäkerhetsförordningen/,
  );
  assert.match(
    findQuestion(skr2026, 'incident_reporting_deadlines').help?.sv ?? '',
    /cybersäkerhetslagen \(2025:1506\) och cybersäkerhetsförordningen/,
  );
  assert.deepEqual(
    listAnswerOptions(findQuestion(skr2026, 'cooperation_partners')).map((option) => option.code),
    listAnswerOptions(findQuestion(skr2023, 'cooperation_partners')).map((option) => option.code),
  );
});

test('skr-2026 declares comparability with skr-2023 for every shared question, and unchanged means unchanged', () => {
  const skr2026 = findVersion('skr-2026');
  const shared = listQuestions(skr2023)
    .map((question) => question.key)
    .filter((key) => listQuestions(skr2026).some((question) => question.key === key));
  assert.deepEqual(Object.keys(skr2026.comparability ?? {}).sort(), [...shared].sort());
  const statuses = Object.entries(skr2026.comparability ?? {});
  assert.deepEqual(
    statuses.filter(([, entry]) => entry.status !== 'unchanged').map(([key, entry]) => `${key}:${entry.status}`),
    [
      'legal_requirements_identified:reworded',
      'incident_reporting_deadlines:reworded',
      'leadership_training:reworded',
      'infosakkollen_used:reworded',
      'cooperation_external:reworded',
      'cooperation_partners:reworded',
    ],
  );
  for (const [key] of statuses.filter(([, entry]) => entry.status === 'unchanged')) {
    // Plausibility rules only warn while answering; they are not part of what is measured.
    const { plausible, ...asked } = findQuestion(skr2026, key);
    assert.deepEqual(asked, findQuestion(skr2023, key), key);
  }
});
