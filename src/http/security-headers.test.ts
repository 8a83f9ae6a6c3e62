import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import helmet from 'helmet';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { computeSecurityHeaders, securityHeaderOptions } from './security-headers.ts';

let testApp: TestApp;
let appUrl: string;

before(async () => {
  testApp = await buildTestApp();
  appUrl = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await testApp.close();
});

/** The raw header lines (name as sent, value) of a GET, in the order they came. */
function readRawHeaders(url: string): Promise<Array<[string, string]>> {
  return new Promise((resolve, reject) => {
    get(url, (response: IncomingMessage) => {
      response.resume();
      const lines: Array<[string, string]> = [];
      for (let index = 0; index < response.rawHeaders.length; index += 2) {
        lines.push([response.rawHeaders[index] ?? '', response.rawHeaders[index + 1] ?? '']);
      }
      response.on('end', () => resolve(lines)).on('error', reject);
    }).on('error', reject);
  });
}

/** What helmet's own middleware sends in a plain Node server with the product's options. */
async function readHelmetHeaders(isSecure: boolean): Promise<Array<[string, string]>> {
  const middleware = helmet(securityHeaderOptions(isSecure));
  const server: Server = createServer((request, response) =>
    middleware(request, response, () => {
      response.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const names = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
    return (await readRawHeaders(`http://127.0.0.1:${port}/`)).filter(([name]) => !names.has(name.toLowerCase()));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('every response carries exactly the headers helmet sends, byte for byte and in its order', async () => {
  const expected = await readHelmetHeaders(false);
  assert.ok(expected.length >= 10, JSON.stringify(expected));
  assert.ok(
    expected.some(
      ([name, value]) =>
        name === 'Content-Security-Policy' && value.includes("default-src 'self'") && !value.includes('unsafe-inline'),
    ),
  );
  const helmetNames = new Set(expected.map(([name]) => name.toLowerCase()));
  for (const path of ['/', '/healthz', '/static/favicon.svg', '/no-such-page', '/api/responses/x/y/answers/z']) {
    const sent = (await readRawHeaders(`${appUrl}${path}`)).filter(([name]) => helmetNames.has(name.toLowerCase()));
    assert.deepEqual(sent, expected, path);
  }
});

test('behind HTTPS the headers add HSTS, as helmet does', async () => {
  const expected = await readHelmetHeaders(true);
  assert.ok(expected.some(([name]) => name === 'Strict-Transport-Security'));
  assert.deepEqual(
    computeSecurityHeaders(securityHeaderOptions(true)).map(([name, value]) => [name.toLowerCase(), value]),
    expected.map(([name, value]) => [name.toLowerCase(), value]),
  );
  assert.ok(!(await readHelmetHeaders(false)).some(([name]) => name === 'Strict-Transport-Security'));
});

test('the API documentation keeps its own CSP (Swagger UI sets it per response)', async () => {
  const sent = await readRawHeaders(`${appUrl}/api/docs/static/index.html`);
  const csp = sent.filter(([name]) => name.toLowerCase() === 'content-security-policy');
  assert.equal(csp.length, 1);
  assert.match(csp[0]?.[1] ?? '', /frame-ancestors 'self'/);
});
