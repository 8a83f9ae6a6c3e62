import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { AnswerValue, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import {
  listVisibleRounds,
  loadRoundFigures,
  type Reader,
  type RoundFiguresView,
} from '../releases/releases.service.ts';
import { listSubmittedAnswers } from '../responses/responses.service.ts';
import { toFileNameSlug } from '../rounds/round-label.ts';
import { type Language, translatorFor } from '../web/i18n.ts';
import { buildFeedbackDocument } from './feedback-report.document.ts';
import { buildFeedbackReport, type FeedbackReport, type OwnHistory } from './feedback-report.model.ts';
import type { ReportDocument } from './report-document.ts';
import { compareLabels, describeRelease, renderReportDocumentPdf } from './reports.service.ts';

/**
 * Loads one organisation's feedback report; its own users see it once the round is public, coordinators always.
 * The group and national figures come from the round's release (or a coordinator's live view); the organisation's
 * own answers from its responses.
 * @throws AppError('not_found') when the round is not visible to the reader or the organisation was not in it.
 */
export async function loadFeedbackReport(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; organisationCode: string; reader: Reader; minimumRespondents: number },
): Promise<FeedbackReport> {
  const batch = await prepareFeedbackBatch(db, clock, input);
  return buildBatchFeedbackReport(batch, input.organisationCode);
}

/** Renders a feedback report to its document in one language. */
export function buildFeedbackReportDocument(report: FeedbackReport, language: Language): ReportDocument {
  return buildFeedbackDocument(report, translatorFor(language), language);
}

/** A file name for an organisation's report: its code and its name without diacritics, e.g. 0180-stockholm.pdf. */
export function findFeedbackFileName(label: string, member: { code: string; name: string }): string {
  const slug = member.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `aterkoppling-${toFileNameSlug(label)}-${member.code}-${slug}.pdf`;
}

/**
 * A round's figures and every organisation's own answers, loaded once for any number of feedback reports: the
 * answers of this round and of the earlier rounds the reader may see (for each organisation's own development).
 */
export interface FeedbackBatch {
  view: RoundFiguresView;
  answers: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>;
  earlier: {
    label: string;
    versions: { kommun: string | null; region: string | null };
    answers: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>;
  }[];
  /** The organisations that get a feedback report in a bulk run: those who submitted. */
  organisations: { code: string; name: string }[];
  /** Every questionnaire version, read once for the batch. */
  versions: readonly QuestionnaireVersion[];
}

/**
 * Prepares feedback reports of a round: its figures (release or live) and the answers they are set beside.
 * @throws AppError('not_found') for a round the reader may not see.
 */
export async function prepareFeedbackBatch(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; reader: Reader; minimumRespondents: number },
): Promise<FeedbackBatch> {
  const view = await loadRoundFigures(db, clock, input);
  const answers = await listSubmittedAnswers(db, view.round.id);
  const earlierRounds = (await listVisibleRounds(db, clock, input.reader))
    .filter((round) => compareLabels(round.label, view.round.label) < 0)
    .sort((a, b) => compareLabels(a.label, b.label));
  const earlier = await Promise.all(
    earlierRounds.map(async (round) => ({
      label: round.label,
      versions: round.versions,
      answers: await listSubmittedAnswers(db, round.id),
    })),
  );
  const organisations = view.population
    .filter((member) => answers.has(member.code))
    .map((member) => ({ code: member.code, name: member.name }));
  return { view, answers, earlier, organisations, versions: await listQuestionnaireVersions(db) };
}

function findBatchVersion(batch: FeedbackBatch, id: string): QuestionnaireVersion {
  const version = batch.versions.find((candidate) => candidate.id === id);
  if (!version) throw new AppError('not_found', `No questionnaire version has the id ${id}.`);
  return version;
}

/**
 * Builds one organisation's feedback report from a prepared batch.
 * @throws AppError('not_found') when the organisation was not in the round.
 */
export function buildBatchFeedbackReport(batch: FeedbackBatch, organisationCode: string): FeedbackReport {
  const { view } = batch;
  const organisation = view.population.find((member) => member.code === organisationCode);
  if (organisation === undefined) {
    throw new AppError('not_found', `Organisation ${organisationCode} was not part of round ${view.round.label}.`);
  }
  const versionId = view.results.round.versions[organisation.type];
  if (versionId === null)
    throw new AppError('not_found', `Round ${view.round.label} did not ask ${organisation.type}.`);
  const history: OwnHistory[] = batch.earlier.flatMap((round) => {
    const own = round.answers.get(organisationCode);
    const earlierVersion = round.versions[organisation.type];
    return own === undefined || earlierVersion === null
      ? []
      : [{ label: round.label, versionId: earlierVersion, answers: own }];
  });
  return buildFeedbackReport({
    results: view.results,
    organisation,
    version: findBatchVersion(batch, versionId),
    answers: batch.answers.get(organisationCode) ?? new Map(),
    hasSubmitted: batch.answers.has(organisationCode),
    history,
    versions: batch.versions,
    release: describeRelease(view),
  });
}

/** Renders one organisation's feedback PDF from a prepared batch. */
export async function renderBatchFeedbackPdf(
  batch: FeedbackBatch,
  organisationCode: string,
  language: Language,
): Promise<Buffer> {
  const report = buildBatchFeedbackReport(batch, organisationCode);
  return renderReportDocumentPdf(buildFeedbackReportDocument(report, language));
}

/**
 * Writes one feedback PDF per organisation that submitted in the round, reporting progress after each, and records
 * the export in the audit log; the round's results are computed once for the whole run.
 * @throws AppError('not_found') for an unknown round.
 */
export async function generateFeedbackReports(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    language: Language;
    minimumRespondents: number;
    write: (fileName: string, pdf: Buffer) => Promise<void>;
    onProgress?: (done: number, total: number) => void | Promise<void>;
    actor: Actor;
  },
): Promise<{ count: number }> {
  const batch = await prepareFeedbackBatch(db, clock, { ...input, reader: { isCoordinator: true } });
  let done = 0;
  await input.onProgress?.(done, batch.organisations.length);
  for (const organisation of batch.organisations) {
    const pdf = await renderBatchFeedbackPdf(batch, organisation.code, input.language);
    await input.write(findFeedbackFileName(batch.view.round.label, organisation), pdf);
    done += 1;
    await input.onProgress?.(done, batch.organisations.length);
  }
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'report.feedback_bulk_exported',
    subjectType: 'round',
    subjectId: batch.view.round.id,
    details: { round: batch.view.round.label, reports: done, language: input.language },
  });
  return { count: done };
}

/**
 * Renders one organisation's feedback report as a PDF for download and records the export in the audit log,
 * since the report carries the organisation's own, possibly confidential, answers.
 * @throws AppError('not_found') when the round is not visible to the reader or the organisation was not in it.
 */
export async function exportFeedbackPdf(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    organisationCode: string;
    reader: Reader;
    minimumRespondents: number;
    language: Language;
    actor: Actor;
  },
): Promise<{ pdf: Buffer; fileName: string }> {
  const report = await loadFeedbackReport(db, clock, input);
  const pdf = await renderReportDocumentPdf(buildFeedbackReportDocument(report, input.language));
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'report.feedback_exported',
    subjectType: 'organisation',
    subjectId: report.organisation.code,
    details: { round: report.label, language: input.language },
  });
  return { pdf, fileName: findFeedbackFileName(report.label, report.organisation) };
}
