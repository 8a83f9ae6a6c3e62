import { CsrfField, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { Round } from './rounds.repository.ts';

/** The actions on a round that send mail or cannot be undone, each confirmed on a page of its own first. */
export type RoundAction = 'open' | 'invitations' | 'close';
export const roundActions: readonly RoundAction[] = ['open', 'invitations', 'close'];

/** Says what the action will do and asks before doing it; works without JavaScript. */
export function ConfirmRoundActionPage({
  context,
  round,
  action,
}: {
  context: PageContext;
  round: Round;
  action: RoundAction;
}) {
  const { t } = context;
  const title = t(`rounds.confirm.${action}.title`, { round: round.label });
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>{t(`rounds.confirm.${action}.lead`)}</p>
      <form method="post" action={`/rounds/${round.id}/${action}`}>
        <CsrfField context={context} />
        <button type="submit">{t(`rounds.confirm.${action}.button`)}</button>
      </form>
      <p>
        <a href={`/rounds/${round.id}`}>{t('rounds.confirm.cancel')}</a>
      </p>
    </Layout>
  );
}
