import type { FieldError } from '../app-error.ts';
import { Field, type PageError, TextArea, TextInput } from '../web/form-field.tsx';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { isPrivacyMessageKey } from './privacy.messages.ts';
import type { PersonalData, PrivacyNotice } from './privacy.schema.ts';
import type { PrivacyNoticeForm } from './privacy-notice.service.ts';

export const imyUrl = 'https://www.imy.se/';

/** Words a service's field errors (message keys) in the visitor's language. */
export function describePrivacyErrors(context: PageContext, errors: readonly FieldError[]): PageError[] {
  return errors.map((error) => ({
    field: error.field,
    message: isPrivacyMessageKey(error.message) ? context.t(error.message) : context.t('privacy.problem.text'),
  }));
}

/** The privacy notice (GDPR art. 13): controller, data, purposes, legal basis, recipients, retention, rights. */
export function PrivacyNoticePage({ context, notice }: { context: PageContext; notice: PrivacyNotice }) {
  const { t } = context;
  // An administrator writes the notice in Swedish; on an English page it keeps its language for screen readers.
  const lang = context.language === 'sv' ? undefined : 'sv';
  return (
    <Layout context={context} title={t('privacy.title')}>
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.lead')}</p>
      {context.user?.globalRole === 'administrator' ? (
        <p>
          <a href="/admin/privacy">{t('privacy.edit')}</a>
        </p>
      ) : null}
      <h2>{t('privacy.controller.heading')}</h2>
      <p>{t('privacy.controller.body', { name: notice.controllerName })}</p>
      <ul>
        {notice.organisationNumber ? (
          <li>{t('privacy.controller.organisationNumber', { number: notice.organisationNumber })}</li>
        ) : null}
        {notice.contactEmail ? (
          <li>
            {t('privacy.controller.contact')} <a href={`mailto:${notice.contactEmail}`}>{notice.contactEmail}</a>
          </li>
        ) : null}
        {notice.protectionOfficerEmail ? (
          <li>
            {t('privacy.controller.officer')}{' '}
            <a href={`mailto:${notice.protectionOfficerEmail}`}>{notice.protectionOfficerEmail}</a>
          </li>
        ) : null}
      </ul>
      <h2>{t('privacy.data.heading')}</h2>
      <p>{t('privacy.data.body')}</p>
      <h2>{t('privacy.purposes.heading')}</h2>
      <p lang={lang}>{notice.purposes}</p>
      <h2>{t('privacy.legalBasis.heading')}</h2>
      <p lang={lang}>{notice.legalBasis}</p>
      <h2>{t('privacy.recipients.heading')}</h2>
      <p lang={lang}>{notice.recipients}</p>
      <h2>{t('privacy.retention.heading')}</h2>
      <p>{t('privacy.retention.body', { months: notice.retentionMonths })}</p>
      <h2>{t('privacy.rights.heading')}</h2>
      <p>{t('privacy.rights.body')}</p>
      <p>
        {t('privacy.rights.myData')} <a href="/my/data">{t('privacy.myData.link')}</a>.
      </p>
      <p>
        {t('privacy.rights.complaint')} <a href={imyUrl}>{t('privacy.rights.imy')}</a>
      </p>
    </Layout>
  );
}

/** "Mina uppgifter": what is held about the signed-in person, to download as JSON or PDF. */
export function MyDataPage({ context, data }: { context: PageContext; data: PersonalData }) {
  const { t } = context;
  return (
    <Layout context={context} title={t('privacy.myData.title')}>
      <h1>{t('privacy.myData.title')}</h1>
      <p>{t('privacy.myData.lead')}</p>
      <p>
        {t('privacy.myData.summary', {
          contacts: data.contacts.length,
          mails: data.mails.length,
          events: data.auditEvents.length,
        })}
      </p>
      <ul>
        <li>
          <a href="/my/data.json" download>
            {t('privacy.myData.json')}
          </a>
        </li>
        <li>
          <a href="/my/data.pdf">{t('privacy.myData.pdf')}</a>
        </li>
      </ul>
      <p>
        <a href="/personuppgifter">{t('privacy.title')}</a>
      </p>
    </Layout>
  );
}

/** The administrators' page: the notice and retention period, and an extract of any person's data. */
export function PrivacyAdminPage({
  context,
  form,
  errors,
  notice,
  exportEmail,
}: {
  context: PageContext;
  form: PrivacyNoticeForm;
  errors: PageError[];
  notice: string | null;
  exportEmail: string;
}) {
  const { t } = context;
  const errorOf = (field: string) => errors.find((error) => error.field === field);
  const input = (id: keyof PrivacyNoticeForm, label: string, hint?: string) => (
    <TextInput id={id} label={label} value={form[id]} error={errorOf(id)} {...(hint ? { hint } : {})} />
  );
  const area = (id: keyof PrivacyNoticeForm, label: string) => (
    <TextArea id={id} label={label} value={form[id]} error={errorOf(id)} />
  );
  return (
    <Layout context={context} title={t('privacy.admin.title')}>
      <h1>{t('privacy.admin.title')}</h1>
      <ErrorSummary context={context} errors={errors} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h2>{t('privacy.admin.export')}</h2>
      <p>{t('privacy.admin.exportLead')}</p>
      <form method="post" action="/admin/privacy/export" class="stacked-form" noValidate>
        <CsrfField context={context} />
        <Field id="email" label={t('privacy.admin.exportEmail')} error={errorOf('email')}>
          {(described) => (
            <input id="email" name="email" type="email" value={exportEmail} maxLength={254} {...described} />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" name="format" value="pdf">
            {t('privacy.admin.exportPdf')}
          </button>
          <button type="submit" name="format" value="json">
            {t('privacy.admin.exportJson')}
          </button>
        </div>
      </form>
      <h2>{t('privacy.admin.notice')}</h2>
      <form method="post" action="/admin/privacy" class="stacked-form" noValidate>
        <CsrfField context={context} />
        {input('controllerName', t('privacy.admin.controllerName'))}
        {input('organisationNumber', t('privacy.admin.organisationNumber'))}
        {input('contactEmail', t('privacy.admin.contactEmail'))}
        {input('protectionOfficerEmail', t('privacy.admin.protectionOfficerEmail'))}
        {area('purposes', t('privacy.admin.purposes'))}
        {area('legalBasis', t('privacy.admin.legalBasis'))}
        {area('recipients', t('privacy.admin.recipients'))}
        {input('retentionMonths', t('privacy.admin.retentionMonths'), t('privacy.admin.retentionHint'))}
        <button type="submit">{t('privacy.admin.save')}</button>
      </form>
    </Layout>
  );
}
