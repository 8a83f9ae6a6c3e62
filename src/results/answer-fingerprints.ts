/**
 * Each submitted organisation's answers as fingerprints, kept with a release so that a later version can tell which
 * organisations changed in between (the differences between versions are protected as tables of those
 * organisations, `disclosure/release-differences.ts`). Per organisation and question it was shown: a hash of its
 * answer as the figures count it (null when left unanswered). Not the answers, but as confidential as they are (the
 * few possible answers to a question can be hashed and compared), so never published.
 */
import { createHash } from 'node:crypto';
import type { AnswerFingerprints } from '../disclosure/release-differences.ts';
import type { OrganisationType } from './groups.ts';
import { collectAnswerColumn, type RoundData, type RoundQuestion, type Visibility } from './round-figures.ts';

/** Fingerprints of every submitted organisation's answers to the round's published questions. */
export function fingerprintOrganisations(
  data: RoundData,
  visibility: Visibility,
  questions: readonly RoundQuestion[],
): AnswerFingerprints {
  const fingerprints: Record<string, Record<string, string>> = {};
  for (const code of data.answers.keys()) fingerprints[code] = {};
  for (const { question, types } of questions) {
    for (const type of types as readonly OrganisationType[]) {
      const { population, answers } = collectAnswerColumn(data, visibility, question.key, [type]);
      population.forEach((member, index) => {
        const raw = answers[index];
        // The order of chosen options is no change.
        const value = Array.isArray(raw) ? [...raw].map(String).sort() : raw;
        const own = fingerprints[member.code];
        if (value === undefined || own === undefined) return;
        own[question.key] = createHash('sha256')
          .update(`${member.code}\n${question.key}\n${JSON.stringify(value)}`)
          .digest('hex')
          .slice(0, 16);
      });
    }
  }
  return fingerprints;
}
