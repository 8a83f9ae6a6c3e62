import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QuestionnaireVersion } from './questionnaire.schema.ts';
import { loadShippedQuestionnaires } from './questionnaire-file.ts';
import { compareVersions, isComparable, listComparableVersions } from './version-comparison.ts';

const shipped = loadShippedQuestionnaires();

function findShipped(id: string): QuestionnaireVersion {
  const version = shipped.find((candidate) => candidate.id === id);
  if (!version) throw new Error(`${id} is not shipped`);
  return version;
}

const skr2019 = findShipped('skr-2019');
const skr2023 = findShipped('skr-2023');

/** A later round: ciso_designated breaks its series, annual_briefing is asked unchanged, mfa_scope is reworded. */
function buildVersion2027(): QuestionnaireVersion {
  const version = structuredClone(skr2023);
  version.id = 'skr-2027';
  version.year = 2027;
  version.previous = 'skr-2023';
  version.comparability = {};
  for (const section of version.sections) {
    for (const question of section.questions) version.comparability[question.key] = { status: 'unchanged' };
  }
  version.comparability.ciso_designated = { status: 'changed', note: { sv: 'Ny definition.', en: 'New definition.' } };
  version.comparability.mfa_scope = { status: 'reworded' };
  // Asked in 2019 and 2027 but not in 2023: the series cannot be bridged.
  version.sections[0]?.questions.push({
    key: 'lost_and_found',
    type: 'yes_no',
    required: false,
    text: { sv: 'Återkommer frågan?', en: 'Does the question return?' },
    mapping: {},
  });
  return version;
}

test('2019 -> 2023 classifies every key', () => {
  const changes = compareVersions(skr2019, skr2023);
  const keysWith = (status: string) => changes.filter((change) => change.status === status).map((change) => change.key);
  assert.deepEqual(keysWith('changed'), ['ciso_time_share']);
  assert.deepEqual(keysWith('reworded'), ['procurement_requirements', 'annual_briefing', 'effectiveness_assessment']);
  assert.deepEqual(keysWith('removed'), []);
  assert.equal(keysWith('unchanged').length, 21);
  assert.equal(keysWith('added').length, 26);
  assert.deepEqual(keysWith('added').slice(0, 4), [
    'respondent_role',
    'budget_amount',
    'municipal_companies_included',
    'medical_devices_included',
  ]);
  const ciso = changes.find((change) => change.key === 'ciso_time_share');
  assert.match(ciso?.notes[0]?.sv ?? '', /^År 2019 valde kommunerna ett av fyra intervall/u);
});

test('the indicators stay comparable from 2019 to 2023, the CISO time share does not', () => {
  const comparable = (key: string) => isComparable(key, 'skr-2019', 'skr-2023', shipped);
  assert.deepEqual(
    [
      'ciso_designated',
      'annual_briefing',
      'classification_risk_method',
      'incident_method',
      'training_required',
      'procurement_requirements',
    ].map(comparable),
    [true, true, true, true, true, true],
  );
  assert.equal(comparable('ciso_time_share'), false);
  assert.equal(comparable('mfa_scope'), false, 'not asked in 2019');
  assert.equal(isComparable('annual_briefing', 'skr-2023', 'skr-2019', shipped), true, 'either order');
  assert.equal(isComparable('annual_briefing', 'skr-2023', 'skr-2023', shipped), true);
  assert.equal(isComparable('annual_briefing', 'skr-2019', 'skr-2099', shipped), false);
});

test('over several versions one break anywhere breaks the series', () => {
  const version2027 = buildVersion2027();
  const versions = [...shipped, version2027];
  assert.equal(isComparable('ciso_designated', 'skr-2019', 'skr-2023', versions), true);
  assert.equal(isComparable('ciso_designated', 'skr-2023', 'skr-2027', versions), false);
  assert.equal(isComparable('ciso_designated', 'skr-2019', 'skr-2027', versions), false);
  assert.equal(isComparable('ciso_time_share', 'skr-2023', 'skr-2027', versions), true);
  assert.equal(isComparable('ciso_time_share', 'skr-2019', 'skr-2027', versions), false);
  assert.equal(isComparable('lost_and_found', 'skr-2019', 'skr-2027', versions), false);

  const changes = compareVersions(skr2019, version2027, versions);
  const byKey = new Map(changes.map((change) => [change.key, change]));
  assert.equal(byKey.get('annual_briefing')?.status, 'reworded');
  assert.equal(byKey.get('annual_briefing')?.notes.length, 1);
  assert.equal(byKey.get('ciso_designated')?.status, 'changed');
  assert.equal(byKey.get('incident_method')?.status, 'unchanged');
  assert.equal(byKey.get('mfa_scope')?.status, 'added');
  assert.equal(compareVersions(skr2023, version2027).find((change) => change.key === 'mfa_scope')?.status, 'reworded');
});

test('the comparable series of a key runs back until the first break', () => {
  const versions = [...shipped, buildVersion2027()];
  assert.deepEqual(listComparableVersions('annual_briefing', 'skr-2027', versions), [
    'skr-2027',
    'skr-2023',
    'skr-2019',
  ]);
  assert.deepEqual(listComparableVersions('ciso_time_share', 'skr-2027', versions), ['skr-2027', 'skr-2023']);
  assert.deepEqual(listComparableVersions('ciso_designated', 'skr-2027', versions), ['skr-2027']);
  assert.deepEqual(listComparableVersions('respondent_role', 'skr-2023', versions), ['skr-2023']);
});

test('versions that are not linked cannot be compared', () => {
  assert.throws(() => compareVersions(skr2023, skr2019), /skr-2023 is not an earlier version of skr-2019/u);
});
