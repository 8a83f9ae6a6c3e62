import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { renderTaggedPdf } from '../pdf/tagged-pdf.ts';
import type { Language } from '../web/i18n.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { buildPersonalDataDocument } from './personal-data.document.ts';
import { collectPersonalData, exportPersonalData } from './personal-data.service.ts';
import { describePrivacyErrors, MyDataPage, PrivacyAdminPage, PrivacyNoticePage } from './privacy.pages.tsx';
import type { PersonalData, PrivacyNotice } from './privacy.schema.ts';
import { findPrivacyNotice, type PrivacyNoticeForm, savePrivacyNotice } from './privacy-notice.service.ts';

const noticeFields = [
  'controllerName',
  'organisationNumber',
  'contactEmail',
  'protectionOfficerEmail',
  'purposes',
  'legalBasis',
  'recipients',
  'retentionMonths',
] as const satisfies readonly (keyof PrivacyNoticeForm)[];
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ pattern: '^saved$' })) });

function actorOf(context: PageContext) {
  return { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
}

function noticeForm(notice: PrivacyNotice): PrivacyNoticeForm {
  return { ...notice, retentionMonths: String(notice.retentionMonths) };
}

async function sendPersonalData(
  reply: FastifyReply,
  data: PersonalData,
  format: 'json' | 'pdf',
  language: Language,
): Promise<FastifyReply> {
  const name = `lagesbild-uppgifter-${data.email.replace(/[^a-z0-9.-]/g, '_')}`;
  // Personal data: never kept by a cache on the way.
  reply.header('cache-control', 'no-store');
  if (format === 'json') {
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.json"`)
      .send(JSON.stringify(data, null, 2));
  }
  const pdf = await renderTaggedPdf(buildPersonalDataDocument(data, language));
  return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(pdf);
}

/** The privacy notice, "Mina uppgifter" for everyone signed in, and the administrators' page. */
export async function privacyRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/personuppgifter',
    { config: { policy: policies.anonymous }, schema: { hide: true } },
    async (request, reply) =>
      sendPage(
        reply,
        <PrivacyNoticePage context={pageContextFrom(request)} notice={await findPrivacyNotice(deps.db)} />,
      ),
  );

  app.get('/my/data', { config: { policy: policies.signedIn }, schema: { hide: true } }, async (request, reply) => {
    const context = pageContextFrom(request);
    const data = await collectPersonalData(deps.db, deps.clock, context.user?.email ?? '');
    return sendPage(reply, <MyDataPage context={context} data={data} />);
  });

  for (const format of ['json', 'pdf'] as const) {
    app.get(
      `/my/data.${format}`,
      { config: { policy: policies.signedIn }, schema: { hide: true } },
      async (request, reply) => {
        const context = pageContextFrom(request);
        const data = await exportPersonalData(deps.db, deps.clock, {
          email: context.user?.email ?? '',
          format,
          actor: actorOf(context),
        });
        return sendPersonalData(reply, data, format, request.language);
      },
    );
  }

  app.get(
    '/admin/privacy',
    { config: { policy: policies.administrator }, schema: { hide: true, querystring: NoticeQuery } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      return sendPage(
        reply,
        <PrivacyAdminPage
          context={context}
          form={noticeForm(await findPrivacyNotice(deps.db))}
          errors={[]}
          notice={request.query.notice ? context.t('privacy.admin.saved') : null}
          exportEmail=""
        />,
      );
    },
  );

  app.post(
    '/admin/privacy',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const form = readFormFields(request.body, noticeFields, 5000);
      try {
        await savePrivacyNotice(deps.db, deps.clock, form, actorOf(context));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const errors = describePrivacyErrors(context, error.fields);
        return sendPage(
          reply,
          <PrivacyAdminPage context={context} form={form} errors={errors} notice={null} exportEmail="" />,
          422,
        );
      }
      return reply.redirect('/admin/privacy?notice=saved', 303);
    },
  );

  app.post(
    '/admin/privacy/export',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const { email, format } = readFormFields(request.body, ['email', 'format'], 300);
      try {
        const data = await exportPersonalData(deps.db, deps.clock, {
          email,
          format: format === 'json' ? 'json' : 'pdf',
          actor: actorOf(context),
        });
        return await sendPersonalData(reply, data, format === 'json' ? 'json' : 'pdf', request.language);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const errors = [{ field: 'email', message: context.t('privacy.problem.email') }];
        const form = noticeForm(await findPrivacyNotice(deps.db));
        return sendPage(
          reply,
          <PrivacyAdminPage context={context} form={form} errors={errors} notice={null} exportEmail={email} />,
          422,
        );
      }
    },
  );
}
