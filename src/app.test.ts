import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../test/app.ts';

let testApp: TestApp;
before(async () => {
  testApp = await buildTestApp();
});
after(async () => {
  await testApp.close();
});

test('/healthz checks the database', async () => {
  const response = await testApp.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { status: 'ok', database: 'ok' });
});

test('pages carry security headers and a CSP without unsafe-inline', async () => {
  const response = await testApp.app.inject({ method: 'GET', url: '/' });
  assert.equal(response.statusCode, 200);
  const csp = String(response.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['cache-control'], 'no-store');
});

test('pages name a favicon that is served', async () => {
  const page = await testApp.app.inject({ method: 'GET', url: '/' });
  assert.match(page.body, /<link rel="icon" href="\/static\/favicon\.svg" type="image\/svg\+xml"\/?>/);
  const icon = await testApp.app.inject({ method: 'GET', url: '/static/favicon.svg' });
  assert.equal(icon.statusCode, 200);
  assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
});

test('the start page explains the product in Swedish, and in English after the switch', async () => {
  const swedish = await testApp.app.inject({ method: 'GET', url: '/' });
  assert.match(swedish.body, /<html lang="sv">/);
  assert.match(swedish.body, /290 kommuner och 21 regioner/);
  assert.match(swedish.body, /href="\/language\/en\?next=%2F"/);
  const switched = await testApp.app.inject({ method: 'GET', url: '/language/en?next=/organisations' });
  assert.equal(switched.statusCode, 302);
  assert.equal(switched.headers.location, '/organisations');
  const english = await testApp.app.inject({ method: 'GET', url: '/', headers: { cookie: 'lang=en' } });
  assert.match(english.body, /<html lang="en">/);
  assert.match(english.body, /290 municipalities and 21 regions/);
});

test('the language switch never redirects off the site', async () => {
  const response = await testApp.app.inject({ method: 'GET', url: '/language/en?next=//evil.example' });
  assert.equal(response.headers.location, '/');
});

test('OpenAPI is served at /api/docs and documents the organisation API', async () => {
  const ui = await testApp.app.inject({ method: 'GET', url: '/api/docs' });
  assert.ok([200, 302].includes(ui.statusCode));
  const spec = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
  assert.equal(spec.statusCode, 200);
  const document = spec.json();
  assert.equal(document.openapi.startsWith('3.'), true);
  assert.ok(document.paths['/api/organisations']);
  assert.ok(document.paths['/healthz']);
});

test('a page refused by its schema says so in Swedish, without the validator’s English; the API keeps the details', async () => {
  const page = await testApp.app.inject({ method: 'GET', url: '/published/2023/bogus' });
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /Adressen eller formuläret innehöll något som inte går att läsa/);
  assert.doesNotMatch(page.body, /Invalid request|must be equal|schema/);
  const english = await testApp.app.inject({ method: 'GET', url: '/published/2023/bogus?lang=en' });
  assert.match(english.body, /The address or the form held something that cannot be read/);
});

test('unknown pages answer 404 as a page, unknown API paths as JSON', async () => {
  const page = await testApp.app.inject({ method: 'GET', url: '/nothing-here' });
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /Sidan finns inte/);
  const api = await testApp.app.inject({ method: 'GET', url: '/api/nothing' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().error, 'not_found');
});
