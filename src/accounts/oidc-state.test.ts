import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPendingSignIn, sealPendingSignIn } from './oidc-state.ts';

const secret = 's'.repeat(40);
const now = new Date('2026-03-01T08:00:00Z');
// Values with characters outside base64url, so finding one in the sealed text would mean it leaked in clear.
const pending = {
  state: 'state:1!',
  nonce: 'nonce:2!',
  codeVerifier: 'verifier:3!',
  next: '/x',
  expiresAt: now.getTime() + 60_000,
};

test('a sealed pending sign-in opens with the same secret before it expires, and only then', () => {
  const sealed = sealPendingSignIn(secret, pending);
  for (const secretPart of [pending.state, pending.nonce, pending.codeVerifier])
    assert.equal(sealed.includes(secretPart), false);
  assert.match(sealed, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(openPendingSignIn(secret, sealed, now), pending);
  assert.equal(openPendingSignIn('t'.repeat(40), sealed, now), undefined);
  assert.equal(openPendingSignIn(secret, sealed, new Date(now.getTime() + 60_000)), undefined);
  const [iv, body = '', tag] = sealed.split('.');
  const flipped = `${body.startsWith('A') ? 'B' : 'A'}${body.slice(1)}`;
  assert.equal(openPendingSignIn(secret, [iv, flipped, tag].join('.'), now), undefined);
  for (const garbage of [undefined, '', 'a.b.c', '...', 'x'.repeat(5000), `${sealed}.extra`]) {
    assert.equal(openPendingSignIn(secret, garbage, now), undefined);
  }
});
