/**
 * The last few disclosure protections of this process, by the SHA-256 of everything a protection depends on: the
 * linked tables (every figure and every organisation's answers), the policy and the earlier versions it is
 * protected against. The coordinator's results page, its facts and a publication compute the same round's
 * figures again and again while nothing changes, and a protection of the 311 organisations takes seconds of CPU;
 * the same inputs always give the same pattern, so the pattern is computed once. A changed answer, setting or
 * earlier version changes the key. Requests that ask at the same time share one computation.
 */
import { createHash } from 'node:crypto';
import type { LinkedTable } from '../disclosure/linked-set.ts';
import type { ProtectionOutcome } from '../disclosure/protect-linked-set.ts';

/** Protections kept: a few rounds (or versions) worked on side by side. */
const keptProtections = 4;
const protections = new Map<string, Promise<ProtectionOutcome>>();

/**
 * Returns the protection of the inputs, computing it only when none of the kept ones has the same inputs. Each
 * caller gets its own copy, so that no caller changes what another reads.
 */
export async function protectOnce(
  inputs: { kind: string; tables: readonly LinkedTable[]; rest: unknown },
  compute: () => Promise<ProtectionOutcome>,
): Promise<ProtectionOutcome> {
  const key = hashInputs(inputs);
  let pending = protections.get(key);
  if (pending === undefined) {
    pending = compute();
    protections.set(key, pending);
    // A failed computation is not kept: the next request tries again.
    pending.catch(() => protections.delete(key));
    for (const oldest of protections.keys()) {
      if (protections.size <= keptProtections) break;
      protections.delete(oldest);
    }
  } else {
    // The most recently used last, so that the oldest goes first.
    protections.delete(key);
    protections.set(key, pending);
  }
  return structuredClone(await pending);
}

/** Forgets every kept protection (for a test that measures a computation). */
export function forgetProtections(): void {
  protections.clear();
}

/** SHA-256 of the inputs as JSON, maps and sets as lists, each organisations array (shared by a type's tables) once. */
function hashInputs(inputs: { kind: string; tables: readonly LinkedTable[]; rest: unknown }): string {
  const hash = createHash('sha256');
  const organisationArrays = new Map<unknown, number>();
  const replacer = (key: string, value: unknown): unknown => {
    if (key === 'organisations' && Array.isArray(value)) {
      let number = organisationArrays.get(value);
      if (number === undefined) {
        number = organisationArrays.size;
        organisationArrays.set(value, number);
        hash.update(`organisations ${number}:${JSON.stringify(value)}\n`);
      }
      return `organisations ${number}`;
    }
    if (value instanceof Map) return { map: [...value] };
    if (value instanceof Set) return { set: [...value] };
    return value;
  };
  hash.update(`${inputs.kind}\n`);
  for (const table of inputs.tables) hash.update(`${JSON.stringify(table, replacer)}\n`);
  hash.update(JSON.stringify(inputs.rest, replacer));
  return hash.digest('hex');
}
