/**
 * The round's status list as a coordinator hands it on: one row per invited organisation with its kommungrupp's
 * name, län, contact, response status, last change, submission time, review state and latest mail, with headers and values in
 * the reader's language (Swedish by default) and times in Swedish time. Pure, apart from loading exceljs.
 */
import type { Translate } from '../web/i18n.ts';
import { describeDelivery } from './delivery.pages.tsx';
import { csvCell, describeGroup, type FollowUpEntry } from './follow-up.ts';
import { formatStockholm } from './stockholm-time.ts';

export type StatusList = { header: string[]; rows: string[][] };

const statusKeys = {
  not_started: 'rounds.followUp.notStarted',
  in_progress: 'rounds.followUp.inProgress',
  submitted: 'rounds.followUp.submitted',
} as const;

/** Arranges the follow-up's organisations as the status list, in the order the follow-up lists them. */
export function buildStatusList(t: Translate, entries: readonly FollowUpEntry[]): StatusList {
  const header = [
    t('rounds.statusList.code'),
    t('rounds.statusList.organisation'),
    t('rounds.statusList.type'),
    t('rounds.statusList.group'),
    t('rounds.statusList.county'),
    t('rounds.statusList.contactName'),
    t('rounds.statusList.contactEmail'),
    t('rounds.statusList.status'),
    t('rounds.statusList.updatedAt'),
    t('rounds.statusList.submittedAt'),
    t('rounds.statusList.review'),
    t('rounds.statusList.lastMail'),
  ];
  const rows = entries.map((entry) => [
    entry.code,
    entry.name,
    t(entry.type === 'region' ? 'rounds.statusList.type.region' : 'rounds.statusList.type.kommun'),
    entry.group ? describeGroup(entry.group, entry.groupName) : '',
    entry.countyName,
    [entry.contactName ?? '', ...entry.furtherContacts.map((contact) => contact.name)].filter(Boolean).join(', '),
    [entry.contactEmail ?? '', ...entry.furtherContacts.map((contact) => contact.email)].filter(Boolean).join(', '),
    t(statusKeys[entry.status]),
    formatStockholm(entry.updatedAt),
    formatStockholm(entry.submittedAt),
    entry.review ? t(`responses.review.state.${entry.review}`) : '',
    entry.mail ? describeDelivery({ t }, entry.mail) : t('rounds.delivery.none'),
  ]);
  return { header, rows };
}

/**
 * The status list as CSV separated by semicolons, as Swedish Excel reads and writes it, with a byte order mark so
 * that it reads å, ä and ö; text that a spreadsheet would run as a formula is defused.
 */
export function renderStatusListCsv(list: StatusList): string {
  const line = (cells: readonly string[]) => cells.map((cell) => csvCell(cell, ';')).join(';');
  return `\uFEFF${[list.header, ...list.rows].map(line).join('\r\n')}\r\n`;
}

/** The status list as one worksheet; every cell is written as text, never as a formula. */
export async function writeStatusListXlsx(list: StatusList, sheetName: string): Promise<Buffer> {
  // Loaded on use: exceljs is large and most processes never write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Lägesbild';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(list.header);
  for (const row of list.rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, index) => {
    const widest = Math.max(...[list.header, ...list.rows].map((row) => (row[index] ?? '').length));
    column.width = Math.min(60, Math.max(8, widest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
