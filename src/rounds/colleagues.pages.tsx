import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { Colleague } from './colleagues.service.ts';
import { Field, Notice, type PageError } from './round-fields.tsx';

/** A respondent's page for bringing colleagues of the same organisation in, as respondents or readers. */
export function ColleaguesPage({
  context,
  organisation,
  colleagues,
  form,
  errors,
  notice,
}: {
  context: PageContext;
  organisation: { code: string; name: string };
  colleagues: Colleague[];
  form: { email: string; name: string; role: string };
  errors: PageError[];
  notice: string | null;
}) {
  const { t } = context;
  const errorFor = (field: string) => errors.find((error) => error.field === field);
  const title = t('rounds.colleagues.title', { name: organisation.name });
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('rounds.colleagues.lead')}</p>
      <Notice text={notice} />
      <ErrorSummary context={context} errors={errors} />
      <h2>{t('rounds.colleagues.invite')}</h2>
      <form method="post" action={`/organisations/${organisation.code}/colleagues`} class="stacked-form" noValidate>
        <CsrfField context={context} />
        <Field id="email" label={t('rounds.colleagues.email')} error={errorFor('email')}>
          {(described) => (
            <input id="email" name="email" type="email" value={form.email} maxLength={254} required {...described} />
          )}
        </Field>
        <Field id="name" label={t('rounds.colleagues.name')} error={errorFor('name')}>
          {(described) => <input id="name" name="name" value={form.name} maxLength={200} {...described} />}
        </Field>
        <Field id="role" label={t('rounds.colleagues.role')} error={errorFor('role')}>
          {(described) => (
            <select id="role" name="role" {...described}>
              {(['respondent', 'reader'] as const).map((role) => (
                <option key={role} value={role} selected={form.role === role}>
                  {t(`accounts.role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{t('rounds.colleagues.submit')}</button>
      </form>
      <div class="table-scroll">
        <table>
          <caption>{t('rounds.colleagues.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.colleagues.email')}</th>
              <th scope="col">{t('rounds.colleagues.name')}</th>
              <th scope="col">{t('rounds.colleagues.role')}</th>
            </tr>
          </thead>
          <tbody>
            {colleagues.map((colleague) => (
              <tr key={colleague.email}>
                <th scope="row">{colleague.email}</th>
                <td>{colleague.name ?? ''}</td>
                <td>{t(`accounts.role.${colleague.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
