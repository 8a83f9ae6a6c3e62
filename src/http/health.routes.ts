import { Type } from 'typebox';
import { isDatabaseReachable } from '../db/connection.ts';
import type { AppDeps, AppInstance } from './app-instance.ts';
import { policies } from './policy.ts';

/** /healthz: answers 200 when the database responds, 503 otherwise; load balancers poll it. */
export async function healthRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/healthz',
    {
      config: { policy: policies.anonymous },
      schema: {
        tags: ['operations'],
        summary: 'Health check: the service and its database',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.Literal('unreachable') }),
        },
      },
    },
    async (_request, reply) => {
      if (await isDatabaseReachable(deps.db)) return reply.send({ status: 'ok', database: 'ok' } as const);
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' } as const);
    },
  );
}
