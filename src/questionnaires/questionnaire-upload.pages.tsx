import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';

/** The form that uploads a questionnaire version as YAML or XLSX, with every problem of a rejected file. */
export function QuestionnaireUploadPage({
  context,
  errors,
  fileName,
}: {
  context: PageContext;
  errors: readonly { field: string; message: string }[];
  fileName?: string;
}) {
  const { t } = context;
  return (
    <Layout context={context} title={t('questionnaires.upload.title')}>
      <p>
        <a href="/questionnaires">{t('questionnaires.list.title')}</a>
      </p>
      <h1>{t('questionnaires.upload.title')}</h1>
      <p class="lead">{t('questionnaires.upload.lead')}</p>
      {errors.length > 0 ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{t('questionnaires.upload.rejected', { file: fileName ?? '', count: errors.length })}</h2>
          <ul class="upload-errors">
            {errors.map((error) => (
              <li key={error.message}>
                <a href="#file">
                  <code>{error.message}</code>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/questionnaires/upload" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={context.csrfToken} />
        <div class="field">
          <label for="file">{t('questionnaires.upload.file')}</label>
          <p class="hint" id="file-hint">
            {t('questionnaires.upload.hint')}
          </p>
          <input
            type="file"
            id="file"
            name="file"
            accept=".yaml,.yml,.xlsx"
            required
            aria-describedby="file-hint"
            aria-invalid={errors.length > 0 ? 'true' : undefined}
          />
        </div>
        <div class="form-actions">
          <button type="submit">{t('questionnaires.upload.submit')}</button>
        </div>
      </form>
    </Layout>
  );
}
