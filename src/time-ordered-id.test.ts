import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeOrderedId } from './time-ordered-id.ts';

test('time-ordered ids are UUIDs of version 7 with the RFC 9562 variant, unique and in the order they were made', () => {
  const ids = Array.from({ length: 20_000 }, () => timeOrderedId());
  for (const id of ids.slice(0, 100)) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, id);
  }
  assert.equal(new Set(ids).size, ids.length, 'no id twice');
  assert.deepEqual([...ids].sort(), ids, 'sorted as text, they are in the order made');
});

test("an id carries its millisecond, and ids of one millisecond stay in order past the counter's 4,096", () => {
  const at = Date.parse('2030-01-01T00:00:00Z');
  const ids = Array.from({ length: 5_000 }, () => timeOrderedId(at));
  assert.equal(Number.parseInt(ids[0]?.replace('-', '').slice(0, 12) ?? '', 16), at);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // A clock that steps back does not break the order either.
  const later = timeOrderedId(at - 1000);
  assert.ok(later > (ids.at(-1) ?? ''));
});
