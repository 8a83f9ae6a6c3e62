import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifySendFailure } from './mailer.ts';
import { findRetryDelayMs, mailRetryPolicy } from './retry-policy.ts';

test('retries wait 30 s, then double, up to an hour; twelve attempts in all', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 40].map((attempts) => findRetryDelayMs(attempts) / 1000),
    [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600],
  );
  assert.equal(mailRetryPolicy.maxAttempts, 12);
});

function smtpError(properties: Record<string, unknown>): Error {
  return Object.assign(new Error('failed'), properties);
}

test('5xx replies are permanent; 4xx, connection failures and a refused login are temporary', () => {
  assert.deepEqual(classifySendFailure(smtpError({ responseCode: 550, response: '550 5.1.1 <x@y.se>: unknown' })), {
    isPermanent: true,
    reply: '550 5.1.1 <x@y.se>: unknown',
  });
  assert.deepEqual(classifySendFailure(smtpError({ responseCode: 451, response: '451 4.7.1 Greylisted' })), {
    isPermanent: false,
    reply: '451 4.7.1 Greylisted',
  });
  assert.deepEqual(classifySendFailure(smtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })), {
    isPermanent: false,
    reply: 'connect ECONNREFUSED',
  });
  assert.equal(
    classifySendFailure(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8' })).isPermanent,
    false,
  );
  assert.equal(classifySendFailure('socket hang up').isPermanent, false);
  assert.equal(classifySendFailure(smtpError({ responseCode: 554, response: 'x'.repeat(900) })).reply.length, 500);
});
