import type { FieldError } from '../app-error.ts';
import { formatDateTime } from '../responses/answer-format.ts';
import { Field, type PageError, TextArea, TextInput } from '../web/form-field.tsx';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { isAccessibilityMessageKey } from './accessibility.messages.ts';
import { type AccessibilityStatement, complianceStatuses, type ProblemReport } from './accessibility.schema.ts';
import type { StatementForm } from './accessibility.service.ts';

/** Digg's form for reporting inaccessible digital public services. */
export const diggComplaintUrl = 'https://www.digg.se/tdosanmalan';

export type ReportForm = Record<'page' | 'description' | 'contactName' | 'contactEmail', string> & {
  wantsOtherFormat: boolean;
};

/** Words a service's field errors (message keys) in the visitor's language. */
export function describeErrors(context: PageContext, errors: readonly FieldError[]): PageError[] {
  return errors.map((error) => ({
    field: error.field,
    message: isAccessibilityMessageKey(error.message)
      ? context.t(error.message)
      : context.t('accessibility.problem.tooLong'),
  }));
}

function formatDate(date: string, context: PageContext): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(context.language === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(parsed);
}

/** Text an administrator wrote (in Swedish) keeps its language on an English page, for screen readers. */
function adminLanguage(context: PageContext): 'sv' | undefined {
  return context.language === 'sv' ? undefined : 'sv';
}

function ProblemReportForm({ context, form, errors }: { context: PageContext; form: ReportForm; errors: PageError[] }) {
  const { t } = context;
  const errorOf = (field: string) => errors.find((error) => error.field === field);
  return (
    <form method="post" action="/tillganglighet/rapport" class="stacked-form" noValidate>
      <CsrfField context={context} />
      <Field id="page" label={t('accessibility.report.page')} error={errorOf('page')}>
        {(described) => <input id="page" name="page" value={form.page} maxLength={500} {...described} />}
      </Field>
      <Field id="description" label={t('accessibility.report.description')} error={errorOf('description')}>
        {(described) => (
          <textarea id="description" name="description" rows={5} required maxLength={5000} {...described}>
            {form.description}
          </textarea>
        )}
      </Field>
      <div class="field field--checkbox">
        <input
          id="wantsOtherFormat"
          name="wantsOtherFormat"
          type="checkbox"
          value="1"
          checked={form.wantsOtherFormat}
        />
        <label for="wantsOtherFormat">{t('accessibility.report.wantsOtherFormat')}</label>
      </div>
      <Field id="contactName" label={t('accessibility.report.contactName')} error={errorOf('contactName')}>
        {(described) => (
          <input
            id="contactName"
            name="contactName"
            autoComplete="name"
            value={form.contactName}
            maxLength={200}
            {...described}
          />
        )}
      </Field>
      <Field id="contactEmail" label={t('accessibility.report.contactEmail')} error={errorOf('contactEmail')}>
        {(described) => (
          <input
            id="contactEmail"
            name="contactEmail"
            type="email"
            autoComplete="email"
            value={form.contactEmail}
            maxLength={254}
            {...described}
          />
        )}
      </Field>
      <button type="submit">{t('accessibility.report.submit')}</button>
    </form>
  );
}

/** The accessibility statement with DIGG's parts, and the form to report a problem. */
export function StatementPage({
  context,
  statement,
  form,
  errors,
  isSent,
}: {
  context: PageContext;
  statement: AccessibilityStatement;
  form: ReportForm;
  errors: PageError[];
  isSent: boolean;
}) {
  const { t } = context;
  const shortcomings = statement.shortcomings.split('\n').filter((line) => line.trim() !== '');
  const lang = adminLanguage(context);
  return (
    <Layout context={context} title={t('accessibility.title')}>
      <h1>{t('accessibility.title')}</h1>
      <ErrorSummary context={context} errors={errors} />
      {isSent ? (
        <p class="notice" role="status">
          {t('accessibility.report.thanks')}
        </p>
      ) : null}
      <p>{t('accessibility.intro', { organisation: statement.organisationName })}</p>
      {context.user?.globalRole === 'administrator' ? (
        <p>
          <a href="/admin/accessibility">{t('accessibility.edit')}</a>
        </p>
      ) : null}
      <h2>{t('accessibility.status.heading')}</h2>
      <p>{t(`accessibility.status.${statement.status}`)}</p>
      <h3>{t('accessibility.shortcomings.heading')}</h3>
      {shortcomings.length > 0 ? (
        <ul lang={lang}>
          {shortcomings.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>{t('accessibility.shortcomings.none')}</p>
      )}
      <h2>{t('accessibility.otherFormat.heading')}</h2>
      <p>{t('accessibility.otherFormat.body')}</p>
      {statement.contactEmail ? (
        <ul>
          <li>
            {t('accessibility.contact.email')} <a href={`mailto:${statement.contactEmail}`}>{statement.contactEmail}</a>
          </li>
          {statement.contactPhone ? (
            <li>{t('accessibility.contact.phone', { phone: statement.contactPhone })}</li>
          ) : null}
        </ul>
      ) : (
        <p>{t('accessibility.contact.missing')}</p>
      )}
      <h2 id="rapportera">{t('accessibility.report.heading')}</h2>
      <p>{t('accessibility.report.lead')}</p>
      <ProblemReportForm context={context} form={form} errors={errors} />
      <h2>{t('accessibility.supervision.heading')}</h2>
      <p>{t('accessibility.supervision.body')}</p>
      <p>
        <a href={diggComplaintUrl} lang="sv">
          {t('accessibility.supervision.link')}
        </a>
      </p>
      <h2>{t('accessibility.assessment.heading')}</h2>
      <p>{t('accessibility.assessment.standard')}</p>
      {statement.assessment ? <p lang={lang}>{statement.assessment}</p> : null}
      <p>
        {t('accessibility.dates', {
          made: formatDate(statement.madeOn, context),
          reviewed: formatDate(statement.reviewedOn, context),
        })}
      </p>
    </Layout>
  );
}

/** The administrators' page: the statement's organisation-specific parts, and the reported problems. */
export function AccessibilityAdminPage({
  context,
  form,
  errors,
  reports,
  notice,
}: {
  context: PageContext;
  form: StatementForm;
  errors: PageError[];
  reports: ProblemReport[];
  notice: string | null;
}) {
  const { t } = context;
  const errorOf = (field: string) => errors.find((error) => error.field === field);
  const text = (id: keyof StatementForm, label: string, hint?: string) => (
    <TextInput id={id} label={label} value={form[id]} error={errorOf(id)} {...(hint ? { hint } : {})} />
  );
  return (
    <Layout context={context} title={t('accessibility.admin.title')}>
      <h1>{t('accessibility.admin.title')}</h1>
      <ErrorSummary context={context} errors={errors} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form method="post" action="/admin/accessibility" class="stacked-form" noValidate>
        <CsrfField context={context} />
        {text('organisationName', t('accessibility.admin.organisationName'))}
        <fieldset class={errorOf('status') ? 'field field--error' : 'field'}>
          <legend>{t('accessibility.admin.status')}</legend>
          {complianceStatuses.map((status) => (
            <div class="field--checkbox" key={status}>
              <input
                type="radio"
                id={`status-${status}`}
                name="status"
                value={status}
                checked={form.status === status}
              />
              <label for={`status-${status}`}>{t(`accessibility.admin.status.${status}`)}</label>
            </div>
          ))}
        </fieldset>
        <TextArea
          id="shortcomings"
          label={t('accessibility.admin.shortcomings')}
          hint={t('accessibility.admin.shortcomingsHint')}
          value={form.shortcomings}
          error={errorOf('shortcomings')}
          rows={6}
        />
        {text('contactEmail', t('accessibility.admin.contactEmail'))}
        {text('contactPhone', t('accessibility.admin.contactPhone'))}
        <TextArea
          id="assessment"
          label={t('accessibility.admin.assessment')}
          value={form.assessment}
          error={errorOf('assessment')}
        />
        {text('madeOn', t('accessibility.admin.madeOn'), t('accessibility.admin.dateHint'))}
        {text('reviewedOn', t('accessibility.admin.reviewedOn'), t('accessibility.admin.dateHint'))}
        <button type="submit">{t('accessibility.admin.save')}</button>
      </form>
      <h2>{t('accessibility.admin.reports')}</h2>
      {reports.length === 0 ? (
        <p>{t('accessibility.admin.noReports')}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
        <section class="table-scroll" tabIndex={0} aria-label={t('accessibility.admin.reports')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accessibility.admin.received')}</th>
                <th scope="col">{t('accessibility.admin.page')}</th>
                <th scope="col">{t('accessibility.admin.description')}</th>
                <th scope="col">{t('accessibility.admin.otherFormat')}</th>
                <th scope="col">{t('accessibility.admin.contact')}</th>
                <th scope="col">{t('accessibility.admin.handled')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.id}>
                  <td>
                    <time dateTime={report.createdAt}>{formatDateTime(report.createdAt, context.language)}</time>
                  </td>
                  <td>{report.page ?? '–'}</td>
                  <td>{report.description}</td>
                  <td>{report.wantsOtherFormat ? t('accessibility.admin.yes') : t('accessibility.admin.no')}</td>
                  <td>{[report.contactName, report.contactEmail].filter(Boolean).join(', ') || '–'}</td>
                  <td>
                    {report.handledAt ? (
                      `${report.handledAt.slice(0, 10)} (${report.handledBy ?? ''})`
                    ) : (
                      <form method="post" action={`/admin/accessibility/reports/${report.id}/handled`}>
                        <CsrfField context={context} />
                        <button type="submit" class="button-link">
                          {t('accessibility.admin.markHandled')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}
