/**
 * Erases what a closed round no longer needs once the retention period has passed: its contacts, its mail log, the
 * accounts that existed only for it and their addresses in the audit log; and accounts deactivated longer than the
 * retention period. Answers are kept. Every server runs this hourly; `lagesbild privacy retention` runs it at once.
 * Running it twice erases nothing more.
 */
import type { Kysely } from 'kysely';
import { deleteUserAccount, listUsers } from '../accounts/accounts.service.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { removeErasedDataFromFiles } from '../db/erasure.ts';
import { eraseMailToAddress } from '../mail/outbox.service.ts';
import { listRoundAddresses } from '../rounds/round-personal-data.service.ts';
import { listRounds, type Round } from '../rounds/rounds.service.ts';
import { findPrivacyNotice } from './privacy-notice.service.ts';
import { eraseRoundPeople, findRetentionStart, findRoundOnlyPeople } from './round-erasure.service.ts';

function addMonths(iso: string, months: number): Date {
  const date = new Date(iso);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date;
}

export interface RetentionErasure {
  roundLabel: string;
  contacts: number;
  mails: number;
  accounts: number;
}

/**
 * Erases, for every closed round whose retention period (the privacy notice's months after closing) has passed,
 * its contact names and addresses, its mail log, and the accounts that exist only for it: no global role, not
 * signed in since the round closed, and not a contact or mail recipient of any round still within its period; and
 * those addresses in the audit log. Records one audit event per round that had anything to erase; returns what was
 * erased. Then deletes accounts deactivated longer than the retention period (eraseDeactivatedAccounts).
 */
export async function eraseExpiredRoundData(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
): Promise<RetentionErasure[]> {
  const { retentionMonths } = await findPrivacyNotice(db);
  const now = clock.now();
  const rounds = await listRounds(db);
  const isExpired = (round: Round) =>
    round.status === 'closed' && addMonths(findRetentionStart(round), retentionMonths) <= now;
  const stillNeeded = new Set<string>();
  for (const round of rounds.filter((candidate) => !isExpired(candidate))) {
    for (const address of await listRoundAddresses(db, round.id)) stillNeeded.add(address);
  }
  const erased: RetentionErasure[] = [];
  for (const round of rounds.filter(isExpired)) {
    if ((await listRoundAddresses(db, round.id)).length === 0) continue;
    const people = await findRoundOnlyPeople(db, round, stillNeeded);
    const counts = await db.transaction().execute((trx) =>
      eraseRoundPeople(trx, clock, {
        round,
        people,
        reason: `retention: round ${round.label}`,
        actor,
        action: 'privacy.retention_erased',
        details: { label: round.label, retentionMonths },
      }),
    );
    erased.push({ roundLabel: round.label, contacts: counts.contacts, mails: counts.mails, accounts: counts.accounts });
  }
  const deactivated = await eraseDeactivatedAccounts(db, clock, actor);
  if (erased.length > 0 || deactivated > 0) await removeErasedDataFromFiles(db);
  return erased;
}

/**
 * Deletes the accounts deactivated longer ago than the retention period, with their mail and their address in the
 * audit log (what remains: their answers' and events' user ids, and the events themselves). Returns how many.
 */
export async function eraseDeactivatedAccounts(db: Kysely<Database>, clock: Clock, actor: Actor): Promise<number> {
  const { retentionMonths } = await findPrivacyNotice(db);
  const now = clock.now();
  const expired = (await listUsers(db)).filter(
    (user) => user.deactivatedAt !== null && addMonths(user.deactivatedAt, retentionMonths) <= now,
  );
  let deleted = 0;
  for (const user of expired) {
    await db.transaction().execute(async (trx) => {
      const reason = `retention: deactivated ${user.deactivatedAt}`;
      if (await deleteUserAccount(trx, clock, { userId: user.id, reason, actor })) deleted += 1;
      await eraseMailToAddress(trx, user.email);
    });
  }
  return deleted;
}
