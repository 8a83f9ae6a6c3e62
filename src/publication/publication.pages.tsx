import type { LocalisedText } from '../questionnaires/questionnaire.schema.ts';
import { renderTrendChart, toSvgDataUrl } from '../reports/report-charts.ts';
import { formatInterval, formatShare, suppressedMark } from '../reports/report-document.ts';
import { ScrollBox } from '../reports/report-page.tsx';
import { findTypeSlug } from '../reports/reports.service.ts';
import type { Round } from '../rounds/rounds.service.ts';
import { formatStockholm } from '../rounds/stockholm-time.ts';
import { CsrfField, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { openDataFiles } from './codebook.ts';
import type { IndicatorTrend } from './public-data.service.ts';
import { findPublicationState } from './publication.service.ts';

function roundTypes(round: Round): ('kommun' | 'region')[] {
  return (['kommun', 'region'] as const).filter((type) => round.versions[type] !== null);
}

/** The public list of published rounds with their reports, open data and the indicators over time. */
export function PublishedPage({
  context,
  rounds,
  indicators,
}: {
  context: PageContext;
  rounds: Round[];
  indicators: { key: string; label: LocalisedText }[];
}) {
  const { t, language } = context;
  return (
    <Layout context={context} title={t('publication.title')}>
      <h1>{t('publication.title')}</h1>
      <p class="lead">{t('publication.lead')}</p>
      {rounds.length === 0 ? <p>{t('publication.none')}</p> : null}
      {rounds.map((round) => {
        const base = `/published/${encodeURIComponent(round.label)}`;
        return (
          <section class="card" key={round.id} aria-labelledby={`round-${round.label}`}>
            <h2 id={`round-${round.label}`}>{t('publication.round', { label: round.label })}</h2>
            {round.publishedAt ? (
              <p class="muted">
                {t('publication.publishedAt', { time: formatStockholm(round.embargoUntil ?? round.publishedAt) })}
              </p>
            ) : null}
            <ul>
              {roundTypes(round).map((type) => (
                <li key={type}>
                  <a href={`${base}/${findTypeSlug(type)}`}>
                    {t('publication.reportFor', { orgs: t(`reports.orgs.${type}`) })}
                  </a>
                  {' ('}
                  <a href={`${base}/${findTypeSlug(type)}/report.pdf`}>
                    {t('publication.pdf')}
                    <span class="visually-hidden">{`: ${t('publication.reportFor', { orgs: t(`reports.orgs.${type}`) })}`}</span>
                  </a>
                  {')'}
                </li>
              ))}
            </ul>
            <h3>{t('publication.openData')}</h3>
            <ul>
              {openDataFiles.map((file) => (
                <li key={file.file}>
                  <a href={`${base}/open-data/${file.file}`}>{file.title[language]}</a>
                </li>
              ))}
              <li>
                <a href={`${base}/open-data/dataset.jsonld`}>{t('publication.metadata')}</a>
              </li>
            </ul>
            <p class="muted">{t('publication.openDataLicense')}</p>
          </section>
        );
      })}
      {indicators.length > 0 ? (
        <section aria-labelledby="indicators">
          <h2 id="indicators">{t('publication.indicators')}</h2>
          <p>{t('publication.indicatorsLead')}</p>
          <ul>
            {indicators.map((indicator) => (
              <li key={indicator.key}>
                <a href={`/published/indicators/${indicator.key}`}>{indicator.label[language]}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** One indicator's national share over every published round, as a chart and a table per organisation type. */
export function IndicatorPage({ context, trend }: { context: PageContext; trend: IndicatorTrend }) {
  const { t, language } = context;
  const title = t('publication.indicator.title', { label: trend.label[language] });
  return (
    <Layout context={context} title={title}>
      <p>
        <a href="/published">{t('publication.indicator.back')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{trend.text[language]}</p>
      {trend.series.map((series) => {
        const orgs = t(`reports.orgs.${series.organisationType}`);
        const values = series.points.map((point) => ({ label: point.label, interval: point.interval }));
        const alt = `${t('reports.chart.trend')} (${orgs}). ${values
          .map(
            (value) =>
              `${value.label}: ${value.interval ? formatShare(value.interval.share, language) : t('reports.chart.suppressed')}`,
          )
          .join(', ')}.`;
        return (
          <section key={series.organisationType} aria-labelledby={`series-${series.organisationType}`}>
            <h2 id={`series-${series.organisationType}`}>{t(`reports.group.all.${series.organisationType}`)}</h2>
            {values.length > 1 ? (
              <figure class="report-chart">
                <figcaption>{t('reports.chart.trend')}</figcaption>
                <img
                  src={toSvgDataUrl(renderTrendChart(values, { yAxisName: t('reports.chart.axis') }))}
                  alt={alt}
                  width={640}
                  height={200}
                />
              </figure>
            ) : null}
            <ScrollBox label={t('reports.table.caption', { label: `${trend.label[language]} (${orgs})` })}>
              <table>
                <caption>{t('reports.table.caption', { label: `${trend.label[language]} (${orgs})` })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.table.round')}</th>
                    <th scope="col">{t('reports.table.respondents')}</th>
                    <th scope="col">{t('reports.table.shareYes')}</th>
                    <th scope="col">{t('reports.table.interval')}</th>
                  </tr>
                </thead>
                <tbody>
                  {series.points.map((point) => (
                    <tr key={point.label}>
                      <th scope="row">{point.label}</th>
                      <td class="numeric">{point.respondents ?? suppressedMark}</td>
                      <td class="numeric">
                        {point.interval ? formatShare(point.interval.share, language) : suppressedMark}
                      </td>
                      <td class="numeric">{point.interval ? formatInterval(point.interval) : suppressedMark}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          </section>
        );
      })}
      <p class="muted">{t('reports.suppressedNote')}</p>
    </Layout>
  );
}

/** The administrators' publication page: every round's state with forms to publish (with embargo) or withdraw. */
export function PublicationAdminPage({
  context,
  rounds,
  now,
  error,
}: {
  context: PageContext;
  rounds: Round[];
  now: Date;
  error?: string;
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
      <p>
        <a href="/reports/feedback-jobs">{t('publication.admin.feedbackJobs')}</a>
      </p>
      <ScrollBox label={t('publication.admin.title')}>
        <table>
          <caption class="visually-hidden">{t('publication.admin.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('publication.admin.round')}</th>
              <th scope="col">{t('publication.admin.status')}</th>
              <th scope="col">{t('publication.admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((round) => {
              const state = findPublicationState(round, now);
              const time = formatStockholm(
                state === 'embargoed' ? round.embargoUntil : (round.embargoUntil ?? round.publishedAt),
              );
              const firstType = roundTypes(round)[0];
              return (
                <tr key={round.id}>
                  <th scope="row">{round.label}</th>
                  <td>{t(`publication.state.${state}`, { time })}</td>
                  <td>
                    {firstType ? (
                      <p>
                        <a href={`/published/${encodeURIComponent(round.label)}/${findTypeSlug(firstType)}`}>
                          {t('publication.admin.preview')}
                        </a>
                      </p>
                    ) : null}
                    {round.status !== 'closed' ? (
                      <p class="muted">{t('publication.admin.notClosed')}</p>
                    ) : (
                      <form
                        method="post"
                        action={`/admin/publication/${encodeURIComponent(round.label)}/publish`}
                        class="stacked-form"
                      >
                        <CsrfField context={context} />
                        <div class="field">
                          <label for={`embargo-${round.label}`}>{t('publication.admin.embargo')}</label>
                          <input type="datetime-local" id={`embargo-${round.label}`} name="embargoUntil" />
                        </div>
                        <button type="submit">{t('publication.admin.publish', { label: round.label })}</button>
                      </form>
                    )}
                    {state !== 'unpublished' ? (
                      <form method="post" action={`/admin/publication/${encodeURIComponent(round.label)}/unpublish`}>
                        <CsrfField context={context} />
                        <button type="submit">{t('publication.admin.unpublish', { label: round.label })}</button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
    </Layout>
  );
}
