import { reviewStates } from '../responses/review.service.ts';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { DeliveryCell, DeliveryFilterForm } from './delivery.pages.tsx';
import {
  countReviewStates,
  type FollowUpEntry,
  type FollowUpFilter,
  type FollowUpStatus,
  type FollowUpSummary,
  followUpStatuses,
  type Tally,
} from './follow-up.ts';
import type { NotSubmittedPreview } from './reminders.service.ts';
import { Notice, type PageError, timeText } from './round-fields.tsx';
import type { Round } from './rounds.repository.ts';

const statusKeys = {
  not_started: 'rounds.followUp.notStarted',
  in_progress: 'rounds.followUp.inProgress',
  submitted: 'rounds.followUp.submitted',
} as const;

function filterHref(roundId: string, filter: FollowUpFilter): string {
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return `/rounds/${roundId}/follow-up${query.size > 0 ? `?${query}` : ''}#organisations`;
}

function formatPercent(context: PageContext, value: number): string {
  return value.toLocaleString(context.language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
}

function TallyTable({
  context,
  round,
  caption,
  rows,
  filterOf,
}: {
  context: PageContext;
  round: Round;
  caption: string;
  rows: Tally[];
  filterOf: (row: Tally) => FollowUpFilter;
}) {
  const { t } = context;
  return (
    <div class="table-scroll">
      <h2>{caption}</h2>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <td />
            {followUpStatuses.map((status) => (
              <th scope="col" key={status}>
                {t(statusKeys[status])}
              </th>
            ))}
            <th scope="col">{t('rounds.followUp.total')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {followUpStatuses.map((status) => (
                <td key={status}>
                  <a href={filterHref(round.id, { ...filterOf(row), status })}>
                    {t('rounds.followUp.cell', {
                      count: row.counts[status],
                      percent: formatPercent(context, row.percentages[status]),
                    })}
                  </a>
                </td>
              ))}
              <td>
                <a href={filterHref(round.id, filterOf(row))}>{row.total}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function describeFilter(context: PageContext, filter: FollowUpFilter, summary: FollowUpSummary): string {
  const { t } = context;
  const parts = [
    filter.type ? t(`rounds.followUp.type.${filter.type}`) : '',
    filter.group ?? '',
    filter.county ? (summary.byCounty.find((row) => row.key === filter.county)?.label ?? filter.county) : '',
    filter.status && filter.status !== 'not_submitted' ? t(statusKeys[filter.status]) : '',
    filter.mail ? t(`rounds.delivery.filter.${filter.mail}`) : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : t('rounds.followUp.filterAll');
}

/** The coordinator's follow-up: response rates by type, kommungrupp and län, and the organisations behind them. */
/** Every contact of an organisation: the first contact, then the further ones of the contacts file. */
function ContactList({ values }: { values: ReadonlyArray<string | null> }) {
  const present = values.filter((value): value is string => Boolean(value));
  if (present.length < 2) return <>{present[0] ?? ''}</>;
  return (
    <ul class="plain-list">
      {present.map((value) => (
        <li key={value}>{value}</li>
      ))}
    </ul>
  );
}

export function FollowUpPage({
  context,
  round,
  summary,
  filter,
  entries,
  allEntries,
  notice,
  errors,
}: {
  context: PageContext;
  round: Round;
  summary: FollowUpSummary;
  filter: FollowUpFilter;
  entries: FollowUpEntry[];
  /** Every invited organisation, whatever the filter, for the review counts. */
  allEntries: FollowUpEntry[];
  notice: string | null;
  errors: PageError[];
}) {
  const { t } = context;
  const isAdministrator = context.user?.globalRole === 'administrator';
  const canRemind = isAdministrator && round.status === 'open';
  const title = t('rounds.followUp.title', { round: round.label });
  const typeRows = [
    { ...summary.total, label: t('rounds.followUp.all') },
    ...summary.byType.map((row) => ({
      ...row,
      label: t(row.key === 'region' ? 'rounds.followUp.type.region' : 'rounds.followUp.type.kommun'),
    })),
  ];
  const statusOf = (status: FollowUpStatus) => t(statusKeys[status]);
  const reviewCounts = countReviewStates(allEntries);
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('rounds.followUp.lead')}</p>
      <p>
        <a href={`/rounds/${round.id}`}>{t('rounds.organisation.back')}</a> ·{' '}
        <a href={`/rounds/${round.id}/status.csv`}>{t('rounds.followUp.statusCsv')}</a> ·{' '}
        <a href={`/rounds/${round.id}/status.xlsx`}>{t('rounds.followUp.statusXlsx')}</a> ·{' '}
        <a href={`/rounds/${round.id}/non-responders.csv`}>{t('rounds.followUp.nonResponders')}</a>
      </p>
      {canRemind && summary.total.counts.submitted < summary.total.total ? (
        <p>
          <a class="button" href={`/rounds/${round.id}/reminders/not-submitted`}>
            {t('rounds.followUp.remindAll')}
          </a>
        </p>
      ) : null}
      <Notice text={notice} />
      <ErrorSummary context={context} errors={errors} />
      <TallyTable
        context={context}
        round={round}
        caption={t('rounds.followUp.byType')}
        rows={typeRows}
        filterOf={(row) => (row.key === 'kommun' || row.key === 'region' ? { type: row.key } : {})}
      />
      <TallyTable
        context={context}
        round={round}
        caption={t('rounds.followUp.byGroup')}
        rows={summary.byGroup}
        filterOf={(row) => ({ group: row.key })}
      />
      <TallyTable
        context={context}
        round={round}
        caption={t('rounds.followUp.byCounty')}
        rows={summary.byCounty}
        filterOf={(row) => ({ county: row.key })}
      />
      <h2>{t('rounds.followUp.review')}</h2>
      <ul>
        {reviewStates.map((state) => (
          <li key={state}>
            {t(`responses.review.state.${state}`)}: {reviewCounts[state]}
          </li>
        ))}
      </ul>
      <h2 id="organisations" tabIndex={-1}>
        {t('rounds.followUp.list')}
      </h2>
      <p>
        <a href={filterHref(round.id, {})}>{t('rounds.followUp.showAll')}</a>
      </p>
      <DeliveryFilterForm context={context} roundId={round.id} filter={filter} />
      <form method="post" action={`/rounds/${round.id}/reminders`}>
        <CsrfField context={context} />
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it */}
        <section class="table-scroll" tabIndex={0} aria-label={t('rounds.followUp.list')}>
          <table>
            <caption>
              {t('rounds.followUp.listCaption', {
                filter: describeFilter(context, filter, summary),
                count: entries.length,
              })}
            </caption>
            <thead>
              <tr>
                {canRemind ? (
                  <td>
                    <span class="visually-hidden">{t('rounds.followUp.remind')}</span>
                  </td>
                ) : null}
                <th scope="col">{t('rounds.contacts.code')}</th>
                <th scope="col">{t('rounds.contacts.name')}</th>
                <th scope="col">{t('rounds.followUp.status')}</th>
                <th scope="col">{t('rounds.followUp.updatedAt')}</th>
                <th scope="col">{t('rounds.contacts.contactName')}</th>
                <th scope="col">{t('rounds.contacts.contactEmail')}</th>
                <th scope="col">{t('rounds.delivery.column')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.code}>
                  {canRemind ? (
                    <td>
                      <input
                        type="checkbox"
                        name="organisations"
                        value={entry.code}
                        id={`choose-${entry.code}`}
                        aria-label={t('rounds.followUp.choose', { name: entry.name })}
                        disabled={entry.status === 'submitted'}
                      />
                    </td>
                  ) : null}
                  <td>{entry.code}</td>
                  <th scope="row">{entry.name}</th>
                  <td>{statusOf(entry.status)}</td>
                  <td>{timeText(entry.submittedAt ?? entry.updatedAt)}</td>
                  <td>
                    <ContactList
                      values={[entry.contactName, ...entry.furtherContacts.map((contact) => contact.name)]}
                    />
                  </td>
                  <td>
                    <ContactList
                      values={[entry.contactEmail, ...entry.furtherContacts.map((contact) => contact.email)]}
                    />
                  </td>
                  <DeliveryCell
                    context={context}
                    roundId={round.id}
                    organisation={entry}
                    state={entry.mail}
                    canResend={isAdministrator && round.status === 'open'}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {canRemind ? (
          <>
            <p class="muted" id="remind-hint">
              {t('rounds.followUp.remindHint')}
            </p>
            <button type="submit" id="organisations-submit" aria-describedby="remind-hint">
              {t('rounds.followUp.remind')}
            </button>
          </>
        ) : null}
      </form>
    </Layout>
  );
}

/** Asks before reminding every organisation that has not submitted, saying how many will get a mail. */
export function RemindNotSubmittedPage({
  context,
  round,
  preview,
}: {
  context: PageContext;
  round: Round;
  preview: NotSubmittedPreview;
}) {
  const { t } = context;
  const title = t('rounds.followUp.remindAllTitle', { round: round.label });
  const withoutContact = preview.notSubmitted - preview.withContact;
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      {preview.withContact === 0 ? (
        <p>{t('rounds.followUp.remindAllNone')}</p>
      ) : (
        <p>{t('rounds.followUp.remindAllCounts', preview)}</p>
      )}
      {withoutContact > 0 ? <p>{t('rounds.followUp.remindAllWithoutContact', { count: withoutContact })}</p> : null}
      {preview.withContact > 0 ? (
        <form method="post" action={`/rounds/${round.id}/reminders/not-submitted`}>
          <CsrfField context={context} />
          <button type="submit">{t('rounds.followUp.remindAllConfirm')}</button>
        </form>
      ) : null}
      <p>
        <a href={`/rounds/${round.id}/follow-up`}>{t('rounds.followUp.remindAllCancel')}</a>
      </p>
    </Layout>
  );
}
