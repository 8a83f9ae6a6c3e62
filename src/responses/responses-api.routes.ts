import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { keyPattern } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { translate } from '../web/i18n.ts';
import { type FieldSaveResult, saveAnswer, saveAnswers } from './answer-save.service.ts';
import { buildFormBundle } from './client-bundle.ts';
import { serialiseVersion } from './questionnaire-asset.ts';
import { AnswerParams, actorOf, writePolicy } from './responses.policy.ts';

const AnswerValueSchema = Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]);

/** The answer: a code, a number, text, a list of codes, or null to clear it. */
const RawValue = Type.Union([
  Type.Null(),
  Type.String({ maxLength: 20_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
]);
/** The revision the client last saw for this question; 0 when it saw none. */
const BaseRevision = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

const SaveBody = Type.Object({ value: RawValue, baseRevision: BaseRevision }, { additionalProperties: false });

const BatchBody = Type.Object(
  {
    answers: Type.Array(
      Type.Object(
        {
          questionKey: Type.String({ pattern: keyPattern, maxLength: 100 }),
          value: RawValue,
          baseRevision: BaseRevision,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

const CurrentReply = Type.Object({
  value: Type.Union([Type.Null(), AnswerValueSchema]),
  revision: Type.Integer(),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const FieldErrors = Type.Array(Type.Object({ key: Type.String(), message: Type.String() }));

const BatchItemReply = Type.Union([
  Type.Object({
    questionKey: Type.String(),
    status: Type.Literal('saved'),
    revision: Type.Integer(),
    savedAt: Type.String(),
  }),
  Type.Object({ questionKey: Type.String(), status: Type.Literal('conflict'), current: CurrentReply }),
  Type.Object({
    questionKey: Type.String(),
    status: Type.Literal('invalid'),
    message: Type.String(),
    errors: FieldErrors,
  }),
]);

const ErrorReply = Type.Object({ error: Type.String(), message: Type.String() });

/** A copy a response schema accepts (the stored value is readonly). */
function toReplyCurrent(current: {
  value: unknown;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}) {
  const { value } = current;
  return {
    ...current,
    value: Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string' || typeof value === 'number'
        ? value
        : null,
  };
}

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

  // The questionnaire is public (its printed form is too); the form's script reads it to evaluate conditions.
  app.get(
    '/assets/questionnaires/:versionId',
    {
      config: { policy: policies.anonymous },
      schema: {
        hide: true,
        params: Type.Object({ versionId: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const { json, hash } = serialiseVersion(await findQuestionnaireVersion(deps.db, request.params.versionId));
      // Only the address with the current hash may be kept for good; an unused version can still be replaced.
      const isCurrent = request.query.v === hash;
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', isCurrent ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(json);
    },
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
          409: Type.Object({ error: Type.Literal('conflict'), current: CurrentReply }),
          422: Type.Object({ error: Type.Literal('validation'), message: Type.String(), errors: FieldErrors }),
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
        case 'conflict':
          return reply.code(409).send({ error: 'conflict', current: toReplyCurrent(result.current) });
        case 'invalid': {
          const errors = result.errors.map((error) => ({ key: error.key, message: error.message[request.language] }));
          return reply.code(422).send({ error: 'validation', message: errors[0]?.message ?? '', errors });
        }
        case 'closed':
          throw new AppError('forbidden', translate(request.language, 'responses.error.closed'));
      }
    },
  );

  const batchRoute = {
    config: { policy: writePolicy },
    schema: {
      tags: ['responses'],
      summary:
        'Save several answers of one response in one transaction; each is refused on its own (conflict, invalid) while the others are saved',
      params: AnswerParams,
      body: BatchBody,
      response: {
        200: Type.Object({ visibleKeys: Type.Array(Type.String()), results: Type.Array(BatchItemReply) }),
        403: ErrorReply,
      },
    },
  } as const;
  const saveBatch = async (
    request: FastifyRequest<{ Params: Static<typeof AnswerParams>; Body: Static<typeof BatchBody> }>,
  ) => {
    const { roundId, code } = request.params;
    const result = await saveAnswers(deps.db, deps.clock, {
      roundId,
      organisationCode: code,
      edits: request.body.answers,
      actor: actorOf(request),
    });
    if (result.kind === 'closed')
      throw new AppError('forbidden', translate(request.language, 'responses.error.closed'));
    const results = request.body.answers.map(({ questionKey }) =>
      toBatchItem(questionKey, result.results.get(questionKey), request.language),
    );
    return { visibleKeys: result.visibleKeys, results };
  };
  app.put('/api/responses/:roundId/:code/answers', batchRoute, saveBatch);
  app.patch('/api/responses/:roundId/:code/answers', batchRoute, saveBatch);
}

function toBatchItem(questionKey: string, field: FieldSaveResult | undefined, language: 'sv' | 'en') {
  if (!field || field.kind === 'unchanged') throw new AppError('internal', `The save of ${questionKey} has no result.`);
  switch (field.kind) {
    case 'saved':
      return { questionKey, status: 'saved' as const, revision: field.revision, savedAt: field.savedAt };
    case 'conflict':
      return { questionKey, status: 'conflict' as const, current: toReplyCurrent(field.current) };
    case 'invalid': {
      const errors = field.errors.map((error) => ({ key: error.key, message: error.message[language] }));
      return { questionKey, status: 'invalid' as const, message: errors[0]?.message ?? '', errors };
    }
  }
}
