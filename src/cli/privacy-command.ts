import type { Command } from '../cli.ts';
import { purgeRoundContacts } from '../privacy/privacy.service.ts';
import { eraseExpiredRoundData } from '../privacy/retention.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const privacyPurgeContactsCommand: Command = {
  name: ['privacy', 'purge-contacts'],
  summary:
    'Remove a closed round’s contacts, mail and round-only accounts (also from the audit log), keeping the answers',
  usage: 'lagesbild privacy purge-contacts --round LABEL',
  options: { round: { type: 'string' } },
  async run(context, values) {
    if (typeof values.round !== 'string' || values.round.trim() === '') throw new UsageError('--round is required.');
    const roundLabel = values.round.trim();
    const erased = await withDatabase(context, (handle) =>
      purgeRoundContacts(handle.db, context.clock, {
        roundLabel,
        actor: { userId: null, label: 'cli: privacy purge-contacts' },
      }),
    );
    context.out(
      `Removed contact names and e-mail addresses of ${erased.contacts} ${erased.contacts === 1 ? 'organisation' : 'organisations'} in round "${roundLabel}", ${erased.mails} mails and ${erased.accounts} accounts that existed only for it. Answers are kept.`,
    );
    return 0;
  },
};

export const privacyRetentionCommand: Command = {
  name: ['privacy', 'retention'],
  summary:
    'Erase closed rounds’ contacts, mail and round-only accounts, and deactivated accounts, past the retention period, now',
  usage: 'lagesbild privacy retention',
  options: {},
  async run(context) {
    const erased = await withDatabase(context, (handle) =>
      eraseExpiredRoundData(handle.db, context.clock, { userId: null, label: 'cli: privacy retention' }),
    );
    if (erased.length === 0) context.out('Nothing is past its retention period.');
    for (const round of erased) {
      context.out(
        `Round "${round.roundLabel}": erased ${round.contacts} contacts, ${round.mails} mails and ${round.accounts} accounts.`,
      );
    }
    return 0;
  },
};
