import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Policy } from '../http/policy.ts';

/** Reading an organisation's answers: its own users, and the national coordinator's analysts. */
export const readPolicy: Policy = { kind: 'organisation', role: 'reader', param: 'code', isOpenToCoordinators: true };
/** Changing them: the organisation's respondents only. */
export const writePolicy: Policy = {
  kind: 'organisation',
  role: 'respondent',
  param: 'code',
  isOpenToCoordinators: false,
};

export const AnswerParams = Type.Object({
  roundId: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }),
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
});
/** The signed-in person as the audit log and the history name them. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthenticated', 'unauthenticated');
  return { userId: request.user.id, label: request.user.email };
}
