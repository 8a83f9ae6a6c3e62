import type { Command } from '../cli.ts';
import { createDemo } from '../results/demo.service.ts';
import { withDatabase } from './context.ts';

export const demoCommand: Command = {
  name: ['demo'],
  summary: 'Create demo rounds 2019 and 2023 with synthetic answers for every organisation (idempotent)',
  usage: 'lagesbild demo',
  options: {},
  async run(context) {
    const report = await withDatabase(context, (handle) =>
      createDemo(handle.db, context.clock, { userId: null, label: 'cli: demo' }),
    );
    for (const label of report.createdRounds) context.out(`created round ${label}`);
    context.out(
      `${report.responses} responses: ${report.changed} changed, ${report.responses - report.changed} unchanged.`,
    );
    context.out('Try: lagesbild facts --round 2023');
    return 0;
  },
};
