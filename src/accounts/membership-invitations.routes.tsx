import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { CsrfField } from '../web/layout.tsx';
import { MessagePage } from '../web/message-page.tsx';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { acceptMembershipInvitation, findOpenInvitation, invitationPath } from './membership-invitations.service.ts';

const params = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
const options = { config: { policy: policies.signedIn }, schema: { hide: true, params } };

/** A colleague's invitation, shown to and accepted by the person it was sent to (signed in through its mail). */
export async function membershipInvitationRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get('/invitations/:id', options, async (request, reply) => {
    const context = pageContextFrom(request);
    const invitation = await findOpenInvitation(deps.db, deps.clock, {
      id: request.params.id,
      userId: context.user?.id ?? '',
    });
    const values = {
      organisation: invitation.organisationName,
      role: context.t(`accounts.role.${invitation.role}`).toLowerCase(),
    };
    return sendPage(
      reply,
      <MessagePage
        context={context}
        title={context.t('accounts.invitation.title', values)}
        message={context.t('accounts.invitation.text', values)}
      >
        <form method="post" action={invitationPath(invitation.id)}>
          <CsrfField context={context} />
          <button type="submit">{context.t('accounts.invitation.accept')}</button>
        </form>
      </MessagePage>,
    );
  });

  app.post('/invitations/:id', options, async (request, reply) => {
    const context = pageContextFrom(request);
    const user = context.user;
    if (!user) return reply.redirect('/sign-in', 303);
    await acceptMembershipInvitation(deps.db, deps.clock, {
      id: request.params.id,
      actor: { userId: user.id, label: user.email },
    });
    return reply.redirect('/my', 303);
  });
}
