import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { repositoryPath } from '../../src/paths.ts';
import type { RegistryEntry } from './public-data.ts';

/** The public registry as the shipped CSVs (from SCB and SKR) give it: what any attacker can download. */
export function readPublicRegistry(): RegistryEntry[] {
  const read = (file: string): Record<string, string>[] =>
    parse(readFileSync(repositoryPath('data', 'organisations', file), 'utf8'), { columns: true, bom: true });
  const kommuner = read('kommuner.csv').map(
    (row): RegistryEntry => ({
      code: row.kommunkod ?? '',
      type: 'kommun',
      municipalityGroup: row.kommungrupp_2023 ?? null,
      mainGroup: row.kommungrupp_2023?.slice(0, 1) ?? null,
      countyCode: row.lanskod ?? '',
    }),
  );
  const regioner = read('regioner.csv').map(
    (row): RegistryEntry => ({
      code: row.lanskod ?? '',
      type: 'region',
      municipalityGroup: null,
      mainGroup: null,
      countyCode: row.lanskod ?? '',
    }),
  );
  return [...kommuner, ...regioner];
}
