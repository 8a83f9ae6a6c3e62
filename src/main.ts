import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import {
  createSignInLinkIssuer,
  prepareFirstAdministrator,
  purgeExpiredCredentials,
} from './accounts/accounts.service.ts';
import { buildApp } from './app.ts';
import { runAuditVerification, signUnsignedAuditHead, startAuditSealing } from './audit/audit.service.ts';
import { resolveAuditKey } from './audit/audit-key.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createDatabaseIfMissing, type DatabaseHandle, openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createMailer } from './mail/mailer.ts';
import { purgeOldMail } from './mail/outbox.service.ts';
import { startMailSender } from './mail/outbox-sender.ts';
import { ensureOrganisationRegistry } from './organisations/organisations.service.ts';
import { withPrivacyLink } from './privacy/privacy-mail.ts';
import { eraseExpiredRoundData } from './privacy/retention.service.ts';
import { seedShippedQuestionnaires } from './questionnaires/questionnaires.service.ts';
import { startReminderRunner } from './rounds/reminder-runner.ts';
import { resolveSessionSecret } from './settings/settings.service.ts';

/**
 * Creates the database when missing, migrates it and loads the registry on first start: the part of start-up that
 * several instances started at once on a new database run together, so every step tolerates the others' work.
 */
export async function prepareDatabase(
  config: Readonly<Pick<Config, 'database' | 'auditKey'>>,
  logger: Logger,
  clock: Clock,
  options: { groupsCommits?: boolean } = {},
): Promise<DatabaseHandle> {
  await createDatabaseIfMissing(config.database);
  const auditKey = resolveAuditKey(config.auditKey, (message) => logger.warn(message));
  const handle = openDatabase(config.database, {
    auditKey,
    onPoolError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection was lost; it will be replaced'),
    checkpointsInBackgroundAfter: 1000,
    onCheckpointError: (message) => logger.warn({ error: message }, 'a checkpoint of the SQLite log failed'),
    ...(options.groupsCommits ? { groupsCommits: true } : {}),
  });
  try {
    await migrateToLatest(handle.db);
    if (await signUnsignedAuditHead(handle.db)) logger.warn('signed the audit chain head for the first time');
    await seedShippedQuestionnaires(handle.db, clock);
    const loaded = await ensureOrganisationRegistry(handle.db, clock);
    if (loaded)
      logger.info(
        { organisations: loaded.changes.length },
        'loaded the organisation registry from the shipped reference data',
      );
  } catch (error) {
    await handle.destroy();
    throw error;
  }
  return handle;
}

/**
 * Starts the service: migrate, load the registry on first start, listen, and shut down gracefully on SIGTERM or
 * SIGINT (in-flight requests finish, then the database closes). Resolves when the server has stopped.
 */
export async function startServer(
  config: Readonly<Config>,
  logger: Logger,
  clock: Clock,
  announce: (line: string) => void,
  options: { reminderIntervalMs?: number; mailIntervalMs?: number } = {},
): Promise<void> {
  // The server's handle is the only one in its process, so its transactions may commit together.
  const handle = await prepareDatabase(config, logger, clock, { groupsCommits: true });

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const sessionSecret = await resolveSessionSecret(handle.db, clock, config.sessionSecret);
  const app = await buildApp({
    config,
    sessionSecret,
    db: handle.db,
    clock,
    logger,
    isReportWarmUpEnabled: true,
  });
  const purgeTimer = setInterval(() => {
    Promise.all([purgeExpiredCredentials(handle.db, clock), purgeOldMail(handle.db, clock)]).catch((error: unknown) =>
      logger.error({ err: error }, 'purging expired sessions and old sign-in mail failed'),
    );
  }, 3_600_000);
  purgeTimer.unref();
  // The audit chain is verified at start and hourly; the audit page shows the newest result.
  const verifyAudit = () =>
    runAuditVerification(handle.db, clock).then(
      (result) => {
        if (!result.isIntact) logger.error({ audit: result }, `THE AUDIT LOG IS BROKEN: ${result.detail}`);
      },
      (error: unknown) => logger.error({ err: error }, 'verifying the audit log failed'),
    );
  void verifyAudit();
  // On PostgreSQL audit events enter the chain after their commit; besides the passes commits start, the chain is
  // sealed every two seconds (events a stopped instance left). Closing the handle seals what is left.
  startAuditSealing(handle.db);
  const auditTimer = setInterval(verifyAudit, 3_600_000);
  auditTimer.unref();
  // The retention period of closed rounds: every instance checks hourly; a second run finds nothing left to erase.
  const retentionTimer = setInterval(() => {
    eraseExpiredRoundData(handle.db, clock, { userId: null, label: 'retention' }).then(
      (erased) => {
        if (erased.length > 0) logger.info({ erased }, 'personal data past its retention period erased');
      },
      (error: unknown) => logger.error({ err: error }, 'erasing personal data past its retention period failed'),
    );
  }, 3_600_000);
  retentionTimer.unref();
  // Due reminders are queued by every instance's runner; their slots in the outbox make each one queued once.
  const reminders = startReminderRunner({
    db: handle.db,
    clock,
    baseUrl: config.baseUrl,
    intervalMs: options.reminderIntervalMs ?? 60_000,
    onError: (error) => logger.error({ err: error }, 'the reminder pass failed'),
    onPass: (result) => {
      if (result.queued > 0) logger.info(result, 'reminders queued');
    },
  });
  // Every instance sends the outbox's mail; leases in the database make each mail go out once, and the mail of an
  // instance that dies mid-send is taken over once its lease ends.
  const mailSender = startMailSender({
    db: handle.db,
    clock,
    // Every mail the service sends ends with the link to the privacy notice.
    mailer: withPrivacyLink(mailer, config.baseUrl),
    issueSignInLink: createSignInLinkIssuer(clock, config.baseUrl),
    senderId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    intervalMs: options.mailIntervalMs ?? 1_000,
    onError: (error) => logger.error({ err: error }, 'sending the outbox failed'),
    onRun: (tally) => {
      if (tally.failed > 0 || tally.deferred > 0) logger.warn(tally, 'some mail was not delivered');
    },
  });

  const stopped = new Promise<void>((resolve, reject) => {
    let isStopping = false;
    const stop = (signal: string) => {
      if (isStopping) return;
      isStopping = true;
      logger.info({ signal }, 'shutting down');
      clearInterval(purgeTimer);
      clearInterval(retentionTimer);
      clearInterval(auditTimer);
      app
        .close()
        .then(() => Promise.all([reminders.stop(), mailSender.stop()]))
        .then(() => mailer.close())
        .then(() => handle.destroy())
        .then(resolve, reject);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

  // Before listening, so that "is running" means ready: nothing the server itself writes races a CLI command or
  // a client that starts the moment it reads that line.
  const firstAdministrator = await prepareFirstAdministrator(handle.db, clock, {
    email: config.firstAdministratorEmail,
    baseUrl: config.baseUrl,
  });
  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: config.baseUrl, database: handle.dialect }, 'Lägesbild is running');
  announce(
    `Lägesbild is running at ${config.baseUrl} on ${handle.dialect === 'sqlite' ? `SQLite (${config.database.dialect === 'sqlite' ? config.database.file : ''})` : 'PostgreSQL'}.`,
  );
  if (firstAdministrator) {
    announce(
      `No administrator has signed in yet. Sign in as ${firstAdministrator.email} within 15 minutes with this one-time link:`,
    );
    announce(firstAdministrator.url);
    announce(
      '(A new link is printed at every start until an administrator has signed in; or run: npx lagesbild admin create --email you@example.se)',
    );
  }
  await stopped;
}
