import type { Command } from '../cli.ts';
import { purgeRoundContacts } from '../privacy/privacy.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const privacyPurgeContactsCommand: Command = {
  name: ['privacy', 'purge-contacts'],
  summary: 'Remove a closed round’s contact names and e-mail addresses, keeping the answers',
  usage: 'lagesbild privacy purge-contacts --round LABEL',
  options: { round: { type: 'string' } },
  async run(context, values) {
    if (typeof values.round !== 'string' || values.round.trim() === '') throw new UsageError('--round is required.');
    const roundLabel = values.round.trim();
    const removed = await withDatabase(context, (handle) =>
      purgeRoundContacts(handle.db, context.clock, {
        roundLabel,
        actor: { userId: null, label: 'cli: privacy purge-contacts' },
      }),
    );
    context.out(
      `Removed contact names and e-mail addresses of ${removed} ${removed === 1 ? 'organisation' : 'organisations'} in round "${roundLabel}". Answers are kept.`,
    );
    return 0;
  },
};
