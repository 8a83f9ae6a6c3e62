/**
 * Erasing what a closed round holds about people: its contacts, its mail, the accounts that exist only because of
 * its invitations, and those people's addresses in the audit log. Used by the retention erasure (after the
 * retention period) and by `privacy purge-contacts` (on request).
 */
import type { Kysely } from 'kysely';
import { deleteUserAccount, findUserByEmail } from '../accounts/accounts.service.ts';
import { type Actor, eraseAuditPersons, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { eraseMailToAddress } from '../mail/outbox.service.ts';
import { eraseRoundContacts, listRoundAddresses } from '../rounds/round-personal-data.service.ts';
import type { Round } from '../rounds/rounds.service.ts';

/** When a round's retention period starts: its closing time (the announced one; or its last change if none). */
export function findRetentionStart(round: Round): string {
  return round.closesAt ?? round.updatedAt;
}

export type RoundOnlyPeople = {
  /** The round's addresses (contacts and mail) that no other round still holds. */
  addresses: string[];
  /** Among them, the accounts that exist only for this round. */
  accounts: { id: string; email: string }[];
};

/**
 * Finds whom only this round holds: its addresses outside `stillNeeded`, and the accounts behind them that exist only
 * because of its invitations (no global role, not signed in since the round closed).
 */
export async function findRoundOnlyPeople(
  db: Kysely<Database>,
  round: Round,
  stillNeeded: ReadonlySet<string>,
): Promise<RoundOnlyPeople> {
  const addresses = (await listRoundAddresses(db, round.id)).filter((address) => !stillNeeded.has(address));
  const accounts: RoundOnlyPeople['accounts'] = [];
  for (const address of addresses) {
    const user = await findUserByEmail(db, address);
    if (!user || user.globalRole !== null) continue;
    if (user.lastSignedInAt !== null && user.lastSignedInAt > findRetentionStart(round)) continue;
    accounts.push({ id: user.id, email: address });
  }
  return { addresses, accounts };
}

export type RoundErasure = { contacts: number; mails: number; accounts: number; auditPersons: number };

/**
 * Erases, in the caller's transaction, a round's contacts and mail, the accounts only it holds (with their other mail,
 * such as sign-in links) and the addresses only it holds from the audit log, and records one event (`action`, with
 * the counts added to `details`). Answers are kept. Returns the counts.
 */
export async function eraseRoundPeople(
  trx: Kysely<Database>,
  clock: Clock,
  input: {
    round: Round;
    people: RoundOnlyPeople;
    reason: string;
    actor: Actor;
    action: string;
    details: Record<string, unknown>;
  },
): Promise<RoundErasure> {
  const erased = await eraseRoundContacts(trx, input.round.id);
  const { contacts } = erased;
  let { mails } = erased;
  let accounts = 0;
  for (const user of input.people.accounts) {
    if (await deleteUserAccount(trx, clock, { userId: user.id, reason: input.reason, actor: input.actor })) {
      accounts += 1;
    }
    mails += await eraseMailToAddress(trx, user.email);
  }
  const counts = { contacts, mails, accounts, auditPersons: 0 };
  await recordAuditEvent(trx, clock, {
    actor: input.actor,
    action: input.action,
    subjectType: 'round',
    subjectId: input.round.id,
    details: { ...input.details, contacts, mails, accounts },
  });
  // Last, so that nothing recorded above names them again.
  counts.auditPersons = await eraseAuditPersons(trx, input.people.addresses);
  return counts;
}
