/**
 * An attacker on a published round: it reads only the public figures of each release version (and, per attack,
 * what one organisation knows of its own answers) and tries the differencing attacks of issue 13. Every finding
 * is a claim about the hidden data that follows from what was published; `check.ts` holds the claims against the
 * real answers, so a test both finds leaks and proves the attacker's reasoning sound.
 */
import { AttackModel, allFamilies, type Families } from './attack-model.ts';
import type { OrganisationType, PublicKnowledge, PublishedRelease, RoundAnswers } from './public-data.ts';
import { groupIdOf, readGroups } from './public-structure.ts';

export const attackNames = [
  'follow-up',
  'group-differencing',
  'unanimity-direction',
  'one-kommun-county',
  'national-unanimity',
  'quartiles',
  'release-differencing',
  'exact-reconstruction',
  'own-answers',
] as const;
export type AttackName = (typeof attackNames)[number];

interface Place {
  attack: AttackName;
  version: number;
  questionKey: string;
}

/** A suppressed answer count that only one value fits. */
export interface CellFinding extends Place {
  kind: 'cell';
  groupId: string;
  members: string[];
  answerCode: string;
  value: number;
  /** The organisation whose own answers the attacker used, or null for the public alone. */
  knower: string | null;
}

/** One organisation's answer that the attacker did not know. */
export interface AnswerFinding extends Place {
  kind: 'answer';
  organisation: string;
  answerCode: string;
  /** The organisation whose own answers the attacker used, or null for the public alone. */
  knower: string | null;
}

/** In a suppressed group of at least the threshold, all or all but one gave this answer. */
export interface DirectionFinding extends Place {
  kind: 'direction';
  groupId: string;
  members: string[];
  answerCode: string;
}

/** A published quartile or median of a small group that is one organisation's exact answer. */
export interface QuantileFinding extends Place {
  kind: 'quantile';
  groupId: string;
  members: string[];
  respondents: number;
  value: number;
}

export type Finding = CellFinding | AnswerFinding | DirectionFinding | QuantileFinding;

export interface AttackInput {
  releases: readonly PublishedRelease[];
  knowledge: PublicKnowledge;
  /** Each organisation's own answers per version, for the attacks by an organisation that knows its own. */
  ownAnswers?: ReadonlyMap<number, RoundAnswers>;
  /** The organisations that attack with their own answers (a sample; every region is always added). */
  insiders?: readonly string[];
  /** Largest number of values whose exact quartiles count as revealing an answer. */
  smallGroupValues?: number;
}

const types: OrganisationType[] = ['kommun', 'region'];
const none = { isUnanimityRead: false, isProbed: false };

function findingKey(finding: Finding): string {
  const base = `${finding.kind}|${finding.version}|${finding.questionKey}`;
  if (finding.kind === 'answer') return `${base}|${finding.organisation}|${finding.answerCode}`;
  if (finding.kind === 'quantile') return `${base}|${finding.groupId}|${finding.value}`;
  return `${base}|${finding.groupId}|${finding.answerCode}`;
}

/** Collects findings without repeats (the first attack to find something keeps it). */
class Findings {
  readonly list: Finding[] = [];
  private readonly seen = new Set<string>();

  add(finding: Finding): void {
    const key = `${finding.attack}|${findingKey(finding)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(finding);
  }

  has(finding: Finding): boolean {
    return this.list.some((known) => findingKey(known) === findingKey(finding));
  }
}

/** The suppressed answer counts and the individual answers that the model's bounds pin down. */
function readConclusions(attack: AttackName, subject: AttackModel, knower: string | null): Finding[] {
  const findings: Finding[] = [];
  const { model } = subject;
  for (const [variable, reference] of subject.cellReferences) {
    if (!reference.measure.startsWith('count:')) continue;
    if (!subject.isSuppressed(reference.version, reference.questionKey, reference.groupId)) continue;
    if (!model.isFixed(variable)) continue;
    const respondents = subject.cells.get(
      `${reference.version}|${reference.questionKey}|${reference.groupId}|respondents`,
    );
    // A group that no one answered has nothing to reveal, nor a zero that the published national zero implies.
    if (respondents === undefined || model.upper[respondents] === 0) continue;
    // Nor a group whose only member is the knower: its counts are the knower's own answers, which it did know.
    const members = subject.groups.get(reference.groupId)?.members ?? [];
    if (knower !== null && members.length === 1 && members[0] === knower) continue;
    const national = [...subject.groups.values()].find((group) => group.kind === 'organisation-type');
    const nationalCell = subject.cells.get(
      `${reference.version}|${reference.questionKey}|${national?.id}|${reference.measure}`,
    );
    const isNationalZero =
      national !== undefined &&
      !subject.isSuppressed(reference.version, reference.questionKey, national.id) &&
      nationalCell !== undefined &&
      model.upper[nationalCell] === 0;
    if (isNationalZero) continue;
    findings.push({
      attack,
      kind: 'cell',
      version: reference.version,
      questionKey: reference.questionKey,
      groupId: reference.groupId,
      members: subject.groups.get(reference.groupId)?.members ?? [],
      answerCode: reference.measure.slice('count:'.length),
      value: model.lower[variable] ?? 0,
      knower,
    });
  }
  for (const [key, variable] of subject.individuals) {
    const [version, organisation, questionKey, state] = key.split('|');
    if (state === 'respondent' || state === 'skipped' || organisation === knower) continue;
    if ((model.lower[variable] ?? 0) < 1) continue;
    findings.push({
      attack,
      kind: 'answer',
      version: Number(version),
      questionKey: questionKey ?? '',
      organisation: organisation ?? '',
      answerCode: state ?? '',
      knower,
    });
  }
  return findings;
}

/**
 * `primary` on a group with at least the threshold of respondents can only mean that all, or all but one, gave the
 * same answer (the codebook says so). Tries each reading against everything else known and keeps the only one
 * left, which tells the direction. Returns the groups whose direction was found.
 */
function eliminateUnanimityCases(
  attack: AttackName,
  subject: AttackModel,
  threshold: number,
  only?: (groupId: string) => boolean,
): Finding[] {
  const findings: Finding[] = [];
  const { model } = subject;
  for (const where of subject.primary) {
    const [versionText, questionKey, groupId] = where.split('|');
    const version = Number(versionText);
    const question = subject.questions.find((candidate) => candidate.key === questionKey);
    if (!question || question.kind !== 'choice' || !groupId || (only && !only(groupId))) continue;
    const respondents = subject.cell(version, question.key, groupId, 'respondents');
    const readings = [
      { answerCode: null as string | null, terms: [[respondents, 1] as const], lower: 0, upper: threshold - 1 },
      ...question.options.map((option) => ({
        answerCode: option as string | null,
        terms: [
          [subject.cell(version, question.key, groupId, `count:${option}`), 1] as const,
          [respondents, -1] as const,
        ],
        lower: -1,
        upper: Number.POSITIVE_INFINITY,
      })),
    ];
    const possible = readings.filter((reading) =>
      model.isPossible(() => model.impose(reading.terms, reading.lower, reading.upper)),
    );
    if (possible.length === 0) throw new Error(`${where}: no reading of "primary" fits what was published`);
    const [only_] = possible;
    if (possible.length !== 1 || !only_) continue;
    model.impose(only_.terms, only_.lower, only_.upper);
    if (only_.answerCode === null) continue;
    findings.push({
      attack,
      kind: 'direction',
      version,
      questionKey: question.key,
      groupId,
      members: subject.groups.get(groupId)?.members ?? [],
      answerCode: only_.answerCode,
    });
  }
  return findings;
}

function suppressedCountCells(subject: AttackModel, only?: (groupId: string) => boolean): number[] {
  const cells: number[] = [];
  for (const [variable, reference] of subject.cellReferences) {
    if (!subject.isSuppressed(reference.version, reference.questionKey, reference.groupId)) continue;
    if (!reference.measure.startsWith('count:') || (only && !only(reference.groupId))) continue;
    cells.push(variable);
  }
  return cells;
}

/** Runs one attack's model over the public figures: propagation, the unanimity readings if asked, probing. */
function solve(
  attack: AttackName,
  releases: readonly PublishedRelease[],
  knowledge: PublicKnowledge,
  type: OrganisationType,
  families: Families,
  options: { isUnanimityRead: boolean; isProbed: boolean },
): { subject: AttackModel; findings: Finding[] } {
  const subject = new AttackModel(releases, knowledge, type, families);
  subject.model.propagate();
  const findings: Finding[] = [];
  const threshold = releases[0]?.threshold ?? 5;
  if (options.isUnanimityRead) findings.push(...eliminateUnanimityCases(attack, subject, threshold));
  if (options.isProbed) subject.model.probe(suppressedCountCells(subject), 3);
  findings.push(...readConclusions(attack, subject, null));
  return { subject, findings };
}

function hasType(release: PublishedRelease, type: OrganisationType): boolean {
  return release.figures.some((figure) => figure.organisationType === type);
}

/** Exact quartiles and medians (type 7) of groups of at most `smallGroupValues` respondents. */
function findExactQuantiles(release: PublishedRelease, knowledge: PublicKnowledge, limit: number): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map(
    types
      .filter((type) => hasType(release, type))
      .flatMap((type) => [...readGroups(release.figures, knowledge, type).groups]),
  );
  for (const figure of release.figures) {
    if (figure.answerCode !== null || figure.isSuppressed || figure.respondents === null) continue;
    const n = figure.respondents;
    if (n < 1 || n > limit) continue;
    const groupId = groupIdOf(figure);
    const members = groups.get(groupId)?.members ?? [];
    const quantiles: Array<[number, number | null]> = [
      [0.25, figure.firstQuartile],
      [0.5, figure.median],
      [0.75, figure.thirdQuartile],
    ];
    for (const [probability, value] of quantiles) {
      // Type 7 interpolates at (n - 1) p; a whole position is one respondent's value.
      if (value === null || !Number.isInteger((n - 1) * probability)) continue;
      findings.push({
        attack: 'quartiles',
        kind: 'quantile',
        version: release.version,
        questionKey: figure.questionKey,
        groupId,
        members,
        respondents: n,
        value,
      });
    }
  }
  return findings;
}

/** Runs every attack over the releases of one round and returns what each one recovered. */
export function attackRound(input: AttackInput): Finding[] {
  const findings = new Findings();
  const { knowledge } = input;
  for (const release of input.releases) {
    const releases = [release];
    for (const finding of findExactQuantiles(release, knowledge, input.smallGroupValues ?? 13)) findings.add(finding);
    for (const type of types) {
      if (!hasType(release, type)) continue;
      const aggregate = { ...allFamilies, individual: false, hierarchy: false };
      const attacks: Array<[AttackName, Families, { isUnanimityRead: boolean; isProbed: boolean }]> = [
        ['follow-up', { ...aggregate, submitted: true, followUp: true }, none],
        ['group-differencing', { ...aggregate, hierarchy: true, followUp: false, submitted: false }, none],
        ['unanimity-direction', { ...allFamilies, individual: false }, { isUnanimityRead: true, isProbed: false }],
      ];
      if (type === 'kommun') attacks.push(['one-kommun-county', { ...allFamilies }, none]);
      if (type === 'region') {
        attacks.push([
          'national-unanimity',
          { ...aggregate, followUp: false, submitted: false, individual: true },
          none,
        ]);
      }
      for (const [attack, families, options] of attacks) {
        const { subject, findings: found } = solve(attack, releases, knowledge, type, families, options);
        for (const finding of found) {
          if (attack !== 'one-kommun-county' || isInSingleMemberGroup(subject, finding)) findings.add(finding);
        }
      }
      const general = solve('exact-reconstruction', releases, knowledge, type, allFamilies, {
        isUnanimityRead: true,
        isProbed: true,
      });
      for (const finding of general.findings) findings.add(finding);
      for (const finding of attackAsInsiders(general.subject, input, release.version, type)) {
        if (!findings.has(finding)) findings.add(finding);
      }
    }
  }
  if (input.releases.length > 1) {
    for (const type of types) {
      if (!input.releases.every((release) => hasType(release, type))) continue;
      // Propagation only: probing the joint model of two versions costs minutes and the subtraction needs none.
      const joint = solve('release-differencing', input.releases, knowledge, type, allFamilies, none);
      for (const finding of joint.findings) if (!findings.has(finding)) findings.add(finding);
    }
  }
  return findings.list;
}

function isInSingleMemberGroup(subject: AttackModel, finding: Finding): boolean {
  const singles = [...subject.groups.values()].filter((group) => group.population === 1);
  if (finding.kind === 'answer') return singles.some((group) => group.members.includes(finding.organisation));
  if (finding.kind === 'quantile') return false;
  return singles.some((group) => group.id === finding.groupId);
}

/** Each insider adds its own answers to what the public attack concluded and reads what else follows. */
function attackAsInsiders(
  subject: AttackModel,
  input: AttackInput,
  version: number,
  type: OrganisationType,
): Finding[] {
  const answers = input.ownAnswers?.get(version);
  if (!answers) return [];
  const total = [...subject.groups.values()].find((group) => group.kind === 'organisation-type');
  const insiders = (total?.members ?? []).filter((code) => type === 'region' || (input.insiders ?? []).includes(code));
  const publicState = subject.model.checkpoint();
  const threshold = input.releases[0]?.threshold ?? 5;
  const findings: Finding[] = [];
  for (const insider of insiders) {
    const ownGroups = new Set(
      [...subject.groups.values()].filter((group) => group.members.includes(insider)).map((group) => group.id),
    );
    const isOwn = (groupId: string) => ownGroups.has(groupId);
    try {
      subject.imposeOwnAnswers(version, insider, answers.get(insider));
      findings.push(...eliminateUnanimityCases('own-answers', subject, threshold, isOwn));
      subject.model.probe(suppressedCountCells(subject, isOwn), 3);
      findings.push(...readConclusions('own-answers', subject, insider));
    } finally {
      // The next insider starts again from what the public alone gives.
      subject.model.rollback(publicState);
    }
  }
  return findings;
}
