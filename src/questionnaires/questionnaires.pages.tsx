import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { createWordingContext } from './condition-wording.ts';
import { isQuestionTargeted } from './conditions.ts';
import { msbStepNames } from './frameworks.ts';
import { OrganisationTypeSwitch, pageHref, QuestionDetails } from './question-details.tsx';
import { nameOrganisationTypes } from './question-facts.ts';
import type { OrganisationType, QuestionnaireVersion } from './questionnaire.schema.ts';
import { summariseQuestionnaireVersion } from './questionnaire-overview.ts';
import type { QuestionnaireVersionInfo } from './questionnaires.service.ts';

/** Every questionnaire version, with links to read, compare, print, download and export it, and to upload one. */
export function QuestionnaireListPage({
  context,
  infos,
  notice,
}: {
  context: PageContext;
  infos: readonly QuestionnaireVersionInfo[];
  /** The id of a version just uploaded. */
  notice?: string | undefined;
}) {
  const { t, language } = context;
  const uploaded = notice === undefined ? undefined : infos.find((info) => info.version.id === notice);
  return (
    <Layout context={context} title={t('questionnaires.list.title')}>
      <h1>{t('questionnaires.list.title')}</h1>
      {uploaded ? (
        <p class="notice" role="status">
          {t('questionnaires.upload.done', { id: uploaded.version.id })}
        </p>
      ) : null}
      <p class="lead">{t('questionnaires.list.lead')}</p>
      <p>
        <a href="/questionnaires/upload">{t('questionnaires.upload.link')}</a>
      </p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('questionnaires.list.version')}</th>
              <th scope="col">{t('questionnaires.list.year')}</th>
              <th scope="col">{t('questionnaires.list.targets')}</th>
              <th scope="col">{t('questionnaires.list.size')}</th>
              <th scope="col">{t('questionnaires.list.previous')}</th>
              <th scope="col">{t('questionnaires.list.more')}</th>
            </tr>
          </thead>
          <tbody>
            {[...infos].reverse().map(({ version, origin, usedSince }) => {
              const summary = summariseQuestionnaireVersion(version);
              return (
                <tr key={version.id}>
                  <th scope="row">
                    <a href={pageHref(context, `/questionnaires/${version.id}`)}>{version.title[language]}</a>
                    <br />
                    <code>{version.id}</code>
                    <br />
                    <span class="muted">
                      {t(origin === 'shipped' ? 'questionnaires.list.shipped' : 'questionnaires.list.uploaded')}
                      {usedSince === null ? '' : ` · ${t('questionnaires.list.inUse')}`}
                    </span>
                  </th>
                  <td>{version.year}</td>
                  <td>{nameOrganisationTypes(version.targets, t)}</td>
                  <td>
                    {t('questionnaires.list.sizeValue', {
                      questions: summary.questionCount,
                      sections: summary.sectionCount,
                    })}
                  </td>
                  <td>
                    {version.previous ? (
                      <a
                        href={pageHref(context, '/questionnaires/compare', { from: version.previous, to: version.id })}
                      >
                        {t('questionnaires.list.compare', { from: version.previous, to: version.id })}
                      </a>
                    ) : (
                      t('questionnaires.list.noPrevious')
                    )}
                  </td>
                  <td>
                    <ul class="plain-list">
                      {version.targets.map((type) => (
                        <li key={`print-${type}`}>
                          <a href={pageHref(context, `/questionnaires/${version.id}/print`, { type })}>
                            {t('questionnaires.list.print', { orgTypePlural: nameOrganisationTypes([type], t) })}
                          </a>
                        </li>
                      ))}
                      {version.targets.map((type) => (
                        <li key={`try-${type}`}>
                          <a href={`/questionnaires/${version.id}/try?type=${type}`}>
                            {t('questionnaires.list.try', { orgTypePlural: nameOrganisationTypes([type], t) })}
                          </a>
                        </li>
                      ))}
                      {version.targets.map((type) => (
                        <li key={`surveyjs-${type}`}>
                          <a href={`/api/questionnaires/${version.id}/surveyjs?type=${type}&lang=${language}`}>
                            {t('questionnaires.list.surveyJs', { orgTypePlural: nameOrganisationTypes([type], t) })}
                          </a>
                        </li>
                      ))}
                      <li>
                        <a href={`/api/questionnaires/${version.id}`}>{t('questionnaires.list.json')}</a>
                      </li>
                      <li>
                        <a href={`/questionnaires/${version.id}/download.yaml`}>
                          {t('questionnaires.list.downloadYaml')}
                        </a>
                      </li>
                      <li>
                        <a href={`/questionnaires/${version.id}/download.xlsx`}>
                          {t('questionnaires.list.downloadXlsx')}
                        </a>
                      </li>
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** One version as coordinators review it: sections, numbered questions, conditions, indicators and mappings. */
export function QuestionnaireVersionPage({
  context,
  version,
  orgType,
}: {
  context: PageContext;
  version: QuestionnaireVersion;
  orgType: OrganisationType;
}) {
  const { t, language } = context;
  const wording = createWordingContext(version, orgType, language);
  const summary = summariseQuestionnaireVersion(version);
  const sections = version.sections
    .map((section) => ({
      section,
      questions: section.questions.filter((question) => isQuestionTargeted(version, question, orgType)),
    }))
    .filter((entry) => entry.questions.length > 0);
  return (
    <Layout context={context} title={version.title[language]}>
      <p>
        <a href={pageHref(context, '/questionnaires')}>{t('questionnaires.list.title')}</a>
      </p>
      <h1>{version.title[language]}</h1>
      <p class="lead">
        {t('questionnaires.version.lead', {
          year: version.year,
          size: t('questionnaires.list.sizeValue', {
            questions: summary.questionCount,
            sections: summary.sectionCount,
          }),
          targets: nameOrganisationTypes(version.targets, t),
        })}{' '}
        <code>{version.id}</code>
      </p>
      <ul class="link-row">
        {version.previous ? (
          <li>
            <a href={pageHref(context, '/questionnaires/compare', { from: version.previous, to: version.id })}>
              {t('questionnaires.version.compareWithPrevious', { id: version.previous })}
            </a>
          </li>
        ) : null}
        <li>
          <a href={pageHref(context, `/questionnaires/${version.id}/print`, { type: orgType })}>
            {t('questionnaires.version.printable')}
          </a>
        </li>
        <li>
          <a href={`/api/questionnaires/${version.id}`}>{t('questionnaires.list.json')}</a>
        </li>
      </ul>
      <OrganisationTypeSwitch
        context={context}
        types={version.targets}
        current={orgType}
        hrefFor={(type) => pageHref(context, `/questionnaires/${version.id}`, { type })}
      />
      <nav aria-labelledby="contents-heading" class="contents">
        <h2 id="contents-heading">{t('questionnaires.version.contents')}</h2>
        <ol>
          {sections.map(({ section }) => (
            <li key={section.key}>
              <a href={`#section-${section.key}`}>{section.title[language]}</a>
            </li>
          ))}
        </ol>
      </nav>
      {sections.map(({ section, questions }, index) => (
        <section key={section.key} class="questionnaire-section" aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>
            {index + 1} {section.title[language]}
          </h2>
          <p>{section.intro[language]}</p>
          {section.msbStep ? (
            <p class="muted">
              {t('questionnaires.version.msbStep', { step: msbStepNames[section.msbStep][language] })}
            </p>
          ) : null}
          {questions.map((question) => (
            <QuestionDetails
              key={question.key}
              context={context}
              version={version}
              section={section}
              question={question}
              orgType={orgType}
              wording={wording}
            />
          ))}
        </section>
      ))}
    </Layout>
  );
}
