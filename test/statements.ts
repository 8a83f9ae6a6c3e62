import assert from 'node:assert/strict';

/**
 * Splits the statements logged around one request (lower-cased SQL) into the request's own and those of the audit
 * sealer that its commit started. On PostgreSQL a handle seals after the commit (src/audit/audit.service.ts): the
 * request writes its events as a pending batch, and the sealer's transaction follows its commit. Everything after
 * the request's first commit must be the sealer's, touching nothing but the audit tables; on a handle that seals
 * inline nothing follows.
 */
export function splitSealing(all: readonly string[]): { own: string[]; sealing: string[] } {
  const begin = all.findIndex((statement) => statement.startsWith('begin'));
  const commit = begin < 0 ? -1 : all.indexOf('commit', begin);
  if (commit < 0) return { own: [...all], sealing: [] };
  const own = all.slice(0, commit + 1);
  const sealing = all.slice(commit + 1);
  for (const statement of sealing) {
    assert.match(
      statement,
      /^(begin|commit)$|"audit_(pending_events|events|chain_head)"/,
      `after the request's commit only the sealer runs:\n${all.join('\n')}`,
    );
  }
  return { own, sealing };
}
