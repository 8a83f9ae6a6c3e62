import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findQuestionnaireVersion, listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { loadRoundFigures, type Reader, type RoundFiguresView } from '../releases/releases.service.ts';
import type { OrganisationType } from '../results/groups.ts';
import { type Language, translatorFor } from '../web/i18n.ts';
import { buildNationalDocument } from './national-report.document.ts';
import { buildNationalReport, type NationalReport, type ReportRelease } from './national-report.model.ts';
import type { ReportDocument } from './report-document.ts';
import { renderReportPdf } from './report-pdf.ts';

export type { Reader };

/** Orders round labels as numbers where they are ("2019" < "2023" < "2023b"). */
export function compareLabels(a: string, b: string): number {
  return a.localeCompare(b, 'sv', { numeric: true });
}

/** What a report says about the release it renders, or null for a coordinator's live view. */
export function describeRelease(view: RoundFiguresView): ReportRelease | null {
  if (view.release === null) return null;
  return {
    version: view.release.version,
    publishedAt: view.release.publishedAt,
    errata: view.release.errata,
    versions: view.releases.map((release) => ({ version: release.version, publishedAt: release.publishedAt })),
  };
}

/**
 * Loads the national report of a round for one organisation type from the figures the reader may see: a stored
 * release (the current one or a named version), or a coordinator's live view of an unpublished round.
 * @throws AppError('not_found') when the round is not visible to the reader, has no such version, or did not
 * include the type.
 */
export async function loadNationalReport(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; version?: number; type: OrganisationType; reader: Reader; minimumRespondents: number },
): Promise<{ report: NationalReport; view: RoundFiguresView }> {
  const view = await loadRoundFigures(db, clock, input);
  const versionId = view.results.round.versions[input.type];
  if (versionId === null) {
    throw new AppError(
      'not_found',
      `Round ${view.round.label} did not include ${input.type === 'kommun' ? 'kommuner' : 'regioner'}.`,
    );
  }
  const report = buildNationalReport({
    results: view.results,
    type: input.type,
    version: await findQuestionnaireVersion(db, versionId),
    versions: await listQuestionnaireVersions(db),
    release: describeRelease(view),
  });
  return { report, view };
}

/** The URL segment of each organisation type's national report. */
export const typeSlugs = { kommuner: 'kommun', regioner: 'region' } as const satisfies Record<string, OrganisationType>;
export type TypeSlug = keyof typeof typeSlugs;

/** Returns the URL segment of an organisation type's national report. */
export function findTypeSlug(type: OrganisationType): TypeSlug {
  return type === 'kommun' ? 'kommuner' : 'regioner';
}

/** The address of a national report of a round: its current version, or an earlier version by number. */
export function nationalReportPath(label: string, type: OrganisationType, version?: number): string {
  const base = `/published/${encodeURIComponent(label)}`;
  return `${version === undefined ? base : `${base}/versions/${version}`}/${findTypeSlug(type)}`;
}

/** Renders a national report to its document in one language. */
export function buildNationalReportDocument(report: NationalReport, language: Language): ReportDocument {
  return buildNationalDocument(report, translatorFor(language), language);
}

/** Renders a report document to PDF bytes with the labels of its language. */
export async function renderReportDocumentPdf(document: ReportDocument): Promise<Buffer> {
  return renderReportPdf(document);
}

/**
 * Rendered national reports (documents and PDFs) of stored releases, per app instance. A release never changes,
 * so a rendering is keyed by the release, the type and the language and kept until pushed out by newer ones.
 */
export interface ReportCache {
  documents: Map<string, ReportDocument>;
  pdfs: Map<string, Buffer>;
}

/** Creates an empty cache of rendered national reports (one per app instance; never shared between processes). */
export function createReportCache(): ReportCache {
  return { documents: new Map(), pdfs: new Map() };
}

const reportCacheSize = 16;

function remember<Value>(cache: Map<string, Value>, key: string, value: Value): Value {
  cache.set(key, value);
  // Oldest first in a Map's order: drop the oldest beyond the limit.
  for (const oldest of cache.keys()) {
    if (cache.size <= reportCacheSize) break;
    cache.delete(oldest);
  }
  return value;
}

/**
 * Loads a national report's document in one language; a stored release's document is rendered once and reused,
 * a coordinator's live view is rendered afresh.
 * @throws AppError('not_found') as loadNationalReport.
 */
export async function loadNationalReportDocument(
  db: Kysely<Database>,
  clock: Clock,
  cache: ReportCache,
  input: {
    label: string;
    version?: number;
    type: OrganisationType;
    reader: Reader;
    minimumRespondents: number;
    language: Language;
  },
): Promise<{ document: ReportDocument; report: NationalReport; view: RoundFiguresView; key: string | null }> {
  const { report, view } = await loadNationalReport(db, clock, input);
  if (view.release === null) {
    return { document: buildNationalReportDocument(report, input.language), report, view, key: null };
  }
  const key = `${view.release.id}:${input.type}:${input.language}`;
  const document =
    cache.documents.get(key) ?? remember(cache.documents, key, buildNationalReportDocument(report, input.language));
  return { document, report, view, key };
}

/**
 * Renders a national report's PDF; a stored release's PDF is rendered once per instance and reused.
 * @throws AppError('not_found') as loadNationalReport.
 */
export async function loadNationalReportPdf(
  db: Kysely<Database>,
  clock: Clock,
  cache: ReportCache,
  input: {
    label: string;
    version?: number;
    type: OrganisationType;
    reader: Reader;
    minimumRespondents: number;
    language: Language;
  },
): Promise<{ pdf: Buffer; label: string }> {
  const { document, key, view } = await loadNationalReportDocument(db, clock, cache, input);
  const cached = key === null ? undefined : cache.pdfs.get(key);
  if (cached) return { pdf: cached, label: view.round.label };
  const pdf = await renderReportDocumentPdf(document);
  if (key !== null) remember(cache.pdfs, key, pdf);
  return { pdf, label: view.round.label };
}
