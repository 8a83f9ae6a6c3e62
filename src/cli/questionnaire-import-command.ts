import type { Command } from '../cli.ts';
import { importQuestionnaireFile } from '../questionnaires/questionnaires.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const questionnaireImportCommand: Command = {
  name: ['questionnaire', 'import'],
  summary: 'Add a questionnaire version (YAML or XLSX) to the database; errors by line or cell, exit 1; audited',
  usage: 'lagesbild questionnaire import FILE',
  options: {},
  positionals: ['FILE'],
  async run(context, _values, positionals) {
    const [file] = positionals;
    if (file === undefined) throw new UsageError('Missing argument FILE.');
    return withDatabase(context, async ({ db }) => {
      const actor = { userId: null, label: 'cli' };
      const { version, isReplacement } = await importQuestionnaireFile(db, context.clock, { path: file, actor });
      context.out(`${isReplacement ? 'Replaced' : 'Added'} questionnaire version ${version.id} (${version.title.sv}).`);
      return 0;
    });
  },
};
