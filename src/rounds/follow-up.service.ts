import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { listRoundMail } from '../mail/outbox.service.ts';
import { findOrganisationsByCodes, listMunicipalityGroups } from '../organisations/organisations.service.ts';
import { listResponseStatuses } from '../responses/responses.service.ts';
import { listReviewStates } from '../responses/review.service.ts';
import { findLatestDeliveries } from './delivery.ts';
import type { FollowUpEntry } from './follow-up.ts';
import { listFurtherContactRows } from './further-contacts.repository.ts';
import { listRoundOrganisationRows, type Round } from './rounds.repository.ts';
import { findRoundById } from './rounds.service.ts';

/**
 * Gathers every invited organisation of a round with its response status, its contact and the state of the latest
 * mail to the contact, for the follow-up page, its JSON and the non-responder CSV.
 * @throws AppError('not_found') when there is no such round.
 */
export async function findRoundFollowUp(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ round: Round; entries: FollowUpEntry[] }> {
  const round = await findRoundById(db, roundId);
  const invited = await listRoundOrganisationRows(db, roundId);
  const [organisations, statuses, mail, groups, reviews, further] = await Promise.all([
    findOrganisationsByCodes(
      db,
      invited.map((row) => row.organisationCode),
    ),
    listResponseStatuses(db, roundId),
    listRoundMail(db, roundId),
    listMunicipalityGroups(db),
    listReviewStates(db, roundId),
    listFurtherContactRows(db, roundId),
  ]);
  const groupNames = new Map(groups.map((group) => [group.code, group.name]));
  const deliveries = findLatestDeliveries(mail);
  const registry = new Map(organisations.map((organisation) => [organisation.code, organisation]));
  const entries = invited.flatMap((row): FollowUpEntry[] => {
    const organisation = registry.get(row.organisationCode);
    if (!organisation) return [];
    const response = statuses.get(row.organisationCode);
    return [
      {
        code: organisation.code,
        name: organisation.name,
        type: organisation.type,
        group: organisation.municipalityGroup,
        groupName: organisation.municipalityGroup ? (groupNames.get(organisation.municipalityGroup) ?? null) : null,
        countyCode: organisation.countyCode,
        countyName: organisation.countyName,
        status: response?.status ?? 'not_started',
        contactName: row.contactName,
        contactEmail: row.contactEmail,
        furtherContacts: further
          .filter((contact) => contact.organisationCode === row.organisationCode)
          .map((contact) => ({ name: contact.contactName, email: contact.contactEmail })),
        updatedAt: response?.updatedAt ?? null,
        submittedAt: response?.submittedAt ?? null,
        review: reviews.get(row.organisationCode) ?? null,
        mail: deliveries.get(row.organisationCode) ?? null,
      },
    ];
  });
  // Kommuner before regioner, each by code, as the registry lists them.
  entries.sort((a, b) => a.type.localeCompare(b.type) || a.code.localeCompare(b.code));
  return { round, entries };
}
