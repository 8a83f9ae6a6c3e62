import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError, type FieldError } from '../app-error.ts';
import { repositoryPath } from '../paths.ts';
import type { MunicipalityGroup, OrganisationWrite } from './organisations.repository.ts';

/** Where the shipped reference data lives: SCB codes and SKR's kommungruppsindelning 2023. */
export const referenceDataFolder = repositoryPath('data', 'organisations');

const kommunHeader = ['kommunkod', 'kommun', 'lanskod', 'lan', 'kommungrupp_2023'];
const regionHeader = ['lanskod', 'region', 'lan'];
const groupHeader = ['kod', 'huvudgrupp_kod', 'huvudgrupp', 'kommungrupp', 'definition'];
/** Optional last column of an update file: the code of the organisation this one merged into. */
const mergedIntoColumn = 'ersatt_av';

type CsvRecord = Record<string, string>;

function parseCsv(text: string, fileName: string): { header: string[]; records: CsvRecord[] } {
  try {
    const rows: string[][] = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false });
    const [header = [], ...body] = rows;
    const trimmedHeader = header.map((cell) => cell.trim());
    return {
      header: trimmedHeader,
      records: body.map((cells) =>
        Object.fromEntries(trimmedHeader.map((name, index) => [name, (cells[index] ?? '').trim()])),
      ),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('validation', `${fileName}: the file is not valid CSV (${reason}).`);
  }
}

function sameColumns(header: string[], expected: string[]): boolean {
  const columns = header.filter((name) => name !== mergedIntoColumn);
  return columns.length === expected.length && expected.every((name, index) => columns[index] === name);
}

/**
 * Reads a kommun- or region-shaped CSV (the shape of data/organisations/kommuner.csv or regioner.csv, optionally
 * with an `ersatt_av` column naming the organisation a merged one became part of).
 * @throws AppError('validation') listing every bad row by its line number; nothing is returned partially.
 */
export function parseOrganisationCsv(
  text: string,
  fileName: string,
  knownGroups: ReadonlySet<string>,
): OrganisationWrite[] {
  const { header, records } = parseCsv(text, fileName);
  const isKommun = sameColumns(header, kommunHeader);
  if (!isKommun && !sameColumns(header, regionHeader)) {
    throw new AppError(
      'validation',
      `${fileName}: unknown header "${header.join(',')}". Expected "${kommunHeader.join(',')}" or "${regionHeader.join(',')}", optionally followed by ",${mergedIntoColumn}".`,
    );
  }
  const errors: FieldError[] = [];
  const organisations: OrganisationWrite[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const line = index + 2;
    const problems: string[] = [];
    const code = (isKommun ? record.kommunkod : record.lanskod) ?? '';
    const name = (isKommun ? record.kommun : record.region) ?? '';
    const countyCode = record.lanskod ?? '';
    const group = isKommun ? (record.kommungrupp_2023 ?? '') : null;
    const mergedInto = record[mergedIntoColumn] ?? '';
    if (isKommun && !/^\d{4}$/.test(code)) problems.push(`kommunkod "${code}" is not four digits`);
    if (!isKommun && !/^\d{2}$/.test(code)) problems.push(`lanskod "${code}" is not two digits`);
    if (!/^\d{2}$/.test(countyCode)) problems.push(`lanskod "${countyCode}" is not two digits`);
    else if (isKommun && /^\d{4}$/.test(code) && !code.startsWith(countyCode)) {
      problems.push(`kommunkod ${code} does not belong to län ${countyCode}`);
    }
    if (name === '') problems.push('the name is empty');
    if ((record.lan ?? '') === '') problems.push('the län name is empty');
    if (group !== null && !knownGroups.has(group))
      problems.push(`kommungrupp "${group}" is not one of ${[...knownGroups].join(', ')}`);
    if (mergedInto !== '' && !/^\d{2}(\d{2})?$/.test(mergedInto))
      problems.push(`${mergedIntoColumn} "${mergedInto}" is not a code`);
    if (mergedInto === code) problems.push(`${mergedIntoColumn} names the organisation itself`);
    if (seen.has(code)) problems.push(`code ${code} appears twice`);
    seen.add(code);
    if (problems.length > 0) {
      errors.push({ field: `line ${line}`, message: problems.join('; ') });
      return;
    }
    organisations.push({
      code,
      name,
      type: isKommun ? 'kommun' : 'region',
      countyCode,
      countyName: record.lan ?? '',
      municipalityGroup: group,
      isActive: mergedInto === '',
      replacedBy: mergedInto === '' ? null : mergedInto,
    });
  });
  if (errors.length > 0) {
    throw new AppError(
      'validation',
      `${fileName}: ${errors.length} invalid ${errors.length === 1 ? 'row' : 'rows'}; nothing was changed.`,
      errors,
    );
  }
  return organisations;
}

/** Reads the shipped list of SKR's nine municipality groups in three main groups. */
export function readShippedMunicipalityGroups(): MunicipalityGroup[] {
  const fileName = 'kommungrupper.csv';
  const { header, records } = parseCsv(readFileSync(join(referenceDataFolder, fileName), 'utf8'), fileName);
  if (!sameColumns(header, groupHeader)) throw new AppError('validation', `${fileName}: unexpected header.`);
  return records.map((record) => ({
    code: record.kod ?? '',
    mainGroupCode: record.huvudgrupp_kod ?? '',
    mainGroupName: record.huvudgrupp ?? '',
    name: record.kommungrupp ?? '',
    definition: record.definition ?? '',
  }));
}

/** Reads the shipped 290 kommuner and 21 regioner. */
export function readShippedOrganisations(knownGroups: ReadonlySet<string>): OrganisationWrite[] {
  return ['kommuner.csv', 'regioner.csv'].flatMap((fileName) =>
    parseOrganisationCsv(readFileSync(join(referenceDataFolder, fileName), 'utf8'), fileName, knownGroups),
  );
}
