import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { findInvalidUtf8Line } from '../imports/csv-records.ts';
import { findRoundFollowUp } from './follow-up.service.ts';
import { summariseFollowUp } from './follow-up.ts';
import { openRound } from './invitations.service.ts';
import { sendManualReminders } from './reminders.service.ts';
import { RoundInputSchema } from './round-input.ts';
import {
  FollowUpSchema,
  MailTallySchema,
  RoundOrganisationParams,
  RoundOrganisationSchema,
  RoundParams,
  RoundSchema,
} from './rounds.schema.ts';
import {
  closeRound,
  createRound,
  findRoundDetails,
  importContacts,
  listRounds,
  reopenRoundForOrganisation,
} from './rounds.service.ts';

const tags = ['rounds'];

function apiActor(request: { user: { id: string; email: string } | null }) {
  return { userId: request.user?.id ?? null, label: request.user?.email ?? 'anonymous' };
}

/** The rounds JSON API: the same service calls as the pages, for scripts and integrations. */
export async function roundApiRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  // Contacts can be posted as a CSV file; the parser is scoped to this plugin, so other routes are unaffected.
  // The bytes are checked as UTF-8 here, strictly: a Latin-1 file would otherwise arrive with replacement characters.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const bad = findInvalidUtf8Line(bytes);
    if (bad) {
      const fields = [{ field: `line ${bad.line}`, message: `not_utf8: 0x${bad.byte.toString(16)}` }];
      done(new AppError('validation', 'The file is not UTF-8; nothing was imported.', fields));
      return;
    }
    done(null, { csv: bytes.toString('utf8') });
  });

  app.get(
    '/api/rounds',
    {
      config: { policy: policies.analyst },
      schema: { tags, summary: 'List survey rounds', response: { 200: Type.Array(RoundSchema) } },
    },
    async () => listRounds(deps.db),
  );

  app.post(
    '/api/rounds',
    {
      config: { policy: policies.administrator },
      schema: {
        tags,
        summary: 'Create a draft round (times in Stockholm time, or ISO UTC with Z)',
        body: RoundInputSchema,
        response: { 201: RoundSchema },
      },
    },
    async (request, reply) => {
      const round = await createRound(deps.db, deps.clock, request.body, apiActor(request));
      return reply.code(201).send(round);
    },
  );

  app.get(
    '/api/rounds/:id',
    {
      config: { policy: policies.analyst },
      schema: {
        tags,
        summary: 'One round with its invited organisations and their contacts',
        params: RoundParams,
        response: {
          200: Type.Object({ round: RoundSchema, organisations: Type.Array(RoundOrganisationSchema) }),
        },
      },
    },
    async (request) => {
      const { round, organisations } = await findRoundDetails(deps.db, request.params.id);
      return { round, organisations };
    },
  );

  app.post(
    '/api/rounds/:id/contacts',
    {
      config: { policy: policies.administrator },
      schema: {
        tags,
        summary: 'Set contact persons from CSV (organisation,name,email), all or nothing',
        description: 'Send the file as text/csv, or JSON {"csv": "..."}. A bad line fails the whole import (422).',
        params: RoundParams,
        body: Type.Object({ csv: Type.String({ maxLength: 500_000 }) }),
        response: { 200: Type.Object({ imported: Type.Integer() }) },
      },
    },
    async (request) =>
      importContacts(deps.db, deps.clock, {
        roundId: request.params.id,
        csv: request.body.csv,
        actor: apiActor(request),
      }),
  );

  app.post(
    '/api/rounds/:id/open',
    {
      config: { policy: policies.administrator },
      schema: {
        tags,
        summary: 'Open a draft round and queue the invitations (the outbox sends them)',
        params: RoundParams,
        response: { 200: Type.Object({ round: RoundSchema, invitations: MailTallySchema }) },
      },
    },
    async (request) =>
      openRound(deps.db, deps.clock, {
        roundId: request.params.id,
        baseUrl: deps.config.baseUrl,
        actor: apiActor(request),
      }),
  );

  app.post(
    '/api/rounds/:id/close',
    {
      config: { policy: policies.administrator },
      schema: { tags, summary: 'Close an open round', params: RoundParams, response: { 200: RoundSchema } },
    },
    async (request) => closeRound(deps.db, deps.clock, { roundId: request.params.id, actor: apiActor(request) }),
  );

  app.post(
    '/api/rounds/:id/organisations/:code/reopen',
    {
      config: { policy: policies.administrator },
      schema: {
        tags,
        summary: 'Reopen a closed round for one organisation until a time (ISO UTC), or end it with null',
        params: RoundOrganisationParams,
        body: Type.Object({ until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const until = request.body.until === null ? null : new Date(request.body.until).toISOString();
      await reopenRoundForOrganisation(deps.db, deps.clock, {
        roundId: request.params.id,
        organisationCode: request.params.code,
        until,
        actor: apiActor(request),
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/rounds/:id/follow-up',
    {
      config: { policy: policies.analyst },
      schema: {
        tags,
        summary: 'Response status per type, kommungrupp and län',
        params: RoundParams,
        response: { 200: FollowUpSchema },
      },
    },
    async (request) => summariseFollowUp((await findRoundFollowUp(deps.db, request.params.id)).entries),
  );

  app.post(
    '/api/rounds/:id/reminders',
    {
      config: { policy: policies.administrator },
      schema: {
        tags,
        summary: 'Queue a reminder now to the chosen organisations (the outbox sends them)',
        params: RoundParams,
        body: Type.Object({ organisationCodes: Type.Array(Type.String({ maxLength: 4 }), { maxItems: 400 }) }),
        response: { 200: Type.Object({ ...MailTallySchema.properties, withoutContact: Type.Integer() }) },
      },
    },
    async (request) =>
      sendManualReminders(deps.db, deps.clock, {
        roundId: request.params.id,
        organisationCodes: request.body.organisationCodes,
        baseUrl: deps.config.baseUrl,
        actor: apiActor(request),
      }),
  );
}
