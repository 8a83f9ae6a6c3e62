/**
 * Releases: what publishing a round froze, and which release the public may see. Publishing computes the round's
 * figures once with the results module and stores them with everything needed to defend them (the answers' SHA-256,
 * questionnaire and product versions, the disclosure policy, publisher and time). Public pages, PDFs, open data and
 * trends read a stored release and never recompute; a correction is a new version with an erratum, and earlier
 * versions stay readable at their own addresses.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import packageJson from '../../package.json' with { type: 'json' };
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditAnchor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { createDisclosurePolicy } from '../disclosure/disclosure-policy.ts';
import { cellKey } from '../disclosure/linked-set.ts';
import { type AuditSummary, auditLinkedSet } from '../disclosure/protect-linked-set.ts';
import {
  auditDifferences,
  type EarlierRelease,
  mergeSummaries,
  type PublishedCell,
} from '../disclosure/release-differences.ts';
import { tableId } from '../results/linked-tables.ts';
import type { RoundResults } from '../results/results.schema.ts';
import {
  computeReleaseFigures,
  loadRoundLinkedSet,
  type NamedMember,
  type ReleaseFigures,
} from '../results/results.service.ts';
import {
  findRoundByLabel,
  listRoundOrganisations,
  listRounds,
  type Round,
  setRoundPublication,
} from '../rounds/rounds.service.ts';
import {
  findReleaseContentRow,
  findReleaseFingerprintsRow,
  insertReleaseRow,
  listReleaseSummaryRows,
  listReleaseSummaryRowsOfRounds,
  type Release,
  type ReleaseAudit,
  type ReleasePolicy,
  type ReleaseSummary,
  setMissingReleaseFingerprintsRow,
} from './releases.repository.ts';

export type { Release, ReleaseAudit, ReleasePolicy, ReleaseSummary };

export type PublicationState = 'unpublished' | 'embargoed' | 'public';

/** Who reads: coordinators (analysts, administrators) also see unpublished rounds, computed live. */
export type Reader = { isCoordinator: boolean };

/** Tells whether a round is unpublished, published but under embargo, or visible to everyone at this moment. */
export function findPublicationState(round: Pick<Round, 'publishedAt' | 'embargoUntil'>, now: Date): PublicationState {
  if (round.publishedAt === null) return 'unpublished';
  if (round.embargoUntil !== null && Date.parse(round.embargoUntil) > now.getTime()) return 'embargoed';
  return 'public';
}

/** Returns whether anyone, signed in or not, may see the round's reports and open data now. */
export function isRoundPublic(round: Pick<Round, 'publishedAt' | 'embargoUntil'>, now: Date): boolean {
  return findPublicationState(round, now) === 'public';
}

/** Lists the rounds visible to the public now, newest label first. */
export async function listPublicRounds(db: Kysely<Database>, clock: Clock): Promise<Round[]> {
  const now = clock.now();
  return (await listRounds(db)).filter((round) => isRoundPublic(round, now));
}

/**
 * Finds a round the reader may see: any round for coordinators, only a public one for everyone else. Hidden rounds
 * answer exactly as missing ones, so their existence does not leak.
 * @throws AppError('not_found') when there is no such round or the reader may not see it.
 */
export async function findVisibleRound(
  db: Kysely<Database>,
  clock: Clock,
  label: string,
  reader: Reader,
): Promise<Round> {
  const round = await findRoundByLabel(db, label);
  if (!round || (!reader.isCoordinator && !isRoundPublic(round, clock.now()))) {
    throw new AppError('not_found', `No published round is labelled ${label}.`);
  }
  return round;
}

/** Lists the rounds a reader may see: every round for coordinators, the public ones for everyone else. */
export async function listVisibleRounds(db: Kysely<Database>, clock: Clock, reader: Reader): Promise<Round[]> {
  return reader.isCoordinator ? listRounds(db) : listPublicRounds(db, clock);
}

/** Lists a round's releases, oldest version first, without their figures. */
export async function listReleases(db: Kysely<Database>, roundId: string): Promise<ReleaseSummary[]> {
  return listReleaseSummaryRows(db, roundId);
}

/** A round the public may see, with every version of it, oldest first. */
export interface PublishedRound {
  round: Round;
  releases: ReleaseSummary[];
  current: ReleaseSummary;
}

/** Lists the rounds the public may see now with their releases, newest label first. */
export async function listPublishedRounds(db: Kysely<Database>, clock: Clock): Promise<PublishedRound[]> {
  const rounds = await listPublicRounds(db, clock);
  const releases = await listReleaseSummaryRowsOfRounds(
    db,
    rounds.map((round) => round.id),
  );
  return rounds.flatMap((round) => {
    const own = releases.filter((release) => release.roundId === round.id);
    const current = own.at(-1);
    return current === undefined ? [] : [{ round, releases: own, current }];
  });
}

// Releases never change once written, so their parsed figures can be kept by id for as long as the process lives;
// a handful is enough for the public pages of the current and previous rounds.
const contentCache = new Map<string, { population: NamedMember[]; results: RoundResults }>();
const contentCacheSize = 8;

async function readReleaseContent(db: Kysely<Database>, summary: ReleaseSummary): Promise<Release> {
  let content = contentCache.get(summary.id);
  if (content === undefined) {
    content = await findReleaseContentRow(db, summary.id);
    if (content === undefined) throw new AppError('not_found', `Release ${summary.id} is gone.`);
    contentCache.set(summary.id, content);
    for (const oldest of contentCache.keys()) {
      if (contentCache.size <= contentCacheSize) break;
      contentCache.delete(oldest);
    }
  }
  return { ...summary, ...content };
}

/**
 * Finds the release of a round the public may see now: its current version, or an earlier version by number.
 * Coordinators may also read a published round's releases during its embargo.
 * @throws AppError('not_found') when the round is not visible to the reader, was never released, or has no such
 * version.
 */
export async function findRelease(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; version?: number; reader: Reader },
): Promise<{ round: Round; release: Release; releases: ReleaseSummary[] }> {
  const round = await findRoundByLabel(db, input.label);
  const state = round ? findPublicationState(round, clock.now()) : 'unpublished';
  const isVisible = state === 'public' || (state === 'embargoed' && input.reader.isCoordinator);
  if (round === undefined || !isVisible)
    throw new AppError('not_found', `No published round is labelled ${input.label}.`);
  const releases = await listReleaseSummaryRows(db, round.id);
  const summary =
    input.version === undefined ? releases.at(-1) : releases.find((release) => release.version === input.version);
  if (summary === undefined) throw new AppError('not_found', `Round ${round.label} has no such release.`);
  return { round, release: await readReleaseContent(db, summary), releases };
}

/** A round's figures as a reader sees them: a stored release when there is one to show, else computed live. */
export interface RoundFiguresView {
  round: Round;
  results: RoundResults;
  population: NamedMember[];
  /** The release shown, or null for a coordinator's live view of an unpublished round. */
  release: ReleaseSummary | null;
  releases: ReleaseSummary[];
  isPublic: boolean;
}

/**
 * Loads the figures a reader may see of a round: the public and coordinators alike read the current (or a named)
 * release of a published round; only coordinators see an unpublished round, computed live from its answers.
 * @throws AppError('not_found') when the round is not visible to the reader or has no such version.
 */
export async function loadRoundFigures(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; version?: number; reader: Reader; minimumRespondents: number },
): Promise<RoundFiguresView> {
  const round = await findVisibleRound(db, clock, input.label, input.reader);
  const isPublic = isRoundPublic(round, clock.now());
  if (round.publishedAt !== null || input.version !== undefined) {
    const { release, releases } = await findRelease(db, clock, input);
    const { results, population, ...summary } = release;
    return { round, results, population, release: summary, releases, isPublic };
  }
  const live = await computeReleaseFigures(db, round.label, { minimumRespondents: input.minimumRespondents });
  return { round, results: live.results, population: live.population, release: null, releases: [], isPublic };
}

/** The product's own version, recorded in every release. */
export const productVersion: string = packageJson.version;

/** The disclosure policy in force, as a release records it (without its audit, which every computation redoes). */
export function describePolicy(minimumRespondents: number, nationalExemptions: readonly string[] = []): ReleasePolicy {
  return { name: 'linked-set-audited', minimumRespondents, nationalExemptions: [...nationalExemptions] };
}

/** What a release records of the audit: the summary, not which cells failed (that would tell where to look). */
function summariseAudit(audit: ReleaseFigures['disclosure']['audit']): ReleaseAudit {
  const { isPassed, cellsSuppressed, cellsProtected, smallestRange, seconds, failures, differencesChecked } = audit;
  const summary = { isPassed, cellsSuppressed, cellsProtected, smallestRange, seconds, failures: failures.length };
  return differencesChecked === undefined ? summary : { ...summary, differencesChecked };
}

/** What publishing a round did: its new release, or the unchanged current one made public again. */
export interface PublicationOutcome {
  round: Round;
  release: ReleaseSummary;
  isNewVersion: boolean;
}

/**
 * Publishes a closed round now (optionally under an embargo): computes its figures once and freezes them as a
 * release. The first release is version 1. Publishing again after a withdrawal or a correction makes a new version
 * only when the answers (or the policy) changed, and then an erratum is required; otherwise the current release is
 * made public again. Earlier rounds enter changes and trends only if they are public now.
 * @throws AppError('not_found') for an unknown round, AppError('conflict') when it is not closed, is reopened for
 * an organisation, or another publication of it happened at the same moment, and AppError('validation') for an
 * embargo not in the future or a missing erratum.
 */
export async function publishRelease(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    embargoUntil: Date | null;
    errata: { sv: string; en: string } | null;
    minimumRespondents: number;
    actor: Actor;
  },
): Promise<PublicationOutcome> {
  const now = clock.now();
  if (input.embargoUntil !== null && input.embargoUntil.getTime() <= now.getTime()) {
    throw new AppError('validation', 'releases.error.embargoPast', [{ field: 'embargoUntil', message: 'in_past' }]);
  }
  const round = await findRoundByLabel(db, input.label);
  if (!round) throw new AppError('not_found', `No round is labelled ${input.label}.`);
  if (round.status !== 'closed') throw new AppError('conflict', 'releases.error.notClosed');
  const reopened = (await listRoundOrganisations(db, round.id)).filter(
    (organisation) => organisation.reopenedUntil !== null && organisation.reopenedUntil > now.toISOString(),
  );
  if (reopened.length > 0) throw new AppError('conflict', 'releases.error.reopened');
  const existing = await listReleaseSummaryRows(db, round.id);
  const figures = await computeReleaseFigures(db, round.label, {
    minimumRespondents: input.minimumRespondents,
    isEarlierRoundIncluded: (earlier) => isRoundPublic(earlier, now),
    // Every earlier version stays public: the new one is protected against the differences with each.
    earlierReleases: await loadEarlierReleases(db, existing),
  });
  // The attacker's audit ran inside the computation; a release it does not pass is never written.
  if (!figures.disclosure.audit.isPassed) {
    const failures = figures.disclosure.audit.failures.map((failure) => ({
      field: `${failure.tableId} ${failure.groupId}`,
      message: failure.detail,
    }));
    throw new AppError('conflict', 'releases.error.auditFailed', failures);
  }
  const policy = describePolicy(input.minimumRespondents, figures.disclosure.policy.nationalExemptions);
  const latest = existing.at(-1);
  const { audit: _audit, ...latestPolicy } = latest?.policy ?? { name: '', minimumRespondents: 0 };
  const isUnchanged =
    latest !== undefined &&
    latest.answersSha256 === figures.answersSha256 &&
    JSON.stringify(latestPolicy) === JSON.stringify(policy);
  const errata = cleanErrata(input.errata);
  if (latest !== undefined && !isUnchanged && errata === null) {
    throw new AppError('validation', 'releases.error.errataRequired', [{ field: 'errataSv', message: 'required' }]);
  }
  const publication = {
    publishedAt: now.toISOString(),
    // An embargo delays a round's first appearance; a correction of a round already public replaces it at once.
    embargoUntil: round.publishedAt === null ? (input.embargoUntil?.toISOString() ?? null) : null,
    correctionStartedAt: null,
    updatedAt: now.toISOString(),
  };
  return db.transaction().execute(async (trx) => {
    let release: ReleaseSummary;
    if (latest !== undefined && isUnchanged) {
      release = latest;
      // Its answers are these: a release made before fingerprints were kept gets them now.
      await setMissingReleaseFingerprintsRow(trx, latest.id, figures.answerFingerprints);
    } else {
      const created: Release = {
        id: randomUUID(),
        roundId: round.id,
        version: (latest?.version ?? 0) + 1,
        publishedAt: publication.publishedAt,
        publisher: { id: input.actor.userId, label: input.actor.label },
        answersSha256: figures.answersSha256,
        questionnaireVersions: round.versions,
        productVersion,
        policy: { ...policy, audit: summariseAudit(figures.disclosure.audit) },
        errata: latest === undefined ? null : errata,
        population: figures.population,
        results: figures.results,
      };
      try {
        await insertReleaseRow(trx, created, figures.answerFingerprints);
      } catch (error) {
        throw new AppError('conflict', 'releases.error.concurrent', [{ field: 'version', message: String(error) }]);
      }
      const { population: _population, results: _results, ...summary } = created;
      release = summary;
    }
    await setRoundPublication(trx, round.id, publication);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.published',
      subjectType: 'round',
      subjectId: round.id,
      details: {
        label: round.label,
        version: release.version,
        isNewVersion: release !== latest,
        answersSha256: release.answersSha256,
        embargoUntil: publication.embargoUntil,
        errata: release.errata,
        wasPublishedAt: round.publishedAt,
      },
    });
    // Each publication anchors the audit chain: a later rewrite of anything up to here is caught against it.
    await recordAuditAnchor(trx, clock, 'release', `${release.id} v${release.version} ${publication.publishedAt}`);
    return { round: { ...round, ...publication }, release, isNewVersion: release !== latest };
  });
}

/**
 * Audits a round as an attacker would: the current release's stored pattern of suppressed figures over the answers
 * it was made from, or, for a round never released, what publishing now would freeze.
 * @throws AppError('not_found') for an unknown round and AppError('conflict') when the answers have changed since
 * the release (its pattern no longer describes them).
 */
export async function auditRoundRelease(
  db: Kysely<Database>,
  input: { label: string; minimumRespondents: number },
): Promise<{ version: number | null; audit: AuditSummary }> {
  const round = await findRoundByLabel(db, input.label);
  if (!round) throw new AppError('not_found', `No round is labelled ${input.label}.`);
  const releases = await listReleaseSummaryRows(db, round.id);
  const latest = releases.at(-1);
  if (latest === undefined) {
    const figures = await computeReleaseFigures(db, round.label, { minimumRespondents: input.minimumRespondents });
    return { version: null, audit: figures.disclosure.audit };
  }
  const content = await findReleaseContentRow(db, latest.id);
  if (content === undefined) throw new AppError('not_found', `Release ${latest.id} is gone.`);
  const linked = await loadRoundLinkedSet(db, round.label);
  if (linked.answersSha256 !== latest.answersSha256) {
    throw new AppError('conflict', `The answers of ${round.label} have changed since release ${latest.version}.`);
  }
  const suppressed = new Set<string>();
  for (const question of content.results.questions) {
    for (const group of question.groups) {
      if (group.suppressed) suppressed.add(cellKey(tableId(question.key, group.organisationType), group.groupId));
    }
  }
  const policy = createDisclosurePolicy(latest.policy.minimumRespondents, latest.policy.nationalExemptions ?? []);
  const own = await auditLinkedSet(linked.tables, suppressed, policy);
  // The differences with every earlier version, which stays public beside it.
  const earlier = await loadEarlierReleases(db, releases.slice(0, -1));
  if (earlier.length === 0) return { version: latest.version, audit: own };
  const started = performance.now();
  const differences = await auditDifferences(linked.tables, suppressed, policy, linked.answerFingerprints, earlier);
  const audit = mergeSummaries([own], [differences]);
  audit.seconds = own.seconds + (performance.now() - started) / 1000;
  return { version: latest.version, audit };
}

/**
 * Reads earlier versions of a release as the difference protection needs them: their published figures by cell and
 * their answer fingerprints (null for a release made before they were kept).
 */
async function loadEarlierReleases(
  db: Kysely<Database>,
  releases: readonly ReleaseSummary[],
): Promise<EarlierRelease[]> {
  const earlier: EarlierRelease[] = [];
  for (const summary of releases) {
    const content = await findReleaseContentRow(db, summary.id);
    if (content === undefined) continue;
    const published = new Map<string, PublishedCell>();
    for (const question of content.results.questions) {
      for (const group of question.groups) {
        if (group.suppressed) continue;
        const counts = 'answers' in group ? Object.fromEntries(group.answers.map((a) => [a.code, a.count])) : {};
        published.set(cellKey(tableId(question.key, group.organisationType), group.groupId), {
          respondents: group.respondents,
          itemNonResponse: group.itemNonResponse,
          counts,
        });
      }
    }
    earlier.push({
      version: summary.version,
      published,
      fingerprints: await findReleaseFingerprintsRow(db, summary.id),
    });
  }
  return earlier;
}

/**
 * Audits what publishing a round now would freeze, as the publication page shows before an administrator
 * publishes: the same computation and audit as publishing, without changes against earlier rounds (they do not
 * enter disclosure control), and nothing is stored.
 * @throws AppError('not_found') for an unknown round.
 */
export async function previewReleaseAudit(
  db: Kysely<Database>,
  input: { label: string; minimumRespondents: number },
): Promise<AuditSummary> {
  const round = await findRoundByLabel(db, input.label);
  const releases = round === undefined ? [] : await listReleaseSummaryRows(db, round.id);
  const figures = await computeReleaseFigures(db, input.label, {
    minimumRespondents: input.minimumRespondents,
    isWithChanges: false,
    earlierReleases: await loadEarlierReleases(db, releases),
  });
  return figures.disclosure.audit;
}

function cleanErrata(errata: { sv: string; en: string } | null): { sv: string; en: string } | null {
  const sv = errata?.sv.trim() ?? '';
  const en = errata?.en.trim() ?? '';
  if (sv === '') return null;
  return { sv, en: en === '' ? sv : en };
}

/**
 * Starts a correction of a published round: its answers may change again (imports, reopenings) while the public
 * keeps seeing the current release, until the next publication makes a new version with an erratum.
 * @throws AppError('not_found') for an unknown round and AppError('conflict') when it is not published or a
 * correction is already under way.
 */
export async function startCorrection(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; actor: Actor },
): Promise<Round> {
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const round = await findRoundByLabel(trx, input.label);
    if (!round) throw new AppError('not_found', `No round is labelled ${input.label}.`);
    if (round.publishedAt === null) throw new AppError('conflict', 'releases.error.notPublished');
    if (round.correctionStartedAt !== null) throw new AppError('conflict', 'releases.error.correcting');
    const publication = { ...round, correctionStartedAt: now, updatedAt: now };
    await fillMissingFingerprints(trx, round);
    await setRoundPublication(trx, round.id, publication);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.correction_started',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label },
    });
    return publication;
  });
}

/**
 * Gives the current release of a round, made before answer fingerprints were kept, the fingerprints of the answers
 * it was made from, while they are still those answers (the round is frozen until a correction starts).
 */
async function fillMissingFingerprints(db: Kysely<Database>, round: Round): Promise<void> {
  const latest = (await listReleaseSummaryRows(db, round.id)).at(-1);
  if (latest === undefined || (await findReleaseFingerprintsRow(db, latest.id)) !== null) return;
  const linked = await loadRoundLinkedSet(db, round.label);
  if (linked.answersSha256 === latest.answersSha256) {
    await setMissingReleaseFingerprintsRow(db, latest.id, linked.answerFingerprints);
  }
}

/**
 * Withdraws a published round from the public, and records it in the audit log. Its releases stay stored.
 * @throws AppError('not_found') for an unknown round and AppError('conflict') when it is not published.
 */
export async function unpublishRound(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; actor: Actor },
): Promise<Round> {
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const round = await findRoundByLabel(trx, input.label);
    if (!round) throw new AppError('not_found', `No round is labelled ${input.label}.`);
    if (round.publishedAt === null) throw new AppError('conflict', 'releases.error.notPublished');
    const publication = { publishedAt: null, embargoUntil: null, correctionStartedAt: null, updatedAt: now };
    await setRoundPublication(trx, round.id, publication);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.unpublished',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label, wasPublishedAt: round.publishedAt, wasEmbargoedUntil: round.embargoUntil },
    });
    return { ...round, ...publication };
  });
}
