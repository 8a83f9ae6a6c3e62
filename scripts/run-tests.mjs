#!/usr/bin/env node
// Runs node's test runner over an explicit file list. Node 20's `--test` does not expand globs and, given no
// files, passes with zero tests; this script collects the files itself and fails when it finds none.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suite = process.argv[2] ?? 'unit';
const filters = process.argv.slice(3);
const suites = { unit: ['src', 'test'], e2e: ['e2e'] };
const folders = suites[suite];
if (!folders) {
  console.error(`Unknown test suite "${suite}". Use one of: ${Object.keys(suites).join(', ')}.`);
  process.exit(2);
}

function collect(dir) {
  let files = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return files; // a suite folder that does not exist yet simply holds no tests
  }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files = files.concat(collect(path));
    else if (/\.test\.tsx?$/.test(name)) files.push(path);
  }
  return files;
}

const files = folders
  .flatMap((folder) => collect(join(root, folder)))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No test files found for suite "${suite}"${filters.length ? ` matching ${filters.join(', ')}` : ''}.`);
  process.exit(1);
}

const database = process.env.TEST_DATABASE_URL ? 'PostgreSQL (TEST_DATABASE_URL)' : 'SQLite (temporary files)';
console.log(`Running ${files.length} test files of suite "${suite}" on ${database}.`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
