import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseContactsCsv } from './contacts-csv.ts';

const invited = new Set(['0180', '1280', '01']);

test('a contacts file with a byte order mark and quoted names is read', () => {
  const result = parseContactsCsv(
    '\uFEFForganisation,name,email\r\n0180,"Åsa Öberg, CISO",ASA@Stockholm.se\r\n01,Per Ek,per@regionstockholm.se\r\n',
    invited,
  );
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.contacts, [
    {
      organisationCode: '0180',
      contactName: 'Åsa Öberg, CISO',
      contactEmail: 'asa@stockholm.se',
      contactLanguage: 'sv',
    },
    { organisationCode: '01', contactName: 'Per Ek', contactEmail: 'per@regionstockholm.se', contactLanguage: 'sv' },
  ]);
});

test('an optional language column gives each contact the language of their mail', () => {
  const result = parseContactsCsv(
    [
      'organisation,name,email,language',
      '0180,Åsa,asa@stockholm.se,EN',
      '01,Per,per@region.se,',
      '1280,Malin,m@malmo.se,fi',
    ].join('\n'),
    invited,
  );
  assert.deepEqual(result.problems, [{ line: 4, reason: 'invalid_language', value: 'fi' }]);
  assert.deepEqual(
    result.contacts.map((contact) => [contact.organisationCode, contact.contactLanguage]),
    [
      ['0180', 'en'],
      ['01', 'sv'],
    ],
  );
});

test('every bad line is named with its reason', () => {
  const result = parseContactsCsv(
    [
      'organisation,name,email',
      '0180,Åsa,asa@stockholm.se',
      '9999,Nobody,n@example.se',
      '1280,Malin,not-an-address',
      '0180,Again,ASA@stockholm.se',
      '01,,per@region.se',
      '01,Per',
    ].join('\n'),
    invited,
  );
  assert.deepEqual(result.problems, [
    { line: 3, reason: 'not_invited', value: '9999' },
    { line: 4, reason: 'invalid_email', value: 'not-an-address' },
    { line: 5, reason: 'duplicate', value: '0180 asa@stockholm.se' },
    { line: 6, reason: 'missing_name', value: '01' },
    { line: 7, reason: 'columns', value: '01,Per' },
  ]);
});

test('a wrong header is one problem on line 1', () => {
  assert.deepEqual(parseContactsCsv('org;who;mail\n0180;A;a@b.se\n', invited).problems, [
    { line: 1, reason: 'header', value: 'org;who;mail' },
  ]);
  assert.deepEqual(parseContactsCsv('kommunkod,namn,namn\n0180,A,B\n', invited).problems, [
    { line: 1, reason: 'header', value: 'kommunkod;namn;namn' },
  ]);
});

test('Swedish headers in any order, semicolons as Swedish Excel writes them, and a byte order mark', () => {
  const result = parseContactsCsv(
    '\uFEFFnamn;E-post;Kommunkod;Språk\r\n"Åsa Öberg; CISO";asa@stockholm.se;0180;en\r\nMalin Ek;malin@malmo.se;1280;\r\n',
    invited,
  );
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.contacts, [
    {
      organisationCode: '0180',
      contactName: 'Åsa Öberg; CISO',
      contactEmail: 'asa@stockholm.se',
      contactLanguage: 'en',
    },
    { organisationCode: '1280', contactName: 'Malin Ek', contactEmail: 'malin@malmo.se', contactLanguage: 'sv' },
  ]);
});

test('a name given in place of a code gets the code suggested', () => {
  const names = new Map([
    ['stockholm', '0180'],
    ['malmö', '1280'],
  ]);
  const result = parseContactsCsv(
    'organisation,namn,e-post\nMalmö,Malin,m@malmo.se\nKiruna,Kim,k@kiruna.se\n',
    invited,
    names,
  );
  assert.deepEqual(result.problems, [
    { line: 2, reason: 'name_not_code', value: 'Malmö', suggestion: '1280' },
    { line: 3, reason: 'not_invited', value: 'Kiruna' },
  ]);
});

test('an organisation may have up to five contacts, each address once', () => {
  const rows = ['organisation,name,email', ...[1, 2, 3, 4, 5, 6].map((n) => `0180,Person ${n},p${n}@stockholm.se`)];
  const result = parseContactsCsv(rows.join('\n'), invited);
  assert.deepEqual(
    result.contacts.map((contact) => contact.contactEmail),
    ['p1@stockholm.se', 'p2@stockholm.se', 'p3@stockholm.se', 'p4@stockholm.se', 'p5@stockholm.se'],
  );
  assert.deepEqual(result.problems, [{ line: 7, reason: 'too_many_contacts', value: '0180' }]);
});
