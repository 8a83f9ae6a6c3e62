import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { readFormFields } from '../http/form.ts';
import { policies } from '../http/policy.ts';
import { type PageContext, pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { AccessibilityAdminPage, describeErrors, type ReportForm, StatementPage } from './accessibility.pages.tsx';
import type { AccessibilityStatement } from './accessibility.schema.ts';
import {
  findAccessibilityStatement,
  listAccessibilityReports,
  markAccessibilityReportHandled,
  reportAccessibilityProblem,
  type StatementForm,
  saveAccessibilityStatement,
} from './accessibility.service.ts';

const emptyReport: ReportForm = {
  page: '',
  description: '',
  contactName: '',
  contactEmail: '',
  wantsOtherFormat: false,
};
const statementFields = [
  'organisationName',
  'status',
  'shortcomings',
  'contactEmail',
  'contactPhone',
  'assessment',
  'madeOn',
  'reviewedOn',
] as const satisfies readonly (keyof StatementForm)[];
const reportParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const SentQuery = Type.Object({ sent: Type.Optional(Type.String({ maxLength: 1 })) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ pattern: '^(saved|handled)$' })) });

function actorOf(context: PageContext) {
  return { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
}

function statementForm(statement: AccessibilityStatement): StatementForm {
  return { ...statement };
}

/** The accessibility statement at /tillganglighet, its problem report form, and the administrators' page. */
export async function accessibilityRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/tillganglighet',
    { config: { policy: policies.anonymous }, schema: { hide: true, querystring: SentQuery } },
    async (request, reply) => {
      const statement = await findAccessibilityStatement(deps.db);
      return sendPage(
        reply,
        <StatementPage
          context={pageContextFrom(request)}
          statement={statement}
          form={emptyReport}
          errors={[]}
          isSent={request.query.sent === '1'}
        />,
      );
    },
  );

  app.post(
    '/tillganglighet/rapport',
    {
      config: { policy: policies.anonymous, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { hide: true },
    },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const fields = readFormFields(request.body, ['page', 'description', 'contactName', 'contactEmail'], 5000);
      const form: ReportForm = {
        ...fields,
        wantsOtherFormat: readFormFields(request.body, ['wantsOtherFormat']).wantsOtherFormat !== '',
      };
      try {
        await reportAccessibilityProblem(deps.db, deps.clock, form, actorOf(context));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const statement = await findAccessibilityStatement(deps.db);
        const errors = describeErrors(context, error.fields);
        return sendPage(
          reply,
          <StatementPage context={context} statement={statement} form={form} errors={errors} isSent={false} />,
          422,
        );
      }
      return reply.redirect('/tillganglighet?sent=1#main', 303);
    },
  );

  app.get(
    '/admin/accessibility',
    { config: { policy: policies.administrator }, schema: { hide: true, querystring: NoticeQuery } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const statement = await findAccessibilityStatement(deps.db);
      const notice =
        request.query.notice === 'saved'
          ? context.t('accessibility.admin.saved')
          : request.query.notice === 'handled'
            ? context.t('accessibility.admin.handledNotice')
            : null;
      return sendPage(
        reply,
        <AccessibilityAdminPage
          context={context}
          form={statementForm(statement)}
          errors={[]}
          reports={await listAccessibilityReports(deps.db)}
          notice={notice}
        />,
      );
    },
  );

  app.post(
    '/admin/accessibility',
    { config: { policy: policies.administrator }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const form = readFormFields(request.body, statementFields, 5000);
      try {
        await saveAccessibilityStatement(deps.db, deps.clock, form, actorOf(context));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        return sendPage(
          reply,
          <AccessibilityAdminPage
            context={context}
            form={form}
            errors={describeErrors(context, error.fields)}
            reports={await listAccessibilityReports(deps.db)}
            notice={null}
          />,
          422,
        );
      }
      return reply.redirect('/admin/accessibility?notice=saved', 303);
    },
  );

  app.post(
    '/admin/accessibility/reports/:id/handled',
    { config: { policy: policies.administrator }, schema: { hide: true, params: reportParams } },
    async (request, reply) => {
      await markAccessibilityReportHandled(deps.db, deps.clock, request.params.id, actorOf(pageContextFrom(request)));
      return reply.redirect('/admin/accessibility?notice=handled', 303);
    },
  );
}
