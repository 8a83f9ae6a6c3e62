import { Type } from 'typebox';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { policies } from '../http/policy.ts';
import { renderTaggedPdf } from '../pdf/tagged-pdf.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { QuestionnaireVersion } from './questionnaire.schema.ts';
import {
  ComparisonQuerySchema,
  QuestionnaireSummarySchema,
  SurveyJsQuerySchema,
  SurveyJsSchema,
  VersionPageQuerySchema,
  VersionParamsSchema,
} from './questionnaire-api.schema.ts';
import {
  chooseOrganisationType,
  compareQuestionnaireVersions,
  summariseQuestionnaireVersion,
} from './questionnaire-overview.ts';
import { QuestionnairePrintPage } from './questionnaire-print.pages.tsx';
import { buildQuestionnairePdf } from './questionnaire-print.pdf.ts';
import { buildPrintedQuestionnaire } from './questionnaire-print.ts';
import { ListPageQuerySchema, questionnaireUploadRoutes } from './questionnaire-upload.routes.tsx';
import { QuestionnaireListPage, QuestionnaireVersionPage } from './questionnaires.pages.tsx';
import {
  findQuestionnaireVersion,
  listQuestionnaireVersionInfos,
  listQuestionnaireVersions,
} from './questionnaires.service.ts';
import { exportToSurveyJs } from './surveyjs-export.ts';
import { VersionComparisonPage } from './version-comparison.pages.tsx';

/**
 * Questionnaire versions for coordinators (pages, JSON, SurveyJS export) and the printable questionnaire.
 * The printable page and PDF are public: they hold only the questions, which are published with every report,
 * and a respondent often hands them to colleagues (IT, HR, finance) who gather answers but have no account.
 */
export async function questionnaireRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  // A PDF is kept under the version's content (an uploaded version may be replaced until a round uses it); at most
  // versions × 2 types × 2 languages entries, and anonymous visitors cannot make the server render it again and again.
  const pdfCache = new WeakMap<QuestionnaireVersion, Map<string, Buffer>>();
  await questionnaireUploadRoutes(app, deps);

  app.get(
    '/api/questionnaires',
    {
      config: { policy: policies.analyst },
      schema: {
        tags: ['questionnaires'],
        summary: 'List the shipped questionnaire versions, oldest first',
        response: { 200: Type.Array(QuestionnaireSummarySchema) },
      },
    },
    async () => (await listQuestionnaireVersions(deps.db)).map(summariseQuestionnaireVersion),
  );

  app.get(
    '/api/questionnaires/:id',
    {
      config: { policy: policies.analyst },
      schema: {
        tags: ['questionnaires'],
        summary: 'One questionnaire version in the shape of its file (sections, questions, conditions, mappings)',
        params: VersionParamsSchema,
        response: { 200: QuestionnaireVersion },
      },
    },
    async (request) => findQuestionnaireVersion(deps.db, request.params.id),
  );

  app.get(
    '/api/questionnaires/:id/surveyjs',
    {
      config: { policy: policies.analyst },
      schema: {
        tags: ['questionnaires'],
        summary: 'A version as SurveyJS JSON for one organisation type (kommun or region) and language',
        params: VersionParamsSchema,
        querystring: SurveyJsQuerySchema,
        response: { 200: SurveyJsSchema },
      },
    },
    async (request) => {
      const version = await findQuestionnaireVersion(deps.db, request.params.id);
      const orgType = chooseOrganisationType([version], request.query.type);
      return exportToSurveyJs(version, orgType, request.query.lang ?? 'sv');
    },
  );

  app.get(
    '/questionnaires',
    { config: { policy: policies.analyst }, schema: { hide: true, querystring: ListPageQuerySchema } },
    async (request, reply) =>
      sendPage(
        reply,
        <QuestionnaireListPage
          context={pageContextFrom(request)}
          infos={await listQuestionnaireVersionInfos(deps.db)}
          notice={request.query.uploaded}
        />,
      ),
  );

  app.get(
    '/questionnaires/compare',
    { config: { policy: policies.analyst }, schema: { hide: true, querystring: ComparisonQuerySchema } },
    async (request, reply) => {
      const versions = await listQuestionnaireVersions(deps.db);
      // Without a choice, the newest version that has a previous one is compared with it.
      const newest = [...versions].reverse().find((version) => version.previous !== undefined);
      const to = request.query.to ?? newest?.id ?? '';
      const from = request.query.from ?? (await findQuestionnaireVersion(deps.db, to)).previous ?? '';
      const comparison = await compareQuestionnaireVersions(deps.db, from, to, request.query.type);
      return sendPage(
        reply,
        <VersionComparisonPage context={pageContextFrom(request)} comparison={comparison} versions={versions} />,
      );
    },
  );

  app.get(
    '/questionnaires/:id',
    {
      config: { policy: policies.analyst },
      schema: { hide: true, params: VersionParamsSchema, querystring: VersionPageQuerySchema },
    },
    async (request, reply) => {
      const version = await findQuestionnaireVersion(deps.db, request.params.id);
      const orgType = chooseOrganisationType([version], request.query.type);
      return sendPage(
        reply,
        <QuestionnaireVersionPage context={pageContextFrom(request)} version={version} orgType={orgType} />,
      );
    },
  );

  app.get(
    '/questionnaires/:id/print',
    {
      config: { policy: policies.anonymous },
      schema: { hide: true, params: VersionParamsSchema, querystring: VersionPageQuerySchema },
    },
    async (request, reply) => {
      const version = await findQuestionnaireVersion(deps.db, request.params.id);
      const orgType = chooseOrganisationType([version], request.query.type);
      const printed = buildPrintedQuestionnaire(version, orgType, request.language);
      return sendPage(
        reply,
        <QuestionnairePrintPage
          context={pageContextFrom(request)}
          versionId={version.id}
          targets={version.targets}
          orgType={orgType}
          printed={printed}
        />,
      );
    },
  );

  app.get(
    '/questionnaires/:id/print.pdf',
    {
      config: { policy: policies.anonymous },
      schema: { hide: true, params: VersionParamsSchema, querystring: VersionPageQuerySchema },
    },
    async (request, reply) => {
      const version = await findQuestionnaireVersion(deps.db, request.params.id);
      const orgType = chooseOrganisationType([version], request.query.type);
      const language = request.language;
      const cacheKey = `${orgType}/${language}`;
      // Parsed versions are shared objects per content, so the version itself keys its PDFs.
      const cached = pdfCache.get(version) ?? new Map<string, Buffer>();
      pdfCache.set(version, cached);
      let pdf = cached.get(cacheKey);
      if (!pdf) {
        pdf = await renderTaggedPdf(buildQuestionnairePdf(buildPrintedQuestionnaire(version, orgType, language)));
        cached.set(cacheKey, pdf);
      }
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${version.id}-${orgType}-${language}.pdf"`)
        .header('cache-control', 'public, max-age=3600')
        .send(pdf);
    },
  );
}
