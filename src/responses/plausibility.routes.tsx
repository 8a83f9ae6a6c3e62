import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { keyPattern } from '../questionnaires/questionnaire.schema.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { PlausibilityReviewPage } from './plausibility.pages.tsx';
import { listRoundWarnings, markWarningHandled } from './plausibility.service.ts';
import { actorOf } from './responses.policy.ts';

const RoundParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
const WarningParams = Type.Object({
  ...RoundParams.properties,
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
  questionKey: Type.String({ pattern: keyPattern, maxLength: 100 }),
});

/** The coordinator's review of a round's plausibility warnings, and marking one handled. */
export async function plausibilityRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/rounds/:id/plausibility',
    { config: { policy: policies.analyst }, schema: { hide: true, params: RoundParams } },
    async (request, reply) => {
      const review = await listRoundWarnings(deps.db, request.params.id);
      return sendPage(reply, <PlausibilityReviewPage context={pageContextFrom(request)} {...review} />);
    },
  );

  app.post(
    '/rounds/:id/plausibility/:code/:questionKey/handled',
    { config: { policy: policies.analyst }, schema: { hide: true, params: WarningParams } },
    async (request, reply) => {
      const { id, code, questionKey } = request.params;
      await markWarningHandled(deps.db, deps.clock, {
        roundId: id,
        organisationCode: code,
        questionKey,
        actor: actorOf(request),
      });
      return reply.redirect(`/rounds/${id}/plausibility#org-${code}`, 303);
    },
  );
}
