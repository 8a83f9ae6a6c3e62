/**
 * The real answers behind a round, counted independently of the product: the tests hold every claim of the
 * attacker against them (a false claim is a bug in the attacker), and the leaky hand-made publication is computed
 * from them.
 */
import type { QuestionSpec } from './answers.ts';
import type { Finding } from './attacker.ts';
import type { Answers, FollowUp, RoundAnswers } from './public-data.ts';

export interface GroupTruth {
  shown: number;
  respondents: number;
  counts: Map<string, number>;
  values: number[];
}

function isShown(answers: Answers, followUp: FollowUp | undefined): boolean {
  if (!followUp) return true;
  const parent = answers.get(followUp.parent);
  return typeof parent === 'string' && followUp.triggers.includes(parent);
}

/** Counts one question over a group's members from the real answers. */
export function countGroup(
  round: RoundAnswers,
  members: readonly string[],
  questionKey: string,
  followUp: FollowUp | undefined,
): GroupTruth {
  const truth: GroupTruth = { shown: 0, respondents: 0, counts: new Map(), values: [] };
  for (const code of members) {
    const answers = round.get(code);
    if (!answers || !isShown(answers, followUp)) continue;
    truth.shown += 1;
    const value = answers.get(questionKey);
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    truth.respondents += 1;
    if (typeof value === 'number') {
      truth.values.push(value);
      continue;
    }
    for (const code of Array.isArray(value) ? value : [value])
      truth.counts.set(code, (truth.counts.get(code) ?? 0) + 1);
  }
  return truth;
}

/** Whether a finding is true of the real answers. */
export function isFindingTrue(
  finding: Finding,
  truthByVersion: ReadonlyMap<number, RoundAnswers>,
  followUps: Record<string, FollowUp>,
): boolean {
  const round = truthByVersion.get(finding.version);
  if (!round) return false;
  if (finding.kind === 'answer') {
    const value = round.get(finding.organisation)?.get(finding.questionKey);
    return Array.isArray(value) ? value.includes(finding.answerCode) : value === finding.answerCode;
  }
  const truth = countGroup(round, finding.members, finding.questionKey, followUps[finding.questionKey]);
  if (finding.kind === 'cell') return (truth.counts.get(finding.answerCode) ?? 0) === finding.value;
  if (finding.kind === 'direction') return (truth.counts.get(finding.answerCode) ?? 0) >= truth.respondents - 1;
  return truth.respondents === finding.respondents && truth.values.includes(finding.value);
}

/**
 * Whether a true finding gives away what the publication must protect. The public may work out no suppressed count
 * and no answer. An organisation that knows its own answers may not work out another organisation's answer, nor a
 * count of a group that is small (fewer respondents than the threshold) or near-unanimous (fewer than two
 * respondents who did not give the most common answer; for multiple choice, who did not make the same choice on
 * some option). It may work out a count that would have been published on its own merits, withheld only to protect
 * another figure: that count tells it nothing the publisher meant to keep from anyone. Judged on the real answers,
 * with the rules written here and not taken from the product.
 */
export function isDisclosure(
  finding: Finding,
  truthByVersion: ReadonlyMap<number, RoundAnswers>,
  followUps: Record<string, FollowUp>,
  questions: readonly QuestionSpec[],
  threshold: number,
): boolean {
  if (finding.kind !== 'cell' || finding.knower === null) return true;
  const round = truthByVersion.get(finding.version);
  const question = questions.find((candidate) => candidate.key === finding.questionKey);
  if (!round || !question) return true;
  const truth = countGroup(round, finding.members, finding.questionKey, followUps[finding.questionKey]);
  if (truth.respondents < threshold) return true;
  const count = (code: string) => truth.counts.get(code) ?? 0;
  if (question.kind === 'multiple') {
    return question.options.some((code) => Math.min(count(code), truth.respondents - count(code)) < 2);
  }
  const largest = Math.max(0, ...question.options.map(count));
  return truth.respondents - largest < 2;
}

/** One line per finding, for a failing test's message. */
export function describeFinding(finding: Finding): string {
  const where = `[${finding.attack}] v${finding.version} ${finding.questionKey}`;
  if (finding.kind === 'answer') {
    const by = finding.knower ? ` (known to ${finding.knower} from its own answers)` : '';
    return `${where}: ${finding.organisation} answered ${finding.answerCode}${by}`;
  }
  if (finding.kind === 'cell') {
    const by = finding.knower ? ` (known to ${finding.knower} from its own answers)` : '';
    return `${where} ${finding.groupId}: suppressed count of ${finding.answerCode} is ${finding.value}${by}`;
  }
  if (finding.kind === 'direction')
    return `${where} ${finding.groupId}: all or all but one answered ${finding.answerCode}`;
  return `${where} ${finding.groupId}: ${finding.value} is an answer of one of ${finding.respondents} respondents`;
}
