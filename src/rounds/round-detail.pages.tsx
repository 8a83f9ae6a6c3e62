import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { ContactChange } from './contacts-csv.ts';
import { ContactsImportForm, ContactsPreview } from './contacts-import.pages.tsx';
import { ContactFields, FailedInvitations } from './delivery.pages.tsx';
import { listFailedInvitations } from './delivery.ts';
import { Field, Notice, type PageError, statusText, timeText } from './round-fields.tsx';
import { formatRoundTitle, roundDisplayNameMaxLength } from './round-label.ts';
import type { Round } from './rounds.repository.ts';
import type { MailDelivery, RoundOrganisationDetails } from './rounds.service.ts';

export type RoundDetails = { round: Round; organisations: RoundOrganisationDetails[]; mail: MailDelivery[] };

const mailKinds = ['invitation', 'reminder', 'manual-reminder', 'receipt'] as const;
const mailStatuses = ['sent', 'failed', 'queued'] as const;

function MailSummary({ context, mail }: { context: PageContext; mail: MailDelivery[] }) {
  const { t } = context;
  if (mail.length === 0) return <p>{t('rounds.detail.mailNone')}</p>;
  const count = (kind: string, status: string) =>
    mail.filter((record) => record.kind === kind && record.status === status).length;
  return (
    <table>
      <caption>{t('rounds.detail.mailCaption')}</caption>
      <thead>
        <tr>
          <td />
          {mailStatuses.map((status) => (
            <th scope="col" key={status}>
              {t(`rounds.mail.status.${status}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {mailKinds.map((kind) => (
          <tr key={kind}>
            <th scope="row">{t(`rounds.mail.kind.${kind}`)}</th>
            {mailStatuses.map((status) => (
              <td key={status}>{count(kind, status)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One round: its settings, the actions its status allows, its mail, its organisations and their contacts. */
export function RoundPage({
  context,
  details,
  notice,
  csv,
  errors,
  displayName,
  preview = null,
}: {
  context: PageContext;
  details: RoundDetails;
  notice: string | null;
  csv: string;
  errors: PageError[];
  /** What was entered in the display name field, kept when it was refused. */
  displayName?: string;
  /** The changes a contacts file would make, shown before it is saved. */
  preview?: readonly ContactChange[] | null;
}) {
  const { t } = context;
  const { round, organisations, mail } = details;
  const isAdministrator = context.user?.globalRole === 'administrator';
  const base = `/rounds/${round.id}`;
  const title = formatRoundTitle(round);
  const displayNameError = errors.find((error) => error.field === 'displayName');
  return (
    <Layout context={context} title={`${t('rounds.label')} ${title}`}>
      <h1>
        {t('rounds.label')} {title}
      </h1>
      <Notice text={notice} />
      <ErrorSummary context={context} errors={errors} />
      <h2>{t('rounds.detail.summary')}</h2>
      <dl>
        <dt>{t('rounds.form.label')}</dt>
        <dd>{round.label}</dd>
        <dt>{t('rounds.status')}</dt>
        <dd>{statusText(context, round.status)}</dd>
        <dt>{t('rounds.opensAt')}</dt>
        <dd>{timeText(round.opensAt)}</dd>
        <dt>{t('rounds.closesAt')}</dt>
        <dd>{timeText(round.closesAt)}</dd>
        <dt>{t('rounds.versions')}</dt>
        <dd>
          {[
            round.versions.kommun ? `${t('rounds.followUp.type.kommun')}: ${round.versions.kommun}` : '',
            round.versions.region ? `${t('rounds.followUp.type.region')}: ${round.versions.region}` : '',
          ]
            .filter(Boolean)
            .join(', ')}
        </dd>
        <dt>{t('rounds.reminderDays')}</dt>
        <dd>{round.reminderDays.join(', ') || '–'}</dd>
        <dt>{t('rounds.organisations')}</dt>
        <dd>{organisations.length}</dd>
      </dl>
      <p>
        <a href={`${base}/follow-up`}>{t('rounds.detail.followUp')}</a>
        {' · '}
        <a href={`${base}/plausibility`}>{t('responses.plausibilityReview.link')}</a>
        {round.versions.kommun ? (
          <>
            {' · '}
            <a href={`/questionnaires/${round.versions.kommun}/try?type=kommun`}>{t('responses.trial.link')}</a>
          </>
        ) : null}
        {round.versions.region ? (
          <>
            {' · '}
            <a href={`/questionnaires/${round.versions.region}/try?type=region`}>{t('responses.trial.linkRegion')}</a>
          </>
        ) : null}
        {round.source === 'fieldwork' ? (
          <>
            {' · '}
            <a href={`${base}/mail-texts`}>{t('rounds.mailTexts.link')}</a>
          </>
        ) : null}
      </p>
      <section aria-labelledby="answers-export-heading">
        <h2 id="answers-export-heading">{t('responses.microdata.title')}</h2>
        <p>{t('responses.microdata.lead')}</p>
        <ul>
          <li>
            <a href={`${base}/answers.xlsx`}>{t('responses.microdata.xlsx')}</a>
          </li>
          <li>
            <a href={`${base}/answers.csv`}>{t('responses.microdata.csv')}</a>
          </li>
          <li>
            <a href={`${base}/answers-labels.csv`}>{t('responses.microdata.labels')}</a>
          </li>
          <li>
            <a href={`${base}/answers-codebook.csv`}>{t('responses.microdata.codebook')}</a>
          </li>
        </ul>
      </section>
      {isAdministrator ? (
        <form method="post" action={`${base}/display-name`} class="stacked-form" noValidate>
          <CsrfField context={context} />
          <Field
            id="displayName"
            label={t('rounds.displayName')}
            hint={t('rounds.form.displayNameHint')}
            error={displayNameError}
          >
            {(described) => (
              <input
                id="displayName"
                name="displayName"
                value={displayName ?? round.displayName ?? ''}
                maxLength={roundDisplayNameMaxLength}
                {...described}
              />
            )}
          </Field>
          <button type="submit">{t('rounds.detail.rename')}</button>
        </form>
      ) : null}
      {isAdministrator && round.source === 'fieldwork' ? (
        <section aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t('rounds.detail.actions')}</h2>
          {round.status === 'draft' ? (
            <>
              <p>{t('rounds.detail.openHint')}</p>
              <a class="button" href={`${base}/open`}>
                {t('rounds.detail.open')}
              </a>
            </>
          ) : null}
          {round.status === 'open' ? (
            <div class="form-actions">
              <a class="button" href={`${base}/invitations`}>
                {t('rounds.detail.inviteNew')}
              </a>
              <a class="button" href={`${base}/close`}>
                {t('rounds.detail.close')}
              </a>
            </div>
          ) : null}
        </section>
      ) : null}
      <h2>{t('rounds.detail.mail')}</h2>
      <MailSummary context={context} mail={mail} />
      <FailedInvitations
        context={context}
        roundId={round.id}
        failed={[...listFailedInvitations(mail)].map(([code, state]) => ({
          code,
          name: organisations.find((organisation) => organisation.organisationCode === code)?.name ?? code,
          state,
        }))}
        canResend={isAdministrator && round.status === 'open'}
      />
      <h2>{t('rounds.contacts.title')}</h2>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{t('rounds.contacts.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.contacts.code')}</th>
              <th scope="col">{t('rounds.contacts.name')}</th>
              <th scope="col">{t('rounds.contacts.contactName')}</th>
              <th scope="col">{t('rounds.contacts.contactEmail')}</th>
              <th scope="col">{t('rounds.contacts.invitedAt')}</th>
              <th scope="col">{t('rounds.contacts.reopenedUntil')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr key={organisation.organisationCode}>
                <td>{organisation.organisationCode}</td>
                <th scope="row">
                  {isAdministrator ? (
                    <a
                      href={`${base}/organisations/${organisation.organisationCode}`}
                      aria-label={t('rounds.contacts.editLabel', { name: organisation.name })}
                    >
                      {organisation.name}
                    </a>
                  ) : (
                    organisation.name
                  )}
                </th>
                <td>{organisation.contactName ?? <span class="muted">{t('rounds.contacts.missing')}</span>}</td>
                <td>{organisation.contactEmail ?? ''}</td>
                <td>{timeText(organisation.invitedAt)}</td>
                <td>{timeText(organisation.reopenedUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isAdministrator && round.source === 'fieldwork' ? (
        <>
          {preview ? <ContactsPreview context={context} roundId={round.id} changes={preview} /> : null}
          <ContactsImportForm context={context} roundId={round.id} csv={csv} errors={errors} />
        </>
      ) : null}
    </Layout>
  );
}

/** One invited organisation of a round: its contact person, and reopening when the round is closed. */
export function RoundOrganisationPage({
  context,
  round,
  organisation,
  form,
  errors,
}: {
  context: PageContext;
  round: Round;
  organisation: RoundOrganisationDetails;
  form: { name: string; email: string; language: string; until: string };
  errors: PageError[];
}) {
  const { t } = context;
  const base = `/rounds/${round.id}/organisations/${organisation.organisationCode}`;
  const errorFor = (field: string) => errors.find((error) => error.field === field);
  const title = t('rounds.organisation.title', { name: organisation.name, round: round.label });
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/rounds/${round.id}`}>{t('rounds.organisation.back')}</a>
      </p>
      <ErrorSummary context={context} errors={errors} />
      <h2>{t('rounds.organisation.contact')}</h2>
      <form method="post" action={`${base}/contact`} class="stacked-form" noValidate>
        <CsrfField context={context} />
        <ContactFields context={context} form={form} errors={errors} />
        <button type="submit">{t('rounds.organisation.save')}</button>
      </form>
      {round.status === 'closed' ? (
        <section aria-labelledby="reopen-heading">
          <h2 id="reopen-heading">{t('rounds.organisation.reopen')}</h2>
          <p>{t('rounds.organisation.reopenLead')}</p>
          <p>
            {t('rounds.contacts.reopenedUntil')}: {timeText(organisation.reopenedUntil)}
          </p>
          <form method="post" action={`${base}/reopen`} class="stacked-form" noValidate>
            <CsrfField context={context} />
            <Field id="until" label={t('rounds.organisation.until')} error={errorFor('until')}>
              {(described) => <input id="until" name="until" type="datetime-local" value={form.until} {...described} />}
            </Field>
            <div class="form-actions">
              <button type="submit">{t('rounds.organisation.reopenSubmit')}</button>
              {organisation.reopenedUntil ? (
                <button type="submit" name="end" value="yes">
                  {t('rounds.organisation.endReopen')}
                </button>
              ) : null}
            </div>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
