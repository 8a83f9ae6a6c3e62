import { CsrfField } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { ContactChange } from './contacts-csv.ts';
import { Field, type PageError } from './round-fields.tsx';

/** The contacts of a preview as the text the confirming form posts again: semicolons, Swedish headers. */
export function contactsToCsv(changes: readonly ContactChange[]): string {
  const quote = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = changes.flatMap((change) =>
    change.after.map((contact) =>
      [change.organisationCode, contact.name, contact.email, contact.language].map(quote).join(';'),
    ),
  );
  return ['kod;namn;e-post;språk', ...lines].join('\n');
}

/**
 * The coordinator's form for contact persons: a CSV or XLSX file, or pasted text, read first as a preview that
 * lists what would change, then saved.
 */
export function ContactsImportForm({
  context,
  roundId,
  csv,
  errors,
}: {
  context: PageContext;
  roundId: string;
  csv: string;
  errors: PageError[];
}) {
  const { t } = context;
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('rounds.import.title')}</h2>
      <p>{t('rounds.import.lead')}</p>
      <form
        method="post"
        action={`/rounds/${roundId}/contacts`}
        class="stacked-form"
        encType="multipart/form-data"
        noValidate
      >
        <CsrfField context={context} />
        <Field id="file" label={t('rounds.import.file')} error={errors.find((error) => error.field === 'file')}>
          {(described) => (
            <input
              type="file"
              id="file"
              name="file"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              {...described}
            />
          )}
        </Field>
        <Field id="csv" label={t('rounds.import.csv')} error={errors.find((error) => error.field === 'csv')}>
          {(described) => (
            <textarea id="csv" name="csv" rows={8} {...described}>
              {csv}
            </textarea>
          )}
        </Field>
        <button type="submit" name="intent" value="preview">
          {t('rounds.import.preview')}
        </button>
      </form>
    </section>
  );
}

/** One contact as text, or several as a list, one a line. */
function ContactList({ contacts }: { contacts: string[] }) {
  if (contacts.length === 1) return <>{contacts[0]}</>;
  return (
    <ul class="plain-list">
      {contacts.map((contact) => (
        <li key={contact}>{contact}</li>
      ))}
    </ul>
  );
}

/** What the file would change, with the button that saves exactly the previewed contacts. */
export function ContactsPreview({
  context,
  roundId,
  changes,
}: {
  context: PageContext;
  roundId: string;
  changes: readonly ContactChange[];
}) {
  const { t } = context;
  const changed = changes.filter((change) => change.kind !== 'unchanged').length;
  const count = changes.reduce((sum, change) => sum + change.after.length, 0);
  const describe = (contact: ContactChange['after'][number]) =>
    `${contact.name} <${contact.email}>${
      contact.language === 'en' ? ` (${t('rounds.delivery.language.en').toLowerCase()})` : ''
    }`;
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading" tabIndex={-1}>
        {t('rounds.import.previewTitle')}
      </h2>
      <p>{t('rounds.import.previewLead', { count, organisations: changes.length, changed })}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rounds.contacts.name')}</th>
              <th scope="col">{t('rounds.import.change')}</th>
              <th scope="col">{t('rounds.import.before')}</th>
              <th scope="col">{t('rounds.import.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.organisationCode}>
                <th scope="row">
                  {change.organisationName} ({change.organisationCode})
                </th>
                <td>{t(`rounds.import.kind.${change.kind}`)}</td>
                <td>{change.before.length === 0 ? '–' : <ContactList contacts={change.before.map(describe)} />}</td>
                <td>
                  <ContactList contacts={change.after.map(describe)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={`/rounds/${roundId}/contacts`}>
        <CsrfField context={context} />
        <input type="hidden" name="csv" value={contactsToCsv(changes)} />
        <button type="submit" name="intent" value="save">
          {t('rounds.import.save', { count })}
        </button>
      </form>
    </section>
  );
}
