import { createSignInLink, grantUserRole, signInLinkLifetimeMinutes } from '../accounts/accounts.service.ts';
import type { Command } from '../cli.ts';
import { UsageError, withDatabase } from './context.ts';

export const adminCreateCommand: Command = {
  name: ['admin', 'create'],
  summary: 'Create (or promote) an administrator and print a one-time sign-in link',
  usage: 'lagesbild admin create --email ADDRESS [--name NAME]',
  options: { email: { type: 'string' }, name: { type: 'string' } },
  async run(context, values) {
    if (typeof values.email !== 'string' || values.email.trim() === '') throw new UsageError('--email is required.');
    const email = values.email;
    const name = typeof values.name === 'string' ? values.name : null;
    const link = await withDatabase(context, async (handle) => {
      const user = await grantUserRole(handle.db, context.clock, {
        email,
        name,
        grant: { kind: 'global', role: 'administrator' },
        actor: { userId: null, label: 'cli: admin create' },
      });
      return createSignInLink(handle.db, context.clock, { userId: user.id, baseUrl: context.config.baseUrl });
    });
    context.out(
      `Administrator ${email.trim().toLowerCase()} is ready. Sign in within ${signInLinkLifetimeMinutes} minutes (the link works once):`,
    );
    context.out(link.url);
    return 0;
  },
};
