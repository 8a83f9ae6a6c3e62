import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AnswerFingerprints } from '../disclosure/release-differences.ts';
import type { RoundResults } from '../results/results.schema.ts';
import type { NamedMember } from '../results/results.service.ts';
import type { ReleasesTable } from './releases.table.ts';

/** The disclosure policy a release was made under, recorded with it and printed in its method section. */
export interface ReleasePolicy {
  name: string;
  minimumRespondents: number;
  /** Indicator questions whose national figure was published even when (nearly) unanimous. */
  nationalExemptions?: string[];
  /** The attacker's audit of the release when it was made (absent in releases before it existed). */
  audit?: ReleaseAudit;
}

/** The audit's summary as a release records it and the publication page shows it. */
export interface ReleaseAudit {
  isPassed: boolean;
  cellsSuppressed: number;
  cellsProtected: number;
  smallestRange: number | null;
  seconds: number;
  failures: number;
  /** Checks of the differences with earlier versions (absent in a first version and in releases before them). */
  differencesChecked?: number;
}

/** A release without its figures: what lists and headers need. */
export interface ReleaseSummary {
  id: string;
  roundId: string;
  version: number;
  publishedAt: string;
  publisher: { id: string | null; label: string };
  answersSha256: string;
  questionnaireVersions: { kommun: string | null; region: string | null };
  productVersion: string;
  policy: ReleasePolicy;
  /** The erratum of a correction (version 2 and later); null for the first version. */
  errata: { sv: string; en: string } | null;
}

/** A release with everything it froze. */
export interface Release extends ReleaseSummary {
  population: NamedMember[];
  results: RoundResults;
}

type SummaryRow = Omit<ReleasesTable, 'population' | 'figures' | 'answer_fingerprints'>;

const summaryColumns = [
  'id',
  'round_id',
  'version',
  'published_at',
  'publisher_id',
  'publisher_label',
  'answers_sha256',
  'questionnaire_versions',
  'product_version',
  'policy',
  'errata_sv',
  'errata_en',
] as const;

function rowToSummary(row: SummaryRow): ReleaseSummary {
  return {
    id: row.id,
    roundId: row.round_id,
    version: Number(row.version),
    publishedAt: row.published_at,
    publisher: { id: row.publisher_id, label: row.publisher_label },
    answersSha256: row.answers_sha256,
    questionnaireVersions: JSON.parse(row.questionnaire_versions),
    productVersion: row.product_version,
    policy: JSON.parse(row.policy),
    errata: row.errata_sv === null ? null : { sv: row.errata_sv, en: row.errata_en ?? row.errata_sv },
  };
}

/** Stores a new release; the unique (round, version) pair makes two simultaneous publications of one round fail. */
export async function insertReleaseRow(
  db: Kysely<Database>,
  release: Release,
  answerFingerprints: AnswerFingerprints | null = null,
): Promise<void> {
  await db
    .insertInto('releases')
    .values({
      id: release.id,
      round_id: release.roundId,
      version: release.version,
      published_at: release.publishedAt,
      publisher_id: release.publisher.id,
      publisher_label: release.publisher.label,
      answers_sha256: release.answersSha256,
      questionnaire_versions: JSON.stringify(release.questionnaireVersions),
      product_version: release.productVersion,
      policy: JSON.stringify(release.policy),
      errata_sv: release.errata?.sv ?? null,
      errata_en: release.errata?.en ?? null,
      population: JSON.stringify(release.population),
      figures: JSON.stringify(release.results),
      answer_fingerprints: answerFingerprints === null ? null : JSON.stringify(answerFingerprints),
    })
    .execute();
}

/** Reads one release's answer fingerprints; null when it was made before they were kept. */
export async function findReleaseFingerprintsRow(db: Kysely<Database>, id: string): Promise<AnswerFingerprints | null> {
  const row = await db.selectFrom('releases').select('answer_fingerprints').where('id', '=', id).executeTakeFirst();
  return row?.answer_fingerprints === null || row?.answer_fingerprints === undefined
    ? null
    : JSON.parse(row.answer_fingerprints);
}

/** Fills in the answer fingerprints of a release made before they were kept (never overwrites). */
export async function setMissingReleaseFingerprintsRow(
  db: Kysely<Database>,
  id: string,
  answerFingerprints: AnswerFingerprints,
): Promise<void> {
  await db
    .updateTable('releases')
    .set({ answer_fingerprints: JSON.stringify(answerFingerprints) })
    .where('id', '=', id)
    .where('answer_fingerprints', 'is', null)
    .execute();
}

/** Lists a round's releases, oldest version first, without their figures. */
export async function listReleaseSummaryRows(db: Kysely<Database>, roundId: string): Promise<ReleaseSummary[]> {
  const rows = await db
    .selectFrom('releases')
    .select(summaryColumns)
    .where('round_id', '=', roundId)
    .orderBy('version', 'asc')
    .execute();
  return rows.map(rowToSummary);
}

/** Lists the releases of several rounds at once, oldest version first, without their figures. */
export async function listReleaseSummaryRowsOfRounds(
  db: Kysely<Database>,
  roundIds: readonly string[],
): Promise<ReleaseSummary[]> {
  if (roundIds.length === 0) return [];
  const rows = await db
    .selectFrom('releases')
    .select(summaryColumns)
    .where('round_id', 'in', roundIds)
    .orderBy('version', 'asc')
    .execute();
  return rows.map(rowToSummary);
}

/** Reads one release's frozen population and figures. */
export async function findReleaseContentRow(
  db: Kysely<Database>,
  id: string,
): Promise<{ population: NamedMember[]; results: RoundResults } | undefined> {
  const row = await db.selectFrom('releases').select(['population', 'figures']).where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return { population: JSON.parse(row.population), results: JSON.parse(row.figures) };
}
