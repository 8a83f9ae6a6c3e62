import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildTestApp, type TestApp, TestVisitor } from '../app.ts';

// Finding 2 of the security review: Fastify trusted X-Forwarded-For from anyone, so a client escaped every rate
// limit (30 sign-in mails in a row to one address) by sending a new address in each request, and chose the address
// written to the log.

async function askForLinks(
  testApp: TestApp,
  requests: { remoteAddress: string; forwardedFor?: string }[],
): Promise<number[]> {
  const visitor = new TestVisitor(testApp.app);
  await visitor.get('/sign-in');
  const statuses: number[] = [];
  for (const { remoteAddress, forwardedFor } of requests) {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: new URLSearchParams({ _csrf: visitor.csrfToken, email: 'anna@kiruna.se' }).toString(),
      headers: {
        cookie: visitor.cookies,
        'content-type': 'application/x-www-form-urlencoded',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      remoteAddress,
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

const thirty = Array.from({ length: 30 }, (_, index) => index);

test('by default X-Forwarded-For is ignored: a new forged address per request does not escape the limit', async () => {
  const testApp = await buildTestApp();
  try {
    const statuses = await askForLinks(
      testApp,
      thirty.map((index) => ({ remoteAddress: '203.0.113.7', forwardedFor: `198.51.100.${index + 1}` })),
    );
    assert.equal(statuses.filter((status) => status === 200).length, 10, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 429).length, 20);
  } finally {
    await testApp.close();
  }
});

test('TRUST_PROXY=1: the client behind the proxy is limited, and clients behind it are told apart', async () => {
  const testApp = await buildTestApp({ environment: { TRUST_PROXY: '1' } });
  try {
    const sameClient = await askForLinks(
      testApp,
      thirty.map((index) => ({ remoteAddress: '10.0.0.5', forwardedFor: `198.51.100.${index + 1}, 192.0.2.9` })),
    );
    // Only the hop the proxy added counts: what the client wrote before it is its own claim.
    assert.equal(sameClient.filter((status) => status === 200).length, 10, sameClient.join(','));
    const otherClients = await askForLinks(
      testApp,
      thirty.slice(0, 5).map((index) => ({ remoteAddress: '10.0.0.5', forwardedFor: `192.0.2.${index + 100}` })),
    );
    assert.deepEqual(otherClients, [200, 200, 200, 200, 200]);
  } finally {
    await testApp.close();
  }
});

test('TRUST_PROXY=addresses: X-Forwarded-For counts only from the listed proxies', async () => {
  const testApp = await buildTestApp({ environment: { TRUST_PROXY: '10.0.0.5, 10.0.1.0/24' } });
  try {
    const fromStranger = await askForLinks(
      testApp,
      thirty.slice(0, 12).map((index) => ({ remoteAddress: '203.0.113.7', forwardedFor: `198.51.100.${index + 1}` })),
    );
    assert.equal(fromStranger.filter((status) => status === 429).length, 2, fromStranger.join(','));
    const throughProxies = await askForLinks(
      testApp,
      thirty.slice(0, 12).map((index) => ({
        remoteAddress: index % 2 === 0 ? '10.0.0.5' : '10.0.1.77',
        forwardedFor: `192.0.2.${index + 1}`,
      })),
    );
    assert.deepEqual(new Set(throughProxies), new Set([200]));
  } finally {
    await testApp.close();
  }
});

test('TRUST_PROXY is read as a hop count or a list of addresses, and anything else is refused', () => {
  const secret = { SESSION_SECRET: 'x'.repeat(40) };
  assert.equal(loadConfig(secret).trustProxy, false);
  assert.equal(loadConfig({ ...secret, TRUST_PROXY: '0' }).trustProxy, false);
  assert.equal(loadConfig({ ...secret, TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ ...secret, TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,::1,loopback' }).trustProxy, [
    '10.0.0.5',
    '10.0.1.0/24',
    '::1',
    'loopback',
  ]);
  for (const value of ['true', 'yes', '10.0.0.300', '10.0.0.0/33', '*', '10.0.0.5;rm']) {
    assert.throws(() => loadConfig({ ...secret, TRUST_PROXY: value }), ConfigError, value);
  }
});
