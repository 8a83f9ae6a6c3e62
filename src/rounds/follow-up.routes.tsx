import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { FollowUpPage, RemindNotSubmittedPage } from './follow-up.pages.tsx';
import { findRoundFollowUp } from './follow-up.service.ts';
import { type FollowUpFilter, filterFollowUp, renderNonRespondersCsv, summariseFollowUp } from './follow-up.ts';
import {
  previewRemindersToNotSubmitted,
  sendManualReminders,
  sendRemindersToNotSubmitted,
} from './reminders.service.ts';
import { describeProblems, type PageError } from './round-fields.tsx';
import { FollowUpQuerySchema, RoundParams } from './rounds.schema.ts';
import { buildStatusList, renderStatusListCsv, writeStatusListXlsx } from './status-list.ts';

function fileLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9_-]/g, '_');
}

function readCodes(body: unknown): string[] {
  const value =
    typeof body === 'object' && body !== null
      ? Object.entries(body).find(([name]) => name === 'organisations')?.[1]
      : undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((code): code is string => typeof code === 'string' && /^[0-9]{2}([0-9]{2})?$/.test(code));
}

/** The coordinator's follow-up page, its manual reminders and the non-responder CSV. */
export async function followUpRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const render = async (
    context: PageContext,
    roundId: string,
    filter: FollowUpFilter,
    extra: { notice?: string; errors?: PageError[] } = {},
  ) => {
    const { round, entries } = await findRoundFollowUp(deps.db, roundId);
    return (
      <FollowUpPage
        context={context}
        round={round}
        summary={summariseFollowUp(entries)}
        filter={filter}
        entries={filterFollowUp(entries, filter)}
        notice={extra.notice ?? null}
        errors={extra.errors ?? []}
      />
    );
  };

  app.get(
    '/rounds/:id/follow-up',
    {
      config: { policy: policies.analyst },
      schema: { hide: true, params: RoundParams, querystring: FollowUpQuerySchema },
    },
    async (request, reply) => {
      const { lang: _language, reminded, withoutContact, ...filter } = request.query;
      const context = pageContextFrom(request);
      // After "remind all" the page is reached by a redirect, so that a reload does not send the reminders again.
      const notice =
        reminded === undefined
          ? undefined
          : context.t('rounds.followUp.reminded', { queued: reminded, withoutContact: withoutContact ?? '0' });
      return sendPage(reply, await render(context, request.params.id, filter, { notice }));
    },
  );

  app.post(
    '/rounds/:id/reminders',
    { config: { policy: policies.administrator }, schema: { hide: true, params: RoundParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      try {
        const tally = await sendManualReminders(deps.db, deps.clock, {
          roundId: request.params.id,
          organisationCodes: readCodes(request.body),
          baseUrl: deps.config.baseUrl,
          actor: { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' },
        });
        const notice = context.t('rounds.followUp.reminded', tally);
        return sendPage(reply, await render(context, request.params.id, {}, { notice }));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'validation')) throw error;
        const errors = describeProblems(context, error.fields);
        return sendPage(reply, await render(context, request.params.id, {}, { errors }), 422);
      }
    },
  );

  app.get(
    '/rounds/:id/reminders/not-submitted',
    { config: { policy: policies.administrator }, schema: { hide: true, params: RoundParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const preview = await previewRemindersToNotSubmitted(deps.db, request.params.id);
      const { round } = await findRoundFollowUp(deps.db, request.params.id);
      return sendPage(reply, <RemindNotSubmittedPage context={context} round={round} preview={preview} />);
    },
  );

  app.post(
    '/rounds/:id/reminders/not-submitted',
    { config: { policy: policies.administrator }, schema: { hide: true, params: RoundParams } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const tally = await sendRemindersToNotSubmitted(deps.db, deps.clock, {
        roundId: request.params.id,
        baseUrl: deps.config.baseUrl,
        actor: { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' },
      });
      const query = new URLSearchParams({
        reminded: String(tally.queued),
        withoutContact: String(tally.withoutContact),
      });
      return reply.redirect(`/rounds/${request.params.id}/follow-up?${query}`, 303);
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/rounds/:id/status.${format}`,
      { config: { policy: policies.analyst }, schema: { hide: true, params: RoundParams } },
      async (request, reply) => {
        const { t } = pageContextFrom(request);
        const { round, entries } = await findRoundFollowUp(deps.db, request.params.id);
        const list = buildStatusList(t, entries);
        const fileName = `${t('rounds.statusList.fileName')}-${fileLabel(round.label)}.${format}`;
        reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${fileName}"`);
        return format === 'csv'
          ? reply.type('text/csv; charset=utf-8').send(renderStatusListCsv(list))
          : reply
              .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
              .send(await writeStatusListXlsx(list, t('rounds.statusList.sheet')));
      },
    );
  }

  app.get(
    '/rounds/:id/non-responders.csv',
    { config: { policy: policies.analyst }, schema: { hide: true, params: RoundParams } },
    async (request, reply) => {
      const { round, entries } = await findRoundFollowUp(deps.db, request.params.id);
      const fileName = `non-responders-${fileLabel(round.label)}.csv`;
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .type('text/csv; charset=utf-8')
        .send(renderNonRespondersCsv(entries));
    },
  );
}
