import { randomFillSync } from 'node:crypto';

/**
 * A UUID of version 7 (RFC 9562): the first 48 bits are the time in milliseconds, so ids made later sort later
 * (within one millisecond a counter in the next 12 bits keeps them in order, for this process). Used for rows that
 * are inserted often and never looked up in random order by their id (the answers' history): a new row's id lands
 * at the end of the primary key's index instead of on a random page of it, which on SQLite is one page written per
 * insert instead of one per row (`answer_changes` of a section save: 6 rows).
 */
export function timeOrderedId(now = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    counter = 0;
  } else if (counter < 0xfff) {
    counter += 1;
  } else {
    // 4,096 ids within one millisecond: borrow the next millisecond, so the order still holds.
    lastTime += 1;
    counter = 0;
  }
  randomFillSync(random);
  const time = lastTime.toString(16).padStart(12, '0');
  const versionAndCounter = (0x7000 | counter).toString(16);
  const variant = ((random[0] ?? 0) & 0x3f) | 0x80;
  const tail = Buffer.from(random.subarray(1)).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8)}-${versionAndCounter}-${variant.toString(16)}${tail.slice(0, 2)}-${tail.slice(2, 14)}`;
}

let lastTime = 0;
let counter = 0;
const random = new Uint8Array(8);
