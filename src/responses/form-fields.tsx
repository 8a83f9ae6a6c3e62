import { Fragment } from 'preact';
import { freeTextMaxLength } from '../questionnaires/answer-values.ts';
import { findQuestionText, isChoiceType, listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, OrganisationType, Question } from '../questionnaires/questionnaire.schema.ts';
import type { PageContext } from '../web/page-context.ts';
import { formatAnswer, formatDateTime } from './answer-format.ts';
import type { AnsweringView } from './answer-view.ts';
import type { CurrentAnswer } from './answering.service.ts';
import { PlausibilityNote, type PlausibilityState } from './plausibility-note.tsx';
import type { PreviousAnswer } from './previous-answers.service.ts';

/** What a field shows: the text typed, or the codes ticked, exactly as posted or as stored. */
export type EnteredValue = string | readonly string[];

/** Turns a stored answer into what its field shows. */
export function toEnteredValue(value: AnswerValue | undefined): EnteredValue {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(value) : value;
}

/** The id of the element an error summary links to for this question. */
export function fieldAnchor(question: Question): string {
  if (isChoiceType(question.type)) return `q-${question.key}-${listAnswerOptions(question)[0]?.code ?? ''}`;
  return `q-${question.key}`;
}

/** Words what was typed or ticked, with option labels for codes, for the conflict notice. */
function describeEntered(question: Question, entered: EnteredValue, language: 'sv' | 'en'): string {
  const codes = typeof entered === 'string' ? [entered] : entered;
  const options = listAnswerOptions(question);
  const words = codes
    .filter((code) => code.trim() !== '')
    .map((code) => options.find((option) => option.code === code)?.label[language] ?? code);
  return words.join(', ');
}

function ConflictNotice({
  context,
  question,
  entered,
  current,
}: {
  context: PageContext;
  question: Question;
  entered: EnteredValue;
  current: CurrentAnswer;
}) {
  const { t, language } = context;
  const titleId = `q-${question.key}-conflict`;
  const empty = t('responses.conflict.empty');
  return (
    <fieldset class="conflict" data-conflict={question.key}>
      <legend class="conflict__title" id={titleId}>
        {t('responses.conflict.title')}
      </legend>
      <p>
        {t('responses.conflict.text', {
          who: current.updatedBy ?? t('responses.conflict.someone'),
          when: current.updatedAt ? formatDateTime(current.updatedAt, language) : '',
        })}
      </p>
      <p>{t('responses.conflict.theirs', { value: formatAnswer(question, current.value, language) ?? empty })}</p>
      <p>{t('responses.conflict.yours', { value: describeEntered(question, entered, language) || empty })}</p>
      <input type="hidden" name={`conflictrev_${question.key}`} value={String(current.revision)} />
      <div class="conflict__choices">
        {(['theirs', 'mine'] as const).map((choice) => (
          <div class="choice" key={choice}>
            <input
              type="radio"
              id={`resolve-${question.key}-${choice}`}
              name={`resolve_${question.key}`}
              value={choice}
            />
            <label for={`resolve-${question.key}-${choice}`}>
              {t(choice === 'theirs' ? 'responses.conflict.keepTheirs' : 'responses.conflict.overwrite')}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export type QuestionFieldProps = {
  context: PageContext;
  question: Question;
  orgType: OrganisationType;
  number: string;
  entered: EnteredValue;
  revision: number;
  error: string | undefined;
  conflict: CurrentAnswer | undefined;
  isVisible: boolean;
  /** The organisation's comparable answer in its previous round, shown beside the question. */
  previous?: PreviousAnswer | undefined;
  /** The answer was copied from the previous round and is not yet confirmed or changed. */
  isPrefilled?: boolean;
  /** The question's plausibility warning, when the questionnaire gives it a rule. */
  plausibility?: PlausibilityState | undefined;
};

/** "Förra omgången (2023): Ja", and for a copied answer the mark and the box that confirms it. */
function PreviousAnswerNote({
  context,
  question,
  previous,
  isPrefilled,
}: {
  context: PageContext;
  question: Question;
  previous: PreviousAnswer;
  isPrefilled: boolean;
}) {
  const { t, language } = context;
  const answer = formatAnswer(question, previous.value, language) ?? t('responses.previous.unanswered');
  return (
    <div class={`previous-answer${isPrefilled ? ' previous-answer--prefilled' : ''}`} data-previous={question.key}>
      <p class="muted">{t('responses.previous.answer', { label: previous.roundLabel, answer })}</p>
      {isPrefilled ? (
        <>
          <p class="prefill-mark">{t('responses.prefill.marked', { label: previous.roundLabel })}</p>
          <div class="choice">
            <input type="checkbox" id={`confirm-${question.key}`} name={`confirm_${question.key}`} value="yes" />
            <label for={`confirm-${question.key}`}>{t('responses.prefill.confirm')}</label>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** One question as an accessible form field: a fieldset with a legend for choices, a labelled input otherwise. */
export function QuestionField(props: QuestionFieldProps) {
  const { context, question, number, entered, error, isVisible } = props;
  const { t, language } = context;
  const key = question.key;
  const helpId = question.help ? `q-${key}-help` : null;
  const errorId = error ? `q-${key}-error` : null;
  const unitId = question.unit ? `q-${key}-unit` : null;
  const describedBy = [helpId, errorId, unitId].filter(Boolean).join(' ') || undefined;
  const invalid = error ? 'true' : undefined;
  const heading = (
    <>
      <span class="question-number">{number}</span> {findQuestionText(question, props.orgType)[language]}
      {question.required ? null : <span class="optional"> {t('responses.question.optional')}</span>}
    </>
  );
  const notes = (
    <>
      {question.help && helpId ? (
        <p class="hint" id={helpId}>
          {question.help[language]}
        </p>
      ) : null}
      {error && errorId ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </>
  );
  const revision = <input type="hidden" name={`rev_${key}`} value={String(props.revision)} data-revision={key} />;
  const conflict = props.conflict ? (
    <ConflictNotice context={context} question={question} entered={entered} current={props.conflict} />
  ) : null;
  const wrapperClass = `question${error || props.conflict ? ' question--error' : ''}`;
  const previousNote = props.previous ? (
    <PreviousAnswerNote
      context={context}
      question={question}
      previous={props.previous}
      isPrefilled={props.isPrefilled ?? false}
    />
  ) : null;
  const plausibilityNote = props.plausibility ? (
    <PlausibilityNote context={context} question={question} state={props.plausibility} />
  ) : null;

  if (isChoiceType(question.type)) {
    const isMultiple = question.type === 'multiple_choice';
    const chosen = typeof entered === 'string' ? [entered] : entered;
    return (
      <div class={wrapperClass} data-question={key} id={`question-${key}`} hidden={!isVisible}>
        <fieldset class="field-group" aria-describedby={describedBy}>
          <legend>{heading}</legend>
          {notes}
          <div class={`choices${question.type === 'multiple_choice' ? '' : ' choices--inline'}`}>
            {listAnswerOptions(question).map((option) => (
              <div class="choice" key={option.code}>
                <input
                  type={isMultiple ? 'checkbox' : 'radio'}
                  id={`q-${key}-${option.code}`}
                  name={`q_${key}`}
                  value={option.code}
                  checked={chosen.includes(option.code)}
                  aria-invalid={invalid}
                />
                <label for={`q-${key}-${option.code}`}>{option.label[language]}</label>
              </div>
            ))}
          </div>
          {revision}
        </fieldset>
        {previousNote}
        {plausibilityNote}
        {conflict}
      </div>
    );
  }
  const text = typeof entered === 'string' ? entered : entered.join(' ');
  return (
    <div class={wrapperClass} data-question={key} id={`question-${key}`} hidden={!isVisible}>
      <div class="field">
        <label for={`q-${key}`}>{heading}</label>
        {notes}
        {question.type === 'free_text' ? (
          <textarea
            id={`q-${key}`}
            name={`q_${key}`}
            rows={4}
            maxLength={freeTextMaxLength}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          >
            {text}
          </textarea>
        ) : (
          <div class="number-input">
            <input
              type="text"
              id={`q-${key}`}
              name={`q_${key}`}
              value={text}
              inputMode={question.type === 'integer' ? 'numeric' : 'decimal'}
              size={12}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
            {question.unit && unitId ? <span id={unitId}>{question.unit[language]}</span> : null}
          </div>
        )}
        {revision}
      </div>
      {previousNote}
      {plausibilityNote}
      {conflict}
    </div>
  );
}

/** Questions and their answers as text, numbered as in the form, for read-only pages. */
export function AnswerList({
  context,
  view,
  questions,
}: {
  context: PageContext;
  view: AnsweringView;
  questions: readonly Question[];
}) {
  return (
    <dl class="answers">
      {questions.map((question) => {
        const answer = formatAnswer(question, view.answers.get(question.key)?.value ?? null, context.language);
        return (
          <Fragment key={question.key}>
            <dt>
              <span class="question-number">{view.numbers.get(question.key) ?? ''}</span>{' '}
              {findQuestionText(question, view.orgType)[context.language]}
            </dt>
            <dd class={answer === null ? 'muted' : undefined}>
              {answer ?? context.t('responses.question.unanswered')}
            </dd>
          </Fragment>
        );
      })}
    </dl>
  );
}
