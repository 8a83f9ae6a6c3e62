import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { OrganisationTypeSwitch, pageHref } from './question-details.tsx';
import type { OrganisationType } from './questionnaire.schema.ts';
import type { PrintedAnswer, PrintedQuestionnaire } from './questionnaire-print.ts';

function AnswerSpace({ context, answer }: { context: PageContext; answer: PrintedAnswer }) {
  const { t } = context;
  if (answer.kind === 'choice') {
    return (
      <>
        <p class="print-instruction">{answer.instruction}</p>
        <ul class="print-options">
          {answer.options.map((option) => (
            <li key={option}>
              <span class={answer.isMultiple ? 'print-box' : 'print-box print-box--round'} aria-hidden="true" />
              {option}
            </li>
          ))}
        </ul>
      </>
    );
  }
  if (answer.kind === 'number') {
    return (
      <>
        <p class="print-instruction">{answer.instruction}</p>
        <p class="print-number">
          {t('questionnaires.print.answer')}: <span class="print-field" aria-hidden="true" /> {answer.unit ?? ''}
        </p>
      </>
    );
  }
  return (
    <>
      <p class="print-instruction">{answer.instruction}</p>
      <div class="print-textbox" aria-hidden="true" />
    </>
  );
}

/** The questionnaire for respondents who prepare offline: every question with empty boxes, ready to print. */
export function QuestionnairePrintPage({
  context,
  versionId,
  targets,
  orgType,
  printed,
}: {
  context: PageContext;
  versionId: string;
  targets: readonly OrganisationType[];
  orgType: OrganisationType;
  printed: PrintedQuestionnaire;
}) {
  const { t, language } = context;
  return (
    <Layout context={context} title={printed.title}>
      <h1>{printed.title}</h1>
      <p class="lead">{printed.lead}</p>
      <ul class="link-row no-print">
        <li>
          <a href={`/questionnaires/${versionId}/print.pdf?type=${orgType}&lang=${language}`} download>
            {t('questionnaires.print.pdf')}
          </a>
        </li>
      </ul>
      <div class="no-print">
        <OrganisationTypeSwitch
          context={context}
          types={targets}
          current={orgType}
          hrefFor={(type) => pageHref(context, `/questionnaires/${versionId}/print`, { type })}
        />
      </div>
      {printed.sections.map((section) => (
        <section key={section.number} class="print-section" aria-labelledby={`print-section-${section.number}`}>
          <h2 id={`print-section-${section.number}`}>
            {section.number} {section.title}
          </h2>
          <p>{section.intro}</p>
          {section.questions.map((question) => (
            <div key={question.key} class="print-question">
              <h3>
                {question.number} {question.text}
                {question.isRequired ? (
                  <span class="print-required"> ({t('questionnaires.print.required')})</span>
                ) : null}
              </h3>
              {question.condition ? <p class="print-condition">{question.condition}</p> : null}
              {question.help ? <p class="print-help">{question.help}</p> : null}
              <AnswerSpace context={context} answer={question.answer} />
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}
