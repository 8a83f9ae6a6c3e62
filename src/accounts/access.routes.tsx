import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { isMessageKey } from '../web/i18n.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { deactivateUser, reactivateUser, removeGlobalRole } from './access.service.ts';
import type { GrantForm } from './accounts.pages.tsx';
import { UsersPage } from './accounts.pages.tsx';
import { listUsers, revokeMembership } from './accounts.service.ts';

const userParams = Type.Object({ userId: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
const membershipParams = Type.Object({
  userId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
});
const emptyForm: GrantForm = { email: '', name: '', role: 'respondent', organisationCode: '', isSendingLink: true };

function actorOf(context: PageContext) {
  return { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
}

/** Administrators take access away: deactivate and reactivate accounts, remove global roles and memberships. */
export async function accessRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  /** Runs one change and answers the users page with its notice, or with the refusal beside the person's row. */
  const change = async (
    context: PageContext,
    userId: string,
    work: () => Promise<string>,
  ): Promise<{ page: preact.JSX.Element; status: number }> => {
    try {
      const notice = await work();
      const users = await listUsers(deps.db);
      return {
        page: <UsersPage context={context} users={users} form={emptyForm} errors={[]} notice={notice} />,
        status: 200,
      };
    } catch (error) {
      if (!(error instanceof AppError) || !isMessageKey(error.message)) throw error;
      if (error.code !== 'conflict' && error.code !== 'not_found') throw error;
      const users = await listUsers(deps.db);
      const errors = [{ field: `user-${userId}`, message: context.t(error.message) }];
      return {
        page: <UsersPage context={context} users={users} form={emptyForm} errors={errors} notice={null} />,
        status: error.code === 'conflict' ? 409 : 404,
      };
    }
  };
  const config = { policy: policies.administrator };

  app.post(
    '/admin/users/:userId/deactivate',
    { config, schema: { hide: true, params: userParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const result = await change(context, request.params.userId, async () => {
        const user = await deactivateUser(deps.db, deps.clock, {
          userId: request.params.userId,
          actor: actorOf(context),
        });
        return context.t('accounts.users.deactivatedNotice', { email: user.email });
      });
      return sendPage(reply, result.page, result.status);
    },
  );

  app.post(
    '/admin/users/:userId/reactivate',
    { config, schema: { hide: true, params: userParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const result = await change(context, request.params.userId, async () => {
        const user = await reactivateUser(deps.db, deps.clock, {
          userId: request.params.userId,
          actor: actorOf(context),
        });
        return context.t('accounts.users.reactivatedNotice', { email: user.email });
      });
      return sendPage(reply, result.page, result.status);
    },
  );

  app.post(
    '/admin/users/:userId/remove-global-role',
    { config, schema: { hide: true, params: userParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const result = await change(context, request.params.userId, async () => {
        const user = await removeGlobalRole(deps.db, deps.clock, {
          userId: request.params.userId,
          actor: actorOf(context),
        });
        return context.t('accounts.users.globalRoleRemovedNotice', { email: user.email });
      });
      return sendPage(reply, result.page, result.status);
    },
  );

  app.post(
    '/admin/users/:userId/memberships/:code/remove',
    { config, schema: { hide: true, params: membershipParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const { userId, code } = request.params;
      const result = await change(context, userId, async () => {
        await revokeMembership(deps.db, deps.clock, { userId, organisationCode: code, actor: actorOf(context) });
        const email = (await listUsers(deps.db)).find((user) => user.id === userId)?.email ?? '';
        return context.t('accounts.users.membershipRemovedNotice', { email, code });
      });
      return sendPage(reply, result.page, result.status);
    },
  );
}
