import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { safeRedirectTarget } from '../http/redirect-target.ts';
import { CsrfField } from '../web/layout.tsx';
import { MessagePage } from '../web/message-page.tsx';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { acceptMembershipInvitation, findOpenInvitation, invitationPath } from './membership-invitations.service.ts';

const params = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
// `next` is where the invited person goes after accepting (the form of the open round, set by the inviter's mail);
// like every redirect a visitor can influence it goes through safeRedirectTarget.
const querystring = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
const options = { config: { policy: policies.signedIn }, schema: { hide: true, params, querystring } };

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
          {request.query.next ? <input type="hidden" name="next" value={request.query.next} /> : null}
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
    const { next } = readFormFields(request.body, ['next']);
    const target = safeRedirectTarget(next);
    return reply.redirect(target === '/' ? '/my' : target, 303);
  });
}
