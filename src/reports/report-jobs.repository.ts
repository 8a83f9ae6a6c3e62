import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ReportJobsTable } from './report-jobs.table.ts';

/** A bulk run of feedback reports, without its archive bytes. */
export type ReportJob = {
  id: string;
  roundLabel: string;
  language: string;
  status: ReportJobsTable['status'];
  total: number;
  done: number;
  error: string | null;
  hasArchive: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

const summaryColumns = [
  'id',
  'round_label',
  'language',
  'status',
  'total',
  'done',
  'error',
  'created_by',
  'created_at',
  'updated_at',
] as const;

function rowToJob(row: Omit<ReportJobsTable, 'archive'>, hasArchive: boolean): ReportJob {
  return {
    id: row.id,
    roundLabel: row.round_label,
    language: row.language,
    status: row.status,
    total: Number(row.total),
    done: Number(row.done),
    error: row.error,
    hasArchive,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertReportJobRow(db: Kysely<Database>, job: Omit<ReportJob, 'hasArchive'>): Promise<void> {
  await db
    .insertInto('report_jobs')
    .values({
      id: job.id,
      round_label: job.roundLabel,
      language: job.language,
      status: job.status,
      total: job.total,
      done: job.done,
      error: job.error,
      archive: null,
      created_by: job.createdBy,
      created_at: job.createdAt,
      updated_at: job.updatedAt,
    })
    .execute();
}

export async function updateReportJobRow(
  db: Kysely<Database>,
  id: string,
  changes: { status?: ReportJob['status']; done?: number; error?: string; archive?: Buffer; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('report_jobs')
    .set({
      updated_at: changes.updatedAt,
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.done !== undefined ? { done: changes.done } : {}),
      ...(changes.error !== undefined ? { error: changes.error } : {}),
      ...(changes.archive !== undefined ? { archive: changes.archive } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function findReportJobRow(db: Kysely<Database>, id: string): Promise<ReportJob | undefined> {
  const row = await db
    .selectFrom('report_jobs')
    .select(summaryColumns)
    .select((eb) => eb('archive', 'is not', null).as('has_archive'))
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToJob(row, Boolean(row.has_archive)) : undefined;
}

export async function listReportJobRows(db: Kysely<Database>, limit: number): Promise<ReportJob[]> {
  const rows = await db
    .selectFrom('report_jobs')
    .select(summaryColumns)
    .select((eb) => eb('archive', 'is not', null).as('has_archive'))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => rowToJob(row, Boolean(row.has_archive)));
}

export async function findReportJobArchive(db: Kysely<Database>, id: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('report_jobs').select('archive').where('id', '=', id).executeTakeFirst();
  return row?.archive ?? undefined;
}
