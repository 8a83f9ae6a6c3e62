/**
 * The administrators' publication page: every round's state and versions, the disclosure settings a release uses
 * (national exemptions), the attacker's audit before and at publication, and the open data's publisher.
 */
import { AppError } from '../app-error.ts';
import type { AuditSummary } from '../disclosure/protect-linked-set.ts';
import { findPublicationState, type ReleaseAudit, type ReleaseSummary } from '../releases/releases.service.ts';
import { nationalReportPath } from '../reports/reports.service.ts';
import type { ExemptableQuestion } from '../results/disclosure-settings.service.ts';
import type { Round } from '../rounds/rounds.service.ts';
import { formatStockholm } from '../rounds/stockholm-time.ts';
import { formatNumber } from '../web/figure-format.ts';
import { type PageError, TextInput } from '../web/form-field.tsx';
import { isMessageKey, type Translate } from '../web/i18n.ts';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { roundTypes } from './publication.pages.tsx';
import type { PublisherForm } from './publisher.service.ts';

/** One round on the administrators' publication page: its state, its versions and what can be done next. */
export interface AdminRound {
  round: Round;
  releases: ReleaseSummary[];
  /** The round's indicator questions, each with whether its national figure is exempt from the unanimity rule. */
  exemptions: ExemptableQuestion[];
}

/** An audit run from the page of what publishing a round now would freeze. */
export interface AuditPreview {
  label: string;
  audit: AuditSummary;
}

/** What an administrator typed into a round's publication form, kept when the form is shown again with an error. */
export interface PublicationInput {
  label: string;
  embargoUntil: string;
  errataSv: string;
  errataEn: string;
}

/**
 * What the page says when publishing a round was refused: for a failed audit, in plain words with the number of
 * problems found; for another refusal, its message. Null for an error that is not a refusal (it propagates).
 */
export function describePublicationError(t: Translate, label: string, error: unknown): string | null {
  if (!(error instanceof AppError) || (error.code !== 'validation' && error.code !== 'conflict')) return null;
  if (error.message === 'releases.error.auditFailed') {
    return t('publication.admin.auditRefused', { label, count: error.fields.length });
  }
  return isMessageKey(error.message) ? t(error.message) : error.message;
}

/**
 * The administrators' publication page: every round's state and versions, with forms to publish (with embargo),
 * start and publish a correction (with an erratum), or withdraw.
 */
export function PublicationAdminPage({
  context,
  rounds,
  now,
  error,
  entered,
  publisher,
  publisherErrors = [],
  notice,
  auditPreview,
}: {
  context: PageContext;
  rounds: AdminRound[];
  now: Date;
  error?: string;
  entered?: PublicationInput;
  publisher: PublisherForm;
  publisherErrors?: PageError[];
  notice?: string;
  auditPreview?: AuditPreview;
}) {
  const { t } = context;
  return (
    <Layout context={context} title={t('publication.admin.title')}>
      <h1>{t('publication.admin.title')}</h1>
      <p class="lead">{t('publication.admin.lead')}</p>
      {error ? (
        <div class="error-summary" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <ErrorSummary context={context} errors={publisherErrors} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        <a href="/reports/feedback-jobs">{t('publication.admin.feedbackJobs')}</a>
      </p>
      {rounds.map(({ round, releases, exemptions }) => (
        <AdminRoundCard
          key={round.id}
          context={context}
          round={round}
          releases={releases}
          exemptions={exemptions}
          now={now}
          entered={entered?.label === round.label ? entered : undefined}
          auditPreview={auditPreview?.label === round.label ? auditPreview.audit : undefined}
        />
      ))}
      <PublisherSection context={context} form={publisher} errors={publisherErrors} />
    </Layout>
  );
}

function AdminRoundCard({
  context,
  round,
  releases,
  exemptions,
  now,
  entered,
  auditPreview,
}: {
  context: PageContext;
  round: Round;
  releases: ReleaseSummary[];
  exemptions: ExemptableQuestion[];
  now: Date;
  entered: PublicationInput | undefined;
  auditPreview: AuditSummary | undefined;
}) {
  const { t } = context;
  const state = findPublicationState(round, now);
  const time = formatStockholm(state === 'embargoed' ? round.embargoUntil : (round.embargoUntil ?? round.publishedAt));
  const latest = releases.at(-1);
  const firstType = roundTypes(round)[0];
  const action = (verb: string) => `/admin/publication/${encodeURIComponent(round.label)}/${verb}`;
  const isCorrecting = round.correctionStartedAt !== null;
  const canPublish = round.status === 'closed' && (state === 'unpublished' || isCorrecting);
  const id = (name: string) => `${name}-${round.label}`;
  return (
    <section class="card" aria-labelledby={id('round')}>
      <h2 id={id('round')}>{t('publication.round', { label: round.label })}</h2>
      <p>
        {isCorrecting && latest
          ? t('publication.state.correcting', { version: latest.version })
          : t(`publication.state.${state}`, { time })}
      </p>
      {releases.length > 0 ? (
        <>
          <h3>{t('publication.admin.releases')}</h3>
          <ul>
            {releases.map((release) => (
              <li key={release.id}>
                {t('publication.admin.release', {
                  version: release.version,
                  time: formatStockholm(release.publishedAt),
                  publisher: release.publisher.label,
                  hash: release.answersSha256.slice(0, 16),
                  product: release.productVersion,
                  policy: release.policy.name,
                  threshold: release.policy.minimumRespondents,
                })}
                {release.errata
                  ? ` ${t('publication.errata', { version: release.version, text: release.errata.sv })}`
                  : ''}
                {release.policy.audit ? <AuditSummaryText context={context} audit={release.policy.audit} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {firstType ? (
        <p>
          <a href={nationalReportPath(round.label, firstType)}>{t('publication.admin.preview')}</a>
        </p>
      ) : null}
      <ExemptionsForm context={context} round={round} exemptions={exemptions} />
      <section aria-labelledby={id('audit')}>
        <h3 id={id('audit')}>{t('publication.audit.title')}</h3>
        <p class="hint">{t('publication.audit.lead')}</p>
        {auditPreview ? (
          <div role="status">
            <AuditSummaryText context={context} audit={{ ...auditPreview, failures: auditPreview.failures.length }} />
          </div>
        ) : null}
        <form method="post" action={action('audit')}>
          <CsrfField context={context} />
          <button type="submit">{t('publication.audit.run', { label: round.label })}</button>
        </form>
      </section>
      {round.status !== 'closed' ? <p class="muted">{t('publication.admin.notClosed')}</p> : null}
      {canPublish ? (
        <form method="post" action={action('publish')} class="stacked-form">
          <CsrfField context={context} />
          {latest === undefined || state === 'unpublished' ? (
            <div class="field">
              <label for={id('embargo')}>{t('publication.admin.embargo')}</label>
              <input type="datetime-local" id={id('embargo')} name="embargoUntil" value={entered?.embargoUntil ?? ''} />
            </div>
          ) : null}
          {latest !== undefined ? (
            <>
              <p class="notice">{t('publication.admin.versionWarning')}</p>
              <div class="field">
                <label for={id('errata-sv')}>{t('publication.admin.errataSv')}</label>
                <p class="hint" id={id('errata-hint')}>
                  {t('publication.admin.errataHint')}
                </p>
                <textarea
                  id={id('errata-sv')}
                  name="errataSv"
                  rows={3}
                  maxLength={2000}
                  aria-describedby={id('errata-hint')}
                >
                  {entered?.errataSv ?? ''}
                </textarea>
              </div>
              <div class="field">
                <label for={id('errata-en')}>{t('publication.admin.errataEn')}</label>
                <textarea id={id('errata-en')} name="errataEn" rows={3} maxLength={2000}>
                  {entered?.errataEn ?? ''}
                </textarea>
              </div>
            </>
          ) : null}
          <button type="submit">
            {t(isCorrecting ? 'publication.admin.publishCorrection' : 'publication.admin.publish', {
              label: round.label,
            })}
          </button>
        </form>
      ) : null}
      {state !== 'unpublished' && !isCorrecting ? (
        <form method="post" action={action('correction')} class="stacked-form">
          <CsrfField context={context} />
          <p class="hint">{t('publication.admin.correctionHint')}</p>
          <button type="submit">{t('publication.admin.startCorrection', { label: round.label })}</button>
        </form>
      ) : null}
      {state !== 'unpublished' ? (
        <form method="post" action={action('unpublish')}>
          <CsrfField context={context} />
          <button type="submit">{t('publication.admin.unpublish', { label: round.label })}</button>
        </form>
      ) : null}
    </section>
  );
}

/** The audit's summary in plain words: passed or not, cells hidden and protected, the smallest range, time. */
function AuditSummaryText({ context, audit }: { context: PageContext; audit: ReleaseAudit }) {
  const { t, language } = context;
  const range =
    audit.smallestRange === null
      ? t('publication.audit.noRange')
      : t('publication.audit.range', { range: formatNumber(audit.smallestRange, language) });
  return (
    <p>
      <strong>{t(audit.isPassed ? 'publication.audit.passed' : 'publication.audit.failed')}</strong>{' '}
      {t('publication.audit.cells', { suppressed: audit.cellsSuppressed, protected: audit.cellsProtected })} {range}{' '}
      {t('publication.audit.time', { seconds: formatNumber(audit.seconds, language) })}
      {audit.differencesChecked === undefined || audit.differencesChecked === 0
        ? ''
        : ` ${t('publication.audit.differences', { count: audit.differencesChecked })}`}
      {audit.isPassed ? '' : ` ${t('publication.audit.problems', { count: audit.failures })}`}
    </p>
  );
}

/**
 * The round's national exemptions: one checkbox per indicator question. Saving applies from the next publication;
 * a release already published keeps the exemptions it was made with.
 */
function ExemptionsForm({
  context,
  round,
  exemptions,
}: {
  context: PageContext;
  round: Round;
  exemptions: ExemptableQuestion[];
}) {
  const { t, language } = context;
  if (exemptions.length === 0) return null;
  const id = (name: string) => `${name}-${round.label}`;
  return (
    <form
      method="post"
      action={`/admin/publication/${encodeURIComponent(round.label)}/exemptions`}
      class="stacked-form"
    >
      <CsrfField context={context} />
      <fieldset class="field" aria-describedby={id('exemptions-hint')}>
        <legend>{t('publication.exemptions.legend')}</legend>
        <p class="hint" id={id('exemptions-hint')}>
          {t('publication.exemptions.hint')}
        </p>
        {exemptions.map((question) => (
          <div class="field field--checkbox" key={question.key}>
            <input
              type="checkbox"
              id={id(`exempt-${question.key}`)}
              name="questionKeys"
              value={question.key}
              checked={question.isExempt}
            />
            <label for={id(`exempt-${question.key}`)}>{question.label[language]}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit">{t('publication.exemptions.save', { label: round.label })}</button>
    </form>
  );
}

function PublisherSection({
  context,
  form,
  errors,
}: {
  context: PageContext;
  form: PublisherForm;
  errors: PageError[];
}) {
  const { t } = context;
  const errorOf = (field: string) => errors.find((error) => error.field === field);
  return (
    <section class="card" aria-labelledby="publisher">
      <h2 id="publisher">{t('publication.publisher.title')}</h2>
      <p>{t('publication.publisher.lead')}</p>
      <form method="post" action="/admin/publication/publisher" class="stacked-form" noValidate>
        <CsrfField context={context} />
        <TextInput id="name" label={t('publication.publisher.name')} value={form.name} error={errorOf('name')} />
        <TextInput
          id="organisationNumber"
          label={t('publication.publisher.organisationNumber')}
          hint={t('publication.publisher.organisationNumberHint')}
          value={form.organisationNumber}
          error={errorOf('organisationNumber')}
        />
        <TextInput
          id="iri"
          label={t('publication.publisher.iri')}
          hint={t('publication.publisher.iriHint')}
          value={form.iri}
          error={errorOf('iri')}
        />
        <TextInput id="email" label={t('publication.publisher.email')} value={form.email} error={errorOf('email')} />
        <button type="submit">{t('publication.publisher.save')}</button>
      </form>
    </section>
  );
}
