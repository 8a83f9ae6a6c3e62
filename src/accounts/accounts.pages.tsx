import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { CurrentUser, SignInLinkStatus } from './accounts.service.ts';
import { OidcSignInButton } from './oidc.pages.tsx';

// Times are shown as Swedish wall-clock time, as the column header says ("2026-03-01 09:00"), never as UTC.
const stockholmTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

type FieldErrors = Array<{ field: string; message: string }>;

/** The sign-in form: an e-mail address, nothing else. */
export function SignInPage({
  context,
  email,
  next,
  errors,
  minutes,
  oidcName = null,
}: {
  context: PageContext;
  email: string;
  next: string;
  errors: FieldErrors;
  minutes: number;
  /** The identity provider's name when OpenID Connect sign-in is configured. */
  oidcName?: string | null;
}) {
  const { t } = context;
  const emailError = errors.find((error) => error.field === 'email');
  return (
    <Layout context={context} title={t('accounts.signIn.title')}>
      <h1>{t('accounts.signIn.title')}</h1>
      <ErrorSummary context={context} errors={errors} />
      <p>{t('accounts.signIn.lead', { minutes })}</p>
      <form method="post" action="/sign-in" class="stacked-form" noValidate>
        <CsrfField context={context} />
        <input type="hidden" name="next" value={next} />
        <div class={`field${emailError ? ' field--error' : ''}`}>
          <label for="email">{t('accounts.signIn.email')}</label>
          {emailError ? (
            <p class="field-error" id="email-error">
              {emailError.message}
            </p>
          ) : null}
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            maxLength={254}
            aria-invalid={emailError ? 'true' : undefined}
            aria-describedby={emailError ? 'email-error' : undefined}
          />
        </div>
        <button type="submit">{t('accounts.signIn.submit')}</button>
      </form>
      {oidcName ? <OidcSignInButton context={context} name={oidcName} next={next} /> : null}
    </Layout>
  );
}

/** Asks before a sign-in link is used, because mail scanners open links on their own. */
export function ConfirmLinkPage({ context, token, email }: { context: PageContext; token: string; email: string }) {
  const { t } = context;
  return (
    <Layout context={context} title={t('accounts.link.title')}>
      <h1>{t('accounts.link.title')}</h1>
      <p>{t('accounts.link.confirm', { email })}</p>
      <form method="post" action={`/sign-in/link/${token}`}>
        <CsrfField context={context} />
        <button type="submit">{t('accounts.link.button')}</button>
      </form>
      <p class="muted">{t('accounts.link.why')}</p>
    </Layout>
  );
}

/** Explains why a link did not work and offers a new one. */
export function RefusedLinkPage({
  context,
  status,
  minutes,
}: {
  context: PageContext;
  status: Exclude<SignInLinkStatus, 'valid'>;
  minutes: number;
}) {
  const { t } = context;
  const title = t(`accounts.link.${status}.title`);
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>{t(`accounts.link.${status}.text`, { minutes })}</p>
      <form method="post" action="/sign-in" class="stacked-form">
        <CsrfField context={context} />
        <div class="field">
          <label for="email">{t('accounts.signIn.email')}</label>
          <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
        </div>
        <button type="submit">{t('accounts.signIn.submit')}</button>
      </form>
    </Layout>
  );
}

export type GrantForm = { email: string; name: string; role: string; organisationCode: string; isSendingLink: boolean };

function roleLabels(context: PageContext, user: CurrentUser): string[] {
  const { t } = context;
  const labels = user.globalRole ? [t(`accounts.role.${user.globalRole}`)] : [];
  for (const membership of user.memberships)
    labels.push(`${t(`accounts.role.${membership.role}`)} ${membership.organisationCode}`);
  return labels;
}

/** Administrators' list of users with a form that grants a role and sends a sign-in link. */
export function UsersPage({
  context,
  users,
  form,
  errors,
  notice,
}: {
  context: PageContext;
  users: CurrentUser[];
  form: GrantForm;
  errors: FieldErrors;
  notice: string | null;
}) {
  const { t } = context;
  const errorFor = (field: string) => errors.find((error) => error.field === field);
  const roles = ['respondent', 'reader', 'analyst', 'administrator'] as const;
  return (
    <Layout context={context} title={t('accounts.users.title')}>
      <h1>{t('accounts.users.title')}</h1>
      <p>{t('accounts.users.lead')}</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary context={context} errors={errors} />
      <h2>{t('accounts.users.add')}</h2>
      <form method="post" action="/admin/users" class="stacked-form" noValidate>
        <CsrfField context={context} />
        {(['email', 'name'] as const).map((field) => (
          <div class={`field${errorFor(field) ? ' field--error' : ''}`} key={field}>
            <label for={field}>{t(`accounts.users.${field}`)}</label>
            {errorFor(field) ? (
              <p class="field-error" id={`${field}-error`}>
                {errorFor(field)?.message}
              </p>
            ) : null}
            <input
              id={field}
              name={field}
              type={field === 'email' ? 'email' : 'text'}
              value={form[field]}
              maxLength={254}
              required={field === 'email'}
              aria-invalid={errorFor(field) ? 'true' : undefined}
              aria-describedby={errorFor(field) ? `${field}-error` : undefined}
            />
          </div>
        ))}
        <div class="field">
          <label for="role">{t('accounts.users.role')}</label>
          <select id="role" name="role">
            {roles.map((role) => (
              <option key={role} value={role} selected={form.role === role}>
                {t(`accounts.role.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${errorFor('organisationCode') ? ' field--error' : ''}`}>
          <label for="organisationCode">{t('accounts.users.organisation')}</label>
          {errorFor('organisationCode') ? (
            <p class="field-error" id="organisationCode-error">
              {errorFor('organisationCode')?.message}
            </p>
          ) : null}
          <input
            id="organisationCode"
            name="organisationCode"
            value={form.organisationCode}
            inputMode="numeric"
            maxLength={4}
            aria-invalid={errorFor('organisationCode') ? 'true' : undefined}
            aria-describedby={errorFor('organisationCode') ? 'organisationCode-error' : undefined}
          />
        </div>
        <div class="field field--checkbox">
          <input id="sendLink" name="sendLink" type="checkbox" value="yes" checked={form.isSendingLink} />
          <label for="sendLink">{t('accounts.users.sendLink')}</label>
        </div>
        <button type="submit">{t('accounts.users.submit')}</button>
      </form>
      <h2>{t('accounts.users.title')}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('accounts.users.email')}</th>
              <th scope="col">{t('accounts.users.name')}</th>
              <th scope="col">{t('accounts.users.roles')}</th>
              <th scope="col">{t('accounts.users.lastSignIn')}</th>
              <th scope="col">{t('accounts.users.status')}</th>
              <th scope="col">{t('accounts.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} id={`user-${user.id}`}>
                <th scope="row">{user.email}</th>
                <td>{user.name ?? ''}</td>
                <td>{roleLabels(context, user).join(', ')}</td>
                <td>
                  {user.lastSignedInAt
                    ? stockholmTime.format(new Date(user.lastSignedInAt))
                    : t('accounts.users.never')}
                </td>
                <td>
                  {user.deactivatedAt
                    ? t('accounts.users.deactivated', { when: user.deactivatedAt.slice(0, 10) })
                    : t('accounts.users.active')}
                </td>
                <td>
                  <UserAccessActions context={context} user={user} />
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

/** One small form per change of access, each button naming the person and the role it removes. */
function UserAccessActions({ context, user }: { context: PageContext; user: CurrentUser }) {
  const { t } = context;
  const action = (path: string, label: string) => (
    <form method="post" action={`/admin/users/${user.id}/${path}`} class="inline-form" key={path}>
      <CsrfField context={context} />
      <button type="submit" class="button-link">
        {label}
      </button>
    </form>
  );
  return (
    <div class="action-list">
      {user.globalRole
        ? action(
            'remove-global-role',
            t('accounts.users.removeGlobalRole', { role: t(`accounts.role.${user.globalRole}`), email: user.email }),
          )
        : null}
      {user.memberships.map((membership) =>
        action(
          `memberships/${membership.organisationCode}/remove`,
          t('accounts.users.removeMembership', {
            role: t(`accounts.role.${membership.role}`),
            code: membership.organisationCode,
            email: user.email,
          }),
        ),
      )}
      {user.deactivatedAt
        ? action('reactivate', t('accounts.users.reactivate', { email: user.email }))
        : action('deactivate', t('accounts.users.deactivate', { email: user.email }))}
    </div>
  );
}
