import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findOrganisationsByCodes } from '../organisations/organisations.service.ts';
import { findVisibleRound, isRoundPublic, listVisibleRounds } from '../publication/publication.service.ts';
import { findQuestionnaireVersion, listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { listResponseStatuses, listSubmittedAnswers } from '../responses/responses.service.ts';
import type { OrganisationType } from '../results/groups.ts';
import { listRoundOrganisations, type Round } from '../rounds/rounds.service.ts';
import { type Language, translatorFor } from '../web/i18n.ts';
import { buildNationalDocument } from './national-report.document.ts';
import { buildNationalReport, type NationalReport } from './national-report.model.ts';
import type { ReportDocument } from './report-document.ts';
import { renderReportPdf } from './report-pdf.ts';
import { generateRoundFacts } from './round-facts.ts';
import { computeRoundFigures, type RoundFigures, type RoundMember } from './round-figures.ts';

/** Who reads a report: coordinators (analysts, administrators) also see unpublished rounds. */
export type Reader = { isCoordinator: boolean };

/** Computes a round's complete figures once from its population and submitted answers. */
export async function loadRoundFigures(
  db: Kysely<Database>,
  round: Round,
  minimumRespondents: number,
): Promise<RoundFigures> {
  const invited = await listRoundOrganisations(db, round.id);
  const organisations = await findOrganisationsByCodes(
    db,
    invited.map((organisation) => organisation.organisationCode),
  );
  const members: RoundMember[] = organisations.map((organisation) => ({
    code: organisation.code,
    name: organisation.name,
    type: organisation.type,
    municipalityGroup: organisation.municipalityGroup,
    mainGroup: organisation.mainGroup,
    countyCode: organisation.countyCode,
  }));
  const codes = new Set(members.map((member) => member.code));
  // Answers from organisations outside the round's population (none, normally) cannot be placed in a group.
  const answers = new Map([...(await listSubmittedAnswers(db, round.id))].filter(([code]) => codes.has(code)));
  return computeRoundFigures({
    roundId: round.id,
    label: round.label,
    versions: {
      ...(round.versions.kommun ? { kommun: findQuestionnaireVersion(round.versions.kommun) } : {}),
      ...(round.versions.region ? { region: findQuestionnaireVersion(round.versions.region) } : {}),
    },
    members,
    answers,
    minimumRespondents,
  });
}

/** Orders round labels as numbers where they are ("2019" < "2023" < "2023b"). */
export function compareLabels(a: string, b: string): number {
  return a.localeCompare(b, 'sv', { numeric: true });
}

/** Loads the figures of the rounds before `round` that the reader may see, oldest first. */
export async function loadEarlierFigures(
  db: Kysely<Database>,
  clock: Clock,
  round: Round,
  reader: Reader,
  minimumRespondents: number,
): Promise<RoundFigures[]> {
  const earlier = (await listVisibleRounds(db, clock, reader))
    .filter((candidate) => compareLabels(candidate.label, round.label) < 0)
    .sort((a, b) => compareLabels(a.label, b.label));
  return Promise.all(earlier.map((candidate) => loadRoundFigures(db, candidate, minimumRespondents)));
}

/**
 * Loads the national report of a round for one organisation type; trends use only rounds the reader may see.
 * @throws AppError('not_found') when the round is not visible to the reader or did not include the type.
 */
export async function loadNationalReport(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; type: OrganisationType; reader: Reader; minimumRespondents: number },
): Promise<{ report: NationalReport; isPublic: boolean }> {
  const round = await findVisibleRound(db, clock, input.label, input.reader);
  if (round.versions[input.type] === null) {
    throw new AppError(
      'not_found',
      `Round ${round.label} did not include ${input.type === 'kommun' ? 'kommuner' : 'regioner'}.`,
    );
  }
  const current = await loadRoundFigures(db, round, input.minimumRespondents);
  const earlier = await loadEarlierFigures(db, clock, round, input.reader, input.minimumRespondents);
  const report = buildNationalReport({
    current,
    earlier,
    type: input.type,
    facts: generateRoundFacts(current),
    versions: listQuestionnaireVersions(),
  });
  return { report, isPublic: isRoundPublic(round, clock.now()) };
}

/** The URL segment of each organisation type's national report. */
export const typeSlugs = { kommuner: 'kommun', regioner: 'region' } as const satisfies Record<string, OrganisationType>;
export type TypeSlug = keyof typeof typeSlugs;

/** Returns the URL segment of an organisation type's national report. */
export function findTypeSlug(type: OrganisationType): TypeSlug {
  return type === 'kommun' ? 'kommuner' : 'regioner';
}

/** Renders a national report to its document in one language. */
export function buildNationalReportDocument(report: NationalReport, language: Language): ReportDocument {
  return buildNationalDocument(report, translatorFor(language), language);
}

/** Renders a report document to PDF bytes with the labels of its language. */
export async function renderReportDocumentPdf(document: ReportDocument): Promise<Buffer> {
  return renderReportPdf(document);
}

/** Finished national PDFs kept per app instance, keyed by everything they are made from. */
export type ReportCache = Map<string, Buffer>;

/** Creates an empty cache of rendered national PDFs (one per app instance; never shared between processes). */
export function createReportCache(): ReportCache {
  return new Map();
}

const reportCacheSize = 16;

/**
 * Renders a national report's PDF, reusing an identical earlier rendering: the key holds the round, the earlier
 * rounds the reader may see, every submitted response's last change, the type, language and threshold, so any new
 * answer, publication or import makes a new PDF.
 * @throws AppError('not_found') when the round is not visible to the reader or did not include the type.
 */
export async function loadNationalReportPdf(
  db: Kysely<Database>,
  clock: Clock,
  cache: ReportCache,
  input: { label: string; type: OrganisationType; reader: Reader; minimumRespondents: number; language: Language },
): Promise<{ pdf: Buffer; label: string }> {
  const round = await findVisibleRound(db, clock, input.label, input.reader);
  const earlier = (await listVisibleRounds(db, clock, input.reader)).filter(
    (candidate) => compareLabels(candidate.label, round.label) < 0,
  );
  const fingerprints = await Promise.all(
    [round, ...earlier].map(async (candidate) => {
      const statuses = [...(await listResponseStatuses(db, candidate.id)).values()];
      const latest =
        statuses
          .map((status) => status.updatedAt)
          .sort()
          .at(-1) ?? '';
      return `${candidate.id}:${candidate.updatedAt}:${statuses.length}:${latest}`;
    }),
  );
  const key = JSON.stringify([fingerprints, input.type, input.language, input.minimumRespondents]);
  const cached = cache.get(key);
  if (cached) return { pdf: cached, label: round.label };
  const { report } = await loadNationalReport(db, clock, input);
  const pdf = await renderReportDocumentPdf(buildNationalReportDocument(report, input.language));
  cache.set(key, pdf);
  // Oldest first in a Map's order: drop the oldest beyond the limit.
  for (const oldest of cache.keys()) {
    if (cache.size <= reportCacheSize) break;
    cache.delete(oldest);
  }
  return { pdf, label: round.label };
}
