import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStockholm, fromStockholmLocal, toStockholmLocal } from './stockholm-time.ts';

test('Stockholm wall-clock time converts to UTC in winter and in summer', () => {
  assert.equal(fromStockholmLocal('2026-03-01T09:00'), '2026-03-01T08:00:00.000Z');
  assert.equal(fromStockholmLocal('2026-06-30 23:59'), '2026-06-30T21:59:00.000Z');
  assert.equal(toStockholmLocal('2026-06-30T21:59:00.000Z'), '2026-06-30T23:59');
  assert.equal(formatStockholm('2026-03-01T08:00:00.000Z'), '2026-03-01 09:00');
});

test('a malformed time or the hour skipped at the start of summer time is refused', () => {
  assert.equal(fromStockholmLocal('2026-03-29T02:30'), undefined);
  assert.equal(fromStockholmLocal('2026-02-30T10:00'), undefined);
  assert.equal(fromStockholmLocal('31/3 2026'), undefined);
  // The repeated hour in October reads as its first occurrence (summer time).
  assert.equal(fromStockholmLocal('2026-10-25T02:30'), '2026-10-25T00:30:00.000Z');
});
