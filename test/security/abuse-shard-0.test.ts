import { test } from 'node:test';
import { runAbuseShard } from './abuse-harness.ts';

test('hostile input to every form and JSON endpoint (shard 1 of 2): no 5xx, no reflected script, no stray writes', () =>
  runAbuseShard(0, 2));
