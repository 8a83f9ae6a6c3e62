import { runAuditVerification } from '../audit/audit.service.ts';
import type { Command } from '../cli.ts';
import { withDatabase } from './context.ts';

export const auditVerifyCommand: Command = {
  name: ['audit', 'verify'],
  summary: 'Check the audit log’s hash chain; reports the first altered or missing event and exits 1 if any',
  usage: 'lagesbild audit verify',
  options: {},
  async run(context) {
    const result = await withDatabase(context, (handle) => runAuditVerification(handle.db, context.clock));
    if (result.isIntact) {
      context.out(`Audit log intact: ${result.eventCount} ${result.eventCount === 1 ? 'event' : 'events'} verified.`);
      return 0;
    }
    context.err(`Audit log broken: ${result.detail}. The ${result.eventCount} events before it verify.`);
    return 1;
  },
};
