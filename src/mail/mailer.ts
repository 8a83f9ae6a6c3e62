import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export type MailMessage = { to: string; subject: string; text: string; html: string };

/** Sends mail; the app receives one in buildApp so tests can point it at their own SMTP server. */
export type Mailer = { send(message: MailMessage): Promise<void> };

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
    };
  }
  const smtpUrl = options.smtpUrl;
  // nodemailer loads with the first mail, so a server that has not sent any does not carry it.
  let transport: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
      await (await transport).sendMail({ from: options.from, ...message });
    },
  };
}
