// One test process of run-tests.mjs. It takes test files one at a time from the run's queue (shared by every
// worker: a file is claimed by creating its claim file, which only one process can do) and runs each file's tests
// as one suite named after the file, so that file's before/after hooks wrap its own tests only, and the next file
// starts when the previous one has finished. Files share this process and its loaded modules, not their databases.
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

function findQueueFolder(): string {
  const folder = process.env.TEST_QUEUE_FOLDER;
  if (!folder) throw new Error('TEST_QUEUE_FOLDER is not set: start the tests with scripts/run-tests.mjs.');
  return folder;
}

const queueFolder = findQueueFolder();
const root = process.cwd();
const queue: unknown = JSON.parse(readFileSync(join(queueFolder, 'queue.json'), 'utf8'));
if (!Array.isArray(queue) || !queue.every((file) => typeof file === 'string')) {
  throw new Error(`${queueFolder}/queue.json is not a list of test files.`);
}
const files: string[] = queue;

/** Claims the first unclaimed file from `start` on; undefined when every file is taken. */
function claimNextFile(start: number): { index: number; file: string } | undefined {
  for (let index = start; index < files.length; index++) {
    try {
      closeSync(openSync(join(queueFolder, `claimed-${index}`), 'wx'));
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'EEXIST') continue; // another worker has it
      throw error;
    }
    const file = files[index];
    if (file !== undefined) return { index, file };
  }
  return undefined;
}

let next = claimNextFile(0);
while (next) {
  const { index, file } = next;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await describe(file, async () => {
    await import(pathToFileURL(join(root, file)).href);
  });
  // This process's CPU time beside the wall time: a file far below its wall time waits (on a child process, a timer,
  // the other worker's load), which tells whether more workers than cores would help.
  const cpu = process.cpuUsage(cpuBefore);
  const milliseconds = Math.round(performance.now() - started);
  const cpuMilliseconds = Math.round((cpu.user + cpu.system) / 1000);
  appendFileSync(join(queueFolder, 'durations.ndjson'), `${JSON.stringify({ file, milliseconds, cpuMilliseconds })}\n`);
  next = claimNextFile(index + 1);
}
