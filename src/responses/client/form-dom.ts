/** Reading and writing one question's fields, its error message and its conflict notice in the page. */
import type { AnswerValue } from '../../questionnaires/questionnaire.schema.ts';

/** The raw answer a question's fields hold: text, the codes ticked, or null when empty. */
export type RawAnswer = string | string[] | null;

/** Lists the answer inputs (`q_KEY`) of a question's wrapper. */
export function listInputs(wrapper: HTMLElement, key: string): Array<HTMLInputElement | HTMLTextAreaElement> {
  return [...wrapper.querySelectorAll('input, textarea')].filter(
    (element): element is HTMLInputElement | HTMLTextAreaElement =>
      (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) && element.name === `q_${key}`,
  );
}

/** Reads what a question's fields hold now. */
export function readRawAnswer(wrapper: HTMLElement, key: string): RawAnswer {
  const inputs = listInputs(wrapper, key);
  const first = inputs[0];
  if (!first) return null;
  if (first instanceof HTMLInputElement && first.type === 'checkbox') {
    const codes = inputs
      .filter((input) => input instanceof HTMLInputElement && input.checked)
      .map((input) => input.value);
    return codes.length > 0 ? codes : null;
  }
  if (first instanceof HTMLInputElement && first.type === 'radio') {
    return inputs.find((input) => input instanceof HTMLInputElement && input.checked)?.value ?? null;
  }
  return first.value.trim() === '' ? null : first.value;
}

/** Puts an answer into a question's fields. */
export function writeAnswer(wrapper: HTMLElement, key: string, value: AnswerValue | null): void {
  const codes = value === null ? [] : Array.isArray(value) ? value : [String(value)];
  for (const input of listInputs(wrapper, key)) {
    if (input instanceof HTMLInputElement && (input.type === 'checkbox' || input.type === 'radio')) {
      input.checked = codes.includes(input.value);
    } else {
      input.value = value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
}

/** The element whose aria-describedby names the help and error: the fieldset of a choice, else the input. */
function describedElement(wrapper: HTMLElement, key: string): Element | null {
  return wrapper.querySelector('fieldset') ?? listInputs(wrapper, key)[0] ?? null;
}

function setDescribedBy(element: Element | null, id: string, isIncluded: boolean): void {
  if (!element) return;
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((token) => token && token !== id);
  if (isIncluded) ids.push(id);
  if (ids.length > 0) element.setAttribute('aria-describedby', ids.join(' '));
  else element.removeAttribute('aria-describedby');
}

/** Shows an error message next to the question, or removes it when the message is null. */
export function showFieldError(wrapper: HTMLElement, key: string, message: string | null): void {
  const id = `q-${key}-error`;
  let error = wrapper.querySelector(`#${CSS.escape(id)}`);
  if (message === null) {
    error?.remove();
  } else {
    if (!error) {
      error = document.createElement('p');
      error.className = 'field-error';
      error.id = id;
      const anchor = wrapper.querySelector('.choices, .number-input, textarea');
      anchor?.parentElement?.insertBefore(error, anchor);
    }
    error.textContent = message;
  }
  wrapper.classList.toggle('question--error', message !== null);
  setDescribedBy(describedElement(wrapper, key), id, message !== null);
  for (const input of listInputs(wrapper, key)) {
    if (message === null) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  }
}

/** Removes a question's conflict notice, the server's or the script's. */
export function removeConflict(wrapper: HTMLElement): void {
  for (const notice of wrapper.querySelectorAll('[data-conflict]')) notice.remove();
}

/** Shows who changed the answer, when, and to what, with the two choices; returns the two buttons. */
export function showConflict(
  wrapper: HTMLElement,
  key: string,
  texts: { title: string; lines: string[]; keepTheirs: string; overwrite: string },
): { keepTheirs: HTMLButtonElement; overwrite: HTMLButtonElement } {
  removeConflict(wrapper);
  const notice = document.createElement('div');
  notice.className = 'conflict';
  notice.setAttribute('role', 'group');
  notice.dataset.conflict = key;
  const title = document.createElement('p');
  title.className = 'conflict__title';
  title.id = `q-${key}-conflict`;
  title.textContent = texts.title;
  notice.setAttribute('aria-labelledby', title.id);
  notice.append(title);
  for (const line of texts.lines) {
    const paragraph = document.createElement('p');
    paragraph.textContent = line;
    notice.append(paragraph);
  }
  const actions = document.createElement('div');
  actions.className = 'conflict__actions';
  const keepTheirs = document.createElement('button');
  keepTheirs.type = 'button';
  keepTheirs.className = 'button-secondary';
  keepTheirs.textContent = texts.keepTheirs;
  const overwrite = document.createElement('button');
  overwrite.type = 'button';
  overwrite.textContent = texts.overwrite;
  actions.append(keepTheirs, overwrite);
  notice.append(actions);
  wrapper.append(notice);
  return { keepTheirs, overwrite };
}
