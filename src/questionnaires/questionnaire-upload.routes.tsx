import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { type MultipartBody, parseMultipartBody, readBoundary } from '../http/multipart.ts';
import { policies } from '../http/policy.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { VersionParamsSchema } from './questionnaire-api.schema.ts';
import { QuestionnaireUploadPage } from './questionnaire-upload.pages.tsx';
import {
  downloadQuestionnaireWorkbook,
  downloadQuestionnaireYaml,
  importQuestionnaireVersion,
} from './questionnaires.service.ts';

export const ListPageQuerySchema = Type.Object({ uploaded: Type.Optional(Type.String({ maxLength: 60 })) });

const uploadLimit = 2 * 1024 * 1024;

/** Uploading a version (YAML or XLSX, from a form that works without JavaScript) and downloading any version. */
export async function questionnaireUploadRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: uploadLimit },
    (request, body, done) => {
      const boundary = readBoundary(String(request.headers['content-type'] ?? ''));
      try {
        if (boundary === undefined) throw new Error('no boundary');
        done(null, parseMultipartBody(Buffer.isBuffer(body) ? body : Buffer.from(body), boundary));
      } catch {
        done(new AppError('bad_request', 'The upload could not be read as multipart/form-data.'), undefined);
      }
    },
  );

  app.get(
    '/questionnaires/upload',
    { config: { policy: policies.analyst }, schema: { hide: true } },
    (request, reply) => sendPage(reply, <QuestionnaireUploadPage context={pageContextFrom(request)} errors={[]} />),
  );

  app.post(
    '/questionnaires/upload',
    { config: { policy: policies.analyst }, schema: { hide: true }, bodyLimit: uploadLimit },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const body: MultipartBody =
        typeof request.body === 'object' && request.body !== null ? (request.body as MultipartBody) : {};
      const file = body.file;
      if (file === undefined || typeof file === 'string' || file.content.length === 0) {
        const errors = [{ field: 'file', message: context.t('questionnaires.upload.noFile') }];
        return sendPage(reply, <QuestionnaireUploadPage context={context} errors={errors} />, 422);
      }
      try {
        const actor = { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
        const { version } = await importQuestionnaireVersion(deps.db, deps.clock, { ...file, actor });
        return reply.redirect(`/questionnaires?uploaded=${encodeURIComponent(version.id)}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
        const errors =
          error.code === 'validation'
            ? error.fields.map((field) => ({ field: 'file', message: field.message }))
            : [
                {
                  field: 'file',
                  message: context.t(
                    error.message === 'questionnaires.upload.shipped'
                      ? 'questionnaires.upload.shipped'
                      : 'questionnaires.upload.inUse',
                    { id: error.fields[0]?.message ?? '' },
                  ),
                },
              ];
        return sendPage(
          reply,
          <QuestionnaireUploadPage context={context} errors={errors} fileName={file.fileName} />,
          error.code === 'validation' ? 422 : 409,
        );
      }
    },
  );

  app.get(
    '/questionnaires/:id/download.yaml',
    { config: { policy: policies.analyst }, schema: { hide: true, params: VersionParamsSchema } },
    async (request, reply) =>
      reply
        .type('application/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.id}.yaml"`)
        .send(await downloadQuestionnaireYaml(deps.db, request.params.id)),
  );

  app.get(
    '/questionnaires/:id/download.xlsx',
    { config: { policy: policies.analyst }, schema: { hide: true, params: VersionParamsSchema } },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${request.params.id}.xlsx"`)
        .send(await downloadQuestionnaireWorkbook(deps.db, request.params.id)),
  );
}
