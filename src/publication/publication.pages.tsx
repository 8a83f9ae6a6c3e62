import type { LocalisedText } from '../questionnaires/questionnaire.schema.ts';
import type { PublishedRound, ReleaseSummary } from '../releases/releases.service.ts';
import { describeValues, trendInterval } from '../reports/national-report.document.ts';
import { renderTrendChart, toSvgDataUrl } from '../reports/report-charts.ts';
import { suppressedMark } from '../reports/report-document.ts';
import { nationalReportPath } from '../reports/reports.service.ts';
import type { Round } from '../rounds/rounds.service.ts';
import { formatStockholm } from '../rounds/stockholm-time.ts';
import { formatInterval, formatShare } from '../web/figure-format.ts';
import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import { openDataFiles } from './codebook.ts';
import type { IndicatorTrend } from './public-data.service.ts';

/** The organisation types a round asked. */
export function roundTypes(round: Pick<Round, 'versions'>): ('kommun' | 'region')[] {
  return (['kommun', 'region'] as const).filter((type) => round.versions[type] !== null);
}

/** A round's errata, newest first, as they are printed on every public page of the round. */
function Errata({ context, releases }: { context: PageContext; releases: readonly ReleaseSummary[] }) {
  const corrected = releases.filter((release) => release.errata !== null).reverse();
  if (corrected.length === 0) return null;
  return (
    <div class="notice">
      {corrected.map((release) => (
        <p key={release.id}>
          {context.t('publication.errata', {
            version: release.version,
            text: release.errata?.[context.language] ?? '',
          })}
        </p>
      ))}
    </div>
  );
}

/** The public list of published rounds with their reports, open data, versions and the indicators over time. */
export function PublishedPage({
  context,
  rounds,
  indicators,
}: {
  context: PageContext;
  rounds: PublishedRound[];
  indicators: { key: string; label: LocalisedText }[];
}) {
  const { t, language } = context;
  return (
    <Layout context={context} title={t('publication.title')}>
      <h1>{t('publication.title')}</h1>
      <p class="lead">{t('publication.lead')}</p>
      {rounds.length === 0 ? <p>{t('publication.none')}</p> : null}
      {rounds.length > 0 ? (
        <section class="card" aria-labelledby="all-rounds">
          <h2 id="all-rounds">{t('publication.allRounds')}</h2>
          <ul>
            <li>
              <a href="/published/open-data/figures.csv">{t('publication.allRounds.csv')}</a>
            </li>
            <li>
              <a href="/published/open-data/figures-en.csv">{t('publication.allRounds.csvEn')}</a>
            </li>
            <li>
              <a href="/published/open-data/datapackage.json">{t('publication.allRounds.package')}</a>
            </li>
            <li>
              <a href="/published/catalog.ttl">{t('publication.catalog')}</a>
            </li>
          </ul>
        </section>
      ) : null}
      {rounds.map(({ round, releases, current }) => {
        const base = `/published/${encodeURIComponent(round.label)}`;
        const types = roundTypes({ versions: current.questionnaireVersions });
        return (
          <section class="card" key={round.id} aria-labelledby={`round-${round.label}`}>
            <h2 id={`round-${round.label}`}>{t('publication.round', { label: round.label })}</h2>
            <p class="muted">
              {t('publication.version', { version: current.version, time: formatStockholm(current.publishedAt) })}
            </p>
            <Errata context={context} releases={releases} />
            <ul>
              {types.map((type) => (
                <li key={type}>
                  <a href={nationalReportPath(round.label, type)}>
                    {t('publication.reportFor', { orgs: t(`reports.orgs.${type}`) })}
                  </a>
                  {' ('}
                  <a href={`${nationalReportPath(round.label, type)}/report.pdf`}>
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
            {releases.length > 1 ? (
              <>
                <h3>{t('publication.versions')}</h3>
                <ul>
                  {releases
                    .filter((release) => release.version !== current.version)
                    .flatMap((release) =>
                      types.map((type) => (
                        <li key={`${release.version}-${type}`}>
                          <a href={nationalReportPath(round.label, type, release.version)}>
                            {t('publication.versionLinks', {
                              version: release.version,
                              time: formatStockholm(release.publishedAt),
                              orgs: t(`reports.orgs.${type}`),
                            })}
                          </a>
                          {' ('}
                          <a href={`${base}/versions/${release.version}/open-data/figures.csv`}>CSV</a>
                          {')'}
                        </li>
                      )),
                    )}
                </ul>
              </>
            ) : null}
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
      {trend.corrections.length > 0 ? (
        <div class="notice">
          {trend.corrections.map((correction) => (
            <p key={correction.label}>
              {t('publication.indicator.errata', {
                label: correction.label,
                version: correction.version,
                text: correction.errata[language],
              })}
            </p>
          ))}
        </div>
      ) : null}
      {trend.series.map((series) => {
        const orgs = t(`reports.orgs.${series.organisationType}`);
        const values = series.points.map((point) => {
          const interval = trendInterval(point);
          return {
            label: point.label,
            interval,
            text: interval ? formatShare(interval.share, language) : t('reports.chart.suppressed'),
          };
        });
        const alt = describeValues(`${t('reports.chart.trend')} (${orgs})`, values);
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
                  {series.points.map((point) => {
                    const interval = trendInterval(point);
                    return (
                      <tr key={point.label}>
                        <th scope="row">{point.label}</th>
                        <td class="numeric">{interval ? (point.respondents ?? suppressedMark) : suppressedMark}</td>
                        <td class="numeric">{interval ? formatShare(interval.share, language) : suppressedMark}</td>
                        <td class="numeric">{interval ? formatInterval(interval) : suppressedMark}</td>
                      </tr>
                    );
                  })}
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
