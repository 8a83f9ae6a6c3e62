import type { QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { Field, type PageError, statusText, timeText } from './round-fields.tsx';
import { populations, type RoundInputField } from './round-input.ts';
import { roundDisplayNameMaxLength } from './round-label.ts';
import type { Round } from './rounds.repository.ts';

/** The coordinators' list of rounds. */
export function RoundsPage({
  context,
  rounds,
}: {
  context: PageContext;
  rounds: Array<Round & { organisations: number }>;
}) {
  const { t } = context;
  return (
    <Layout context={context} title={t('rounds.title')}>
      <h1>{t('rounds.title')}</h1>
      <p class="lead">{t('rounds.lead')}</p>
      {context.user?.globalRole === 'administrator' ? (
        <p>
          <a href="/rounds/new">{t('rounds.new')}</a>
        </p>
      ) : null}
      {rounds.length === 0 ? (
        <p>{t('rounds.none')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t('rounds.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rounds.label')}</th>
                <th scope="col">{t('rounds.status')}</th>
                <th scope="col">{t('rounds.opensAt')}</th>
                <th scope="col">{t('rounds.closesAt')}</th>
                <th scope="col">{t('rounds.organisations')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((round) => (
                <tr key={round.id}>
                  <th scope="row">
                    <a href={`/rounds/${round.id}`}>{round.displayName ?? round.label}</a>
                    {round.displayName === null ? null : <span class="muted"> ({round.label})</span>}
                    {round.source === 'import' ? <span class="muted"> ({t('rounds.source.import')})</span> : null}
                  </th>
                  <td>{statusText(context, round.status)}</td>
                  <td>{timeText(round.opensAt)}</td>
                  <td>{timeText(round.closesAt)}</td>
                  <td>{round.organisations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export type RoundForm = Record<RoundInputField, string>;

export const emptyRoundForm: RoundForm = {
  label: '',
  displayName: '',
  kommunVersion: '',
  regionVersion: '',
  population: 'both',
  organisationCodes: '',
  opensAt: '',
  closesAt: '',
  reminderDays: '14, 7, 2',
};

function VersionSelect({
  context,
  field,
  type,
  form,
  versions,
  error,
}: {
  context: PageContext;
  field: 'kommunVersion' | 'regionVersion';
  type: 'kommun' | 'region';
  form: RoundForm;
  versions: readonly QuestionnaireVersion[];
  error: PageError | undefined;
}) {
  const { t } = context;
  return (
    <Field id={field} label={t(`rounds.form.${field}`)} error={error}>
      {(described) => (
        <select id={field} name={field} {...described}>
          <option value="">{t('rounds.form.noVersion')}</option>
          {versions
            .filter((version) => version.targets.includes(type))
            .map((version) => (
              <option key={version.id} value={version.id} selected={form[field] === version.id}>
                {version.id}: {version.title[context.language]}
              </option>
            ))}
        </select>
      )}
    </Field>
  );
}

/** The form that creates a round; re-rendered with the visitor's input and every problem named. */
export function NewRoundPage({
  context,
  form,
  errors,
  versions,
}: {
  context: PageContext;
  form: RoundForm;
  errors: PageError[];
  versions: readonly QuestionnaireVersion[];
}) {
  const { t } = context;
  const errorFor = (field: string) => errors.find((error) => error.field === field);
  const populationError = errorFor('population');
  return (
    <Layout context={context} title={t('rounds.form.title')}>
      <h1>{t('rounds.form.title')}</h1>
      <ErrorSummary context={context} errors={errors} />
      <form method="post" action="/rounds" class="stacked-form" noValidate>
        <CsrfField context={context} />
        <Field id="label" label={t('rounds.form.label')} hint={t('rounds.form.labelHint')} error={errorFor('label')}>
          {(described) => <input id="label" name="label" value={form.label} maxLength={40} required {...described} />}
        </Field>
        <Field
          id="displayName"
          label={t('rounds.form.displayName')}
          hint={t('rounds.form.displayNameHint')}
          error={errorFor('displayName')}
        >
          {(described) => (
            <input
              id="displayName"
              name="displayName"
              value={form.displayName}
              maxLength={roundDisplayNameMaxLength}
              {...described}
            />
          )}
        </Field>
        <fieldset class={`field${populationError ? ' field--error' : ''}`} id="population">
          <legend>{t('rounds.form.population')}</legend>
          {populationError ? <p class="field-error">{populationError.message}</p> : null}
          {populations.map((population) => (
            <div class="field field--checkbox" key={population}>
              <input
                type="radio"
                id={`population-${population}`}
                name="population"
                value={population}
                checked={form.population === population}
              />
              <label for={`population-${population}`}>{t(`rounds.form.population.${population}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field
          id="organisationCodes"
          label={t('rounds.form.organisationCodes')}
          hint={t('rounds.form.organisationCodesHint')}
          error={errorFor('organisationCodes')}
        >
          {(described) => (
            <textarea id="organisationCodes" name="organisationCodes" rows={3} maxLength={3000} {...described}>
              {form.organisationCodes}
            </textarea>
          )}
        </Field>
        <VersionSelect
          context={context}
          field="kommunVersion"
          type="kommun"
          form={form}
          versions={versions}
          error={errorFor('kommunVersion')}
        />
        <VersionSelect
          context={context}
          field="regionVersion"
          type="region"
          form={form}
          versions={versions}
          error={errorFor('regionVersion')}
        />
        {(['opensAt', 'closesAt'] as const).map((field) => (
          <Field
            key={field}
            id={field}
            label={t(`rounds.form.${field}`)}
            hint={t('rounds.form.timeHint')}
            error={errorFor(field)}
          >
            {(described) => (
              <input id={field} name={field} type="datetime-local" value={form[field]} required {...described} />
            )}
          </Field>
        ))}
        <Field
          id="reminderDays"
          label={t('rounds.form.reminderDays')}
          hint={t('rounds.form.reminderDaysHint')}
          error={errorFor('reminderDays')}
        >
          {(described) => (
            <input id="reminderDays" name="reminderDays" value={form.reminderDays} maxLength={100} {...described} />
          )}
        </Field>
        <button type="submit">{t('rounds.form.submit')}</button>
      </form>
    </Layout>
  );
}
