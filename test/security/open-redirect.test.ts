import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { grantUserRole } from '../../src/accounts/accounts.service.ts';
import { safeRedirectTarget } from '../../src/http/redirect-target.ts';
import { buildTestApp, type TestApp, TestVisitor } from '../app.ts';

// Finding 1 of the security review: `/language/en?next=/%09/evil.example` answered `Location: /\t/evil.example`,
// which Chromium follows to evil.example; a sign-in link requested with such a `next` landed its genuine reader
// there; CR/LF in `next` gave a 500 with the internal error text.

let testApp: TestApp;

before(async () => {
  testApp = await buildTestApp();
  await grantUserRole(testApp.database.db, testApp.clock, {
    email: 'anna@kiruna.se',
    grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
    actor: { userId: null, label: 'test' },
  });
});
after(async () => {
  await testApp.close();
});

/** Raw query values (already percent-encoded where a browser would encode them). */
const hostileNext = [
  '/%09/evil.example',
  '/%0A/evil.example',
  '/%0D%0ASet-Cookie:%20x=1',
  '%0D%0A',
  '/a%0D%0Ab',
  '//evil.example',
  '/%5Cevil.example',
  '/%5C/evil.example',
  'https://evil.example/',
  'https:evil.example',
  'javascript:alert(1)',
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
  '%20/evil.example',
  '/%00/evil.example',
  '/%E2%80%A8/evil.example',
  `/${'a'.repeat(5000)}`,
];

function isHarmless(location: unknown): boolean {
  if (typeof location !== 'string') return false;
  const url = new URL(location, 'http://lagesbild.test');
  return (
    url.origin === 'http://lagesbild.test' && /^\/(?![/\\])[\x21-\x7e]*$/.test(location) && !location.includes('\\')
  );
}

test('the language switch redirects only within the site, and no next gives a 500', async () => {
  for (const next of hostileNext) {
    const response = await testApp.app.inject({ method: 'GET', url: `/language/en?next=${next}` });
    assert.equal(response.statusCode, 302, `${next}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    assert.ok(isHarmless(response.headers.location), `${next} → ${JSON.stringify(response.headers.location)}`);
    assert.equal(response.headers.location, '/', next);
  }
  const honest = await testApp.app.inject({ method: 'GET', url: `/language/en?next=${encodeURIComponent('/my?x=1')}` });
  assert.equal(honest.headers.location, '/my?x=1');
});

test('a sign-in link requested with a hostile next lands its reader on the start page', async () => {
  for (const [index, next] of ['/%09/evil.example', '/%0D%0Ax', '/.//evil.example'].entries()) {
    const visitor = new TestVisitor(testApp.app);
    const page = await visitor.get(`/sign-in?next=${next}`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 200));
    assert.match(page.body, /<input type="hidden" name="next" value="\/"\/>/);
    const asked = await testApp.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: `_csrf=${encodeURIComponent(visitor.csrfToken)}&email=anna%40kiruna.se&next=${next}`,
      headers: { cookie: visitor.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: `10.1.1.${index + 1}`,
    });
    assert.equal(asked.statusCode, 200, asked.body.slice(0, 200));
    await testApp.sendDueMail();
    const mail = testApp.sentMail.at(-1);
    const link = /http:\/\/lagesbild\.test(\/sign-in\/link\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(link, 'the mail holds a sign-in link');
    await visitor.get(link);
    const signedIn = await visitor.post(link, {});
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/', next);
  }
});

test('safeRedirectTarget keeps honest paths and refuses everything else', () => {
  assert.equal(safeRedirectTarget('/rounds/abc/answer?x=1#q2'), '/rounds/abc/answer?x=1#q2');
  assert.equal(safeRedirectTarget('/a/../b'), '/b');
  for (const value of [undefined, null, 42, '', 'rounds', '/\t/evil.example', '/\r\n', '/ö', '/\\evil', '/\u2028/x']) {
    assert.equal(safeRedirectTarget(value), '/', JSON.stringify(value));
  }
});
