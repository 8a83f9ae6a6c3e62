/**
 * Erases what a closed round no longer needs once the retention period has passed: its contacts, its mail log and
 * the accounts that existed only for it. Answers are kept. Every server runs this hourly; `lagesbild privacy
 * retention` runs it at once. Running it twice erases nothing more.
 */
import type { Kysely } from 'kysely';
import { deleteUserAccount, findUserByEmail } from '../accounts/accounts.service.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { eraseRoundContacts, listRoundAddresses } from '../rounds/round-personal-data.service.ts';
import { listRounds, type Round } from '../rounds/rounds.service.ts';
import { findPrivacyNotice } from './privacy-notice.service.ts';

/** When a round's retention period starts: its closing time (the announced one; or its last change if none). */
function retentionStart(round: Round): string {
  return round.closesAt ?? round.updatedAt;
}

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
 * signed in since the round closed, and not a contact or mail recipient of any round still within its period.
 * Records one audit event per round that had anything to erase; returns what was erased.
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
    round.status === 'closed' && addMonths(retentionStart(round), retentionMonths) <= now;
  const stillNeeded = new Set<string>();
  for (const round of rounds.filter((candidate) => !isExpired(candidate))) {
    for (const address of await listRoundAddresses(db, round.id)) stillNeeded.add(address);
  }
  const erased: RetentionErasure[] = [];
  for (const round of rounds.filter(isExpired)) {
    const addresses = await listRoundAddresses(db, round.id);
    if (addresses.length === 0) continue;
    const roundOnly: string[] = [];
    for (const address of addresses.filter((candidate) => !stillNeeded.has(candidate))) {
      const user = await findUserByEmail(db, address);
      if (!user || user.globalRole !== null) continue;
      if (user.lastSignedInAt !== null && user.lastSignedInAt > retentionStart(round)) continue;
      roundOnly.push(user.id);
    }
    const result = await db.transaction().execute(async (trx) => {
      const { contacts, mails } = await eraseRoundContacts(trx, round.id);
      let accounts = 0;
      for (const userId of roundOnly) {
        const reason = `retention: round ${round.label}`;
        if (await deleteUserAccount(trx, clock, { userId, reason, actor })) accounts += 1;
      }
      await recordAuditEvent(trx, clock, {
        actor,
        action: 'privacy.retention_erased',
        subjectType: 'round',
        subjectId: round.id,
        details: { label: round.label, retentionMonths, contacts, mails, accounts },
      });
      return { roundLabel: round.label, contacts, mails, accounts };
    });
    erased.push(result);
  }
  return erased;
}
