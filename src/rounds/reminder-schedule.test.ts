import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countDaysLeft, findDueReminderDays } from './reminder-schedule.ts';

const round = {
  reminderDays: [14, 7, 2],
  opensAt: '2026-03-01T08:00:00.000Z',
  closesAt: '2026-03-31T21:59:00.000Z',
};
const at = (iso: string) => new Date(iso);

test('no reminder is due before the first slot', () => {
  assert.equal(findDueReminderDays(round, at('2026-03-17T21:58:00.000Z')), null);
});

test('the latest due slot is the one sent', () => {
  assert.equal(findDueReminderDays(round, at('2026-03-17T21:59:00.000Z')), 14);
  assert.equal(findDueReminderDays(round, at('2026-03-25T00:00:00.000Z')), 7);
  assert.equal(findDueReminderDays(round, at('2026-03-30T12:00:00.000Z')), 2);
});

test('nothing is due after closing, and a slot before opening never is', () => {
  assert.equal(findDueReminderDays(round, at('2026-03-31T21:59:00.000Z')), null);
  const late = { ...round, opensAt: '2026-03-20T08:00:00.000Z' };
  assert.equal(findDueReminderDays(late, at('2026-03-21T08:00:00.000Z')), null);
  assert.equal(findDueReminderDays(late, at('2026-03-25T08:00:00.000Z')), 7);
});

test('days left round up', () => {
  assert.equal(countDaysLeft('2026-03-31T21:59:00.000Z', at('2026-03-24T21:59:00.000Z')), 7);
  assert.equal(countDaysLeft('2026-03-31T21:59:00.000Z', at('2026-03-24T22:00:00.000Z')), 7);
  assert.equal(countDaysLeft('2026-03-31T21:59:00.000Z', at('2026-03-31T22:00:00.000Z')), 0);
});
