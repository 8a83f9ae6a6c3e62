/** The parts of the accessibility statement an administrator sets, and the problem report form. */
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

const isoDate = '^\\d{4}-\\d{2}-\\d{2}$';

export const complianceStatuses = ['full', 'partial', 'none'] as const;

export const AccessibilityStatementSchema = Type.Object({
  /** The organisation that runs the service ("Sveriges Kommuner och Regioner"). */
  organisationName: Type.String({ minLength: 1, maxLength: 200 }),
  status: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')]),
  /** Known shortcomings, one a line. */
  shortcomings: Type.String({ maxLength: 5000 }),
  contactEmail: Type.String({ minLength: 3, maxLength: 254 }),
  contactPhone: Type.String({ maxLength: 50 }),
  /** How the statement's assessment was made (self-assessment, audit by a third party). */
  assessment: Type.String({ maxLength: 2000 }),
  madeOn: Type.String({ pattern: isoDate }),
  reviewedOn: Type.String({ pattern: isoDate }),
});
export type AccessibilityStatement = Static<typeof AccessibilityStatementSchema>;
export const checkAccessibilityStatement = Compile(AccessibilityStatementSchema);

export type ComplianceStatus = (typeof complianceStatuses)[number];

/** A report of an accessibility problem as the visitor wrote it. */
export interface ProblemReportInput {
  page: string;
  description: string;
  wantsOtherFormat: boolean;
  contactName: string;
  contactEmail: string;
}

export interface ProblemReport {
  id: string;
  createdAt: string;
  page: string | null;
  description: string;
  wantsOtherFormat: boolean;
  contactName: string | null;
  contactEmail: string | null;
  handledAt: string | null;
  handledBy: string | null;
}
