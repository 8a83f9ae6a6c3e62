import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { toFileNameSlug } from '../rounds/round-label.ts';
import { listRounds, type Round } from '../rounds/rounds.service.ts';
import type { Language } from '../web/i18n.ts';
import { findFeedbackFileName, prepareFeedbackBatch, renderBatchFeedbackPdf } from './feedback.service.ts';
import {
  findReportJobArchive,
  findReportJobRow,
  insertReportJobRow,
  listReportJobRows,
  type ReportJob,
  updateReportJobRow,
} from './report-jobs.repository.ts';
import { createZipArchive } from './zip-archive.ts';

export type { ReportJob };

/** A running job that has not reported progress for this long died with its process (a restart, a crash). */
const staleAfterMilliseconds = 5 * 60 * 1000;

function markStale(job: ReportJob, now: Date): ReportJob {
  const isStale = job.status === 'running' && now.getTime() - Date.parse(job.updatedAt) > staleAfterMilliseconds;
  return isStale ? { ...job, status: 'failed', error: 'interrupted' } : job;
}

/**
 * Starts a bulk run of every organisation's feedback report in the background of this process and returns at
 * once with the job; progress and the finished ZIP are kept in the database. The round's results are computed once.
 * @throws AppError('not_found') for an unknown round.
 */
export async function startFeedbackJob(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    label: string;
    language: Language;
    minimumRespondents: number;
    actor: Actor;
    onError: (error: unknown) => void;
  },
): Promise<ReportJob> {
  const batch = await prepareFeedbackBatch(db, clock, { ...input, reader: { isCoordinator: true } });
  const now = clock.now().toISOString();
  const job = {
    id: randomUUID(),
    roundLabel: batch.view.round.label,
    language: input.language,
    status: 'running' as const,
    total: batch.organisations.length,
    done: 0,
    error: null,
    createdBy: input.actor.label,
    createdAt: now,
    updatedAt: now,
  };
  await insertReportJobRow(db, job);
  const run = async () => {
    const files: { name: string; data: Buffer }[] = [];
    for (const organisation of batch.organisations) {
      files.push({
        name: findFeedbackFileName(batch.view.round.label, organisation),
        data: await renderBatchFeedbackPdf(batch, organisation.code, input.language),
      });
      // Progress every few reports keeps the writes few while the page still moves.
      if (files.length % 10 === 0)
        await updateReportJobRow(db, job.id, { done: files.length, updatedAt: clock.now().toISOString() });
    }
    const archive = createZipArchive(files, clock.now());
    await db.transaction().execute(async (trx) => {
      await updateReportJobRow(trx, job.id, {
        status: 'done',
        done: files.length,
        archive,
        updatedAt: clock.now().toISOString(),
      });
      await recordAuditEvent(trx, clock, {
        actor: input.actor,
        action: 'report.feedback_bulk_exported',
        subjectType: 'round',
        subjectId: batch.view.round.id,
        details: { round: batch.view.round.label, reports: files.length, language: input.language, job: job.id },
      });
    });
  };
  // The run outlives the request on purpose; a failure is stored on the job and handed to the caller's logger.
  run().catch(async (error: unknown) => {
    input.onError(error);
    await updateReportJobRow(db, job.id, {
      status: 'failed',
      error: 'failed',
      updatedAt: clock.now().toISOString(),
    }).catch(input.onError);
  });
  return { ...job, hasArchive: false };
}

/** Lists the latest bulk runs, newest first. */
export async function listFeedbackJobs(db: Kysely<Database>, clock: Clock): Promise<ReportJob[]> {
  const now = clock.now();
  return (await listReportJobRows(db, 20)).map((job) => markStale(job, now));
}

/**
 * Finds one bulk run.
 * @throws AppError('not_found') when there is none.
 */
export async function findFeedbackJob(db: Kysely<Database>, clock: Clock, id: string): Promise<ReportJob> {
  const job = await findReportJobRow(db, id);
  if (!job) throw new AppError('not_found', 'No such report run.');
  return markStale(job, clock.now());
}

/**
 * Returns a finished run's ZIP and records the download in the audit log, since it holds every organisation's answers.
 * @throws AppError('not_found') when the run does not exist or has no archive.
 */
export async function downloadFeedbackJobArchive(
  db: Kysely<Database>,
  clock: Clock,
  input: { id: string; actor: Actor },
): Promise<{ archive: Buffer; fileName: string }> {
  const job = await findReportJobRow(db, input.id);
  const archive = job ? await findReportJobArchive(db, input.id) : undefined;
  if (!job || !archive) throw new AppError('not_found', 'No finished report run has this id.');
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'report.feedback_archive_downloaded',
    subjectType: 'report_job',
    subjectId: job.id,
    details: { round: job.roundLabel },
  });
  return { archive, fileName: `aterkoppling-${toFileNameSlug(job.roundLabel)}.zip` };
}

/** Lists the rounds a run can be started for and the latest runs, for the coordinators' page. */
export async function listFeedbackJobRounds(
  db: Kysely<Database>,
  clock: Clock,
): Promise<{ rounds: Round[]; jobs: ReportJob[] }> {
  const [rounds, jobs] = await Promise.all([listRounds(db), listFeedbackJobs(db, clock)]);
  return { rounds, jobs };
}
