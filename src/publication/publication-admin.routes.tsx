import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import {
  listReleases,
  previewReleaseAudit,
  publishRelease,
  startCorrection,
  unpublishRound,
} from '../releases/releases.service.ts';
import { labelPattern } from '../reports/reports.routes.tsx';
import { listExemptableQuestions, setNationalExemptions } from '../results/disclosure-settings.service.ts';
import { listRounds } from '../rounds/rounds.service.ts';
import { fromStockholmLocal } from '../rounds/stockholm-time.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { isPublicationMessageKey } from './publication.messages.ts';
import {
  type AuditPreview,
  describePublicationError,
  PublicationAdminPage,
  type PublicationInput,
} from './publication-admin.pages.tsx';
import { findPublisher, type PublisherForm, savePublisher } from './publisher.service.ts';

const LabelParams = Type.Object({ label: Type.String({ pattern: labelPattern }) });
const PublishBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  embargoUntil: Type.Optional(Type.String({ maxLength: 40 })),
  errataSv: Type.Optional(Type.String({ maxLength: 2000 })),
  errataEn: Type.Optional(Type.String({ maxLength: 2000 })),
});

/** The ticked question keys of the exemptions form: none, one (a string) or several (an array). */
function readQuestionKeys(body: unknown): string[] {
  const value =
    typeof body === 'object' && body !== null
      ? Object.entries(body).find(([name]) => name === 'questionKeys')?.[1]
      : undefined;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((key): key is string => typeof key === 'string').map((key) => key.slice(0, 100));
}

const notices = {
  publisher: 'publication.publisher.saved',
  exemptions: 'publication.exemptions.saved',
} as const;

/**
 * The administrators' publication page: publishing freezes a round's figures as a release (refused when the
 * attacker's audit fails), corrections and withdrawals, the round's national exemptions, an audit run on request,
 * and the open data's publisher.
 */
export async function publicationAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const minimumRespondents = deps.config.suppressionThreshold;

  const showAdminPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: { error: string; entered?: PublicationInput },
    publisherProblem?: { form: PublisherForm; errors: { field: string; message: string }[] },
    auditPreview?: AuditPreview,
  ) => {
    const publisher = publisherProblem?.form ?? (await findPublisher(deps.db));
    const noticeName = (request.query as { notice?: unknown }).notice;
    const notice =
      noticeName === 'publisher' || noticeName === 'exemptions'
        ? pageContextFrom(request).t(notices[noticeName])
        : undefined;
    const rounds = await listRounds(deps.db);
    const withReleases = await Promise.all(
      rounds.map(async (round) => ({
        round,
        releases: await listReleases(deps.db, round.id),
        exemptions: await listExemptableQuestions(deps.db, round.label),
      })),
    );
    return sendPage(
      reply,
      <PublicationAdminPage
        context={pageContextFrom(request)}
        rounds={withReleases}
        now={deps.clock.now()}
        publisher={publisher}
        {...(publisherProblem ? { publisherErrors: publisherProblem.errors } : {})}
        {...(notice ? { notice } : {})}
        {...(auditPreview ? { auditPreview } : {})}
        {...(problem ?? {})}
      />,
      problem || publisherProblem ? 422 : 200,
    );
  };
  const actorOf = (request: FastifyRequest) => ({
    userId: request.user?.id ?? null,
    label: request.user?.email ?? 'web',
  });

  app.get(
    '/admin/publication',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    (request, reply) => showAdminPage(request, reply),
  );

  app.post(
    '/admin/publication/publisher',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const form = readFormFields(request.body, ['name', 'organisationNumber', 'iri', 'email'], 500);
      try {
        await savePublisher(deps.db, deps.clock, form, {
          userId: request.user?.id ?? null,
          label: request.user?.email ?? 'web',
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const errors = error.fields.map((field) => ({
          field: field.field,
          message: isPublicationMessageKey(field.message) ? context.t(field.message) : field.message,
        }));
        return showAdminPage(request, reply, undefined, { form, errors });
      }
      return reply.redirect('/admin/publication?notice=publisher', 303);
    },
  );

  app.post(
    '/admin/publication/:label/publish',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams, body: PublishBody } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const entered: PublicationInput = {
        label: request.params.label,
        embargoUntil: request.body.embargoUntil?.trim() ?? '',
        errataSv: request.body.errataSv ?? '',
        errataEn: request.body.errataEn ?? '',
      };
      const embargoIso = entered.embargoUntil === '' ? null : (fromStockholmLocal(entered.embargoUntil) ?? 'invalid');
      if (embargoIso === 'invalid') {
        return showAdminPage(request, reply, { error: context.t('publication.admin.badEmbargo'), entered });
      }
      try {
        await publishRelease(deps.db, deps.clock, {
          label: request.params.label,
          embargoUntil: embargoIso === null ? null : new Date(embargoIso),
          errata: { sv: entered.errataSv, en: entered.errataEn },
          minimumRespondents,
          actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
        });
      } catch (error) {
        const message = describePublicationError(context.t, request.params.label, error);
        if (message === null) throw error;
        return showAdminPage(request, reply, { error: message, entered });
      }
      return reply.redirect('/admin/publication', 303);
    },
  );

  app.post(
    '/admin/publication/:label/exemptions',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams } },
    async (request, reply) => {
      try {
        await setNationalExemptions(deps.db, deps.clock, {
          label: request.params.label,
          questionKeys: readQuestionKeys(request.body),
          actor: actorOf(request),
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        return showAdminPage(request, reply, {
          error: pageContextFrom(request).t('results.error.exemptionNotIndicator'),
        });
      }
      return reply.redirect('/admin/publication?notice=exemptions', 303);
    },
  );

  app.post(
    '/admin/publication/:label/audit',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams } },
    async (request, reply) => {
      const audit = await previewReleaseAudit(deps.db, {
        label: request.params.label,
        minimumRespondents,
      });
      return showAdminPage(request, reply, undefined, undefined, { label: request.params.label, audit });
    },
  );

  app.post(
    '/admin/publication/:label/correction',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams } },
    async (request, reply) => {
      await startCorrection(deps.db, deps.clock, {
        label: request.params.label,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
      });
      return reply.redirect('/admin/publication', 303);
    },
  );

  app.post(
    '/admin/publication/:label/unpublish',
    { config: { policy: policies.administrator }, schema: { hide: true, params: LabelParams } },
    async (request, reply) => {
      await unpublishRound(deps.db, deps.clock, {
        label: request.params.label,
        actor: { userId: request.user?.id ?? null, label: request.user?.email ?? 'web' },
      });
      return reply.redirect('/admin/publication', 303);
    },
  );
}
