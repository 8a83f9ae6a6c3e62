import type { Kysely } from 'kysely';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findOrganisationsByCodes, listMunicipalityGroups } from '../organisations/organisations.service.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { findRoundById } from '../rounds/rounds.service.ts';
import { buildMicrodata, codebookRows, type Microdata, renderCsv, writeMicrodataXlsx } from './microdata.ts';
import { listSubmittedAnswerRecords } from './responses.service.ts';

export const microdataFormats = ['csv', 'labels.csv', 'codebook.csv', 'xlsx'] as const;
export type MicrodataFormat = (typeof microdataFormats)[number];

/** Gathers a round's submitted answers, one row per organisation that submitted, in the registry's order. */
export async function findRoundMicrodata(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ label: string; microdata: Microdata }> {
  const round = await findRoundById(db, roundId);
  const versionIds = [round.versions.kommun, round.versions.region]
    .filter((id): id is string => id !== null)
    .filter((id, index, ids) => ids.indexOf(id) === index);
  const versions = await Promise.all(versionIds.map((id) => findQuestionnaireVersion(db, id)));
  const answers = await listSubmittedAnswerRecords(db, roundId);
  const organisations = (await findOrganisationsByCodes(db, [...answers.keys()])).sort(
    (a, b) => a.type.localeCompare(b.type) || a.code.localeCompare(b.code),
  );
  const groupNames = new Map((await listMunicipalityGroups(db)).map((group) => [group.code, group.name]));
  return { label: round.label, microdata: buildMicrodata({ versions, organisations, answers, groupNames }) };
}

/**
 * Produces one file of a round's answers for an analyst or coordinator and records the disclosure of confidential
 * data (who, which round, which file, how many organisations) in the audit log before anything leaves.
 * @throws AppError('not_found') when there is no such round.
 */
export async function exportRoundMicrodata(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundId: string; format: MicrodataFormat; actor: Actor; via: 'web' | 'api' },
): Promise<{ fileName: string; contentType: string; body: string | Buffer }> {
  const { label, microdata } = await findRoundMicrodata(db, input.roundId);
  await recordAuditEvent(db, clock, {
    actor: input.actor,
    action: 'responses.microdata_disclosed',
    subjectType: 'round',
    subjectId: input.roundId,
    details: { format: input.format, organisations: microdata.codes.length, via: input.via },
  });
  const base = `svar-${label.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  switch (input.format) {
    case 'csv':
      return {
        fileName: `${base}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: renderCsv([microdata.columns, ...microdata.codes]),
      };
    case 'labels.csv':
      return {
        fileName: `${base}-etiketter.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: renderCsv([microdata.columns, ...microdata.labels]),
      };
    case 'codebook.csv':
      return {
        fileName: `${base}-kodbok.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: renderCsv(codebookRows(microdata.codebook)),
      };
    case 'xlsx':
      return {
        fileName: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await writeMicrodataXlsx(microdata),
      };
  }
}
