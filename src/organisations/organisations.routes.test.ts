import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../test/app.ts';

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => {
  await testApp.close();
});

async function getJson(url: string) {
  const response = await testApp.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
}

test('GET /api/organisations filters by type and group', async () => {
  const kommuner = await getJson('/api/organisations?type=kommun');
  assert.equal(kommuner.status, 200);
  assert.equal(kommuner.body.length, 290);
  assert.equal((await getJson('/api/organisations?type=region')).body.length, 21);
  const a1 = await getJson('/api/organisations?group=A1');
  assert.deepEqual(
    a1.body.map((organisation: { name: string }) => organisation.name),
    ['Stockholm', 'Malmö', 'Göteborg'],
  );
  assert.deepEqual(Object.keys(a1.body[0]).sort(), [
    'code',
    'countyCode',
    'countyName',
    'isActive',
    'mainGroup',
    'municipalityGroup',
    'name',
    'replacedBy',
    'type',
  ]);
  assert.equal((await getJson('/api/organisations?county=25&type=kommun')).body.length, 14);
});

test('GET /api/organisations rejects an unknown filter value with a message naming it', async () => {
  const response = await getJson('/api/organisations?type=stad');
  assert.equal(response.status, 400);
  assert.equal(response.body.error, 'bad_request');
  assert.match(response.body.message, /type/);
  assert.equal((await getJson('/api/organisations?unknown=1')).status, 400);
});

test('GET /api/organisations/:code and 404 for an unknown code', async () => {
  const found = await getJson('/api/organisations/25');
  assert.equal(found.body.name, 'Region Norrbotten');
  const missing = await getJson('/api/organisations/9999');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.message, 'No organisation has the code 9999.');
});

test('the list page filters without JavaScript and keeps what was chosen', async () => {
  const response = await testApp.app.inject({ method: 'GET', url: '/organisations?type=kommun&group=A1' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<strong>3 organisationer<\/strong>/);
  assert.match(response.body, /<option value="A1" selected>/);
  assert.match(response.body, /Göteborg/);
  const english = await testApp.app.inject({ method: 'GET', url: '/organisations?q=norrbotten&lang=en' });
  assert.match(english.body, /<strong>1 organisations<\/strong>/);
  assert.match(english.body, /<html lang="en">/);
});

test('the list page names a bad filter value and keeps the search text', async () => {
  const response = await testApp.app.inject({ method: 'GET', url: '/organisations?q=%C3%B6r&group=Q7' });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Filtret innehåller ett okänt värde: group\./);
  assert.match(response.body, /name="q" type="search" value="ör"/);
});
