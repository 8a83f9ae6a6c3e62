import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { isCoordinator, type Policy } from '../http/policy.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import { isMessageKey } from '../web/i18n.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { ColleaguesPage } from './colleagues.pages.tsx';
import { inviteColleague, listColleagues, removeColleague } from './colleagues.service.ts';
import { describeProblems, type PageError } from './round-fields.tsx';

const respondentOfOrganisation: Policy = {
  kind: 'organisation',
  role: 'respondent',
  param: 'code',
  isOpenToCoordinators: false,
};
/** Coordinators see and remove any organisation's members; inviting stays with the organisation's respondents. */
const memberOrCoordinator: Policy = { ...respondentOfOrganisation, isOpenToCoordinators: true };
const params = Type.Object({ code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }) });
const memberParams = Type.Object({
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
  userId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
});
const emptyForm = { email: '', name: '', role: 'respondent' };

/** A respondent invites colleagues of the same organisation as respondents or readers. */
export async function colleagueRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const render = async (
    context: PageContext,
    code: string,
    form: typeof emptyForm,
    errors: PageError[],
    notice: string | null,
  ) => {
    const organisation = await findOrganisationByCode(deps.db, code);
    const isRespondent = (context.user?.memberships ?? []).some(
      (membership) => membership.organisationCode === code && membership.role === 'respondent',
    );
    return (
      <ColleaguesPage
        context={context}
        organisation={organisation}
        colleagues={await listColleagues(deps.db, code)}
        form={form}
        errors={errors}
        notice={notice}
        canInvite={isRespondent}
        isCoordinatorViewer={isCoordinator(context.user)}
      />
    );
  };

  app.get(
    '/organisations/:code/colleagues',
    { config: { policy: memberOrCoordinator }, schema: { hide: true, params } },
    async (request, reply) =>
      sendPage(reply, await render(pageContextFrom(request), request.params.code, emptyForm, [], null)),
  );

  app.post(
    '/organisations/:code/colleagues',
    { config: { policy: respondentOfOrganisation }, schema: { hide: true, params } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const form = readFormFields(request.body, ['email', 'name', 'role'], 300);
      try {
        const colleague = await inviteColleague(deps.db, deps.clock, {
          organisationCode: request.params.code,
          ...form,
          baseUrl: deps.config.baseUrl,
          language: request.language,
          actor: { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' },
        });
        const notice = context.t('rounds.colleagues.sent', { email: colleague.email });
        return sendPage(reply, await render(context, request.params.code, emptyForm, [], notice));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'validation')) throw error;
        const errors = describeProblems(context, error.fields);
        return sendPage(reply, await render(context, request.params.code, form, errors, null), 422);
      }
    },
  );

  app.post(
    '/organisations/:code/colleagues/:userId/remove',
    { config: { policy: memberOrCoordinator }, schema: { hide: true, params: memberParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const { code, userId } = request.params;
      try {
        const member = await removeColleague(deps.db, deps.clock, {
          organisationCode: code,
          userId,
          actor: { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' },
          isActorCoordinator: isCoordinator(context.user),
        });
        // Removing oneself ends one's own session too: the next page explains it.
        if (userId === context.user?.id) return reply.redirect('/my', 303);
        const notice = context.t('rounds.colleagues.removed', { email: member.email });
        return sendPage(reply, await render(context, code, emptyForm, [], notice));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'conflict' && isMessageKey(error.message))) throw error;
        const errors = [{ field: `member-${userId}`, message: context.t(error.message) }];
        return sendPage(reply, await render(context, code, emptyForm, errors, null), 409);
      }
    },
  );
}
