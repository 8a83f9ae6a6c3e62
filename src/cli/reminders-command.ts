import type { Command } from '../cli.ts';
import { createMailer } from '../mail/mailer.ts';
import { withPrivacyLink } from '../privacy/privacy-mail.ts';
import { runReminderPass } from '../rounds/reminders.service.ts';
import { withDatabase } from './context.ts';

export const remindersRunCommand: Command = {
  name: ['reminders', 'run'],
  summary: 'Send the reminders due now, once each (safe beside running servers)',
  usage: 'lagesbild reminders run',
  options: {},
  async run(context) {
    const mailer = withPrivacyLink(
      createMailer({ smtpUrl: context.config.smtpUrl, from: context.config.mailFrom, logger: context.logger }),
      context.config.baseUrl,
    );
    const result = await withDatabase(context, (handle) =>
      runReminderPass(handle.db, context.clock, mailer, { baseUrl: context.config.baseUrl }),
    );
    context.out(
      `Reminders: ${result.sent} sent, ${result.failed} failed, ${result.skipped} already claimed, in ${result.rounds} rounds.`,
    );
    return result.failed > 0 ? 1 : 0;
  },
};
