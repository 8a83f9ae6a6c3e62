import type { Kysely } from 'kysely';
import { normaliseEmail } from '../accounts/accounts.service.ts';
import { AppError, type FieldError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { readJsonSetting, saveJsonSetting } from '../settings/settings.service.ts';
import { checkPrivacyNotice, type PrivacyNotice } from './privacy.schema.ts';

const settingKey = 'privacy_notice';

/** What the notice says until an administrator has set it (Swedish, as the organisation will write it). */
export const defaultPrivacyNotice: PrivacyNotice = {
  controllerName: 'Sveriges Kommuner och Regioner (SKR)',
  organisationNumber: '',
  contactEmail: '',
  protectionOfficerEmail: '',
  purposes:
    'Vi behandlar personuppgifter för att genomföra enkäten om informationssäkerhet i kommuner och regioner: för att skicka inbjudningar, påminnelser och inloggningslänkar till kontaktpersoner, för att ge behöriga personer tillgång till sin organisations svar och rapporter, och för att kunna visa vem som har ändrat ett svar och när.',
  legalBasis:
    'Berättigat intresse (artikel 6.1 f i dataskyddsförordningen): att kunna genomföra och följa upp enkäten med de kontaktpersoner som kommunerna och regionerna själva har utsett.',
  recipients:
    'Uppgifterna används bara av den personuppgiftsansvariges samordnare och av personer med behörighet i din egen organisation. E-post skickas genom tjänstens e-postleverantör, som är personuppgiftsbiträde. Svaren publiceras bara som sammanställd statistik.',
  retentionMonths: 24,
};

/** The privacy notice: the administrator's, or the defaults. */
export async function findPrivacyNotice(db: Kysely<Database>): Promise<PrivacyNotice> {
  return (await readJsonSetting(db, settingKey, (value) => checkPrivacyNotice.Check(value))) ?? defaultPrivacyNotice;
}

export type PrivacyNoticeForm = Record<keyof PrivacyNotice, string>;

/**
 * Saves the privacy notice and the retention period, and records who changed them.
 * @throws AppError('validation') with one error per field that is wrong.
 */
export async function savePrivacyNotice(
  db: Kysely<Database>,
  clock: Clock,
  form: PrivacyNoticeForm,
  actor: Actor,
): Promise<PrivacyNotice> {
  const errors: FieldError[] = [];
  const optionalEmail = (field: 'contactEmail' | 'protectionOfficerEmail', isRequired: boolean) => {
    const value = form[field].trim();
    if (value === '' && !isRequired) return '';
    try {
      return normaliseEmail(value);
    } catch {
      errors.push({ field, message: 'privacy.problem.email' });
      return value;
    }
  };
  const months = /^\d{1,3}$/.test(form.retentionMonths.trim()) ? Number(form.retentionMonths.trim()) : Number.NaN;
  const notice: PrivacyNotice = {
    controllerName: form.controllerName.trim(),
    organisationNumber: form.organisationNumber.trim(),
    contactEmail: optionalEmail('contactEmail', true),
    protectionOfficerEmail: optionalEmail('protectionOfficerEmail', false),
    purposes: form.purposes.trim(),
    legalBasis: form.legalBasis.trim(),
    recipients: form.recipients.trim(),
    retentionMonths: months,
  };
  if (notice.controllerName === '' || notice.controllerName.length > 200)
    errors.push({ field: 'controllerName', message: 'privacy.problem.controllerName' });
  if (!/^[\d-]{0,20}$/.test(notice.organisationNumber))
    errors.push({ field: 'organisationNumber', message: 'privacy.problem.organisationNumber' });
  for (const field of ['purposes', 'legalBasis', 'recipients'] as const) {
    if (notice[field] === '' || notice[field].length > 5000) errors.push({ field, message: 'privacy.problem.text' });
  }
  if (!Number.isInteger(months) || months < 1 || months > 120)
    errors.push({ field: 'retentionMonths', message: 'privacy.problem.retentionMonths' });
  if (errors.length > 0 || !checkPrivacyNotice.Check(notice))
    throw new AppError('validation', 'The privacy notice has errors.', errors);
  await db.transaction().execute(async (trx) => {
    await saveJsonSetting(trx, clock, settingKey, notice);
    await recordAuditEvent(trx, clock, {
      actor,
      action: 'privacy.notice_saved',
      subjectType: 'setting',
      subjectId: settingKey,
      details: { retentionMonths: notice.retentionMonths },
    });
  });
  return notice;
}
