import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

/** The Fastify instance with TypeBox as its type provider: route schemas type the handlers. */
export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * What every module's routes receive: the app's collaborators, passed in, never imported. No mailer: a route only
 * queues mail in its transaction, and the outbox's sender (started beside the app) sends it.
 */
export type AppDeps = {
  config: Readonly<Config>;
  /** The resolved secret (configured, or kept in the database); see resolveSessionSecret. */
  sessionSecret: string;
  db: Kysely<Database>;
  clock: Clock;
  /** Warm up report rendering after the first coordinator is served (the server does; tests need not). */
  isReportWarmUpEnabled?: boolean;
};
