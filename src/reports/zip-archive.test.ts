import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createZipArchive } from './zip-archive.ts';

test('an archive passes Info-ZIP unzip -t and reads back in Python with UTF-8 names and intact contents', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-zip-'));
  try {
    const files = [
      { name: 'aterkoppling-2023-0180-stockholm.pdf', data: Buffer.from('%PDF-1.7 first') },
      { name: 'Åre och Malmö.txt', data: Buffer.from('två\n') },
    ];
    writeFileSync(join(folder, 'a.zip'), createZipArchive(files, new Date('2026-03-01T08:00:00Z')));
    execFileSync('unzip', ['-t', '-qq', join(folder, 'a.zip')]);
    // Python's zipfile reads the UTF-8 flag whatever the locale; Info-ZIP's listing depends on it.
    const script =
      'import json, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([z.namelist(), z.read(z.namelist()[1]).decode()]))';
    const [names, content] = JSON.parse(
      execFileSync('python3', ['-c', script, join(folder, 'a.zip')], { encoding: 'utf8' }),
    );
    assert.deepEqual(
      names,
      files.map((file) => file.name),
    );
    assert.equal(content, 'två\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
