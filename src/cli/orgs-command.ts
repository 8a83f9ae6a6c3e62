import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from '../cli.ts';
import { syncOrganisations } from '../organisations/organisations.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const orgsSyncCommand: Command = {
  name: ['orgs', 'sync'],
  summary: 'Load the shipped kommuner and regioner, or apply an update CSV (--file), with --dry-run to list changes',
  usage: 'lagesbild orgs sync [--file FILE.csv] [--dry-run]',
  options: { file: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(context, values) {
    const file = typeof values.file === 'string' ? values.file : undefined;
    let source: Parameters<typeof syncOrganisations>[2]['source'] = { kind: 'shipped' };
    if (file !== undefined) {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
      });
      source = { kind: 'csv', text, fileName: basename(file) };
    }
    const isDryRun = values['dry-run'] === true;
    const report = await withDatabase(context, (handle) =>
      syncOrganisations(handle.db, context.clock, {
        source,
        isDryRun,
        actor: { userId: null, label: 'cli: orgs sync' },
      }),
    );
    for (const change of report.changes) {
      const details = Object.entries(change.fields)
        .map(([field, [before, after]]) => `${field}: ${before ?? '–'} -> ${after ?? '–'}`)
        .join('; ');
      context.out(`${change.kind.padEnd(11)} ${change.code} ${change.name}${details ? ` (${details})` : ''}`);
    }
    const verb = isDryRun ? 'would change' : 'changed';
    context.out(
      `${report.changes.length} ${report.changes.length === 1 ? 'organisation' : 'organisations'} ${verb}, ${report.unchanged} unchanged.${isDryRun ? ' Dry run: nothing was written.' : ''}`,
    );
    return 0;
  },
};
