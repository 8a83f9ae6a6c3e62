import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { normaliseEmail } from '../accounts/accounts.service.ts';
import { AppError, type FieldError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { readJsonSetting, saveJsonSetting } from '../settings/settings.service.ts';
import {
  insertReportRow,
  listReportRows,
  listReportRowsByEmail,
  markReportRowHandled,
} from './accessibility.repository.ts';
import {
  type AccessibilityStatement,
  checkAccessibilityStatement,
  complianceStatuses,
  type ProblemReport,
  type ProblemReportInput,
} from './accessibility.schema.ts';

const settingKey = 'accessibility_statement';

/** What the statement says until an administrator has set the organisation's own parts. */
export const defaultAccessibilityStatement: AccessibilityStatement = {
  organisationName: 'Sveriges Kommuner och Regioner (SKR)',
  status: 'partial',
  shortcomings: [
    'Den utskrivbara enkäten (PDF) är gjord för att fyllas i på papper; dess kryssrutor går inte att fylla i digitalt. Använd webbformuläret för att svara digitalt.',
  ].join('\n'),
  contactEmail: '',
  contactPhone: '',
  assessment:
    'Vi har gjort en egen bedömning (självskattning) av Lägesbild. Varje sida testas automatiskt med axe-core i en webbläsare, på dator och i 375 pixlars bredd, och sidorna fungerar utan JavaScript. PDF-filerna är taggade enligt PDF/UA-1 och kontrolleras med fristående läsare.',
  madeOn: '2026-12-01',
  reviewedOn: '2026-12-01',
};

/** The accessibility statement's organisation-specific parts: the administrator's, or the defaults. */
export async function findAccessibilityStatement(db: Kysely<Database>): Promise<AccessibilityStatement> {
  return (
    (await readJsonSetting(db, settingKey, (value) => checkAccessibilityStatement.Check(value))) ??
    defaultAccessibilityStatement
  );
}

/** The statement's form fields, as text, for validation and for showing what was typed. */
export type StatementForm = Record<keyof AccessibilityStatement, string>;

/**
 * Saves the organisation-specific parts of the accessibility statement and records who changed it.
 * @throws AppError('validation') with one error per field that is wrong.
 */
export async function saveAccessibilityStatement(
  db: Kysely<Database>,
  clock: Clock,
  form: StatementForm,
  actor: Actor,
): Promise<AccessibilityStatement> {
  const errors: FieldError[] = [];
  let contactEmail = '';
  try {
    contactEmail = normaliseEmail(form.contactEmail);
  } catch {
    errors.push({ field: 'contactEmail', message: 'accessibility.problem.contactEmail' });
  }
  const status = complianceStatuses.find((candidate) => candidate === form.status);
  const statement = {
    organisationName: form.organisationName.trim(),
    status: status ?? 'partial',
    shortcomings: form.shortcomings.trim(),
    contactEmail,
    contactPhone: form.contactPhone.trim(),
    assessment: form.assessment.trim(),
    madeOn: form.madeOn.trim(),
    reviewedOn: form.reviewedOn.trim(),
  };
  if (statement.organisationName === '' || statement.organisationName.length > 200)
    errors.push({ field: 'organisationName', message: 'accessibility.problem.organisationName' });
  if (!status) errors.push({ field: 'status', message: 'accessibility.problem.status' });
  for (const field of ['madeOn', 'reviewedOn'] as const) {
    const date = new Date(`${statement[field]}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(statement[field]) || Number.isNaN(date.getTime()))
      errors.push({ field, message: 'accessibility.problem.date' });
  }
  if (errors.length === 0 && statement.reviewedOn < statement.madeOn)
    errors.push({ field: 'reviewedOn', message: 'accessibility.problem.reviewedBeforeMade' });
  if (errors.length === 0 && !checkAccessibilityStatement.Check(statement))
    errors.push({ field: 'shortcomings', message: 'accessibility.problem.tooLong' });
  if (errors.length > 0) throw new AppError('validation', 'The accessibility statement has errors.', errors);
  await db.transaction().execute(async (trx) => {
    await saveJsonSetting(trx, clock, settingKey, statement);
    await recordAuditEvent(trx, clock, {
      actor,
      action: 'accessibility.statement_saved',
      subjectType: 'setting',
      subjectId: settingKey,
      details: { status: statement.status, reviewedOn: statement.reviewedOn },
    });
  });
  return statement;
}

/**
 * Records a visitor's report of an accessibility problem (or request for content in another format) for the
 * administrators; returns the report.
 * @throws AppError('validation') with one error per field that is wrong.
 */
export async function reportAccessibilityProblem(
  db: Kysely<Database>,
  clock: Clock,
  input: ProblemReportInput,
  actor: Actor,
): Promise<ProblemReport> {
  const errors: FieldError[] = [];
  const description = input.description.trim();
  if (description === '') errors.push({ field: 'description', message: 'accessibility.problem.description' });
  if (description.length > 5000) errors.push({ field: 'description', message: 'accessibility.problem.tooLong' });
  if (input.page.trim().length > 500) errors.push({ field: 'page', message: 'accessibility.problem.tooLong' });
  if (input.contactName.trim().length > 200)
    errors.push({ field: 'contactName', message: 'accessibility.problem.tooLong' });
  let contactEmail: string | null = null;
  if (input.contactEmail.trim() !== '') {
    try {
      contactEmail = normaliseEmail(input.contactEmail);
    } catch {
      errors.push({ field: 'contactEmail', message: 'accessibility.problem.contactEmail' });
    }
  } else if (input.wantsOtherFormat) {
    // Content in another format has to be sent somewhere.
    errors.push({ field: 'contactEmail', message: 'accessibility.problem.emailForFormat' });
  }
  if (errors.length > 0) throw new AppError('validation', 'The report has errors.', errors);
  const report: ProblemReport = {
    id: randomUUID(),
    createdAt: clock.now().toISOString(),
    page: input.page.trim() || null,
    description,
    wantsOtherFormat: input.wantsOtherFormat,
    contactName: input.contactName.trim() || null,
    contactEmail,
    handledAt: null,
    handledBy: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertReportRow(trx, report);
    await recordAuditEvent(trx, clock, {
      actor,
      action: 'accessibility.problem_reported',
      subjectType: 'accessibility_report',
      subjectId: report.id,
      details: { wantsOtherFormat: report.wantsOtherFormat },
    });
  });
  return report;
}

/** The latest problem reports, newest first, for the administrators. */
export async function listAccessibilityReports(db: Kysely<Database>): Promise<ProblemReport[]> {
  return listReportRows(db, 200);
}

/** The problem reports a person sent with this e-mail address (for their own data). */
export async function listAccessibilityReportsByEmail(db: Kysely<Database>, email: string): Promise<ProblemReport[]> {
  return listReportRowsByEmail(db, email);
}

/**
 * Marks a problem report as handled.
 * @throws AppError('not_found') when there is no such unhandled report.
 */
export async function markAccessibilityReportHandled(
  db: Kysely<Database>,
  clock: Clock,
  id: string,
  actor: Actor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const isMarked = await markReportRowHandled(trx, id, { at: clock.now().toISOString(), by: actor.label });
    if (!isMarked) throw new AppError('not_found', 'No unhandled report has this id.');
    await recordAuditEvent(trx, clock, {
      actor,
      action: 'accessibility.report_handled',
      subjectType: 'accessibility_report',
      subjectId: id,
    });
  });
}
