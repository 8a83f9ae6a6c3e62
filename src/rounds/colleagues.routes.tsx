import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import type { Policy } from '../http/policy.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { ColleaguesPage } from './colleagues.pages.tsx';
import { inviteColleague, listColleagues } from './colleagues.service.ts';
import { describeProblems, type PageError } from './round-fields.tsx';

const respondentOfOrganisation: Policy = {
  kind: 'organisation',
  role: 'respondent',
  param: 'code',
  isOpenToCoordinators: false,
};
const params = Type.Object({ code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }) });
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
    return (
      <ColleaguesPage
        context={context}
        organisation={organisation}
        colleagues={await listColleagues(deps.db, code)}
        form={form}
        errors={errors}
        notice={notice}
      />
    );
  };

  app.get(
    '/organisations/:code/colleagues',
    { config: { policy: respondentOfOrganisation }, schema: { hide: true, params } },
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
}
