import type { Command } from '../cli.ts';
import { auditRoundRelease } from '../releases/releases.service.ts';
import { UsageError, withDatabase } from './context.ts';

export const releaseAuditCommand: Command = {
  name: ['release', 'audit'],
  summary: 'Audit a round’s release as an attacker would; exits 1 when a hidden figure can be worked out',
  usage: 'lagesbild release audit --round LABEL',
  options: { round: { type: 'string' } },
  async run(context, values) {
    const label = values.round;
    if (typeof label !== 'string' || label === '') throw new UsageError('--round is required.');
    const { version, audit } = await withDatabase(context, (handle) =>
      auditRoundRelease(handle.db, { label, minimumRespondents: context.config.suppressionThreshold }),
    );
    context.out(
      version === null
        ? `Round ${label}: not released; auditing what publishing now would freeze.`
        : `Round ${label}, release version ${version}.`,
    );
    context.out(`Suppressed cells: ${audit.cellsSuppressed} (primary ${audit.primaryCells})`);
    context.out(`Cells protected: ${audit.cellsProtected}`);
    context.out(`Smallest range of a hidden count: ${audit.smallestRange ?? '-'}`);
    if (audit.differencesChecked !== undefined) {
      context.out(`Differences with earlier versions: ${audit.differencesChecked} figures checked`);
    }
    context.out(`Time: ${audit.seconds.toFixed(1)} s (${audit.solves} solves)`);
    for (const failure of audit.failures) {
      context.out(`LEAK ${failure.tableId} ${failure.groupId} (${failure.check}): ${failure.detail}`);
    }
    context.out(audit.isPassed ? 'Audit passed.' : `Audit FAILED: ${audit.failures.length} problems.`);
    return audit.isPassed ? 0 : 1;
  },
};
