import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MailDelivery } from '../mail/outbox.service.ts';
import { findLatestDeliveries, listFailedInvitations, matchesDeliveryFilter, toDeliveryState } from './delivery.ts';

function mail(overrides: Partial<MailDelivery>): MailDelivery {
  return {
    id: 'a',
    kind: 'invitation',
    recipient: 'kontakt@kommun.se',
    roundId: 'r',
    organisationCode: '0180',
    status: 'queued',
    attempts: 0,
    notBefore: '2026-03-01T08:00:00.000Z',
    lastError: null,
    createdAt: '2026-03-01T08:00:00.000Z',
    sentAt: null,
    updatedAt: '2026-03-01T08:00:00.000Z',
    ...overrides,
  };
}

test('a mail’s state: queued, retrying (with the next attempt and the reason), sent, failed', () => {
  assert.deepEqual(
    [
      mail({}),
      mail({ lastError: '451 later', notBefore: '2026-03-01T08:00:30.000Z' }),
      mail({ status: 'sent', sentAt: '2026-03-01T08:00:02.000Z', lastError: '451 later' }),
      mail({ status: 'failed', lastError: '550 unknown', updatedAt: '2026-03-01T08:01:00.000Z' }),
    ].map((row) => {
      const state = toDeliveryState(row);
      return [state.state, state.at, state.reason];
    }),
    [
      ['queued', '2026-03-01T08:00:00.000Z', null],
      ['retrying', '2026-03-01T08:00:30.000Z', '451 later'],
      ['sent', '2026-03-01T08:00:02.000Z', null],
      ['failed', '2026-03-01T08:01:00.000Z', '550 unknown'],
    ],
  );
});

test('the latest invitation or reminder counts per organisation; receipts and colleague mail do not', () => {
  const rows = [
    mail({ id: '1', status: 'failed', lastError: '550' }),
    mail({ id: '2', kind: 'manual-reminder', status: 'sent', createdAt: '2026-03-05T08:00:00.000Z' }),
    mail({ id: '3', kind: 'receipt', createdAt: '2026-03-09T08:00:00.000Z' }),
    mail({ id: '4', organisationCode: '1280', status: 'failed', lastError: '550 no such user' }),
    mail({ id: '5', organisationCode: '01', kind: 'colleague', createdAt: '2026-03-02T08:00:00.000Z' }),
  ];
  const latest = findLatestDeliveries(rows);
  assert.deepEqual(
    [...latest].map(([code, state]) => [code, state.id, state.state]),
    [
      ['0180', '2', 'sent'],
      ['1280', '4', 'failed'],
    ],
  );
  assert.deepEqual([...listFailedInvitations(rows).keys()], ['0180', '1280']);
  assert.equal(matchesDeliveryFilter(null, 'none'), true);
  assert.equal(matchesDeliveryFilter(latest.get('0180') ?? null, 'none'), false);
  assert.equal(matchesDeliveryFilter(toDeliveryState(mail({ lastError: '451' })), 'queued'), true);
  assert.equal(matchesDeliveryFilter(latest.get('1280') ?? null, 'failed'), true);
  assert.equal(matchesDeliveryFilter(latest.get('1280') ?? null, 'sent'), false);
});
