import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { eraseRoundMail } from '../mail/outbox.service.ts';
import { clearContactColumns, findRoundStateByLabel } from './privacy.repository.ts';

/**
 * Removes the contact names and e-mail addresses of a closed round's organisations, and erases the round's mail
 * (addresses and content) from the outbox, keeping every answer, and records how many were removed; returns that
 * number.
 * @throws AppError('not_found') for an unknown label, AppError('conflict') while the round is not closed.
 */
export async function purgeRoundContacts(
  db: Kysely<Database>,
  clock: Clock,
  input: { roundLabel: string; actor: Actor },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const round = await findRoundStateByLabel(trx, input.roundLabel);
    if (!round) throw new AppError('not_found', `No round is labelled "${input.roundLabel}".`);
    if (round.status !== 'closed') {
      // Reminders still go to these contacts while a round is open or being prepared.
      throw new AppError(
        'conflict',
        `Round "${round.label}" is ${round.status}; contacts can be removed only once it is closed.`,
      );
    }
    const removed = await clearContactColumns(trx, round.id);
    const mails = await eraseRoundMail(trx, round.id);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.contacts_purged',
      subjectType: 'round',
      subjectId: round.id,
      details: { label: round.label, organisations: removed, mailLogEntries: mails },
    });
    return removed;
  });
}
