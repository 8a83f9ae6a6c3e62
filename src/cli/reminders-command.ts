import type { Command } from '../cli.ts';
import { sendDueMail } from '../mail/outbox.service.ts';
import { runReminderPass } from '../rounds/reminders.service.ts';
import { withDatabase } from './context.ts';
import { createCommandSender, reportSending } from './mail-command.ts';

export const remindersRunCommand: Command = {
  name: ['reminders', 'run'],
  summary: 'Queue the reminders due now, once each, and send the mail due (safe beside running servers)',
  usage: 'lagesbild reminders run',
  options: {},
  async run(context) {
    const sender = createCommandSender(context, 'reminders');
    try {
      const { reminders, tally } = await withDatabase(context, async (handle) => {
        const reminders = await runReminderPass(handle.db, context.clock, { baseUrl: context.config.baseUrl });
        return { reminders, tally: await sendDueMail(handle.db, context.clock, sender) };
      });
      context.out(
        `Reminders: ${reminders.queued} queued, ${reminders.skipped} already queued before, in ${reminders.rounds} rounds.`,
      );
      return reportSending(context, tally);
    } finally {
      sender.mailer.close();
    }
  },
};
