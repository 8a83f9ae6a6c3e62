import type { Translate } from '../web/i18n.ts';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { type DeliveryFilter, type DeliveryState, deliveryFilters } from './delivery.ts';
import type { FollowUpFilter } from './follow-up.ts';
import { Field, Notice, type PageError, timeText } from './round-fields.tsx';
import type { Round } from './rounds.repository.ts';

/** One mail's state in words: "Inbjudan: misslyckades: 550 5.1.1 …". */
export function describeDelivery(context: { t: Translate }, state: DeliveryState | null): string {
  const { t } = context;
  if (state === null) return t('rounds.delivery.none');
  const kind = t(`rounds.mail.kind.${state.kind}`);
  return t(`rounds.delivery.${state.state}`, { kind, time: timeText(state.at), reason: state.reason ?? '' });
}

function resendHref(roundId: string, code: string): string {
  return `/rounds/${roundId}/organisations/${code}/invitation`;
}

/** The follow-up's cell for an organisation's latest mail, with "correct the address and send again" when it failed. */
export function DeliveryCell({
  context,
  roundId,
  organisation,
  state,
  canResend,
}: {
  context: PageContext;
  roundId: string;
  organisation: { code: string; name: string };
  state: DeliveryState | null;
  canResend: boolean;
}) {
  const { t } = context;
  return (
    <td>
      <span class={state?.state === 'failed' ? 'delivery delivery--failed' : 'delivery'}>
        {describeDelivery(context, state)}
      </span>
      {canResend && state?.state === 'failed' ? (
        <>
          {' '}
          <a
            href={resendHref(roundId, organisation.code)}
            aria-label={t('rounds.delivery.resendLabel', { name: organisation.name })}
          >
            {t('rounds.delivery.resend')}
          </a>
        </>
      ) : null}
    </td>
  );
}

/** A small GET form that narrows the follow-up's organisations to one mail state, keeping the other filters. */
export function DeliveryFilterForm({
  context,
  roundId,
  filter,
}: {
  context: PageContext;
  roundId: string;
  filter: FollowUpFilter;
}) {
  const { t } = context;
  const kept = Object.entries(filter).filter(
    (entry): entry is [string, string] => entry[0] !== 'mail' && typeof entry[1] === 'string',
  );
  return (
    <form method="get" action={`/rounds/${roundId}/follow-up#organisations`} class="filter-form">
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div class="field">
        <label for="mail-filter">{t('rounds.delivery.filter')}</label>
        <select id="mail-filter" name="mail">
          <option value="">{t('rounds.delivery.filter.all')}</option>
          {deliveryFilters.map((option: DeliveryFilter) => (
            <option key={option} value={option} selected={filter.mail === option}>
              {t(`rounds.delivery.filter.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t('rounds.delivery.filterSubmit')}</button>
    </form>
  );
}

/** The round page's list of invitations that could not be delivered, each with a way to correct and resend. */
export function FailedInvitations({
  context,
  roundId,
  failed,
  canResend,
}: {
  context: PageContext;
  roundId: string;
  failed: Array<{ code: string; name: string; state: DeliveryState }>;
  canResend: boolean;
}) {
  const { t } = context;
  if (failed.length === 0) return null;
  return (
    <section aria-labelledby="failed-invitations-heading">
      <h2 id="failed-invitations-heading">{t('rounds.delivery.failedInvitations')}</h2>
      <p>{t('rounds.delivery.failedInvitationsLead')}</p>
      <ul>
        {failed.map((entry) => (
          <li key={entry.code}>
            <strong>{entry.name}</strong> ({entry.state.recipient}): {entry.state.reason ?? ''}
            {canResend ? (
              <>
                {' '}
                <a
                  href={resendHref(roundId, entry.code)}
                  aria-label={t('rounds.delivery.resendLabel', { name: entry.name })}
                >
                  {t('rounds.delivery.resend')}
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export type ResendForm = { name: string; email: string; language: string };

/** Corrects one organisation's contact and sends a new invitation. */
export function ResendInvitationPage({
  context,
  round,
  organisation,
  state,
  form,
  errors,
  notice,
}: {
  context: PageContext;
  round: Round;
  organisation: { code: string; name: string };
  state: DeliveryState | null;
  form: ResendForm;
  errors: PageError[];
  notice: string | null;
}) {
  const { t } = context;
  const title = t('rounds.delivery.resendTitle', { name: organisation.name });
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/rounds/${round.id}/follow-up`}>{t('rounds.followUp.title', { round: round.label })}</a>
      </p>
      <Notice text={notice} />
      <ErrorSummary context={context} errors={errors} />
      <p>{t('rounds.delivery.lastMail', { state: describeDelivery(context, state) })}</p>
      <p>{t('rounds.delivery.resendLead')}</p>
      <form method="post" action={resendHref(round.id, organisation.code)} class="stacked-form" noValidate>
        <CsrfField context={context} />
        <ContactFields context={context} form={form} errors={errors} />
        <button type="submit">{t('rounds.delivery.resendSubmit')}</button>
      </form>
    </Layout>
  );
}

/** A contact person's name, address and the language of their mail, with each field's error. */
export function ContactFields({
  context,
  form,
  errors,
}: {
  context: PageContext;
  form: ResendForm;
  errors: PageError[];
}) {
  const { t } = context;
  const errorFor = (field: string) => errors.find((error) => error.field === field);
  return (
    <>
      <Field id="name" label={t('rounds.contacts.contactName')} error={errorFor('name')}>
        {(described) => <input id="name" name="name" value={form.name} maxLength={200} {...described} />}
      </Field>
      <Field id="email" label={t('rounds.contacts.contactEmail')} error={errorFor('email')}>
        {(described) => (
          <input id="email" name="email" type="email" value={form.email} maxLength={254} {...described} />
        )}
      </Field>
      <Field id="language" label={t('rounds.delivery.language')} error={errorFor('language')}>
        {(described) => (
          <select id="language" name="language" {...described}>
            {(['sv', 'en'] as const).map((language) => (
              <option key={language} value={language} selected={form.language === language}>
                {t(`rounds.delivery.language.${language}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
