import { Fragment } from 'preact';
import type { MailParagraph } from '../mail/mail-document.ts';
import { CsrfField, ErrorSummary, Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import type { MailPreview } from './mail-texts.service.ts';
import {
  type MailTextField,
  type MailTextProblem,
  type MailTexts,
  mailPlaceholders,
  roundMailKinds,
} from './mail-texts.ts';
import { Field, Notice, type PageError } from './round-fields.tsx';
import type { Round } from './rounds.repository.ts';

/** The id and form name of a field: "invitation.sv.body" -> "invitation-sv-body". */
export function mailTextFieldId(field: MailTextField): string {
  return field.replaceAll('.', '-');
}

/** Names a field in the visitor's language: "Inbjudan på svenska, Text". */
export function describeMailTextField(context: PageContext, field: MailTextField): string {
  if (field === 'coordinator') return context.t('rounds.mailTexts.coordinator');
  const [kind = 'invitation', language = 'sv', part = 'subject'] = field.split('.');
  return context.t('rounds.mailTexts.fieldName', {
    kind: context.t(kind === 'reminder' ? 'rounds.mailTexts.kind.reminder' : 'rounds.mailTexts.kind.invitation'),
    language: context.t(language === 'en' ? 'rounds.mailTexts.language.en' : 'rounds.mailTexts.language.sv'),
    part: context.t(part === 'body' ? 'rounds.mailTexts.part.body' : 'rounds.mailTexts.part.subject'),
  });
}

/** Words each problem for the error summary and its field. */
export function describeMailTextProblems(context: PageContext, problems: readonly MailTextProblem[]): PageError[] {
  return problems.map((problem) => ({
    field: mailTextFieldId(problem.field),
    message: context.t(`rounds.mailTexts.problem.${problem.reason}`, {
      field: describeMailTextField(context, problem.field),
      value: problem.value ?? '',
    }),
  }));
}

function ParagraphView({ paragraph, sampleLink }: { paragraph: MailParagraph; sampleLink: string }) {
  return (
    <p>
      {paragraph.map((part, index) =>
        typeof part === 'string' ? (
          part.split('\n').map((line, lineIndex) => (
            <Fragment key={`${index}-${lineIndex}`}>
              {lineIndex > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))
        ) : (
          <a key={index} href={sampleLink}>
            {part.label ?? sampleLink}
          </a>
        ),
      )}
    </p>
  );
}

function PreviewSection({ context, preview }: { context: PageContext; preview: MailPreview }) {
  const { t } = context;
  return (
    <section aria-labelledby="preview-heading" class="mail-preview">
      <h2 id="preview-heading" tabIndex={-1}>
        {t('rounds.mailTexts.previewTitle')}
      </h2>
      <p>{t('rounds.mailTexts.previewLead', { organisation: preview.organisationName })}</p>
      {preview.mails.map((mail) => (
        <article key={mail.kind} lang={preview.language} aria-labelledby={`preview-${mail.kind}`}>
          <h3 id={`preview-${mail.kind}`}>{t(`rounds.mailTexts.kind.${mail.kind}`)}</h3>
          <p>
            <strong>{t('rounds.mailTexts.previewSubject')}:</strong> {mail.document.subject}
          </p>
          <h4>{t('rounds.mailTexts.previewHtml')}</h4>
          <div class="mail-preview__html">
            {mail.document.paragraphs.map((paragraph, index) => (
              <ParagraphView key={index} paragraph={paragraph} sampleLink={preview.sampleLink} />
            ))}
          </div>
          <h4>{t('rounds.mailTexts.previewPlain')}</h4>
          <pre class="mail-preview__text">{mail.text}</pre>
        </article>
      ))}
    </section>
  );
}

/** A round's invitation and reminder texts per language, with placeholders, a preview and every problem named. */
export function MailTextsPage({
  context,
  round,
  texts,
  organisations,
  previewChoice,
  preview,
  errors,
  notice,
}: {
  context: PageContext;
  round: Round;
  texts: MailTexts;
  organisations: Array<{ code: string; name: string }>;
  previewChoice: { code: string; language: 'sv' | 'en' };
  preview: MailPreview | null;
  errors: PageError[];
  notice: string | null;
}) {
  const { t } = context;
  const title = t('rounds.mailTexts.title', { round: round.label });
  const isEditable = round.status !== 'closed';
  const errorFor = (id: string) => errors.find((error) => error.field === id);
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/rounds/${round.id}`}>{t('rounds.organisation.back')}</a>
      </p>
      <Notice text={notice} />
      <ErrorSummary context={context} errors={errors} />
      <p class="lead">{t('rounds.mailTexts.lead')}</p>
      {isEditable ? null : <p>{t('rounds.mailTexts.readOnly')}</p>}
      <p>{t('rounds.mailTexts.placeholders')}</p>
      <ul>
        {mailPlaceholders.map((name) => (
          <li key={name}>
            <code>{`{${name}}`}</code>: {t(`rounds.mailTexts.placeholder.${name}`)}
          </li>
        ))}
      </ul>
      <p class="muted">{t('rounds.mailTexts.footerNote')}</p>
      {preview ? <PreviewSection context={context} preview={preview} /> : null}
      <form method="post" action={`/rounds/${round.id}/mail-texts`} class="mail-texts-form" noValidate>
        <CsrfField context={context} />
        <Field
          id="coordinator"
          label={t('rounds.mailTexts.coordinator')}
          hint={t('rounds.mailTexts.coordinatorHint')}
          error={errorFor('coordinator')}
        >
          {(described) => (
            <input id="coordinator" name="coordinator" value={texts.coordinator} maxLength={300} {...described} />
          )}
        </Field>
        {roundMailKinds.map((kind) =>
          (['sv', 'en'] as const).map((language) => {
            const subjectId = mailTextFieldId(`${kind}.${language}.subject`);
            const bodyId = mailTextFieldId(`${kind}.${language}.body`);
            return (
              <fieldset key={`${kind}-${language}`} class="mail-text">
                <legend>
                  {t(`rounds.mailTexts.kind.${kind}`)} {t(`rounds.mailTexts.language.${language}`)}
                </legend>
                <Field id={subjectId} label={t('rounds.mailTexts.part.subject')} error={errorFor(subjectId)}>
                  {(described) => (
                    <input
                      id={subjectId}
                      name={subjectId}
                      value={texts[kind][language].subject}
                      maxLength={300}
                      lang={language}
                      {...described}
                    />
                  )}
                </Field>
                <Field id={bodyId} label={t('rounds.mailTexts.part.body')} error={errorFor(bodyId)}>
                  {(described) => (
                    <textarea id={bodyId} name={bodyId} rows={14} lang={language} {...described}>
                      {texts[kind][language].body}
                    </textarea>
                  )}
                </Field>
              </fieldset>
            );
          }),
        )}
        <fieldset class="filter-form">
          <legend class="visually-hidden">{t('rounds.mailTexts.previewTitle')}</legend>
          <div class="field">
            <label for="previewOrganisation">{t('rounds.mailTexts.previewOrganisation')}</label>
            <select id="previewOrganisation" name="previewOrganisation">
              {organisations.map((organisation) => (
                <option
                  key={organisation.code}
                  value={organisation.code}
                  selected={organisation.code === previewChoice.code}
                >
                  {organisation.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="previewLanguage">{t('rounds.mailTexts.previewLanguage')}</label>
            <select id="previewLanguage" name="previewLanguage">
              {(['sv', 'en'] as const).map((language) => (
                <option key={language} value={language} selected={language === previewChoice.language}>
                  {t(`rounds.delivery.language.${language}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="preview">
            {t('rounds.mailTexts.preview')}
          </button>
        </fieldset>
        {isEditable ? (
          <p>
            <button type="submit" name="intent" value="save">
              {t('rounds.mailTexts.save')}
            </button>
          </p>
        ) : null}
      </form>
    </Layout>
  );
}
