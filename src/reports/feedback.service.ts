import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findVisibleRound } from '../publication/publication.service.ts';
import { listQuestionnaireVersions } from '../questionnaires/questionnaires.service.ts';
import { type Language, translatorFor } from '../web/i18n.ts';
import { buildFeedbackDocument } from './feedback-report.document.ts';
import { buildFeedbackReport, type FeedbackReport } from './feedback-report.model.ts';
import type { ReportDocument } from './report-document.ts';
import { loadEarlierFigures, loadRoundFigures, type Reader, renderReportDocumentPdf } from './reports.service.ts';
import type { RoundFigures } from './round-figures.ts';

/**
 * Loads one organisation's feedback report; its own users see it once the round is public, coordinators always.
 * @throws AppError('not_found') when the round is not visible to the reader or the organisation was not in it.
 */
export async function loadFeedbackReport(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; organisationCode: string; reader: Reader; minimumRespondents: number },
): Promise<FeedbackReport> {
  const round = await findVisibleRound(db, clock, input.label, input.reader);
  const current = await loadRoundFigures(db, round, input.minimumRespondents);
  if (!current.members.some((member) => member.code === input.organisationCode)) {
    throw new AppError('not_found', `Organisation ${input.organisationCode} was not part of round ${round.label}.`);
  }
  const earlier = await loadEarlierFigures(db, clock, round, input.reader, input.minimumRespondents);
  return buildFeedbackReport({
    current,
    earlier,
    organisationCode: input.organisationCode,
    versions: listQuestionnaireVersions(),
  });
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
  return `aterkoppling-${label}-${member.code}-${slug}.pdf`;
}

/** The round's figures, computed once, and the organisations that get a feedback report (those who submitted). */
export interface FeedbackBatch {
  current: RoundFigures;
  earlier: RoundFigures[];
  organisations: { code: string; name: string }[];
}

/**
 * Prepares a bulk run: computes the round's results and the earlier rounds' once, for every report of the run.
 * @throws AppError('not_found') for an unknown round.
 */
export async function prepareFeedbackBatch(
  db: Kysely<Database>,
  clock: Clock,
  input: { label: string; minimumRespondents: number },
): Promise<FeedbackBatch> {
  const reader = { isCoordinator: true };
  const round = await findVisibleRound(db, clock, input.label, reader);
  const current = await loadRoundFigures(db, round, input.minimumRespondents);
  const earlier = await loadEarlierFigures(db, clock, round, reader, input.minimumRespondents);
  const organisations = current.members
    .filter((member) => current.answers.has(member.code))
    .map((member) => ({ code: member.code, name: member.name }));
  return { current, earlier, organisations };
}

/** Renders one organisation's feedback PDF from a prepared batch. */
export async function renderBatchFeedbackPdf(
  batch: FeedbackBatch,
  organisationCode: string,
  language: Language,
): Promise<Buffer> {
  const report = buildFeedbackReport({
    current: batch.current,
    earlier: batch.earlier,
    organisationCode,
    versions: listQuestionnaireVersions(),
  });
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
  const batch = await prepareFeedbackBatch(db, clock, input);
  let done = 0;
  await input.onProgress?.(done, batch.organisations.length);
  for (const organisation of batch.organisations) {
    const pdf = await renderBatchFeedbackPdf(batch, organisation.code, input.language);
    await input.write(findFeedbackFileName(batch.current.label, organisation), pdf);
    done += 1;
    await input.onProgress?.(done, batch.organisations.length);
  }
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'report.feedback_bulk_exported',
    subjectType: 'round',
    subjectId: batch.current.roundId,
    details: { round: batch.current.label, reports: done, language: input.language },
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
