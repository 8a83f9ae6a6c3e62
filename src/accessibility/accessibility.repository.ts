import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ProblemReport } from './accessibility.schema.ts';
import type { AccessibilityReportsTable } from './accessibility.table.ts';

function rowToReport(row: Selectable<AccessibilityReportsTable>): ProblemReport {
  return {
    id: row.id,
    createdAt: row.created_at,
    page: row.page,
    description: row.description,
    wantsOtherFormat: row.wants_other_format === 1,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    handledAt: row.handled_at,
    handledBy: row.handled_by,
  };
}

export async function insertReportRow(db: Kysely<Database>, report: ProblemReport): Promise<void> {
  await db
    .insertInto('accessibility_reports')
    .values({
      id: report.id,
      created_at: report.createdAt,
      page: report.page,
      description: report.description,
      wants_other_format: report.wantsOtherFormat ? 1 : 0,
      contact_name: report.contactName,
      contact_email: report.contactEmail,
      handled_at: null,
      handled_by: null,
    })
    .execute();
}

/** The newest reports first. */
export async function listReportRows(db: Kysely<Database>, limit: number): Promise<ProblemReport[]> {
  const rows = await db
    .selectFrom('accessibility_reports')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(rowToReport);
}

export async function listReportRowsByEmail(db: Kysely<Database>, email: string): Promise<ProblemReport[]> {
  const rows = await db
    .selectFrom('accessibility_reports')
    .selectAll()
    .where('contact_email', '=', email)
    .orderBy('created_at')
    .execute();
  return rows.map(rowToReport);
}

/** Marks a report handled; false when there is no such report or it was handled already. */
export async function markReportRowHandled(
  db: Kysely<Database>,
  id: string,
  handled: { at: string; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('accessibility_reports')
    .set({ handled_at: handled.at, handled_by: handled.by })
    .where('id', '=', id)
    .where('handled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
