import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../cli.ts';
import { repositoryPath } from '../paths.ts';

// The check needs no database; the configuration only has to load without warnings.
const environment = { LOG_LEVEL: 'silent', SESSION_SECRET: 'questionnaire-check-test-secret-long-enough' };
const shipped = repositoryPath('data', 'questionnaires');
const folder = mkdtempSync(join(tmpdir(), 'lagesbild-questionnaire-check-'));
const original = readFileSync(join(shipped, 'skr-2023.yaml'), 'utf8');

after(() => rmSync(folder, { recursive: true, force: true }));

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, environment);
  return { code, out, err };
}

/** Writes a copy of skr-2023.yaml with one line replaced and returns its path and the 1-based line number. */
function writeBrokenCopy(name: string, find: string, replace: string): { file: string; line: number } {
  const lines = original.split('\n');
  const index = lines.findIndex((line) => line.includes(find));
  assert.notEqual(index, -1, `skr-2023.yaml has a line with ${find}`);
  lines[index] = (lines[index] ?? '').replace(find, replace);
  const file = join(folder, name);
  writeFileSync(file, lines.join('\n'));
  return { file, line: index + 1 };
}

test('both shipped questionnaires pass, with a summary and exit code 0', async () => {
  const newer = await run(['questionnaire', 'check', join(shipped, 'skr-2023.yaml')]);
  assert.equal(newer.code, 0);
  assert.deepEqual(newer.err, []);
  assert.deepEqual(newer.out, [
    'data/questionnaires/skr-2023.yaml: OK',
    'skr-2023 (Informationssäkerhet i kommuner och regioner 2023): 5 sections, 51 questions (kommun 50, region 50)',
    'compared with skr-2019: 21 unchanged, 3 reworded, 1 changed, 26 added, 0 removed',
  ]);
  const older = await run(['questionnaire', 'check', join(shipped, 'skr-2019.yaml')]);
  assert.equal(older.code, 0);
  assert.deepEqual(older.out, [
    'data/questionnaires/skr-2019.yaml: OK',
    'skr-2019 (Kommunernas informationssäkerhetsarbete 2019): 5 sections, 25 questions (kommun 25)',
  ]);
});

test('a wrong type is reported at its line and column, with the allowed types', async () => {
  const { file, line } = writeBrokenCopy('wrong-type.yaml', 'type: percent', 'type: percentage');
  const { code, out, err } = await run(['questionnaire', 'check', file]);
  assert.equal(code, 1);
  assert.deepEqual(out, []);
  assert.deepEqual(err, [
    `${file}:${line}:15: sections[0].questions[2].type must be one of: yes_no, yes_partly_no, single_choice, multiple_choice, integer, decimal, percent, free_text (found the text 'percentage')`,
    `1 error in ${file}`,
  ]);
  assert.equal(line, 100);
});

test('a condition on an unknown key is reported where the key is named', async () => {
  const { file, line } = writeBrokenCopy(
    'unknown-key.yaml',
    "showIf: { question: ciso_designated, equals: 'yes' }",
    "showIf: { question: ciso_nominated, equals: 'yes' }",
  );
  const { code, err } = await run(['questionnaire', 'check', file]);
  assert.equal(code, 1);
  assert.equal(line, 112);
  assert.deepEqual(err, [
    `${file}:112:29: sections[0].questions[2].showIf.question refers to the unknown question 'ciso_nominated'`,
    `1 error in ${file}`,
  ]);
});

test('a duplicate question key is reported at the second use, naming the first', async () => {
  const { file, line } = writeBrokenCopy('duplicate-key.yaml', 'key: security_hours_per_year', 'key: ciso_time_share');
  const { code, err } = await run(['questionnaire', 'check', file]);
  assert.equal(code, 1);
  assert.equal(line, 115);
  assert.equal(
    err[0],
    `${file}:115:14: sections[0].questions[3].key repeats the question key 'ciso_time_share' of sections[0].questions[2]`,
  );
  // The renamed question also leaves its comparability entry without a question in both versions.
  assert.equal(
    err[1],
    `${file}:19:3: comparability.security_hours_per_year 'security_hours_per_year' is not a question of both skr-2019 and skr-2023`,
  );
  assert.equal(err.at(-1), `2 errors in ${file}`);
});

test('a duplicate mapping key in the YAML is reported at its line', async () => {
  const { file, line } = writeBrokenCopy('duplicate-yaml-key.yaml', 'year: 2023', 'year: 2023\nyear: 2024');
  const { code, err } = await run(['questionnaire', 'check', file]);
  assert.equal(code, 1);
  assert.ok(err[0]?.startsWith(`${file}:${line + 1}:1: Map keys must be unique`), err[0]);
});

test('a missing file exits 1; a missing or extra argument is a usage error (2)', async () => {
  const missingFile = await run(['questionnaire', 'check', join(folder, 'nothing.yaml')]);
  assert.equal(missingFile.code, 1);
  assert.match(missingFile.err[0] ?? '', /nothing\.yaml: cannot be read \(ENOENT/);
  const none = await run(['questionnaire', 'check']);
  assert.equal(none.code, 2);
  assert.deepEqual(none.err, ['Missing argument FILE.\nUsage: lagesbild questionnaire check FILE']);
  const extra = await run(['questionnaire', 'check', 'a.yaml', 'b.yaml']);
  assert.equal(extra.code, 2);
  assert.match(extra.err[0] ?? '', /^Unexpected argument "b\.yaml"\./);
  const help = await run(['--help']);
  assert.match(help.out.join('\n'), /^ {2}questionnaire check +Check a questionnaire version file/m);
});
