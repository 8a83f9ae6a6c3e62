import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { createWordingContext, type WordingContext } from './condition-wording.ts';
import { listQuestions } from './conditions.ts';
import { findLanguageParam, pageHref, questionHeading } from './question-details.tsx';
import { nameOrganisationTypes } from './question-facts.ts';
import { findQuestionText } from './question-wording.ts';
import type { OrganisationType, QuestionnaireVersion } from './questionnaire.schema.ts';
import type { VersionComparison } from './questionnaire-overview.ts';
import type { KeyChangeStatus } from './version-comparison.ts';

// Breaks first: they are what a coordinator must know before drawing a trend.
const statusOrder: readonly KeyChangeStatus[] = ['changed', 'reworded', 'added', 'removed', 'unchanged'];

function WordingCell({
  context,
  version,
  questionKey,
  orgType,
  wording,
}: {
  context: PageContext;
  version: QuestionnaireVersion;
  questionKey: string;
  orgType: OrganisationType;
  wording: WordingContext;
}) {
  const question = listQuestions(version).find((candidate) => candidate.key === questionKey);
  if (!question) return <td class="muted">{context.t('questionnaires.compare.notAsked')}</td>;
  if (wording.numbers.has(questionKey)) return <td>{questionHeading(question, orgType, wording)}</td>;
  // Asked in this version, but only of the other organisation type: show its wording for that type.
  const targets = question.targets ?? version.targets;
  const otherType = targets[0] ?? orgType;
  return (
    <td>
      {findQuestionText(question, otherType)[context.language]}{' '}
      <span class="muted">
        ({context.t('questionnaires.question.onlyFor', { orgTypePlural: nameOrganisationTypes(targets, context.t) })})
      </span>
    </td>
  );
}

function VersionChooser({
  context,
  versions,
  comparison,
}: {
  context: PageContext;
  versions: readonly QuestionnaireVersion[];
  comparison: VersionComparison;
}) {
  const { t, language } = context;
  const select = (name: 'from' | 'to', chosen: string) => (
    <div class="field">
      <label for={`compare-${name}`}>{t(`questionnaires.compare.${name}`)}</label>
      <select id={`compare-${name}`} name={name}>
        {versions.map((version) => (
          <option key={version.id} value={version.id} selected={version.id === chosen}>
            {version.id} ({version.title[language]})
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      method="get"
      action="/questionnaires/compare"
      class="filter-form"
      aria-label={t('questionnaires.compare.choose')}
    >
      {select('from', comparison.from.id)}
      {select('to', comparison.to.id)}
      {language === findLanguageParam(context) ? <input type="hidden" name="lang" value={language} /> : null}
      <div class="form-actions">
        <button type="submit">{t('questionnaires.compare.submit')}</button>
      </div>
    </form>
  );
}

/** Two versions side by side, key by key: added, removed, unchanged, reworded and changed, with the notes. */
export function VersionComparisonPage({
  context,
  comparison,
  versions,
}: {
  context: PageContext;
  comparison: VersionComparison;
  versions: readonly QuestionnaireVersion[];
}) {
  const { t, language } = context;
  const { from, to, orgType, changes } = comparison;
  const fromWording = createWordingContext(from, orgType, language);
  const toWording = createWordingContext(to, orgType, language);
  const title = t('questionnaires.compare.title', { from: from.id, to: to.id });
  const commonTypes = from.targets.filter((type) => to.targets.includes(type));
  return (
    <Layout context={context} title={title}>
      <p>
        <a href={pageHref(context, '/questionnaires')}>{t('questionnaires.list.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('questionnaires.compare.lead')}</p>
      <VersionChooser context={context} versions={versions} comparison={comparison} />
      <p>{t('questionnaires.compare.wordingFor', { orgTypePlural: nameOrganisationTypes([orgType], t) })}</p>
      {commonTypes.length > 1 ? (
        <ul class="link-row">
          {commonTypes
            .filter((type) => type !== orgType)
            .map((type) => (
              <li key={type}>
                <a href={pageHref(context, '/questionnaires/compare', { from: from.id, to: to.id, type })}>
                  {t('questionnaires.compare.wordingFor', { orgTypePlural: nameOrganisationTypes([type], t) })}
                </a>
              </li>
            ))}
        </ul>
      ) : null}
      <h2>{t('questionnaires.compare.summary')}</h2>
      <ul class="status-summary">
        {statusOrder.map((status) => (
          <li key={status}>
            <a href={`#status-${status}`}>{t(`questionnaires.status.${status}`)}</a>:{' '}
            {changes.filter((change) => change.status === status).length}
          </li>
        ))}
      </ul>
      {statusOrder.map((status) => {
        const group = changes.filter((change) => change.status === status);
        return (
          <section key={status} aria-labelledby={`status-${status}`} class={`comparison-group status-${status}`}>
            <h2 id={`status-${status}`}>
              {t(`questionnaires.status.${status}`)} ({group.length})
            </h2>
            <p>{t(`questionnaires.status.${status}.help`)}</p>
            {group.length === 0 ? (
              <p class="muted">{t('questionnaires.compare.empty')}</p>
            ) : (
              <div class="table-scroll">
                <table class="comparison-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('questionnaires.compare.key')}</th>
                      <th scope="col">{from.id}</th>
                      <th scope="col">{to.id}</th>
                      <th scope="col">{t('questionnaires.compare.note')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.map((change) => (
                      <tr key={change.key} id={`key-${change.key}`}>
                        <th scope="row">
                          <code>{change.key}</code>
                        </th>
                        <WordingCell
                          context={context}
                          version={from}
                          questionKey={change.key}
                          orgType={orgType}
                          wording={fromWording}
                        />
                        <WordingCell
                          context={context}
                          version={to}
                          questionKey={change.key}
                          orgType={orgType}
                          wording={toWording}
                        />
                        <td>
                          {change.notes.length > 0
                            ? change.notes.map((note) => <p key={note.sv}>{note[language]}</p>)
                            : t('questionnaires.compare.noNote')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
