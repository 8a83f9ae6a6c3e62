import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import type { AuditEvent, StoredAuditVerification } from './audit.service.ts';

export type AuditPageFilter = { action: string; subjectType: string; subjectId: string; actor: string };

const filterFields = ['action', 'subjectType', 'subjectId', 'actor'] as const;

function queryFor(filter: AuditPageFilter, before?: number): string {
  const query = new URLSearchParams();
  for (const field of filterFields) if (filter[field] !== '') query.set(field, filter[field]);
  if (before !== undefined) query.set('before', String(before));
  const text = query.toString();
  return text ? `?${text}` : '';
}

function VerificationResult({
  context,
  verification,
}: {
  context: PageContext;
  verification: StoredAuditVerification | undefined;
}) {
  const { t } = context;
  if (!verification) return <p class="notice">{t('audit.verification.none')}</p>;
  const time = verification.checkedAt.slice(0, 19).replace('T', ' ');
  if (verification.isIntact) {
    return (
      <p class="notice" id="audit-verification">
        {t('audit.verification.intact', { time, count: verification.eventCount })}
      </p>
    );
  }
  return (
    <div class="error-summary" role="alert" id="audit-verification">
      <h2>{t('audit.verification.broken.title')}</h2>
      <p>{t('audit.verification.broken', { time, problem: verification.problem ?? '' })}</p>
    </div>
  );
}

/** The coordinators' view of the audit log: a filter form, newest events first, paged by sequence number. */
export function AuditLogPage({
  context,
  filter,
  events,
  olderThan,
  isFirstPage,
  verification,
}: {
  context: PageContext;
  filter: AuditPageFilter;
  /** The newest verification of the chain, shown at the top (loud when it failed). */
  verification: StoredAuditVerification | undefined;
  events: AuditEvent[];
  /** The sequence number to page back from, when there are older events. */
  olderThan: number | null;
  isFirstPage: boolean;
}) {
  const { t } = context;
  const first = events[0];
  const last = events.at(-1);
  return (
    <Layout context={context} title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <VerificationResult context={context} verification={verification} />
      <p>{t('audit.lead')}</p>
      <form method="get" action="/admin/audit" class="stacked-form" aria-label={t('audit.filter')}>
        {filterFields.map((field) => (
          <div class="field" key={field}>
            <label for={`audit-${field}`}>{t(`audit.filter.${field}`)}</label>
            <input id={`audit-${field}`} name={field} value={filter[field]} maxLength={200} />
          </div>
        ))}
        <button type="submit">{t('audit.filter.submit')}</button> <a href="/admin/audit">{t('audit.filter.clear')}</a>
      </form>
      {first && last ? (
        <p role="status">{t('audit.showing', { first: last.sequence, last: first.sequence })}</p>
      ) : (
        <p role="status">{t('audit.empty')}</p>
      )}
      {events.length > 0 ? (
        <ScrollBox label={t('audit.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.column.sequence')}</th>
                <th scope="col">{t('audit.column.time')}</th>
                <th scope="col">{t('audit.column.actor')}</th>
                <th scope="col">{t('audit.column.action')}</th>
                <th scope="col">{t('audit.column.subject')}</th>
                <th scope="col">{t('audit.column.details')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.sequence}>
                  <th scope="row">{event.sequence}</th>
                  <td>{event.occurredAt.slice(0, 19).replace('T', ' ')}</td>
                  <td>{event.actorLabel ?? event.actorUserId ?? ''}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>{`${event.subjectType} ${event.subjectId}`}</td>
                  <td>
                    <code>{JSON.stringify(event.details).slice(0, 400)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
      <nav aria-label={t('audit.title')}>
        <ul class="nav-list">
          {isFirstPage ? null : (
            <li>
              <a href={`/admin/audit${queryFor(filter)}`}>{t('audit.newest')}</a>
            </li>
          )}
          {olderThan === null ? null : (
            <li>
              <a href={`/admin/audit${queryFor(filter, olderThan)}`}>{t('audit.older')}</a>
            </li>
          )}
        </ul>
      </nav>
    </Layout>
  );
}
