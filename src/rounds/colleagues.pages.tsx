import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { Member } from './colleagues.service.ts';
import { Field, Notice, type PageError } from './round-fields.tsx';

/** A respondent's page for bringing colleagues of the same organisation in, as respondents or readers. */
export function ColleaguesPage({
  context,
  organisation,
  colleagues,
  form,
  errors,
  notice,
  canInvite,
  isCoordinatorViewer,
}: {
  context: PageContext;
  organisation: { code: string; name: string };
  colleagues: Member[];
  form: { email: string; name: string; role: string };
  errors: PageError[];
  notice: string | null;
  /** Whether the viewer may invite (a respondent of the organisation); coordinators only list and remove. */
  canInvite: boolean;
  /** Whether the viewer is a coordinator, who may remove anyone's membership here. */
  isCoordinatorViewer: boolean;
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
      {canInvite ? (
        <>
          <h2>{t('rounds.colleagues.invite')}</h2>
          <form method="post" action={`/organisations/${organisation.code}/colleagues`} class="stacked-form" noValidate>
            <CsrfField context={context} />
            <Field id="email" label={t('rounds.colleagues.email')} error={errorFor('email')}>
              {(described) => (
                <input
                  id="email"
                  name="email"
                  type="email"
                  value={form.email}
                  maxLength={254}
                  required
                  {...described}
                />
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
        </>
      ) : null}
      <div class="table-scroll">
        <table>
          <caption>{t('rounds.colleagues.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.colleagues.email')}</th>
              <th scope="col">{t('rounds.colleagues.name')}</th>
              <th scope="col">{t('rounds.colleagues.role')}</th>
              <th scope="col">{t('rounds.colleagues.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {colleagues.map((colleague) => (
              <tr key={colleague.userId} id={`member-${colleague.userId}`}>
                <th scope="row">
                  {colleague.email} {colleague.userId === context.user?.id ? t('rounds.colleagues.you') : ''}
                </th>
                <td>{colleague.name ?? ''}</td>
                <td>{t(`accounts.role.${colleague.role}`)}</td>
                <td>
                  {colleague.isCoordinator && !isCoordinatorViewer ? (
                    <span class="muted">{t('rounds.colleagues.coordinator')}</span>
                  ) : (
                    <form
                      method="post"
                      action={`/organisations/${organisation.code}/colleagues/${colleague.userId}/remove`}
                      class="inline-form"
                    >
                      <CsrfField context={context} />
                      <button type="submit" class="button-link">
                        {t('rounds.colleagues.remove', { email: colleague.email })}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{t('accounts.users.confirmRemoval')}</p>
    </Layout>
  );
}
