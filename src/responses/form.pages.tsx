import type { ComponentChildren } from 'preact';
import type { Section } from '../questionnaires/questionnaire.schema.ts';
import { ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { formatDateTime } from './answer-format.ts';
import { type AnsweringView, isRespondentOf } from './answer-view.ts';
import { type AnswerProblem, type CurrentAnswer, toAnswerRecord } from './answering.service.ts';
import { AnswerList, type EnteredValue, fieldAnchor, QuestionField } from './form-fields.tsx';
import { questionnaireAssetPath } from './questionnaire-asset.ts';

/** The page title shared by every answering page: "2026 – Kiruna kommun". */
export function answeringTitle(context: PageContext, view: AnsweringView, page: string): string {
  return `${page} – ${context.t('responses.form.title', { round: view.roundLabel, organisation: view.organisationName })}`;
}

/** The frame of every answering page: heading, state of the round, and links between the parts. */
export function AnsweringFrame({
  context,
  view,
  title,
  current,
  children,
}: {
  context: PageContext;
  view: AnsweringView;
  title: string;
  current: string;
  children: ComponentChildren;
}) {
  const { t, language } = context;
  const links = [
    { key: 'overview', href: view.basePath, label: t('responses.link.overview') },
    { key: 'summary', href: `${view.basePath}/summary`, label: t('responses.link.summary') },
    ...(view.status === 'submitted'
      ? [{ key: 'receipt', href: `${view.basePath}/receipt`, label: t('responses.link.receipt') }]
      : []),
    { key: 'history', href: `${view.basePath}/history`, label: t('responses.link.history') },
    ...(isRespondentOf(context.user, view.code)
      ? [{ key: 'colleagues', href: `/organisations/${view.code}/colleagues`, label: t('responses.link.colleagues') }]
      : []),
  ];
  return (
    <Layout context={context} title={answeringTitle(context, view, title)}>
      <link rel="stylesheet" href="/static/form.css" />
      <p class="answering-context">
        {t('responses.form.title', { round: view.roundLabel, organisation: view.organisationName })}
        {' · '}
        {t(`responses.status.${view.status}`)}
        {view.window.isOpen && view.window.closesAt
          ? ` · ${t('responses.section.closesAt', { date: formatDateTime(view.window.closesAt, language) })}`
          : ''}
      </p>
      <nav aria-label={t('responses.link.sectionsLabel')} class="answering-links">
        <ul>
          {links.map((link) => (
            <li key={link.key}>
              <a href={link.href} aria-current={link.key === current ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {view.readOnlyReason ? <p class="notice notice--info">{t(`responses.readOnly.${view.readOnlyReason}`)}</p> : null}
      {children}
    </Layout>
  );
}

/** The list of sections with progress, linking to each. */
export function SectionProgressList({
  context,
  view,
  currentKey,
}: {
  context: PageContext;
  view: AnsweringView;
  currentKey?: string;
}) {
  return (
    <ol class="section-list">
      {view.progress.map((progress) => (
        <li key={progress.section.key}>
          <a
            href={`${view.basePath}/sections/${progress.section.key}`}
            aria-current={progress.section.key === currentKey ? 'step' : undefined}
          >
            {progress.section.title[context.language]}
          </a>{' '}
          <span class="muted">
            {context.t('responses.progress.answered', {
              answered: progress.answered,
              visible: progress.visible.length,
            })}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The start of the form: progress per section and where to continue. */
export function OverviewPage({
  context,
  view,
  prefilledCount,
}: {
  context: PageContext;
  view: AnsweringView;
  /** How many answers "start from last round's answers" just copied. */
  prefilledCount?: number | undefined;
}) {
  const { t } = context;
  const next = view.progress.find((progress) => progress.answered < progress.visible.length) ?? view.progress[0];
  return (
    <AnsweringFrame context={context} view={view} title={t('responses.link.overview')} current="overview">
      <h1>{view.version.title[context.language]}</h1>
      <p class="lead">{t('responses.overview.lead')}</p>
      {prefilledCount === undefined ? null : (
        <p class="notice" role="status">
          {t('responses.prefill.done', { count: prefilledCount })}
        </p>
      )}
      {!view.readOnlyReason && (view.previousAnswers?.size ?? 0) > 0 ? (
        <form method="post" action={`${view.basePath}/prefill`} class="prefill-form">
          <input type="hidden" name="_csrf" value={context.csrfToken} />
          <p>{t('responses.prefill.lead')}</p>
          <button type="submit" class="button-secondary">
            {t('responses.prefill.action')}
          </button>
        </form>
      ) : null}
      <h2>{t('responses.overview.sections')}</h2>
      <SectionProgressList context={context} view={view} />
      {next && !view.readOnlyReason ? (
        <p>
          <a class="button" href={`${view.basePath}/sections/${next.section.key}`}>
            {t('responses.overview.continue')}
          </a>
        </p>
      ) : null}
    </AnsweringFrame>
  );
}

export type SectionFormState = {
  entered: Map<string, EnteredValue>;
  revisions: Map<string, number>;
  errors: AnswerProblem[];
  conflicts: Map<string, CurrentAnswer>;
  notice: 'saved' | 'notAllSaved' | null;
};

function clientData(context: PageContext, view: AnsweringView): string {
  const { t } = context;
  return JSON.stringify({
    // The version comes as its own cached file (questionnaire-asset.ts), not inside every page.
    versionUrl: questionnaireAssetPath(view.version),
    orgType: view.orgType,
    answers: toAnswerRecord(view.answers),
    api: `/api/responses/${encodeURIComponent(view.roundId)}/${view.code}/answers/`,
    language: context.language,
    messages: {
      saving: t('responses.autosave.saving'),
      saved: t('responses.autosave.saved'),
      failed: t('responses.autosave.failed'),
      retry: t('responses.autosave.retry'),
      invalid: t('responses.autosave.invalid'),
      conflict: t('responses.autosave.conflict'),
      conflictTitle: t('responses.conflict.title'),
      conflictText: t('responses.conflict.text'),
      someone: t('responses.conflict.someone'),
      theirs: t('responses.conflict.theirs'),
      yours: t('responses.conflict.yours'),
      empty: t('responses.conflict.empty'),
      keepTheirs: t('responses.conflict.keepTheirs'),
      overwrite: t('responses.conflict.overwrite'),
      kept: t('responses.conflict.kept'),
    },
  });
}

function SectionHeading({
  context,
  view,
  section,
  index,
}: {
  context: PageContext;
  view: AnsweringView;
  section: Section;
  index: number;
}) {
  return (
    <>
      <p class="section-position">
        {context.t('responses.section.position', { number: index + 1, count: view.progress.length })}
      </p>
      <h1>{section.title[context.language]}</h1>
      <p class="lead">{section.intro[context.language]}</p>
    </>
  );
}

/** One section of the form: a POST form that works without JavaScript, enhanced by the autosave bundle. */
export function SectionPage({
  context,
  view,
  index,
  state,
}: {
  context: PageContext;
  view: AnsweringView;
  index: number;
  state: SectionFormState;
}) {
  const { t } = context;
  const progress = view.progress[index];
  if (!progress) return null;
  const { section } = progress;
  const visibleKeys = new Set(progress.visible.map((question) => question.key));
  const summaryErrors = [
    ...state.errors.flatMap((error) => {
      const question = progress.asked.find((candidate) => candidate.key === error.key);
      return question ? [{ field: fieldAnchor(question), message: error.message[context.language] }] : [];
    }),
    ...[...state.conflicts.keys()].flatMap((key) => {
      const question = progress.asked.find((candidate) => candidate.key === key);
      return question
        ? [
            {
              field: `resolve-${key}-theirs`,
              message: `${view.numbers.get(key) ?? ''} ${t('responses.conflict.title')}`,
            },
          ]
        : [];
    }),
  ];
  if (view.readOnlyReason) {
    return (
      <AnsweringFrame context={context} view={view} title={section.title[context.language]} current="">
        <SectionHeading context={context} view={view} section={section} index={index} />
        <AnswerList context={context} view={view} questions={progress.visible} />
        <SectionProgressList context={context} view={view} currentKey={section.key} />
      </AnsweringFrame>
    );
  }
  const previous = view.progress[index - 1];
  const next = view.progress[index + 1];
  return (
    <AnsweringFrame context={context} view={view} title={section.title[context.language]} current="">
      <SectionHeading context={context} view={view} section={section} index={index} />
      <ErrorSummary context={context} errors={summaryErrors} />
      {state.notice ? (
        <p class="notice">
          {t(state.notice === 'saved' ? 'responses.section.saved' : 'responses.section.notAllSaved')}
        </p>
      ) : null}
      <form
        method="post"
        action={`${view.basePath}/sections/${section.key}`}
        class="answer-form"
        noValidate
        data-answer-form={clientData(context, view)}
      >
        <input type="hidden" name="_csrf" value={context.csrfToken} />
        <p class="muted no-script-hint">{t('responses.section.noScript')}</p>
        {progress.asked.map((question) => {
          const error = state.errors.find((candidate) => candidate.key === question.key);
          return (
            <QuestionField
              key={question.key}
              context={context}
              question={question}
              orgType={view.orgType}
              number={view.numbers.get(question.key) ?? ''}
              entered={state.entered.get(question.key) ?? ''}
              revision={state.revisions.get(question.key) ?? 0}
              error={error?.message[context.language]}
              conflict={state.conflicts.get(question.key)}
              isVisible={visibleKeys.has(question.key)}
              previous={view.previousAnswers?.get(question.key)}
              isPrefilled={view.prefilledKeys?.has(question.key) ?? false}
            />
          );
        })}
        <p class="save-status" role="status" aria-live="polite" data-save-status="" />
        <div class="form-actions form-actions--answer">
          {next ? (
            <button type="submit" name="action" value="next">
              {t('responses.section.next')}
            </button>
          ) : (
            <button type="submit" name="action" value="summary">
              {t('responses.section.toSummary')}
            </button>
          )}
          <button type="submit" name="action" value="save" class="button-secondary">
            {t('responses.section.save')}
          </button>
          {previous ? (
            <button type="submit" name="action" value="previous" class="button-secondary">
              {t('responses.section.previous')}
            </button>
          ) : null}
        </div>
      </form>
      <SectionProgressList context={context} view={view} currentKey={section.key} />
      <script type="module" src="/assets/form.js" />
    </AnsweringFrame>
  );
}
