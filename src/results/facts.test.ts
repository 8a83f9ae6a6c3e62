import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeQuantity, type FactQuestion, generateFacts, invertEnglishPredicate, roundToTenths } from './facts.ts';

// Predicates as written in SKR's press release of 12 March 2024; English by us.
const predicates = {
  ciso_designated: {
    sv: 'finns rollen informationssäkerhetssamordnare (CISO) utpekad',
    en: 'the role of information security coordinator (CISO) is designated',
  },
  annual_briefing: {
    sv: 'genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen',
    en: 'the state of information security in the organisation is presented at least once a year',
  },
  classification_risk_method: {
    sv: 'finns ett fastställt arbetssätt för informationssäkerhetsklassning och hantering av informationssäkerhetsrisker',
    en: 'there is an established method for information security classification and risk management',
  },
  incident_method: {
    sv: 'finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter',
    en: 'there is an established method for handling information security incidents',
  },
  training_required: {
    sv: 'ställs krav på att samtliga medarbetare ska genomföra en grundläggande informationssäkerhetsutbildning',
    en: 'all employees are required to complete basic information security training',
  },
  procurement_requirements: {
    sv: 'finns ett fastställt arbetssätt för att ställa informationssäkerhetskrav vid upphandlingar och systemutveckling',
    en: 'there is an established method for setting information security requirements in procurement and development',
  },
} as const;

// 2023-like counts: kommun shares chosen inside each published tenth (e.g. 203/290 = 70.0 % -> sju,
// 180/290 = 62.1 % -> sex, 230/288 = 79.9 % -> åtta), regioner as in the press release.
const round2023: FactQuestion[] = [
  { key: 'ciso_designated', kommun: [290, 203], region: [21, 21] },
  { key: 'annual_briefing', kommun: [290, 180], region: [21, 21] },
  { key: 'classification_risk_method', kommun: [285, 200], region: [21, 20] },
  { key: 'incident_method', kommun: [288, 230], region: [21, 20] },
  { key: 'training_required', kommun: [290, 225], region: [21, 17] },
  { key: 'procurement_requirements', kommun: [287, 199], region: [21, 18] },
].map(({ key, kommun, region }) => ({
  key,
  predicate: predicates[key as keyof typeof predicates],
  counts: {
    kommun: { respondents: kommun[0] ?? 0, yes: kommun[1] ?? 0, population: 290 },
    region: { respondents: region[0] ?? 0, yes: region[1] ?? 0, population: 21 },
  },
}));

test('2023-like counts give the press release Fakta sentences word for word', () => {
  assert.deepEqual(
    generateFacts(round2023).map((fact) => fact.sv),
    [
      'I sju av tio kommuner och i samtliga regioner finns rollen informationssäkerhetssamordnare (CISO) utpekad.',
      'I sex av tio kommuner och i samtliga regioner genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen.',
      'I sju av tio kommuner och i 20 av 21 regioner finns ett fastställt arbetssätt för informationssäkerhetsklassning och hantering av informationssäkerhetsrisker.',
      'I åtta av tio kommuner och i 20 av 21 regioner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'I åtta av tio kommuner och i 17 av 21 regioner ställs krav på att samtliga medarbetare ska genomföra en grundläggande informationssäkerhetsutbildning.',
      'I sju av tio kommuner och i 18 av 21 regioner finns ett fastställt arbetssätt för att ställa informationssäkerhetskrav vid upphandlingar och systemutveckling.',
    ],
  );
});

test('English mirrors the Swedish sentence', () => {
  const [ciso, , , incident] = generateFacts(round2023);
  assert.equal(
    ciso?.en,
    'In seven out of ten municipalities and in all regions the role of information security coordinator (CISO) is designated.',
  );
  assert.equal(
    incident?.en,
    'In eight out of ten municipalities and in 20 out of 21 regions there is an established method for handling information security incidents.',
  );
});

test('tenths round half up at the exact boundaries', () => {
  // 65 % exactly (13/20 scaled to 260 of 400) is sju; one fewer in 10 000 is sex; 74.99 % is sju; 75 % is åtta.
  assert.equal(roundToTenths({ respondents: 400, yes: 260 }), 7);
  assert.equal(roundToTenths({ respondents: 10_000, yes: 6_499 }), 6);
  assert.equal(roundToTenths({ respondents: 10_000, yes: 7_499 }), 7);
  assert.equal(roundToTenths({ respondents: 100, yes: 75 }), 8);
  // 65 of 100 sits exactly on the boundary, too.
  assert.equal(roundToTenths({ respondents: 100, yes: 65 }), 7);
  assert.equal(
    describeQuantity({ respondents: 400, yes: 260, population: 400 }, 'kommun', 'sv'),
    'sju av tio kommuner',
  );
  assert.equal(
    describeQuantity({ respondents: 10_000, yes: 6_499, population: 10_000 }, 'kommun', 'sv'),
    'sex av tio kommuner',
  );
});

test('49 respondents are counted exactly, 50 are said in tenths', () => {
  assert.equal(describeQuantity({ respondents: 49, yes: 30, population: 49 }, 'kommun', 'sv'), '30 av 49 kommuner');
  // 30/50 = 60 % -> sex.
  assert.equal(describeQuantity({ respondents: 50, yes: 30, population: 50 }, 'kommun', 'sv'), 'sex av tio kommuner');
  assert.equal(
    describeQuantity({ respondents: 49, yes: 30, population: 49 }, 'kommun', 'en'),
    '30 out of 49 municipalities',
  );
});

test('none, all, and the true wording when tenths round to 0 or 10', () => {
  assert.equal(describeQuantity({ respondents: 290, yes: 0, population: 290 }, 'kommun', 'sv'), 'ingen kommun');
  assert.equal(describeQuantity({ respondents: 21, yes: 0, population: 21 }, 'region', 'en'), 'no region');
  assert.equal(describeQuantity({ respondents: 290, yes: 290, population: 290 }, 'kommun', 'sv'), 'samtliga kommuner');
  // 14/290 = 4.8 % rounds to 0 tenths; 276/290 = 95.2 % rounds to 10.
  assert.equal(
    describeQuantity({ respondents: 290, yes: 14, population: 290 }, 'kommun', 'sv'),
    'färre än en av tio kommuner',
  );
  assert.equal(
    describeQuantity({ respondents: 290, yes: 276, population: 290 }, 'kommun', 'sv'),
    'fler än nio av tio kommuner',
  );
  assert.equal(
    describeQuantity({ respondents: 290, yes: 276, population: 290 }, 'kommun', 'en'),
    'more than nine out of ten municipalities',
  );
  // 15/290 = 5.2 % rounds to one tenth and 275/290 = 94.8 % to nine: the ordinary wording.
  assert.equal(describeQuantity({ respondents: 290, yes: 15, population: 290 }, 'kommun', 'sv'), 'en av tio kommuner');
  assert.equal(
    describeQuantity({ respondents: 290, yes: 275, population: 290 }, 'kommun', 'sv'),
    'nio av tio kommuner',
  );
});

test('singular grammar for none, and one type only when the other is absent', () => {
  const [fact] = generateFacts([
    {
      key: 'x',
      predicate: predicates.incident_method,
      counts: {
        kommun: { respondents: 280, yes: 0, population: 280 },
        region: { respondents: 21, yes: 0, population: 21 },
      },
    },
  ]);
  assert.equal(
    fact?.sv,
    'I ingen kommun och i ingen region finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
  );
  assert.equal(
    fact?.en,
    'In no municipality and in no region is there an established method for handling information security incidents.',
  );
  const [kommunOnly] = generateFacts([
    {
      key: 'x',
      predicate: predicates.ciso_designated,
      counts: { kommun: { respondents: 290, yes: 174, population: 290 } },
    },
  ]);
  assert.equal(kommunOnly?.sv, 'I sex av tio kommuner finns rollen informationssäkerhetssamordnare (CISO) utpekad.');
});

test('types without respondents or below the disclosure threshold are left out; empty questions give no sentence', () => {
  const facts = generateFacts([
    {
      key: 'a',
      predicate: predicates.ciso_designated,
      counts: {
        kommun: { respondents: 270, yes: 200, population: 270 },
        region: { respondents: 0, yes: 0, population: 0 },
      },
    },
    {
      key: 'b',
      predicate: predicates.ciso_designated,
      counts: { kommun: { respondents: 0, yes: 0, population: 0 }, region: { respondents: 4, yes: 4, population: 4 } },
    },
    {
      key: 'c',
      predicate: predicates.ciso_designated,
      counts: {
        kommun: { respondents: 60, yes: 30, population: 60 },
        region: { respondents: 5, yes: 4, population: 5 },
      },
    },
    { key: 'd', predicate: predicates.ciso_designated, counts: {} },
  ]);
  assert.deepEqual(
    facts.map((fact) => [fact.key, fact.sv]),
    [
      ['a', 'I sju av tio kommuner finns rollen informationssäkerhetssamordnare (CISO) utpekad.'],
      ['c', 'I fem av tio kommuner och i 4 av 5 regioner finns rollen informationssäkerhetssamordnare (CISO) utpekad.'],
    ],
  );
  // A higher threshold drops the 5 regioner too.
  const strict = generateFacts(
    [
      {
        key: 'c',
        predicate: predicates.ciso_designated,
        counts: { region: { respondents: 5, yes: 4, population: 5 } },
      },
    ],
    { minimumRespondents: 6 },
  );
  assert.deepEqual(strict, []);
});

test('invalid counts are refused', () => {
  assert.throws(
    () =>
      generateFacts([
        {
          key: 'x',
          predicate: predicates.ciso_designated,
          counts: { kommun: { respondents: 5, yes: 6, population: 5 } },
        },
      ]),
    RangeError,
  );
  assert.throws(() => generateFacts([], { minimumRespondents: 0 }), RangeError);
});

/** One type's counts: respondents, yes, and the organisations of the type the round asked. */
function counts(respondents: number, yes: number, population: number) {
  return { respondents, yes, population };
}

const incident = predicates.incident_method;

test('with every region answering: samtliga, ingen and exact counts speak of all regions', () => {
  const cases: [ReturnType<typeof counts>, string, string][] = [
    [
      counts(21, 21, 21),
      'I samtliga regioner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In all regions there is an established method for handling information security incidents.',
    ],
    [
      counts(21, 0, 21),
      'I ingen region finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In no region is there an established method for handling information security incidents.',
    ],
    [
      counts(21, 20, 21),
      'I 20 av 21 regioner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In 20 out of 21 regions there is an established method for handling information security incidents.',
    ],
  ];
  for (const [region, sv, en] of cases) {
    const [fact] = generateFacts([{ key: 'incident_method', predicate: incident, counts: { region } }]);
    assert.equal(fact?.sv, sv);
    assert.equal(fact?.en, en);
  }
});

test('with fewer regions answering, the sentence names those that responded', () => {
  const cases: [ReturnType<typeof counts>, string, string][] = [
    [
      counts(19, 19, 21),
      'I samtliga 19 regioner som svarade finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In all 19 regions that responded there is an established method for handling information security incidents.',
    ],
    [
      counts(19, 0, 21),
      'I ingen av de 19 regioner som svarade finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In none of the 19 regions that responded is there an established method for handling information security incidents.',
    ],
    [
      counts(19, 12, 21),
      'I 12 av de 19 regioner som svarade finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In 12 of the 19 regions that responded there is an established method for handling information security incidents.',
    ],
    // The case that made "i 19 av 20 regioner" possible although Sweden has 21.
    [
      counts(20, 19, 21),
      'I 19 av de 20 regioner som svarade finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
      'In 19 of the 20 regions that responded there is an established method for handling information security incidents.',
    ],
  ];
  for (const [region, sv, en] of cases) {
    const [fact] = generateFacts([{ key: 'incident_method', predicate: incident, counts: { region } }]);
    assert.equal(fact?.sv, sv);
    assert.equal(fact?.en, en);
  }
});

test('kommuner: tenths stay a statement about respondents; absolute words and small counts name them', () => {
  const sentence = (kommun: ReturnType<typeof counts>) =>
    generateFacts([{ key: 'incident_method', predicate: incident, counts: { kommun } }])[0];
  // 201 of 290 answered, all of them yes: not "i samtliga kommuner".
  assert.equal(
    sentence(counts(201, 201, 290))?.sv,
    'I samtliga 201 kommuner som svarade finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
  );
  assert.equal(
    sentence(counts(201, 201, 290))?.en,
    'In all 201 municipalities that responded there is an established method for handling information security incidents.',
  );
  assert.equal(
    sentence(counts(201, 0, 290))?.en,
    'In none of the 201 municipalities that responded is there an established method for handling information security incidents.',
  );
  assert.equal(
    sentence(counts(290, 290, 290))?.sv,
    'I samtliga kommuner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
  );
  // 141 of 201 = 70 %: the tenths form, whatever the response rate.
  assert.equal(
    sentence(counts(201, 141, 290))?.sv,
    'I sju av tio kommuner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
  );
  assert.equal(
    sentence(counts(49, 30, 290))?.sv,
    'I 30 av de 49 kommuner som svarade finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
  );
  assert.equal(
    sentence(counts(49, 30, 290))?.en,
    'In 30 of the 49 municipalities that responded there is an established method for handling information security incidents.',
  );
});

test('English turns the predicate around after a negative, and keeps a positive part first when they mix', () => {
  assert.equal(
    invertEnglishPredicate('the role of information security coordinator (CISO) is designated'),
    'is the role of information security coordinator (CISO) designated',
  );
  assert.equal(
    invertEnglishPredicate('all employees are required to complete basic information security training'),
    'are all employees required to complete basic information security training',
  );
  assert.equal(invertEnglishPredicate('leaders meet yearly'), 'is it the case that leaders meet yearly');
  const [mixed] = generateFacts([
    {
      key: 'ciso_designated',
      predicate: predicates.ciso_designated,
      counts: { kommun: counts(280, 0, 290), region: counts(21, 21, 21) },
    },
  ]);
  assert.equal(
    mixed?.sv,
    'I ingen av de 280 kommuner som svarade och i samtliga regioner finns rollen informationssäkerhetssamordnare (CISO) utpekad.',
  );
  assert.equal(
    mixed?.en,
    'In all regions the role of information security coordinator (CISO) is designated, but not in any of the 280 municipalities that responded.',
  );
  const [ciso] = generateFacts([
    { key: 'ciso_designated', predicate: predicates.ciso_designated, counts: { kommun: counts(290, 0, 290) } },
  ]);
  assert.equal(ciso?.en, 'In no municipality is the role of information security coordinator (CISO) designated.');
});

test('a population smaller than the respondents is refused', () => {
  assert.throws(() => describeQuantity(counts(22, 3, 21), 'region', 'sv'), RangeError);
});
