import type { Command } from '../cli.ts';
import { checkQuestionnaireFile } from '../questionnaires/questionnaire-file.ts';
import { UsageError } from './context.ts';

export const questionnaireCheckCommand: Command = {
  name: ['questionnaire', 'check'],
  summary: 'Check a questionnaire version file (YAML); errors are printed as file:line:column: path message',
  usage: 'lagesbild questionnaire check FILE',
  options: {},
  positionals: ['FILE'],
  async run(context, _values, positionals) {
    const [file] = positionals;
    if (file === undefined) throw new UsageError('Missing argument FILE.');
    // Needs no database: the file is checked against the schema, its rules and the version it names as previous.
    const result = checkQuestionnaireFile(file);
    const print = result.ok ? context.out : context.err;
    for (const line of result.lines) print(line);
    return result.ok ? 0 : 1;
  },
};
