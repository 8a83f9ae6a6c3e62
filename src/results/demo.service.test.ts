import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDemo } from './demo.service.ts';
import { createDatabaseFixture } from './results.fixtures.ts';
import { computeRoundResults, generateRoundFacts } from './results.service.ts';

const fixture = createDatabaseFixture();
before(() => fixture.setUp());
after(() => fixture.tearDown());

// The Fakta list of SKR's press release of 12 March 2024 (for the CISO item, its first sentence).
const pressRelease = [
  'I sju av tio kommuner och i samtliga regioner finns rollen informationssäkerhetssamordnare (CISO) utpekad.',
  'I sex av tio kommuner och i samtliga regioner genomförs minst en föredragning årligen av informationssäkerhetsläget i den egna organisationen.',
  'I sju av tio kommuner och i 20 av 21 regioner finns ett fastställt arbetssätt för informationssäkerhetsklassning och hantering av informationssäkerhetsrisker.',
  'I åtta av tio kommuner och i 20 av 21 regioner finns ett fastställt arbetssätt för hantering av informationssäkerhetsincidenter.',
  'I åtta av tio kommuner och i 17 av 21 regioner ställs krav på att samtliga medarbetare ska genomföra en grundläggande informationssäkerhetsutbildning.',
  'I sju av tio kommuner och i 18 av 21 regioner finns ett fastställt arbetssätt för att ställa informationssäkerhetskrav vid upphandlingar och systemutveckling.',
];

test('after the demo, the 2023 facts are the press release sentences word for word, and a rerun changes nothing', async () => {
  const actor = { userId: null, label: 'test' };
  const first = await createDemo(fixture.db(), fixture.clock, actor);
  assert.deepEqual([first.createdRounds, first.responses, first.changed], [['2019', '2023'], 601, 601]);
  const facts = await generateRoundFacts(fixture.db(), '2023', { minimumRespondents: 5 });
  // Questionnaire order of skr-2023, which differs from the press release's order.
  assert.deepEqual(
    facts.map((fact) => fact.key),
    [
      'ciso_designated',
      'classification_risk_method',
      'incident_method',
      'procurement_requirements',
      'training_required',
      'annual_briefing',
    ],
  );
  assert.deepEqual(facts.map((fact) => fact.sv).sort(), [...pressRelease].sort());
  const facts2019 = await generateRoundFacts(fixture.db(), '2019', { minimumRespondents: 5 });
  assert.equal(facts2019[0]?.sv, 'I sex av tio kommuner finns rollen informationssäkerhetssamordnare (CISO) utpekad.');

  assert.ok(
    facts.every((fact) => !fact.isWithheld),
    'the demo publisher exempts the indicators nationally',
  );
  const results = await computeRoundResults(fixture.db(), '2023', { minimumRespondents: 5 });
  // The published list, after disclosure control with the demo's national exemptions, is the same six sentences.
  assert.deepEqual(results.facts.map((fact) => fact.sv).sort(), [...pressRelease].sort());
  assert.equal(results.disclosure?.nationalExemptions.length, 6);
  // Without the exemptions the unanimous "samtliga regioner" is withheld, and the sentence loses its regions.
  const strict = await computeRoundResults(fixture.db(), '2023', { minimumRespondents: 5, nationalExemptions: [] });
  assert.ok(strict.facts.every((fact) => !fact.sv.includes('samtliga regioner')));
  const ciso = results.questions.find((question) => question.key === 'ciso_designated');
  assert.equal(ciso?.changes[0]?.paired.verdict, 'increase');
  assert.equal(ciso?.changes[0]?.paired.pairs, 290);
  assert.equal(ciso?.changes[0]?.national.verdict, 'increase');

  const second = await createDemo(fixture.db(), fixture.clock, actor);
  assert.deepEqual([second.createdRounds, second.changed], [[], 0]);
});
