import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { type ResendForm, ResendInvitationPage } from './delivery.pages.tsx';
import { findContactDelivery } from './delivery.service.ts';
import { correctContactAndInviteAgain } from './invitations.service.ts';
import { describeProblems, type PageError } from './round-fields.tsx';
import { RoundOrganisationParams } from './rounds.schema.ts';

/** "Correct the address and send again": one organisation's contact, and a new invitation to it. */
export async function deliveryRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const options = {
    config: { policy: policies.administrator },
    schema: { hide: true, params: RoundOrganisationParams },
  };
  const render = async (
    context: PageContext,
    params: { id: string; code: string },
    form: Partial<ResendForm>,
    errors: PageError[],
    notice: string | null = null,
  ) => {
    const { round, organisation, state } = await findContactDelivery(deps.db, params.id, params.code);
    return (
      <ResendInvitationPage
        context={context}
        round={round}
        organisation={{ code: organisation.organisationCode, name: organisation.name }}
        state={state}
        form={{
          name: form.name ?? organisation.contactName ?? '',
          email: form.email ?? organisation.contactEmail ?? '',
          language: form.language ?? organisation.contactLanguage,
        }}
        errors={errors}
        notice={notice}
      />
    );
  };

  app.get('/rounds/:id/organisations/:code/invitation', options, async (request, reply) =>
    sendPage(reply, await render(pageContextFrom(request), request.params, {}, [])),
  );

  app.post('/rounds/:id/organisations/:code/invitation', options, async (request, reply) => {
    const context = pageContextFrom(request);
    const form = readFormFields(request.body, ['name', 'email', 'language'], 300);
    try {
      await correctContactAndInviteAgain(deps.db, deps.clock, {
        roundId: request.params.id,
        organisationCode: request.params.code,
        ...form,
        baseUrl: deps.config.baseUrl,
        actor: { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' },
      });
      const notice = context.t('rounds.delivery.resent', { email: form.email.trim().toLowerCase() });
      return sendPage(reply, await render(context, request.params, {}, [], notice));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'validation')) throw error;
      return sendPage(reply, await render(context, request.params, form, describeProblems(context, error.fields)), 422);
    }
  });
}
