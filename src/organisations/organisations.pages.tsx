import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import type { MunicipalityGroup, Organisation } from './organisations.service.ts';

type Props = {
  context: PageContext;
  organisations: Organisation[];
  groups: MunicipalityGroup[];
  counties: Array<{ code: string; name: string }>;
  entered: Record<string, string>;
  invalidFields: string[];
};

/** The searchable, filterable registry of kommuner and regioner; works without JavaScript (a GET form). */
export function OrganisationsPage({ context, organisations, groups, counties, entered, invalidFields }: Props) {
  const { t } = context;
  const groupName = new Map(groups.map((group) => [group.code, group.name]));
  const jsonQuery = new URLSearchParams(Object.entries(entered).filter(([field]) => !invalidFields.includes(field)));
  const jsonHref = `/api/organisations${jsonQuery.size > 0 ? `?${jsonQuery}` : ''}`;
  return (
    <Layout context={context} title={t('organisations.title')}>
      <h1>{t('organisations.title')}</h1>
      <p class="lead">{t('organisations.lead')}</p>
      {invalidFields.length > 0 ? (
        <div class="error-summary" role="alert">
          {invalidFields.map((field) => (
            <p key={field}>{t('organisations.invalidFilter', { field })}</p>
          ))}
        </div>
      ) : null}
      <form method="get" action="/organisations" class="filter-form" aria-label={t('organisations.filter')}>
        <div class="field">
          <label for="q">{t('organisations.search')}</label>
          <input id="q" name="q" type="search" value={entered.q ?? ''} maxLength={100} autoComplete="off" />
        </div>
        <div class="field">
          <label for="type">{t('organisations.type')}</label>
          <select id="type" name="type">
            <option value="">{t('organisations.type.all')}</option>
            <option value="kommun" selected={entered.type === 'kommun'}>
              {t('organisations.type.kommun')}
            </option>
            <option value="region" selected={entered.type === 'region'}>
              {t('organisations.type.region')}
            </option>
          </select>
        </div>
        <div class="field">
          <label for="group">{t('organisations.group')}</label>
          <select id="group" name="group" aria-invalid={invalidFields.includes('group') ? 'true' : undefined}>
            <option value="">{t('organisations.group.all')}</option>
            {groups.map((group) => (
              <option key={group.code} value={group.code} selected={entered.group === group.code}>
                {group.code} {group.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="county">{t('organisations.county')}</label>
          <select id="county" name="county" aria-invalid={invalidFields.includes('county') ? 'true' : undefined}>
            <option value="">{t('organisations.county.all')}</option>
            {counties.map((county) => (
              <option key={county.code} value={county.code} selected={entered.county === county.code}>
                {county.name}
              </option>
            ))}
          </select>
        </div>
        <div class="form-actions">
          <button type="submit">{t('organisations.apply')}</button>{' '}
          <a href="/organisations">{t('organisations.reset')}</a>
        </div>
      </form>
      <p aria-live="polite">
        <strong>{t('organisations.count', { count: organisations.length })}</strong> ·{' '}
        <a href={jsonHref}>{t('organisations.asJson')}</a>
      </p>
      {organisations.length === 0 ? (
        <p>{t('organisations.none')}</p>
      ) : (
        <ScrollBox label={t('organisations.count', { count: organisations.length })}>
          <table>
            <caption class="visually-hidden">{t('organisations.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisations.code')}</th>
                <th scope="col">{t('organisations.name')}</th>
                <th scope="col">{t('organisations.type')}</th>
                <th scope="col">{t('organisations.county')}</th>
                <th scope="col">{t('organisations.group')}</th>
                <th scope="col">{t('organisations.mainGroup')}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => (
                <tr key={organisation.code}>
                  <td>{organisation.code}</td>
                  <th scope="row">
                    {organisation.name}
                    {organisation.isActive ? null : (
                      <span class="muted">
                        {' '}
                        ({t('organisations.inactive', { code: organisation.replacedBy ?? '' })})
                      </span>
                    )}
                  </th>
                  <td>
                    {t(organisation.type === 'kommun' ? 'organisations.type.kommun' : 'organisations.type.region')}
                  </td>
                  <td>{organisation.countyName}</td>
                  <td>
                    {organisation.municipalityGroup
                      ? `${organisation.municipalityGroup} ${groupName.get(organisation.municipalityGroup) ?? ''}`
                      : '–'}
                  </td>
                  <td>{organisation.mainGroup ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </Layout>
  );
}
