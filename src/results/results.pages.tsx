import type { MunicipalityGroup } from '../organisations/organisations.service.ts';
import { formatShare } from '../web/figure-format.ts';
import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import { describeChange } from './change-wording.ts';
import { disclosurePolicy } from './disclosure-policy.ts';
import type { ChoiceGroup, GroupFigure, NumberGroup, QuestionResult, RoundResults } from './results.schema.ts';
import type { CheckedFact, ResultRound } from './results.service.ts';
import { type ChartSeries, renderChoiceChart, renderNumberChart } from './results-charts.ts';

/** The groups chosen in the GET form; empty strings are "not chosen". */
export interface ResultsFilter {
  type: '' | 'kommun' | 'region';
  group: string;
  county: string;
}

/** What the page needs to name groups. */
export interface GroupNaming {
  municipalityGroups: readonly MunicipalityGroup[];
  counties: readonly { code: string; name: string }[];
}

/** The overview: every round with its response rate and a link to its results. */
export function ResultsListPage({ context, rounds }: { context: PageContext; rounds: readonly ResultRound[] }) {
  const { t } = context;
  const percent = percentFormat(context);
  return (
    <Layout context={context} title={t('results.title')}>
      <h1>{t('results.title')}</h1>
      <p class="lead">{t('results.lead')}</p>
      {rounds.length === 0 ? (
        <p>{t('results.none')}</p>
      ) : (
        <ScrollBox label={t('results.title')}>
          <table>
            <caption class="visually-hidden">{t('results.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('results.round')}</th>
                <th scope="col">{t('results.status')}</th>
                <th scope="col">{t('results.invited')}</th>
                <th scope="col">{t('results.submitted')}</th>
                <th scope="col">{t('results.responseRate')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((round) => (
                <tr key={round.label}>
                  <th scope="row">
                    <a href={`/results/${encodeURIComponent(round.label)}`}>{round.label}</a>
                  </th>
                  <td>{t(round.source === 'import' ? 'results.source.import' : 'results.source.fieldwork')}</td>
                  <td>{round.invited}</td>
                  <td>{round.submitted}</td>
                  <td>{round.invited === 0 ? '–' : percent(round.submitted / round.invited)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </Layout>
  );
}

/** One round's results: facts, response rates, every question with chart, table and change, and the policy. */
export function RoundResultsPage({
  context,
  results,
  facts,
  filter,
  naming,
}: {
  context: PageContext;
  results: RoundResults;
  /** Every Fakta sentence, published or not: this page is not public. */
  facts: CheckedFact[];
  filter: ResultsFilter;
  naming: GroupNaming;
}) {
  const { t, language } = context;
  const { label } = results.round;
  const shownIds = chooseGroups(filter);
  const nameGroup = (group: { kind: GroupFigure['kind']; key: string }) => describeGroup(context, naming, group);
  const percent = percentFormat(context);
  const rates = results.responseRates.filter((rate) => shownIds.includes(rate.groupId));
  return (
    <Layout context={context} title={t('results.roundTitle', { label })}>
      <h1>{t('results.roundTitle', { label })}</h1>
      <p>
        <a href={`/api/results/${encodeURIComponent(label)}`}>{t('results.asJson')}</a>
      </p>
      <h2>{t('results.facts')}</h2>
      {facts.length === 0 ? (
        <p>{t('results.noFacts')}</p>
      ) : (
        <>
          <p class="muted">{t('results.factsAll')}</p>
          <ul class="facts">
            {facts.map((fact) => (
              <li key={fact.key}>
                {fact[language]}
                {fact.isWithheld ? (
                  <>
                    {' '}
                    <strong>{t('results.factWithheld')}</strong>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>{describeFactsBase(context, results)}</p>
      <FilterForm context={context} label={label} filter={filter} naming={naming} />
      <h2>{t('results.responseRate')}</h2>
      <ScrollBox label={t('results.responseRate')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('results.groupColumn')}</th>
              <th scope="col">{t('results.invited')}</th>
              <th scope="col">{t('results.submitted')}</th>
              <th scope="col">{t('results.responseRate')}</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((rate) => (
              <tr key={rate.groupId}>
                <th scope="row">{nameGroup(rate)}</th>
                <td>{rate.invited}</td>
                <td>{rate.submitted}</td>
                <td>{percent(rate.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <h2>{t('results.questions')}</h2>
      <p class="muted">{t('results.tableNote')}</p>
      {results.questions.map((question) => (
        <QuestionSection
          key={question.key}
          context={context}
          question={question}
          groups={shownIds.flatMap((id) => question.groups.filter((group) => group.groupId === id))}
          nameGroup={nameGroup}
          roundLabel={label}
          minimumRespondents={results.suppressionThreshold}
        />
      ))}
      <h2 id="policy">{t('results.policy')}</h2>
      <p>{disclosurePolicy[language]}</p>
      <p>{t('results.policyThreshold', { threshold: results.suppressionThreshold })}</p>
      <p>
        {t('results.policyExemptions', {
          questions:
            (results.disclosure?.nationalExemptions ?? [])
              .map((key) => {
                const question = results.questions.find((candidate) => candidate.key === key);
                return question === undefined ? key : `${question.number} ${question.label[language]}`;
              })
              .join('; ') || t('results.policyNoExemptions'),
        })}
      </p>
    </Layout>
  );
}

/** The response rate stated beside the Fakta: the tenths form speaks of respondents, so the reader needs it. */
function describeFactsBase(context: PageContext, results: RoundResults): string {
  const { t, language } = context;
  const parts = results.responseRates
    .filter((rate) => rate.kind === 'organisation-type')
    .map((rate) =>
      t('results.factsBasePart', {
        submitted: rate.submitted,
        invited: rate.invited,
        orgs: t(`results.orgs.${rate.organisationType}`),
        rate: formatShare(rate.rate, language),
      }),
    );
  return t('results.factsBase', { parts: parts.join(t('results.and')) });
}

function FilterForm({
  context,
  label,
  filter,
  naming,
}: {
  context: PageContext;
  label: string;
  filter: ResultsFilter;
  naming: GroupNaming;
}) {
  const { t } = context;
  const mainGroups = [...new Map(naming.municipalityGroups.map((group) => [group.mainGroupCode, group.mainGroupName]))];
  return (
    <form
      method="get"
      action={`/results/${encodeURIComponent(label)}`}
      class="filter-form"
      aria-label={t('results.filter')}
    >
      <div class="field">
        <label for="type">{t('results.type')}</label>
        <select id="type" name="type">
          <option value="">{t('results.type.all')}</option>
          <option value="kommun" selected={filter.type === 'kommun'}>
            {t('results.type.kommun')}
          </option>
          <option value="region" selected={filter.type === 'region'}>
            {t('results.type.region')}
          </option>
        </select>
      </div>
      <div class="field">
        <label for="group">{t('results.group')}</label>
        <select id="group" name="group">
          <option value="">{t('results.group.none')}</option>
          {mainGroups.map(([code, name]) => (
            <option key={code} value={code} selected={filter.group === code}>
              {code} {name}
            </option>
          ))}
          {naming.municipalityGroups.map((group) => (
            <option key={group.code} value={group.code} selected={filter.group === group.code}>
              {group.code} {group.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="county">{t('results.county')}</label>
        <select id="county" name="county">
          <option value="">{t('results.county.none')}</option>
          {naming.counties.map((county) => (
            <option key={county.code} value={county.code} selected={filter.county === county.code}>
              {county.name}
            </option>
          ))}
        </select>
      </div>
      <div class="form-actions">
        <button type="submit">{t('results.apply')}</button>{' '}
        <a href={`/results/${encodeURIComponent(label)}`}>{t('results.reset')}</a>
      </div>
    </form>
  );
}

function QuestionSection({
  context,
  question,
  groups,
  nameGroup,
  roundLabel,
  minimumRespondents,
}: {
  context: PageContext;
  question: QuestionResult;
  groups: GroupFigure[];
  nameGroup: (group: { kind: GroupFigure['kind']; key: string }) => string;
  roundLabel: string;
  minimumRespondents: number;
}) {
  const { t, language } = context;
  const percent = percentFormat(context);
  const number = new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
  const headingId = `question-${question.key}`;
  const title = `${question.number} ${question.label[language]}`;
  const alt = t('results.chartAlt', { number: question.number, label: question.label[language] });
  const choice = groups.filter((group): group is ChoiceGroup => !group.suppressed && 'answers' in group);
  const numbers = groups.filter((group): group is NumberGroup => !group.suppressed && 'median' in group);
  const labelled = question.options.map((option) => ({ code: option.code, label: option.label[language] }));
  const series = <Group extends GroupFigure>(list: Group[]): ChartSeries<Group>[] =>
    list.map((group) => ({ name: nameGroup(group), group }));
  const chart =
    choice.length > 0
      ? renderChoiceChart(labelled, series(choice), language)
      : numbers.length > 0
        ? renderNumberChart(series(numbers), question.unit?.[language] ?? '', language)
        : null;
  const isNumber = question.type === 'integer' || question.type === 'decimal' || question.type === 'percent';
  const format = (value: number | null, measure: 'yes-share' | 'median') =>
    value === null ? t('results.hidden') : measure === 'median' ? number.format(value) : percent(value);
  return (
    <section class="result-question" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p class="muted">{question.text[language]}</p>
      {question.type === 'multiple_choice' ? <p class="muted">{t('results.multipleChoice')}</p> : null}
      {chart ? (
        <figure>
          <img src={chart} alt={alt} />
        </figure>
      ) : null}
      <ScrollBox label={title}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.groupColumn')}</th>
              <th scope="col">{t('results.respondents')}</th>
              <th scope="col">{t('results.itemNonResponse')}</th>
              {isNumber ? (
                <>
                  <th scope="col">{t('results.firstQuartile')}</th>
                  <th scope="col">{t('results.median')}</th>
                  <th scope="col">{t('results.thirdQuartile')}</th>
                </>
              ) : (
                labelled.map((category) => (
                  <th scope="col" key={category.code}>
                    {category.label}
                  </th>
                ))
              )}
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.groupId}>
                <th scope="row">{nameGroup(group)}</th>
                {group.suppressed ? (
                  <td colSpan={2 + (isNumber ? 3 : labelled.length)}>{t('results.suppressed')}</td>
                ) : (
                  <>
                    <td>{group.respondents}</td>
                    <td>{group.itemNonResponse}</td>
                    {'median' in group
                      ? [group.firstQuartile, group.median, group.thirdQuartile].map((value, index) => (
                          <td key={String(index)}>{number.format(value)}</td>
                        ))
                      : labelled.map((category) => {
                          const figure =
                            'answers' in group
                              ? group.answers.find((answer) => answer.code === category.code)
                              : undefined;
                          return (
                            <td key={category.code}>
                              {figure
                                ? t('results.shareWithInterval', {
                                    share: percent(figure.share),
                                    lower: formatBound(figure.lower, language),
                                    upper: formatBound(figure.upper, language),
                                  })
                                : '–'}
                            </td>
                          );
                        })}
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {question.changes.length > 0 ? (
        <div class="result-change">
          <h4>{t('results.change')}</h4>
          <ul>
            {question.changes.map((change) => (
              <li key={change.organisationType}>
                <strong>
                  {t(change.organisationType === 'kommun' ? 'results.type.kommun' : 'results.type.region')}:
                </strong>{' '}
                {describeChange(
                  change,
                  { label: roundLabel, organisationType: change.organisationType, minimumRespondents },
                  t,
                  language,
                ).join(' ')}
              </li>
            ))}
          </ul>
          {question.trend.length > 2 ? (
            <p>
              {t('results.trend')}:{' '}
              {question.trend
                .map((point) => `${point.label} ${format(point.value, question.changes[0]?.measure ?? 'yes-share')}`)
                .join(', ')}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** The groups to show: the organisation types asked for, plus a chosen kommungrupp or main group and län. */
export function chooseGroups(filter: ResultsFilter): string[] {
  const ids: string[] = [];
  if (filter.type !== 'region') ids.push('kommun');
  if (filter.type !== 'kommun') ids.push('region');
  if (filter.type === 'region') return ids;
  if (filter.group.length === 1) ids.push(`kommun:main-group:${filter.group}`);
  if (filter.group.length === 2) ids.push(`kommun:municipality-group:${filter.group}`);
  if (filter.county !== '') ids.push(`kommun:county:${filter.county}`);
  return ids;
}

function describeGroup(
  context: PageContext,
  naming: GroupNaming,
  group: { kind: GroupFigure['kind']; key: string },
): string {
  const { t } = context;
  switch (group.kind) {
    case 'organisation-type':
      return t(group.key === 'region' ? 'results.type.region' : 'results.type.kommun');
    case 'main-group':
      return t('results.mainGroup', { code: group.key });
    case 'municipality-group':
      return `${group.key} ${naming.municipalityGroups.find((candidate) => candidate.code === group.key)?.name ?? ''}`.trim();
    case 'county':
      return t('results.countyGroup', {
        name: naming.counties.find((county) => county.code === group.key)?.name ?? group.key,
      });
  }
}

/** Shares with one decimal, never rounded up to 100 % or down to 0 % (see formatShare). */
function percentFormat(context: PageContext): (share: number) => string {
  return (share) => formatShare(share, context.language, 1);
}

/** An interval bound is not a share of respondents, so it is rounded plainly to one decimal. */
function formatBound(value: number, language: 'sv' | 'en'): string {
  const text = (Math.round(value * 1000) / 10).toFixed(1);
  return language === 'sv' ? `${text.replace('.', ',')} %` : `${text}%`;
}
