import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the audit key comes from: AUDIT_KEY, or a file (generated on first start when missing). */
export type AuditKeySource = { key: string | null; file: string };

/**
 * The key that signs the audit chain's head, kept outside the database: AUDIT_KEY, or else the key file, created
 * with a random key (readable by its owner only) the first time; `warn` says so, since a key beside the database is
 * lost or stolen with it. Several instances starting at once read the one file the first of them wrote.
 */
export function resolveAuditKey(source: AuditKeySource, warn: (message: string) => void): string {
  if (source.key !== null) return source.key;
  try {
    return readKeyFile(source.file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  mkdirSync(dirname(source.file), { recursive: true });
  try {
    // 'wx': only one of several instances starting at once creates it; the others read it below.
    writeFileSync(source.file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    warn(
      `AUDIT_KEY is not set: generated an audit key in ${source.file}. Keep a copy apart from the database backups, or set AUDIT_KEY.`,
    );
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  return readKeyFile(source.file);
}

function readKeyFile(file: string): string {
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`The audit key in ${file} is shorter than 32 characters.`);
  return key;
}

/** The HMAC-SHA-256 of a chain head (its sequence number and its newest event's hash) under the key. */
export function signAuditHead(key: string, head: { sequence: number; hash: string }): string {
  return createHmac('sha256', key).update(`lagesbild-audit-head:${head.sequence}:${head.hash}`).digest('hex');
}

/** Whether a signature is the key's signature of the head (compared in constant time). */
export function isAuditHeadSignatureValid(
  key: string,
  head: { sequence: number; hash: string },
  signature: string | null,
): boolean {
  if (signature === null) return false;
  const expected = Buffer.from(signAuditHead(key, head), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
