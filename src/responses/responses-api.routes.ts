import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { keyPattern } from '../questionnaires/questionnaire.schema.ts';
import { translate } from '../web/i18n.ts';
import { saveAnswer } from './answering.service.ts';
import { buildFormBundle } from './client-bundle.ts';
import { AnswerParams, actorOf, writePolicy } from './responses.policy.ts';

const AnswerValueSchema = Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]);

const SaveBody = Type.Object(
  {
    /** The answer: a code, a number, text, a list of codes, or null to clear it. */
    value: Type.Union([
      Type.Null(),
      Type.String({ maxLength: 20_000 }),
      Type.Number(),
      Type.Boolean(),
      Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
    ]),
    /** The revision the client last saw for this question; 0 when it saw none. */
    baseRevision: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  },
  { additionalProperties: false },
);

const ErrorReply = Type.Object({ error: Type.String(), message: Type.String() });

/** The autosave API used by the form's script, and the script itself. */
export async function responseApiRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  // Built once at start-up, so a broken bundle stops the server instead of failing in a browser.
  const bundle = await buildFormBundle();

  app.get(
    '/assets/form.js',
    { config: { policy: policies.anonymous }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(bundle),
  );

  app.put(
    '/api/responses/:roundId/:code/answers/:questionKey',
    {
      config: { policy: writePolicy },
      schema: {
        tags: ['responses'],
        summary: 'Save, change or clear one answer, refused with 409 if someone else changed it since baseRevision',
        params: Type.Object({
          ...AnswerParams.properties,
          questionKey: Type.String({ pattern: keyPattern, maxLength: 100 }),
        }),
        body: SaveBody,
        response: {
          200: Type.Object({
            revision: Type.Integer(),
            savedAt: Type.String(),
            visibleKeys: Type.Array(Type.String()),
          }),
          409: Type.Object({
            error: Type.Literal('conflict'),
            current: Type.Object({
              value: Type.Union([Type.Null(), AnswerValueSchema]),
              revision: Type.Integer(),
              updatedBy: Type.Union([Type.String(), Type.Null()]),
              updatedAt: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
          422: Type.Object({
            error: Type.Literal('validation'),
            message: Type.String(),
            errors: Type.Array(Type.Object({ key: Type.String(), message: Type.String() })),
          }),
          403: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const { roundId, code, questionKey } = request.params;
      const result = await saveAnswer(deps.db, deps.clock, {
        roundId,
        organisationCode: code,
        questionKey,
        value: request.body.value,
        baseRevision: request.body.baseRevision,
        actor: actorOf(request),
      });
      switch (result.kind) {
        case 'saved':
          return reply
            .code(200)
            .send({ revision: result.revision, savedAt: result.savedAt, visibleKeys: result.visibleKeys });
        case 'unchanged':
          throw new AppError('internal', 'A single save is never skipped.');
        case 'conflict': {
          const { value } = result.current;
          return reply.code(409).send({
            error: 'conflict',
            current: { ...result.current, value: typeof value === 'object' && value !== null ? [...value] : value },
          });
        }
        case 'invalid': {
          const errors = result.errors.map((error) => ({ key: error.key, message: error.message[request.language] }));
          return reply.code(422).send({ error: 'validation', message: errors[0]?.message ?? '', errors });
        }
        case 'closed':
          throw new AppError('forbidden', translate(request.language, 'responses.error.closed'));
      }
    },
  );
}
