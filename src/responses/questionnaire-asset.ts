/**
 * The questionnaire version the form's script evaluates conditions with, served as its own cacheable file instead of
 * inside every section page: it is about 50 kB of JSON (80 % of a section page), the same for every respondent of a
 * version, and serialising, escaping and sending it with each page was most of that page's cost under load.
 */
import { createHash } from 'node:crypto';
import type { QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';

type SerialisedVersion = { json: string; hash: string };

// Parsed versions are shared objects per stored definition (questionnaires.service), so the object keys its JSON;
// a replaced version is a new object with a new hash.
const serialised = new WeakMap<QuestionnaireVersion, SerialisedVersion>();

/** The version as JSON with a hash of that JSON, computed once per version object. */
export function serialiseVersion(version: QuestionnaireVersion): SerialisedVersion {
  const cached = serialised.get(version);
  if (cached) return cached;
  const json = JSON.stringify(version);
  const entry = { json, hash: createHash('sha256').update(json).digest('hex').slice(0, 16) };
  serialised.set(version, entry);
  return entry;
}

/** The address of the version's file; the hash in it changes with the content, so browsers may keep it for good. */
export function questionnaireAssetPath(version: QuestionnaireVersion): string {
  return `/assets/questionnaires/${encodeURIComponent(version.id)}?v=${serialiseVersion(version).hash}`;
}
