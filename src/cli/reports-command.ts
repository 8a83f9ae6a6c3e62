import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from '../cli.ts';
import { generateFeedbackReports } from '../reports/feedback.service.ts';
import { isLanguage } from '../web/i18n.ts';
import { UsageError, withDatabase } from './context.ts';

/**
 * Draws progress on stderr: a bar redrawn in place on a terminal, or a line per tenth when stderr is a file or a
 * pipe (so logs stay readable).
 */
export function createProgressReporter(stream: { isTTY?: boolean; write(text: string): boolean }, label: string) {
  let lastTenth = -1;
  return (done: number, total: number): void => {
    const share = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.round(share * 100)} %`,
      );
      if (done === total) stream.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`${label} ${done}/${total}\n`);
    }
  };
}

/**
 * The path of a file to write into a folder, refused when the name would leave it (a `/`, `..` or an absolute
 * path in a name built from stored data).
 * @throws Error naming the file when it would be written outside the folder.
 */
export function resolveInside(folder: string, fileName: string): string {
  const base = resolve(folder);
  const path = resolve(base, fileName);
  if (dirname(path) !== base || basename(path) !== fileName) {
    throw new Error(`Refusing to write ${JSON.stringify(fileName)}: it would not be a file in ${base}.`);
  }
  return path;
}

export const reportsFeedbackCommand: Command = {
  name: ['reports', 'feedback'],
  summary: 'Write one feedback report PDF per organisation that answered a round into a folder, with progress',
  usage: 'lagesbild reports feedback --round LABEL --out DIR [--lang sv|en]',
  options: { round: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } },
  async run(context, values) {
    const label = typeof values.round === 'string' ? values.round : undefined;
    const folder = typeof values.out === 'string' ? values.out : undefined;
    if (label === undefined || folder === undefined) throw new UsageError('Give --round and --out.');
    const language = values.lang ?? 'sv';
    if (!isLanguage(language)) throw new UsageError('--lang must be sv or en.');
    await mkdir(folder, { recursive: true });
    const started = performance.now();
    const report = createProgressReporter(process.stderr, 'Feedback reports');
    const { count } = await withDatabase(context, (handle) =>
      generateFeedbackReports(handle.db, context.clock, {
        label,
        language,
        minimumRespondents: context.config.suppressionThreshold,
        write: (fileName, pdf) => writeFile(resolveInside(folder, fileName), pdf),
        onProgress: report,
        actor: { userId: null, label: 'cli: reports feedback' },
      }),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    context.out(`${count} feedback ${count === 1 ? 'report' : 'reports'} written to ${folder} in ${seconds} s.`);
    return 0;
  },
};
