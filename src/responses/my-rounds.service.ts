import type { Kysely } from 'kysely';
import type { Membership } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findOrganisationsByCodes } from '../organisations/organisations.service.ts';
import { formatRoundTitle } from '../rounds/round-label.ts';
import { listRoundOrganisations, listRounds } from '../rounds/rounds.service.ts';
import { findResponse, type ResponseStatus } from './responses.service.ts';
import { type AnsweringWindow, findAnsweringWindow } from './round-rules.ts';

export type MyRound = {
  roundId: string;
  roundLabel: string;
  /** What the pages call the round: its display name, or its label. */
  roundTitle: string;
  organisationCode: string;
  organisationName: string;
  window: AnsweringWindow;
  status: ResponseStatus | 'not_started';
  canWrite: boolean;
};

/** Lists the rounds a user's organisations are invited to, open ones first, then newest label first. */
export async function listMyRounds(
  db: Kysely<Database>,
  clock: Clock,
  memberships: readonly Membership[],
): Promise<MyRound[]> {
  if (memberships.length === 0) return [];
  const roles = new Map(memberships.map((membership) => [membership.organisationCode, membership.role]));
  const organisations = new Map(
    (await findOrganisationsByCodes(db, [...roles.keys()])).map((organisation) => [organisation.code, organisation]),
  );
  const rows: MyRound[] = [];
  // Drafts are not shown: their population and dates may still change.
  for (const round of (await listRounds(db)).filter((candidate) => candidate.status !== 'draft')) {
    for (const invited of await listRoundOrganisations(db, round.id)) {
      const organisation = organisations.get(invited.organisationCode);
      if (!organisation) continue;
      const window = findAnsweringWindow(round, invited, clock.now());
      const response = await findResponse(db, round.id, organisation.code);
      rows.push({
        roundId: round.id,
        roundLabel: round.label,
        roundTitle: formatRoundTitle(round),
        organisationCode: organisation.code,
        organisationName: organisation.name,
        window,
        status: response?.status ?? 'not_started',
        canWrite: window.isOpen && roles.get(organisation.code) === 'respondent',
      });
    }
  }
  // Stable sort keeps the newest-label-first order of listRounds within each group.
  return rows.sort((a, b) => Number(b.window.isOpen) - Number(a.window.isOpen));
}
