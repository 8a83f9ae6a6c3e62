import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type FollowUpEntry,
  filterFollowUp,
  renderNonRespondersCsv,
  summariseFollowUp,
  toPercentage,
} from './follow-up.ts';

function entry(code: string, status: FollowUpEntry['status'], overrides: Partial<FollowUpEntry> = {}): FollowUpEntry {
  return {
    code,
    name: `Org ${code}`,
    type: 'kommun',
    group: 'A1',
    groupName: null,
    review: null,
    countyCode: '01',
    countyName: 'Stockholms län',
    status,
    contactName: null,
    contactEmail: null,
    furtherContacts: [],
    updatedAt: null,
    submittedAt: null,
    mail: null,
    ...overrides,
  };
}

const entries = [
  entry('0180', 'submitted'),
  entry('0114', 'in_progress', { group: 'A2' }),
  entry('0115', 'not_started', { group: 'A2', contactName: 'Eva "CISO" Ek', contactEmail: 'eva@vallentuna.se' }),
  entry('1280', 'submitted', { countyCode: '12', countyName: 'Skåne län' }),
  entry('01', 'not_started', { type: 'region', group: null, name: '=Region Stockholm' }),
  entry('12', 'submitted', { type: 'region', group: null, countyCode: '12', countyName: 'Skåne län' }),
];

test('percentages have one decimal and an empty group is 0', () => {
  assert.equal(toPercentage(2, 3), 66.7);
  assert.equal(toPercentage(1, 8), 12.5);
  assert.equal(toPercentage(0, 0), 0);
});

test('the summary counts per type, kommungrupp and län exactly', () => {
  const summary = summariseFollowUp(entries);
  assert.deepEqual(summary.total.counts, { not_started: 2, in_progress: 1, submitted: 3 });
  assert.deepEqual(summary.total.percentages, { not_started: 33.3, in_progress: 16.7, submitted: 50 });
  assert.deepEqual(
    summary.byType.map((row) => [row.key, row.total, row.counts.submitted, row.percentages.submitted]),
    [
      ['kommun', 4, 2, 50],
      ['region', 2, 1, 50],
    ],
  );
  assert.deepEqual(
    summary.byGroup.map((row) => [row.key, row.counts.not_started, row.counts.in_progress, row.counts.submitted]),
    [
      ['A1', 0, 0, 2],
      ['A2', 1, 1, 0],
    ],
  );
  assert.deepEqual(
    summary.byCounty.map((row) => [row.key, row.label, row.total, row.percentages.submitted]),
    [
      ['01', 'Stockholms län', 4, 25],
      ['12', 'Skåne län', 2, 100],
    ],
  );
});

test('the filter gives the organisations behind a number', () => {
  assert.deepEqual(
    filterFollowUp(entries, { county: '01', status: 'not_started' }).map((e) => e.code),
    ['0115', '01'],
  );
  assert.deepEqual(
    filterFollowUp(entries, { type: 'kommun', status: 'not_submitted' }).map((e) => e.code),
    ['0114', '0115'],
  );
});

test('the non-responder CSV quotes, defuses formulas and leaves out submitted organisations', () => {
  assert.equal(
    renderNonRespondersCsv(entries),
    '\uFEFFcode,name,type,group,county,status,contact_name,contact_email\r\n' +
      '0114,Org 0114,kommun,A2,Stockholms län,in_progress,,\r\n' +
      '0115,Org 0115,kommun,A2,Stockholms län,not_started,"Eva ""CISO"" Ek",eva@vallentuna.se\r\n' +
      "01,'=Region Stockholm,region,,Stockholms län,not_started,,\r\n",
  );
});
