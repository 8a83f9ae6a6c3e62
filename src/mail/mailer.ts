import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export type MailMessage = { to: string; subject: string; text: string; html: string; messageId?: string };

/** Sends mail; the outbox's sender receives one, so tests can point it at their own SMTP server. */
export type Mailer = { send(message: MailMessage): Promise<void>; close(): void };

/** How a failed attempt counts: a temporary failure is tried again later, a permanent one ends the mail. */
export type SendFailure = { isPermanent: boolean; reply: string };

/**
 * Creates the mailer for SMTP_URL. Without one (a laptop trying the product), messages are written to the log so
 * that a sign-in link can still be followed; the log line says that nothing was sent.
 */
export function createMailer(options: { smtpUrl: string | null; from: string; logger: Logger }): Mailer {
  if (options.smtpUrl === null) {
    return {
      async send(message) {
        options.logger.warn(
          { to: message.to, subject: message.subject, text: message.text },
          'SMTP_URL is not set: mail was logged, not sent',
        );
      },
      close() {},
    };
  }
  const smtpUrl = options.smtpUrl;
  // nodemailer loads with the first mail, so a server that has not sent any does not carry it. Pooled: sending no
  // longer holds a request, so a few kept-open connections serve the whole outbox. The timeouts bound one attempt
  // well inside the outbox's lease, so a slow server never makes two senders send one mail.
  let transport: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({
          url: smtpUrl,
          pool: true,
          maxConnections: 3,
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        }),
      );
      await (await transport).sendMail({ from: options.from, ...message });
    },
    close() {
      // Nothing to close before the first mail loaded nodemailer.
      void transport?.then((loaded) => loaded.close());
    },
  };
}

function readProperty(error: object, name: string): unknown {
  return Object.entries(error).find(([key]) => key === name)?.[1];
}

/**
 * Classifies a failed attempt by the SMTP reply nodemailer reports: a 5xx reply is permanent (the address does not
 * exist, the message is refused); a 4xx reply, a connection that failed or timed out, and anything without a reply
 * are temporary. A refused login (535) is treated as temporary too: it is this installation's configuration, not
 * the recipient, and once it is corrected every queued mail should still go out.
 */
export function classifySendFailure(error: unknown): SendFailure {
  if (!(error instanceof Error)) return { isPermanent: false, reply: String(error).slice(0, 500) };
  const code = readProperty(error, 'responseCode');
  const response = readProperty(error, 'response');
  const reply = (typeof response === 'string' && response.trim() !== '' ? response : error.message).slice(0, 500);
  const isAuthentication = readProperty(error, 'code') === 'EAUTH';
  return { isPermanent: typeof code === 'number' && code >= 500 && code < 600 && !isAuthentication, reply };
}
