import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';

export type OidcRefusal =
  | { reason: 'unknown-email'; email: string }
  | { reason: 'unverified-email' }
  | { reason: 'failed' }
  | { reason: 'unavailable' };

/**
 * The button on the sign-in page that starts single sign-on at the organisation's identity provider. A link, not a
 * form: the CSP's form-action 'self' would block a form whose answer redirects to the provider.
 */
export function OidcSignInButton({ context, name, next }: { context: PageContext; name: string; next: string }) {
  const href = next === '/' ? '/sign-in/oidc' : `/sign-in/oidc?next=${encodeURIComponent(next)}`;
  return (
    <div class="stacked-form">
      <p>{context.t('oidc.signIn.or')}</p>
      <a class="button" href={href}>
        {context.t('oidc.signIn.button', { name })}
      </a>
    </div>
  );
}

/** Explains why single sign-on did not sign the visitor in, and offers the two ways forward. */
export function OidcRefusedPage({
  context,
  refusal,
  name,
}: {
  context: PageContext;
  refusal: OidcRefusal;
  name: string;
}) {
  const { t } = context;
  const text =
    refusal.reason === 'unknown-email'
      ? t('oidc.unknown.text', { email: refusal.email })
      : refusal.reason === 'unverified-email'
        ? t('oidc.unverified.text', { name })
        : refusal.reason === 'unavailable'
          ? t('oidc.unavailable.text', { name })
          : t('oidc.failed.text', { name });
  return (
    <Layout context={context} title={t('oidc.refused.title')}>
      <h1>{t('oidc.refused.title')}</h1>
      <p>{text}</p>
      <ul>
        {refusal.reason === 'failed' || refusal.reason === 'unavailable' ? (
          <li>
            <a href="/sign-in/oidc">{t('oidc.tryAgain')}</a>
          </li>
        ) : null}
        <li>
          <a href="/sign-in">{t('oidc.useLink')}</a>
        </li>
      </ul>
    </Layout>
  );
}
