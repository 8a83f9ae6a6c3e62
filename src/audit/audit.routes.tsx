import { Type } from 'typebox';
import { findUserByEmail } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { AuditLogPage, type AuditPageFilter } from './audit.pages.tsx';
import { type AuditFilter, findAuditEvents, findLatestAuditVerification } from './audit.service.ts';

const pageSize = 50;
// No control characters: PostgreSQL refuses NUL in text, and no action, subject or address contains one.
const filterText = Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }));
const AuditQuerySchema = Type.Object({
  action: filterText,
  subjectType: filterText,
  subjectId: filterText,
  actor: filterText,
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
});

/** The coordinators' audit log page (analysts and administrators). */
export async function auditRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/admin/audit',
    { config: { policy: policies.analyst }, schema: { hide: true, querystring: AuditQuerySchema } },
    async (request, reply) => {
      const query = request.query;
      const filter: AuditPageFilter = {
        action: query.action?.trim() ?? '',
        subjectType: query.subjectType?.trim() ?? '',
        subjectId: query.subjectId?.trim() ?? '',
        actor: query.actor?.trim() ?? '',
      };
      // The actor filter takes an e-mail address for people, or a user id as the log stores it.
      let actorUserId = filter.actor || undefined;
      if (filter.actor.includes('@')) {
        const user = await findUserByEmail(deps.db, filter.actor).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'validation') return undefined;
          throw error;
        });
        // An address nobody has matches no event: a user id no user has.
        actorUserId = user?.id ?? 'no-such-user';
      }
      const auditFilter: AuditFilter = {
        action: filter.action || undefined,
        subjectType: filter.subjectType || undefined,
        subjectId: filter.subjectId || undefined,
        actorUserId,
      };
      const beforeSequence = query.before === undefined ? undefined : Number(query.before);
      const events = await findAuditEvents(deps.db, auditFilter, { limit: pageSize + 1, beforeSequence });
      const shown = events.slice(0, pageSize);
      const verification = await findLatestAuditVerification(deps.db);
      const olderThan = events.length > pageSize ? (shown.at(-1)?.sequence ?? null) : null;
      return sendPage(
        reply,
        <AuditLogPage
          context={pageContextFrom(request)}
          filter={filter}
          events={shown}
          olderThan={olderThan}
          isFirstPage={beforeSequence === undefined}
          verification={verification}
        />,
      );
    },
  );
}
