/**
 * A deliberately leaky publication, made by hand for the attacker's own test: per-table disclosure control only
 * (fewer than the threshold of respondents, or all or all but one alike; national totals exempt; one complementary
 * cell per table, chosen without looking at the other tables), exact type-7 quartiles, and the rule that applied
 * published as the reason. The attacker must break it.
 */
import type { QuestionSpec } from './answers.ts';
import type { PublicFigure, PublishedRelease, RegistryEntry, RoundAnswers } from './public-data.ts';
import { countGroup } from './truth.ts';

interface LeakyGroup {
  type: 'kommun' | 'region';
  kind: string;
  key: string;
  members: string[];
}

function groupsOf(registry: readonly RegistryEntry[], surveyed: readonly string[]): LeakyGroup[] {
  const entries = registry.filter((entry) => surveyed.includes(entry.code));
  const groups: LeakyGroup[] = [];
  const add = (type: 'kommun' | 'region', kind: string, keyOf: (entry: RegistryEntry) => string | null) => {
    const keys = [...new Set(entries.filter((e) => e.type === type).map(keyOf))].filter((key) => key !== null);
    for (const key of keys.sort()) {
      const members = entries.filter((entry) => entry.type === type && keyOf(entry) === key).map((e) => e.code);
      groups.push({ type, kind, key, members });
    }
  };
  add('kommun', 'organisation-type', () => 'kommun');
  add('kommun', 'main-group', (entry) => entry.mainGroup);
  add('kommun', 'municipality-group', (entry) => entry.municipalityGroup);
  add('kommun', 'county', (entry) => entry.countyCode);
  add('region', 'organisation-type', () => 'region');
  return groups;
}

function quantile(sorted: readonly number[], probability: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * probability;
  const low = Math.floor(position);
  const lowValue = sorted[low] ?? 0;
  const highValue = sorted[Math.min(low + 1, sorted.length - 1)] ?? lowValue;
  return lowValue + (position - low) * (highValue - lowValue);
}

/** Publishes the answers with per-table suppression only. */
export function publishLeakily(
  registry: readonly RegistryEntry[],
  surveyed: readonly string[],
  questions: readonly QuestionSpec[],
  answers: RoundAnswers,
  version: number,
  threshold = 5,
): PublishedRelease {
  const groups = groupsOf(registry, surveyed);
  const figures: PublicFigure[] = [];
  for (const question of questions) {
    const truths = groups.map((group) => countGroup(answers, group.members, question.key, question.followUp));
    const reasons = groups.map((group, index): string | null => {
      const truth = truths[index];
      if (!truth || group.kind === 'organisation-type') return null;
      if (truth.respondents < threshold) return 'primary';
      const isAlike = [...truth.counts.values()].some((count) => count >= truth.respondents - 1);
      return question.kind === 'choice' && isAlike ? 'primary' : null;
    });
    // Complementary suppression per table: a lone suppressed sub-group takes the smallest other one with it.
    for (const kind of ['main-group', 'municipality-group', 'county']) {
      const indexes = groups.flatMap((group, index) => (group.kind === kind ? [index] : []));
      const hidden = indexes.filter((index) => reasons[index] !== null);
      if (hidden.length !== 1) continue;
      const smallest = indexes
        .filter((index) => reasons[index] === null)
        .sort((a, b) => (truths[a]?.respondents ?? 0) - (truths[b]?.respondents ?? 0))[0];
      if (smallest !== undefined) reasons[smallest] = 'complementary';
    }
    for (const [index, group] of groups.entries()) {
      const truth = truths[index];
      if (!truth) continue;
      const reason = reasons[index] ?? null;
      const sorted = [...truth.values].sort((a, b) => a - b);
      const base = {
        organisationType: group.type,
        questionKey: question.key,
        questionType: question.questionType,
        groupKind: group.kind,
        groupKey: group.key,
        population: group.members.length,
        respondents: reason ? null : truth.respondents,
        itemNonResponse: reason ? null : truth.shown - truth.respondents,
        median: null,
        firstQuartile: null,
        thirdQuartile: null,
        isSuppressed: reason !== null,
        reason,
      };
      if (question.kind === 'number') {
        figures.push({
          ...base,
          answerCode: null,
          count: null,
          ...(reason
            ? {}
            : {
                median: quantile(sorted, 0.5),
                firstQuartile: quantile(sorted, 0.25),
                thirdQuartile: quantile(sorted, 0.75),
              }),
        });
        continue;
      }
      for (const option of question.options) {
        figures.push({ ...base, answerCode: option, count: reason ? null : (truth.counts.get(option) ?? 0) });
      }
    }
  }
  return { version, threshold, figures };
}
