import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatP, formatShare } from './figure-format.ts';

test('a share is 100 % only when everyone gave the answer and 0 % only when nobody did', () => {
  assert.equal(formatShare(238 / 239, 'sv'), '> 99 %');
  assert.equal(formatShare(238 / 239, 'en'), '> 99%');
  assert.equal(formatShare(1 / 239, 'sv'), '< 1 %');
  assert.equal(formatShare(1 / 239, 'en'), '< 1%');
  assert.equal(formatShare(1, 'sv'), '100 %');
  assert.equal(formatShare(0, 'en'), '0%');
  assert.equal(formatShare(0.7, 'sv'), '70 %');
  assert.equal(formatShare(0.994, 'sv'), '99 %');
  assert.equal(formatShare(0.006, 'en'), '1%');
});

test('with one decimal the same rule holds at 99,9 % and 0,1 %', () => {
  assert.equal(formatShare(238 / 239, 'sv', 1), '99,6 %');
  assert.equal(formatShare(2999 / 3000, 'sv', 1), '> 99,9 %');
  assert.equal(formatShare(2999 / 3000, 'en', 1), '> 99.9%');
  assert.equal(formatShare(1 / 3000, 'sv', 1), '< 0,1 %');
  assert.equal(formatShare(1, 'sv', 1), '100,0 %');
  assert.equal(formatShare(0.125, 'en', 1), '12.5%');
});

test('p-values read "p = 0,034" or "p < 0,001", never "p = < 0,001"', () => {
  assert.equal(formatP(0.0342, 'sv'), 'p = 0,034');
  assert.equal(formatP(0.0004, 'sv'), 'p < 0,001');
  assert.equal(formatP(0.0004, 'en'), 'p < 0.001');
  assert.equal(formatP(0.5, 'en'), 'p = 0.50');
});
