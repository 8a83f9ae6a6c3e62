import { Type } from 'typebox';
import { AppError } from '../app-error.ts';
import type { AppDeps, AppInstance } from '../http/app-instance.ts';
import { addMultipartParser, type MultipartBody, type MultipartFile } from '../http/multipart.ts';
import { policies } from '../http/policy.ts';
import { pageContextFrom } from '../web/page-context.ts';
import { sendPage } from '../web/render.tsx';
import { describeProblem } from './problem-text.ts';
import { VersionParamsSchema } from './questionnaire-api.schema.ts';
import { QuestionnaireUploadPage } from './questionnaire-upload.pages.tsx';
import {
  downloadQuestionnaireWorkbook,
  downloadQuestionnaireYaml,
  importQuestionnaireVersion,
  isWorkbookFile,
  QuestionnaireRejectedError,
} from './questionnaires.service.ts';

export const ListPageQuerySchema = Type.Object({ uploaded: Type.Optional(Type.String({ maxLength: 60 })) });

const uploadLimit = 2 * 1024 * 1024;

/** The chosen file, or else the YAML text of the form's text area (a rejected file corrected in place). */
function readUpload(body: MultipartBody): MultipartFile | undefined {
  const file = body.file;
  if (file !== undefined && typeof file !== 'string' && file.content.length > 0) return file;
  const text = typeof body.content === 'string' ? body.content.replaceAll('\r\n', '\n') : '';
  if (text.trim() === '') return undefined;
  const fileName = typeof body.fileName === 'string' && body.fileName !== '' ? body.fileName : 'questionnaire.yaml';
  return { fileName, content: Buffer.from(text, 'utf8') };
}

/** Uploading a version (YAML or XLSX, from a form that works without JavaScript) and downloading any version. */
export async function questionnaireUploadRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  addMultipartParser(app, uploadLimit);

  app.get(
    '/questionnaires/upload',
    { config: { policy: policies.analyst }, schema: { hide: true } },
    (request, reply) => sendPage(reply, <QuestionnaireUploadPage context={pageContextFrom(request)} problems={[]} />),
  );

  app.post(
    '/questionnaires/upload',
    { config: { policy: policies.analyst }, schema: { hide: true }, bodyLimit: uploadLimit },
    async (request, reply) => {
      const context = pageContextFrom(request);
      const body: MultipartBody =
        typeof request.body === 'object' && request.body !== null ? (request.body as MultipartBody) : {};
      const file = readUpload(body);
      if (file === undefined) {
        const problems = [{ place: { kind: 'file' as const }, message: context.t('questionnaires.upload.noFile') }];
        return sendPage(reply, <QuestionnaireUploadPage context={context} problems={problems} />, 422);
      }
      // A rejected YAML file comes back in the form, so the coordinator corrects it there and sends it again.
      const keptText = isWorkbookFile(file.content) ? undefined : file.content.toString('utf8');
      try {
        const actor = { userId: context.user?.id ?? null, label: context.user?.email ?? 'anonymous' };
        const { version } = await importQuestionnaireVersion(deps.db, deps.clock, { ...file, actor });
        return reply.redirect(`/questionnaires?uploaded=${encodeURIComponent(version.id)}`, 303);
      } catch (error) {
        if (error instanceof QuestionnaireRejectedError) {
          const problems = error.problems.map((problem) => ({
            place: problem.place,
            path: problem.path,
            message: describeProblem(context.language, problem.text),
          }));
          const page = (
            <QuestionnaireUploadPage
              context={context}
              problems={problems}
              fileName={file.fileName}
              keptText={keptText}
            />
          );
          return sendPage(reply, page, 422);
        }
        if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
        const key =
          error.message === 'questionnaires.upload.shipped'
            ? 'questionnaires.upload.shipped'
            : 'questionnaires.upload.inUse';
        const problems = [
          { place: { kind: 'file' as const }, message: context.t(key, { id: error.fields[0]?.message ?? '' }) },
        ];
        const page = (
          <QuestionnaireUploadPage context={context} problems={problems} fileName={file.fileName} keptText={keptText} />
        );
        return sendPage(reply, page, 409);
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
