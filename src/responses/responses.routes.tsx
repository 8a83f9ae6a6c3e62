import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { isCoordinator, policies } from '../http/policy.ts';
import { keyPattern } from '../questionnaires/questionnaire.schema.ts';
import type { PageError } from '../web/form-field.tsx';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { type AnsweringView, answeringPath, toAnsweringView } from './answer-view.ts';
import { describeUsers, listRevisions, loadAnsweringContext } from './answering.service.ts';
import { OverviewPage, type SectionFormState, SectionPage } from './form.pages.tsx';
import { type EnteredValue, toEnteredValue } from './form-fields.tsx';
import { HistoryPage } from './history.pages.tsx';
import { MyRoundsPage } from './my.pages.tsx';
import { listMyRounds } from './my-rounds.service.ts';
import { loadResponseWarnings } from './plausibility.service.ts';
import { findPreviousAnswers, listPrefilledKeys, prefillFromPreviousAnswers } from './previous-answers.service.ts';
import { renderReceiptPdf } from './receipt-documents.ts';
import { AnswerParams, actorOf, readPolicy, writePolicy } from './responses.policy.ts';
import { listAnswerHistory } from './responses.service.ts';
import type { ReviewPanel } from './review.pages.tsx';
import { listReviewSteps, reviewResponse } from './review.service.ts';
import { readSectionPost, saveSection } from './section-save.service.ts';
import { submitResponse } from './submission.service.ts';
import { ReceiptPage, SummaryPage } from './summary.pages.tsx';

const SectionParams = Type.Object({
  ...AnswerParams.properties,
  sectionKey: Type.String({ pattern: keyPattern, maxLength: 100 }),
});
const SectionQuery = Type.Object({ saved: Type.Optional(Type.Literal('1')), lang: Type.Optional(Type.String()) });
const OverviewQuery = Type.Object({
  review: Type.Optional(Type.Union([Type.Literal('reviewed'), Type.Literal('returned')])),
  lang: Type.Optional(Type.String()),
});
const ReceiptQuery = Type.Object({ mailed: Type.Optional(Type.Literal('1')), lang: Type.Optional(Type.String()) });

/** The keys of the questions a section asks this organisation (the page's fields). */
function listAskedKeys(view: AnsweringView, index: number): string[] {
  return view.progress[index]?.asked.map((question) => question.key) ?? [];
}

function findSectionIndex(view: AnsweringView, sectionKey: string): number {
  const index = view.progress.findIndex((progress) => progress.section.key === sectionKey);
  if (index < 0) throw new AppError('not_found', `No section ${sectionKey}.`);
  return index;
}

/** The respondent's pages: my rounds, the form by section, summary and submit, receipt, PDF copy, history. */
export async function responseRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const loadView = async (request: FastifyRequest, roundId: string, code: string) => {
    // Respondents see a round once it is open; coordinators also while they prepare it.
    const answering = await loadAnsweringContext(deps.db, deps.clock, roundId, code, {
      isCoordinator: isCoordinator(request.user),
    });
    const previousAnswers = await findPreviousAnswers(deps.db, answering);
    const view: AnsweringView = {
      ...toAnsweringView(answering, request.user),
      previousAnswers,
      prefilledKeys: await listPrefilledKeys(deps.db, answering),
      warnings: await loadResponseWarnings(deps.db, answering, previousAnswers),
    };
    return { answering, view };
  };
  const page = { config: { policy: readPolicy }, schema: { hide: true, params: AnswerParams } };

  app.get('/my', { config: { policy: policies.signedIn }, schema: { hide: true } }, async (request, reply) => {
    const rounds = await listMyRounds(deps.db, deps.clock, request.user?.memberships ?? []);
    return sendPage(reply, <MyRoundsPage context={pageContextFrom(request)} rounds={rounds} />);
  });

  const showOverview = async (
    request: FastifyRequest,
    params: { roundId: string; code: string },
    review: { comment: string; errors: PageError[]; notice: string | null },
  ) => {
    const { view } = await loadView(request, params.roundId, params.code);
    const panel: ReviewPanel = {
      steps: await listReviewSteps(deps.db, { roundId: view.roundId, organisationCode: view.code }),
      isSubmitted: view.status === 'submitted',
      canReview: request.user?.globalRole === 'administrator',
      ...review,
    };
    return <OverviewPage context={pageContextFrom(request)} view={view} review={panel} />;
  };

  app.get(
    '/answer/:roundId/:code',
    { config: { policy: readPolicy }, schema: { hide: true, params: AnswerParams, querystring: OverviewQuery } },
    async (request, reply) => {
      const { t } = pageContextFrom(request);
      const done = request.query.review;
      const notice = done ? t(`responses.review.done.${done}`) : null;
      return sendPage(reply, await showOverview(request, request.params, { comment: '', errors: [], notice }));
    },
  );

  app.post(
    '/answer/:roundId/:code/review',
    { config: { policy: policies.administrator }, schema: { hide: true, params: AnswerParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const { decision, comment } = readFormFields(request.body, ['decision', 'comment'], 4000);
      try {
        await reviewResponse(deps.db, deps.clock, {
          roundId: request.params.roundId,
          organisationCode: request.params.code,
          decision: decision === 'returned' ? 'returned' : 'reviewed',
          comment,
          baseUrl: deps.config.baseUrl,
          language: context.language,
          actor: actorOf(request),
        });
        const path = answeringPath(request.params.roundId, request.params.code);
        return reply.redirect(`${path}?review=${decision === 'returned' ? 'returned' : 'reviewed'}`, 303);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'validation')) throw error;
        const errors = error.fields.map((field) => ({
          field: 'comment',
          message: context.t(
            field.message === 'too_long' ? 'responses.review.problem.too_long' : 'responses.review.problem.required',
          ),
        }));
        return sendPage(reply, await showOverview(request, request.params, { comment, errors, notice: null }), 422);
      }
    },
  );

  app.get(
    '/answer/:roundId/:code/sections/:sectionKey',
    { config: { policy: readPolicy }, schema: { hide: true, params: SectionParams, querystring: SectionQuery } },
    async (request, reply) => {
      const { answering, view } = await loadView(request, request.params.roundId, request.params.code);
      const index = findSectionIndex(view, request.params.sectionKey);
      const state: SectionFormState = {
        entered: new Map(
          [...answering.answers.values()].map((answer) => [answer.questionKey, toEnteredValue(answer.value)]),
        ),
        revisions: await listRevisions(deps.db, answering, listAskedKeys(view, index)),
        errors: [],
        conflicts: new Map(),
        notice: request.query.saved ? 'saved' : null,
      };
      return sendPage(
        reply,
        <SectionPage context={pageContextFrom(request)} view={view} index={index} state={state} />,
      );
    },
  );

  app.post(
    '/answer/:roundId/:code/sections/:sectionKey',
    { config: { policy: writePolicy }, schema: { hide: true, params: SectionParams } },
    async (request, reply) => {
      const { roundId, code, sectionKey } = request.params;
      const post = readSectionPost(request.body);
      const result = await saveSection(deps.db, deps.clock, {
        roundId,
        organisationCode: code,
        sectionKey,
        post,
        actor: actorOf(request),
      });
      // The context as the save's transaction left it: the page that follows needs no second load.
      const answering = result.context;
      const view = toAnsweringView(answering, request.user);
      const index = findSectionIndex(view, sectionKey);
      const keys = listAskedKeys(view, index);
      const context = pageContextFrom(request);
      if (result.kind === 'closed') {
        return sendPage(reply, <SectionPage context={context} view={view} index={index} state={emptyState()} />, 403);
      }
      const action =
        typeof request.body === 'object' && request.body !== null && 'action' in request.body
          ? request.body.action
          : 'save';
      if (result.errors.length === 0 && result.conflicts.size === 0 && action !== 'save') {
        // A new warning the page did not show yet stops the way on, once: saved, but shown to be checked ("Spara"
        // comes back to this section anyway, where the warnings show).
        const previousAnswers = await findPreviousAnswers(deps.db, answering);
        const warnings = await loadResponseWarnings(deps.db, answering, previousAnswers);
        if (keys.some((key) => warnings.has(key) && !post.warned?.has(key))) {
          const checkView: AnsweringView = {
            ...view,
            previousAnswers,
            prefilledKeys: await listPrefilledKeys(deps.db, answering),
            warnings,
          };
          const state: SectionFormState = {
            entered: new Map(
              [...answering.answers.values()].map((answer) => [answer.questionKey, toEnteredValue(answer.value)]),
            ),
            revisions: await listRevisions(deps.db, answering, keys),
            errors: [],
            conflicts: new Map(),
            notice: 'checkWarnings',
          };
          return sendPage(reply, <SectionPage context={context} view={checkView} index={index} state={state} />);
        }
      }
      if (result.errors.length === 0 && result.conflicts.size === 0) {
        const target =
          action === 'next' ? view.progress[index + 1] : action === 'previous' ? view.progress[index - 1] : undefined;
        const location =
          action === 'summary'
            ? `${view.basePath}/summary`
            : target
              ? `${view.basePath}/sections/${target.section.key}`
              : `${view.basePath}/sections/${sectionKey}?saved=1`;
        return reply.redirect(location, 303);
      }
      // Re-render with exactly what was typed; a kept answer of the other person replaces what was typed.
      const revisions = await listRevisions(deps.db, answering, keys);
      const entered = new Map<string, EnteredValue>();
      for (const key of keys) {
        const isKeptTheirs = post.choices.get(key)?.choice === 'theirs';
        entered.set(
          key,
          isKeptTheirs ? toEnteredValue(answering.answers.get(key)?.value) : (post.entered.get(key) ?? ''),
        );
        // A conflict stays unresolved until the person chooses, so its field keeps the revision it was based on.
        if (result.conflicts.has(key)) revisions.set(key, post.revisions.get(key) ?? 0);
      }
      const state: SectionFormState = {
        entered,
        revisions,
        errors: result.errors,
        conflicts: result.conflicts,
        notice: 'notAllSaved',
        explanations: post.explanations,
      };
      return sendPage(
        reply,
        <SectionPage context={context} view={view} index={index} state={state} />,
        result.errors.length > 0 ? 422 : 409,
      );
    },
  );

  app.get('/answer/:roundId/:code/summary', page, async (request, reply) => {
    const { view } = await loadView(request, request.params.roundId, request.params.code);
    return sendPage(reply, <SummaryPage context={pageContextFrom(request)} view={view} errors={[]} />);
  });

  app.post(
    '/answer/:roundId/:code/prefill',
    { config: { policy: writePolicy }, schema: { hide: true, params: AnswerParams } },
    async (request, reply) => {
      const { roundId, code } = request.params;
      const result = await prefillFromPreviousAnswers(deps.db, deps.clock, {
        roundId,
        organisationCode: code,
        actor: actorOf(request),
      });
      const { view } = await loadView(request, roundId, code);
      return sendPage(
        reply,
        <OverviewPage
          context={pageContextFrom(request)}
          view={view}
          prefilledCount={result.kind === 'done' ? result.copied.length : undefined}
        />,
        result.kind === 'done' ? 200 : 403,
      );
    },
  );

  app.post(
    '/answer/:roundId/:code/submit',
    { config: { policy: writePolicy }, schema: { hide: true, params: AnswerParams } },
    async (request, reply) => {
      const { roundId, code } = request.params;
      const actor = actorOf(request);
      const receipt = request.user
        ? { to: request.user.email, language: request.language, baseUrl: deps.config.baseUrl }
        : undefined;
      const result = await submitResponse(deps.db, deps.clock, { roundId, organisationCode: code, actor, receipt });
      if (result.kind === 'submitted') {
        return reply.redirect(`${answeringPath(roundId, code)}/receipt${receipt ? '?mailed=1' : ''}`, 303);
      }
      const { view } = await loadView(request, roundId, code);
      return sendPage(
        reply,
        <SummaryPage
          context={pageContextFrom(request)}
          view={view}
          errors={result.kind === 'invalid' ? result.errors : []}
        />,
        result.kind === 'invalid' ? 422 : 403,
      );
    },
  );

  app.get(
    '/answer/:roundId/:code/receipt',
    { config: { policy: readPolicy }, schema: { hide: true, params: AnswerParams, querystring: ReceiptQuery } },
    async (request, reply) => {
      const { view } = await loadView(request, request.params.roundId, request.params.code);
      const mailedTo = request.query.mailed ? (request.user?.email ?? null) : null;
      return sendPage(reply, <ReceiptPage context={pageContextFrom(request)} view={view} mailedTo={mailedTo} />);
    },
  );

  app.get('/answer/:roundId/:code/receipt.pdf', page, async (request, reply) => {
    const { view } = await loadView(request, request.params.roundId, request.params.code);
    const pdf = await renderReceiptPdf(request.language, view, deps.clock.now());
    const name = `lagesbild-${view.code}-${view.roundLabel.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`;
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(pdf);
  });

  app.get('/answer/:roundId/:code/history', page, async (request, reply) => {
    const { answering, view } = await loadView(request, request.params.roundId, request.params.code);
    const changes = answering.response ? await listAnswerHistory(deps.db, answering.response.id) : [];
    const reviews = await listReviewSteps(deps.db, { roundId: view.roundId, organisationCode: view.code });
    const users = await describeUsers(
      deps.db,
      changes.map((change) => change.changedBy),
    );
    return sendPage(
      reply,
      <HistoryPage context={pageContextFrom(request)} view={view} changes={changes} users={users} reviews={reviews} />,
    );
  });
}

function emptyState(): SectionFormState {
  return { entered: new Map(), revisions: new Map(), errors: [], conflicts: new Map(), notice: null };
}
