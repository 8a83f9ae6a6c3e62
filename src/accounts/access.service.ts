import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import {
  countActiveAdministratorRows,
  expireSignInLinkRows,
  findUserRowById,
  revokeSessionRows,
  type User,
  updateUserRow,
} from './accounts.repository.ts';

async function findUserOrThrow(db: Kysely<Database>, userId: string): Promise<User> {
  const user = await findUserRowById(db, userId);
  if (!user) throw new AppError('not_found', 'accounts.access.noUser');
  return user;
}

/** An administrator who would leave the installation without an active administrator is refused. */
async function assertAnotherAdministrator(db: Kysely<Database>, user: User): Promise<void> {
  if (user.globalRole !== 'administrator' || user.deactivatedAt !== null) return;
  if ((await countActiveAdministratorRows(db)) <= 1)
    throw new AppError('conflict', 'accounts.access.lastAdministrator');
}

/**
 * Deactivates an account: it can no longer sign in (links already mailed stop working), its open sessions are
 * revoked, and it is kept with its memberships for the audit log and the answers it gave. Audited.
 * @throws AppError('not_found') for an unknown user, AppError('conflict') for one's own account or the last
 * active administrator.
 */
export async function deactivateUser(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; actor: Actor },
): Promise<User> {
  return inTransaction(db, async (trx) => {
    const user = await findUserOrThrow(trx, input.userId);
    if (input.actor.userId === user.id) throw new AppError('conflict', 'accounts.access.notYourself');
    if (user.deactivatedAt !== null) return user;
    await assertAnotherAdministrator(trx, user);
    const now = clock.now().toISOString();
    await updateUserRow(trx, user.id, { deactivatedAt: now });
    await expireSignInLinkRows(trx, user.id, now);
    const sessionsRevoked = await revokeSessionRows(trx, user.id, now);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'user.deactivated',
      subjectType: 'user',
      subjectId: user.id,
      details: { email: user.email, sessionsRevoked },
    });
    return { ...user, deactivatedAt: now };
  });
}

/**
 * Lets a deactivated account sign in again, with the roles it still has. Audited.
 * @throws AppError('not_found') for an unknown user.
 */
export async function reactivateUser(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; actor: Actor },
): Promise<User> {
  return inTransaction(db, async (trx) => {
    const user = await findUserOrThrow(trx, input.userId);
    if (user.deactivatedAt === null) return user;
    await updateUserRow(trx, user.id, { deactivatedAt: null });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'user.reactivated',
      subjectType: 'user',
      subjectId: user.id,
      details: { email: user.email },
    });
    return { ...user, deactivatedAt: null };
  });
}

/**
 * Removes a user's global role (administrator or analyst) and revokes the person's open sessions. Audited.
 * @throws AppError('not_found') for an unknown user or one without a global role, AppError('conflict') for one's
 * own role or the last active administrator.
 */
export async function removeGlobalRole(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; actor: Actor },
): Promise<User> {
  return inTransaction(db, async (trx) => {
    const user = await findUserOrThrow(trx, input.userId);
    if (user.globalRole === null) throw new AppError('not_found', 'accounts.access.noGlobalRole');
    if (input.actor.userId === user.id) throw new AppError('conflict', 'accounts.access.notYourself');
    await assertAnotherAdministrator(trx, user);
    const now = clock.now().toISOString();
    await updateUserRow(trx, user.id, { globalRole: null });
    const sessionsRevoked = await revokeSessionRows(trx, user.id, now);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'user.global_role_removed',
      subjectType: 'user',
      subjectId: user.id,
      details: { email: user.email, role: user.globalRole, sessionsRevoked },
    });
    return { ...user, globalRole: null };
  });
}
