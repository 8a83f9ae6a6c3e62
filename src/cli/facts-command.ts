import type { Command } from '../cli.ts';
import { generateRoundFacts } from '../results/results.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const factsCommand: Command = {
  name: ['facts'],
  summary: 'Print a round’s Fakta sentences, one a line, in questionnaire order',
  usage: 'lagesbild facts --round LABEL [--lang sv|en]',
  options: { round: { type: 'string' }, lang: { type: 'string' } },
  async run(context, values) {
    const label = values.round;
    if (typeof label !== 'string' || label === '') throw new UsageError('--round is required.');
    const language = values.lang ?? 'sv';
    if (language !== 'sv' && language !== 'en') throw new UsageError('--lang must be sv or en.');
    const facts = await withDatabase(context, (handle) =>
      generateRoundFacts(handle.db, label, { minimumRespondents: context.config.suppressionThreshold }),
    );
    // Every sentence is printed (this is the coordinator's view); those the disclosure policy keeps out of the
    // published results are marked.
    const marker = language === 'sv' ? ' [undanhålls vid publicering]' : ' [withheld from publication]';
    for (const fact of facts) context.out(`${fact[language]}${fact.isWithheld ? marker : ''}`);
    return 0;
  },
};
