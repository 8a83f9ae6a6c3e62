import type { ComponentChildren } from 'preact';
import type { PageContext } from './page-context.ts';

function languageSwitchHref(context: PageContext): string {
  const other = context.language === 'sv' ? 'en' : 'sv';
  const next = context.currentPath.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
  return `/language/${other}?next=${encodeURIComponent(next)}`;
}

/** A hidden field with the CSRF token; every POST form includes it. */
export function CsrfField({ context }: { context: PageContext }) {
  return <input type="hidden" name="_csrf" value={context.csrfToken} />;
}

/** The page frame: skip link, header with navigation and language switch, main content, footer. */
export function Layout({
  context,
  title,
  children,
}: {
  context: PageContext;
  title: string;
  children: ComponentChildren;
}) {
  const { t, user } = context;
  const isCoordinator = user?.globalRole === 'administrator' || user?.globalRole === 'analyst';
  return (
    <html lang={context.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={context.csrfToken} />
        <title>{`${title} – ${t('web.productName')}`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/styles.css" />
        <script type="module" src="/static/app.js" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('web.skipToContent')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-name" href="/">
              {t('web.productName')}
            </a>
            <nav aria-label={t('web.nav.label')}>
              <ul class="nav-list">
                <li>
                  <a href="/organisations">{t('web.nav.organisations')}</a>
                </li>
                <li>
                  <a href="/published">{t('publication.nav')}</a>
                </li>
                {user && user.memberships.length > 0 ? (
                  <li>
                    <a href="/my">{t('responses.nav.my')}</a>
                  </li>
                ) : null}
                {user?.globalRole === 'administrator' ? (
                  <li>
                    <a href="/admin/users">{t('web.nav.users')}</a>
                  </li>
                ) : null}
                {isCoordinator ? (
                  <li>
                    <a href="/rounds">{t('rounds.nav')}</a>
                  </li>
                ) : null}
                {isCoordinator ? (
                  <li>
                    <a href="/questionnaires">{t('questionnaires.nav')}</a>
                  </li>
                ) : null}
                {isCoordinator ? (
                  <li>
                    <a href="/admin/audit">{t('audit.title')}</a>
                  </li>
                ) : null}
                {isCoordinator ? (
                  <li>
                    <a href="/results">{t('results.nav')}</a>
                  </li>
                ) : null}
                {user?.globalRole === 'administrator' ? (
                  <li>
                    <a href="/admin/publication">{t('publication.admin.title')}</a>
                  </li>
                ) : null}
                {isCoordinator ? (
                  <li>
                    <a href="/api/docs">{t('web.nav.apiDocs')}</a>
                  </li>
                ) : null}
              </ul>
            </nav>
            <div class="site-header__tools">
              <a
                href={languageSwitchHref(context)}
                lang={context.language === 'sv' ? 'en' : 'sv'}
                aria-label={t('web.languageSwitchLabel')}
              >
                {t('web.languageSwitch')}
              </a>
              {user ? (
                <form method="post" action="/sign-out" class="inline-form">
                  <CsrfField context={context} />
                  <span class="signed-in-as">{t('web.signedInAs', { email: user.email })}</span>{' '}
                  <button type="submit" class="button-link">
                    {t('web.nav.signOut')}
                  </button>
                </form>
              ) : (
                <a href="/sign-in">{t('web.nav.signIn')}</a>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('web.footer')}</p>
          <ul class="footer-links">
            <li>
              <a href="/tillganglighet">{t('accessibility.footerLink')}</a>
            </li>
            <li>
              <a href="/personuppgifter">{t('privacy.footerLink')}</a>
            </li>
            {user ? (
              <li>
                <a href="/my/data">{t('privacy.myData.link')}</a>
              </li>
            ) : null}
          </ul>
        </footer>
      </body>
    </html>
  );
}

/** Lists a form's errors at the top, each linking to its field, announced to screen readers. */
export function ErrorSummary({
  context,
  errors,
}: {
  context: PageContext;
  errors: Array<{ field: string; message: string }>;
}) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{context.t('web.formErrors')}</h2>
      <ul>
        {errors.map((error) => (
          <li key={error.field}>
            <a href={`#${error.field}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
