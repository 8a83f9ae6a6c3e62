/** The publisher of the open data as the DCAT-AP-SE catalogue names it, set by an administrator. */
import type { Kysely } from 'kysely';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { normaliseEmail } from '../accounts/accounts.service.ts';
import { AppError, type FieldError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { readJsonSetting, saveJsonSetting } from '../settings/settings.service.ts';

const organisationNumberPattern = '^\\d{6}-\\d{4}$';

export const PublisherSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** Organisationsnummer as Bolagsverket writes it, 222000-0315. */
  organisationNumber: Type.String({ pattern: organisationNumberPattern }),
  /** The publisher's IRI; dataportal.se names organisations http://dataportal.se/organisation/SE<number>. */
  iri: Type.String({ minLength: 8, maxLength: 500 }),
  /** The contact point's address (vcard:hasEmail). */
  email: Type.String({ minLength: 3, maxLength: 254 }),
});
export type Publisher = Static<typeof PublisherSchema>;
const checkPublisher = Compile(PublisherSchema);

const settingKey = 'open_data_publisher';

/** The IRI dataportal.se gives an organisation with this organisationsnummer. */
export function dataportalOrganisationIri(organisationNumber: string): string {
  return `http://dataportal.se/organisation/SE${organisationNumber.replace('-', '')}`;
}

/** What the catalogue says until an administrator has named the publisher. */
export const defaultPublisher: Publisher = {
  name: 'Sveriges Kommuner och Regioner',
  organisationNumber: '222000-0315',
  iri: dataportalOrganisationIri('222000-0315'),
  email: 'info@skr.se',
};

/** The open data's publisher: the administrator's, or the default. */
export async function findPublisher(db: Kysely<Database>): Promise<Publisher> {
  return (await readJsonSetting(db, settingKey, (value) => checkPublisher.Check(value))) ?? defaultPublisher;
}

export type PublisherForm = Record<keyof Publisher, string>;

/**
 * Saves the publisher of the open data and records who changed it. An empty IRI becomes dataportal.se's IRI for
 * the organisation number.
 * @throws AppError('validation') with one error per field that is wrong.
 */
export async function savePublisher(
  db: Kysely<Database>,
  clock: Clock,
  form: PublisherForm,
  actor: Actor,
): Promise<Publisher> {
  const errors: FieldError[] = [];
  const organisationNumber = form.organisationNumber.trim().replace(/^(\d{6})(\d{4})$/, '$1-$2');
  const publisher: Publisher = {
    name: form.name.trim(),
    organisationNumber,
    iri: form.iri.trim() === '' ? dataportalOrganisationIri(organisationNumber) : form.iri.trim(),
    email: '',
  };
  if (publisher.name === '' || publisher.name.length > 200)
    errors.push({ field: 'name', message: 'publication.publisher.problem.name' });
  if (!new RegExp(organisationNumberPattern).test(organisationNumber))
    errors.push({ field: 'organisationNumber', message: 'publication.publisher.problem.organisationNumber' });
  if (!isHttpIri(publisher.iri)) errors.push({ field: 'iri', message: 'publication.publisher.problem.iri' });
  try {
    publisher.email = normaliseEmail(form.email);
  } catch {
    errors.push({ field: 'email', message: 'publication.publisher.problem.email' });
  }
  if (errors.length > 0) throw new AppError('validation', 'The publisher has errors.', errors);
  await db.transaction().execute(async (trx) => {
    await saveJsonSetting(trx, clock, settingKey, publisher);
    await recordAuditEvent(trx, clock, {
      actor,
      action: 'publication.publisher_saved',
      subjectType: 'setting',
      subjectId: settingKey,
      details: { name: publisher.name, organisationNumber: publisher.organisationNumber, iri: publisher.iri },
    });
  });
  return publisher;
}

function isHttpIri(value: string): boolean {
  if (value.length > 500 || /[\s<>"{}|\\^`]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
