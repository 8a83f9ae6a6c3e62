import type { Command } from '../cli.ts';
import { startServer } from '../main.ts';

export const serveCommand: Command = {
  name: ['serve'],
  summary: 'Start the web service (migrates the database and loads the registry on first start)',
  usage: 'lagesbild serve',
  options: {},
  async run(context) {
    await startServer(context.config, context.logger, context.clock, context.out);
    return 0;
  },
};
