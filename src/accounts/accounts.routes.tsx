import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { safeRedirectTarget } from '../http/redirect-target.ts';
import { clearSessionCookie, setSessionCookie } from '../http/sessions.ts';
import { MessagePage } from '../web/message-page.tsx';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { ConfirmLinkPage, type GrantForm, RefusedLinkPage, SignInPage, UsersPage } from './accounts.pages.tsx';
import {
  closeSession,
  grantUserRole,
  inspectSignInLink,
  listUsers,
  normaliseEmail,
  requestSignInLink,
  type SignInLinkStatus,
  signInLinkLifetimeMinutes,
  signInWithLink,
  type UserGrant,
} from './accounts.service.ts';

const signInRateLimit = { max: 10, timeWindow: '1 minute' };
const tokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }) });

function isRefusedStatus(status: string): status is Exclude<SignInLinkStatus, 'valid'> {
  return status === 'used' || status === 'expired' || status === 'unknown';
}

function actorOf(context: PageContext) {
  return { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
}

/** Sign-in by one-time link, sign-out, and the administrators' user page. */
export async function accountRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const minutes = signInLinkLifetimeMinutes;

  app.get('/sign-in', { config: { policy: policies.anonymous }, schema: { hide: true } }, async (request, reply) => {
    const next = safeRedirectTarget(readFormFields(request.query, ['next']).next);
    return sendPage(
      reply,
      <SignInPage
        context={pageContextFrom(request)}
        email=""
        next={next}
        errors={[]}
        minutes={minutes}
        oidcName={deps.config.oidc?.name}
      />,
    );
  });

  app.post(
    '/sign-in',
    { config: { policy: policies.anonymous, rateLimit: signInRateLimit }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const form = readFormFields(request.body, ['email', 'next'], 300);
      const next = safeRedirectTarget(form.next);
      try {
        normaliseEmail(form.email);
      } catch {
        const errors = [{ field: 'email', message: context.t('accounts.signIn.invalidEmail') }];
        return sendPage(
          reply,
          <SignInPage
            context={context}
            email={form.email}
            next={next}
            errors={errors}
            minutes={minutes}
            oidcName={deps.config.oidc?.name}
          />,
          422,
        );
      }
      await requestSignInLink(deps.db, deps.clock, {
        email: form.email,
        language: request.language,
        redirectTo: next === '/' ? null : next,
      });
      return sendPage(
        reply,
        <MessagePage
          context={context}
          title={context.t('accounts.signIn.sent.title')}
          message={context.t('accounts.signIn.sent.text', { email: form.email.trim(), minutes })}
        />,
      );
    },
  );

  app.get(
    '/sign-in/link/:token',
    { config: { policy: policies.anonymous, rateLimit: signInRateLimit }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const { token } = readFormFields(request.params, ['token'], 200);
      const inspection = /^[A-Za-z0-9_-]{20,100}$/.test(token)
        ? await inspectSignInLink(deps.db, deps.clock, token)
        : { status: 'unknown' as const };
      if (inspection.status === 'valid') {
        return sendPage(reply, <ConfirmLinkPage context={context} token={token} email={inspection.email ?? ''} />);
      }
      return sendPage(reply, <RefusedLinkPage context={context} status={inspection.status} minutes={minutes} />, 410);
    },
  );

  app.post(
    '/sign-in/link/:token',
    { config: { policy: policies.anonymous, rateLimit: signInRateLimit }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      try {
        const result = await signInWithLink(deps.db, deps.clock, request.params.token);
        // Rotate: a session that existed before sign-in (possibly planted) is ended, never upgraded.
        if (request.sessionToken) await closeSession(deps.db, request.sessionToken);
        setSessionCookie(reply, result.sessionToken, deps.config.isSecureCookies);
        return reply.redirect(safeRedirectTarget(result.redirectTo ?? '/'), 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'gone' && isRefusedStatus(error.message)) {
          return sendPage(
            reply,
            <RefusedLinkPage context={pageContextFrom(request)} status={error.message} minutes={minutes} />,
            410,
          );
        }
        throw error;
      }
    },
  );

  app.post('/sign-out', { config: { policy: policies.anonymous }, schema: { hide: true } }, async (request, reply) => {
    if (request.sessionToken) await closeSession(deps.db, request.sessionToken);
    clearSessionCookie(reply, deps.config.isSecureCookies);
    request.user = null;
    const context = pageContextFrom(request);
    return sendPage(
      reply,
      <MessagePage context={context} title={context.t('web.nav.signOut')} message={context.t('accounts.signedOut')} />,
    );
  });

  app.get(
    '/api/me',
    {
      config: { policy: policies.signedIn },
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user and their roles',
        response: {
          200: Type.Object({
            id: Type.String(),
            email: Type.String(),
            name: Type.Union([Type.String(), Type.Null()]),
            globalRole: Type.Union([Type.Literal('administrator'), Type.Literal('analyst'), Type.Null()]),
            memberships: Type.Array(
              Type.Object({
                organisationCode: Type.String(),
                role: Type.Union([Type.Literal('respondent'), Type.Literal('reader')]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      if (!request.user) throw new AppError('unauthenticated', 'unauthenticated');
      return request.user;
    },
  );

  const emptyForm: GrantForm = { email: '', name: '', role: 'respondent', organisationCode: '', isSendingLink: true };

  app.get(
    '/admin/users',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const users = await listUsers(deps.db);
      return sendPage(
        reply,
        <UsersPage context={pageContextFrom(request)} users={users} form={emptyForm} errors={[]} notice={null} />,
      );
    },
  );

  app.post(
    '/admin/users',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const fields = readFormFields(request.body, ['email', 'name', 'role', 'organisationCode', 'sendLink'], 300);
      const form: GrantForm = {
        email: fields.email,
        name: fields.name,
        role: fields.role,
        organisationCode: fields.organisationCode.trim(),
        isSendingLink: fields.sendLink === 'yes',
      };
      const errors: Array<{ field: string; message: string }> = [];
      try {
        normaliseEmail(form.email);
      } catch {
        errors.push({ field: 'email', message: context.t('accounts.signIn.invalidEmail') });
      }
      let grant: UserGrant | null = null;
      if (form.role === 'administrator' || form.role === 'analyst') grant = { kind: 'global', role: form.role };
      else if (form.role === 'respondent' || form.role === 'reader') {
        if (!/^\d{2}(\d{2})?$/.test(form.organisationCode)) {
          errors.push({ field: 'organisationCode', message: context.t('accounts.users.organisationRequired') });
        } else grant = { kind: 'organisation', organisationCode: form.organisationCode, role: form.role };
      }
      if (errors.length === 0 && grant) {
        try {
          const user = await grantUserRole(deps.db, deps.clock, {
            email: form.email,
            name: form.name.trim() || null,
            grant,
            actor: actorOf(context),
            ...(form.isSendingLink ? { signInMail: { language: request.language, redirectTo: null } } : {}),
          });
          const users = await listUsers(deps.db);
          const notice = context.t('accounts.users.saved', { email: user.email });
          return sendPage(
            reply,
            <UsersPage context={context} users={users} form={emptyForm} errors={[]} notice={notice} />,
          );
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'not_found')) throw error;
          errors.push({
            field: 'organisationCode',
            message: context.t('accounts.users.unknownOrganisation', { code: form.organisationCode }),
          });
        }
      }
      const users = await listUsers(deps.db);
      return sendPage(
        reply,
        <UsersPage context={context} users={users} form={form} errors={errors} notice={null} />,
        422,
      );
    },
  );
}
