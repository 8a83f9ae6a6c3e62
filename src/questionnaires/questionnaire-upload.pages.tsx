import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { UploadProblemPlace } from './questionnaires.service.ts';

export type ShownUploadProblem = { place: UploadProblemPlace; path?: string; message: string };

function describePlace(context: PageContext, place: UploadProblemPlace): string | undefined {
  switch (place.kind) {
    case 'line':
      return context.t('questionnaires.upload.atLine', { line: place.line, column: place.column });
    case 'cell':
      return context.t('questionnaires.upload.atCell', { sheet: place.sheet, cell: place.cell });
    case 'sheet':
      return context.t('questionnaires.upload.atSheet', { sheet: place.sheet });
    default:
      return undefined;
  }
}

/**
 * The form that uploads a questionnaire version as YAML or XLSX. A rejected file's problems are listed with their
 * line or cell; a rejected YAML file's text stands in a text area, to be corrected and sent again.
 */
export function QuestionnaireUploadPage({
  context,
  problems,
  fileName,
  keptText,
}: {
  context: PageContext;
  problems: readonly ShownUploadProblem[];
  fileName?: string;
  keptText?: string | undefined;
}) {
  const { t } = context;
  const target = keptText === undefined ? '#file' : '#content';
  return (
    <Layout context={context} title={t('questionnaires.upload.title')}>
      <p>
        <a href="/questionnaires">{t('questionnaires.list.title')}</a>
      </p>
      <h1>{t('questionnaires.upload.title')}</h1>
      <p class="lead">{t('questionnaires.upload.lead')}</p>
      {problems.length > 0 ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{t('questionnaires.upload.rejected', { file: fileName ?? '', count: problems.length })}</h2>
          <ul class="upload-errors">
            {problems.map((problem, index) => {
              const place = describePlace(context, problem.place);
              return (
                <li key={`${index}-${problem.message}`}>
                  <a href={target}>
                    {place === undefined ? null : <strong>{place}: </strong>}
                    {problem.path ? <code>{problem.path}</code> : null} {problem.message}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/questionnaires/upload" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={context.csrfToken} />
        {keptText === undefined ? null : (
          <div class="field">
            <input type="hidden" name="fileName" value={fileName ?? ''} />
            <label for="content">{t('questionnaires.upload.content')}</label>
            <p class="hint" id="content-hint">
              {t('questionnaires.upload.contentHint')}
            </p>
            <textarea
              id="content"
              name="content"
              rows={24}
              class="code-input"
              spellcheck={false}
              aria-describedby="content-hint"
              aria-invalid="true"
            >
              {keptText}
            </textarea>
          </div>
        )}
        <div class="field">
          <label for="file">
            {t(keptText === undefined ? 'questionnaires.upload.file' : 'questionnaires.upload.newFile')}
          </label>
          <p class="hint" id="file-hint">
            {t('questionnaires.upload.hint')}
          </p>
          <input
            type="file"
            id="file"
            name="file"
            accept=".yaml,.yml,.xlsx"
            required={keptText === undefined}
            aria-describedby="file-hint"
            aria-invalid={problems.length > 0 && keptText === undefined ? 'true' : undefined}
          />
        </div>
        <div class="form-actions">
          <button type="submit">{t('questionnaires.upload.submit')}</button>
        </div>
      </form>
    </Layout>
  );
}
