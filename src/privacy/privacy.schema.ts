/** The privacy notice's parts an administrator sets (GDPR art. 13), and a person's data as exported (art. 15). */
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

export const PrivacyNoticeSchema = Type.Object({
  controllerName: Type.String({ minLength: 1, maxLength: 200 }),
  organisationNumber: Type.String({ maxLength: 20 }),
  contactEmail: Type.String({ maxLength: 254 }),
  protectionOfficerEmail: Type.String({ maxLength: 254 }),
  purposes: Type.String({ minLength: 1, maxLength: 5000 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 5000 }),
  recipients: Type.String({ minLength: 1, maxLength: 5000 }),
  /** Months after a round closes after which its contacts, mail and round-only accounts are erased. */
  retentionMonths: Type.Integer({ minimum: 1, maximum: 120 }),
});
export type PrivacyNotice = Static<typeof PrivacyNoticeSchema>;
export const checkPrivacyNotice = Compile(PrivacyNoticeSchema);

/** Everything held about one e-mail address, section by section; each section comes from the module that owns it. */
export interface PersonalData {
  email: string;
  generatedAt: string;
  account: {
    id: string;
    email: string;
    name: string | null;
    globalRole: string | null;
    createdAt: string;
    lastSignedInAt: string | null;
  } | null;
  memberships: Array<{ organisationCode: string; organisationName: string; role: string }>;
  contacts: Array<{
    roundLabel: string;
    organisationCode: string;
    organisationName: string;
    contactName: string | null;
    contactEmail: string | null;
    invitedAt: string | null;
  }>;
  mails: Array<{
    kind: string;
    roundLabel: string | null;
    organisationCode: string | null;
    status: string;
    createdAt: string;
    sentAt: string | null;
  }>;
  /** Changes the person made to answers (the answers belong to the organisation; who changed them is personal). */
  answerChanges: Array<{
    roundLabel: string;
    organisationCode: string;
    questionKey: string;
    kind: string;
    changedAt: string;
  }>;
  /** Explanations the person wrote of plausibility warnings (their own words about their organisation's answer). */
  plausibilityExplanations: Array<{
    roundLabel: string;
    organisationCode: string;
    questionKey: string;
    explanation: string;
    writtenAt: string;
  }>;
  accessibilityReports: Array<{
    createdAt: string;
    page: string | null;
    description: string;
    contactName: string | null;
    handledAt: string | null;
  }>;
  auditEvents: Array<{
    sequence: number;
    occurredAt: string;
    action: string;
    actorLabel: string | null;
    subjectType: string;
    subjectId: string;
    details: Record<string, unknown>;
  }>;
}
