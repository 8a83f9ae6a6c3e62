/**
 * The form's enhancement: saves each change within two seconds through the autosave API (several changed
 * questions in one batch request, one transaction on the server), says "Sparat" in a
 * polite live region, shows and hides questions live with the questionnaire's own conditions module, and shows a
 * conflict next to the question when someone else saved first. The form works without it.
 */
import { normaliseAnswer } from '../../questionnaires/answer-values.ts';
import { visibleQuestions } from '../../questionnaires/conditions.ts';
import type { AnswerValue, Question } from '../../questionnaires/questionnaire.schema.ts';
import { formatAnswer, formatDateTime } from '../answer-format.ts';
import { type FormData, isAnswerValue, parseFormData, withVersion } from './form-data.ts';
import {
  listInputs,
  type RawAnswer,
  readRawAnswer,
  removeConflict,
  showConflict,
  showFieldError,
  writeAnswer,
} from './form-dom.ts';

const debounceMilliseconds = 800;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

function readConflict(body: unknown) {
  if (typeof body !== 'object' || body === null || !('current' in body)) return undefined;
  const current: unknown = body.current;
  if (typeof current !== 'object' || current === null) return undefined;
  const value = 'value' in current && isAnswerValue(current.value) ? current.value : null;
  const revision = 'revision' in current && typeof current.revision === 'number' ? current.revision : undefined;
  if (revision === undefined) return undefined;
  const updatedBy = 'updatedBy' in current && typeof current.updatedBy === 'string' ? current.updatedBy : null;
  const updatedAt = 'updatedAt' in current && typeof current.updatedAt === 'string' ? current.updatedAt : null;
  return { value, revision, updatedBy, updatedAt };
}

function readErrorMessage(body: unknown): string {
  return typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
    ? body.message
    : '';
}

type Conflict = NonNullable<ReturnType<typeof readConflict>>;

/** What became of one question's save. */
type Outcome =
  | { kind: 'saved'; revision: number }
  | { kind: 'invalid'; message: string }
  | { kind: 'conflict'; current: Conflict }
  | { kind: 'failed' };

function enhance(form: HTMLFormElement, data: FormData, changedEarly: ReadonlySet<string>): void {
  const questions = new Map(
    data.version.sections.flatMap((section) => section.questions).map((question) => [question.key, question]),
  );
  const wrappers = new Map<string, HTMLElement>();
  for (const element of form.querySelectorAll<HTMLElement>('[data-question]')) {
    const key = element.dataset.question;
    if (key) wrappers.set(key, element);
  }
  const revisionInputs = new Map<string, HTMLInputElement>();
  for (const input of form.querySelectorAll<HTMLInputElement>('input[data-revision]')) {
    if (input.dataset.revision) revisionInputs.set(input.dataset.revision, input);
  }
  const status = form.querySelector<HTMLElement>('[data-save-status]');
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'button-secondary';
  retry.textContent = data.message('retry');
  retry.hidden = true;
  status?.after(retry);

  const dirty = new Set<string>();
  const failed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const say = (text: string, isProblem = false) => {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('save-status--problem', isProblem);
  };
  const setRevision = (key: string, revision: number) => {
    const input = revisionInputs.get(key);
    if (input) input.value = String(revision);
  };
  const baseRevision = (key: string) => Number(revisionInputs.get(key)?.value ?? '0') || 0;

  const currentAnswers = (): Record<string, AnswerValue> => {
    const answers: Record<string, AnswerValue> = { ...data.answers };
    for (const [key, wrapper] of wrappers) {
      delete answers[key];
      const question = questions.get(key);
      const normalised = question ? normaliseAnswer(question, readRawAnswer(wrapper, key)) : undefined;
      if (normalised?.kind === 'value') answers[key] = normalised.value;
    }
    return answers;
  };

  // Hidden questions are disabled as well, so neither the autosave nor a form post sends them.
  const updateVisibility = () => {
    const visible = new Set(
      visibleQuestions(data.version, data.orgType, currentAnswers()).map((question) => question.key),
    );
    for (const [key, wrapper] of wrappers) {
      const isVisible = visible.has(key);
      wrapper.hidden = !isVisible;
      for (const input of wrapper.querySelectorAll('input, textarea')) {
        if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.disabled = !isVisible;
      }
    }
  };

  const describe = (question: Question, value: AnswerValue | null) =>
    formatAnswer(question, value, data.language) ?? data.message('empty');

  const headers = () => ({
    'content-type': 'application/json',
    accept: 'application/json',
    'x-csrf-token': csrfToken(),
  });

  /** One question's answer from the server, from a single save or one item of a batch. */
  const readOutcome = (status: number, body: unknown): Outcome => {
    if (status === 200 && typeof body === 'object' && body !== null && 'revision' in body) {
      return typeof body.revision === 'number' ? { kind: 'saved', revision: body.revision } : { kind: 'failed' };
    }
    if (status === 422) return { kind: 'invalid', message: readErrorMessage(body) };
    const current = status === 409 ? readConflict(body) : undefined;
    return current ? { kind: 'conflict', current } : { kind: 'failed' };
  };

  const sendOne = async (key: string, raw: RawAnswer, revision: number): Promise<Outcome> => {
    const response = await fetch(`${data.api}${encodeURIComponent(key)}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: headers(),
      body: JSON.stringify({ value: raw, baseRevision: revision }),
    });
    return readOutcome(response.status, await response.json().catch(() => null));
  };

  /** Several changed questions in one request (one transaction on the server), each answered on its own. */
  const sendBatch = async (items: Array<{ key: string; raw: RawAnswer; revision: number }>) => {
    const response = await fetch(data.api.replace(/\/$/, ''), {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: headers(),
      body: JSON.stringify({
        answers: items.map((item) => ({ questionKey: item.key, value: item.raw, baseRevision: item.revision })),
      }),
    });
    const body: unknown = await response.json().catch(() => null);
    const outcomes = new Map<string, Outcome>();
    const results = typeof body === 'object' && body !== null && 'results' in body ? body.results : undefined;
    if (!response.ok || !Array.isArray(results)) {
      // A refusal of the whole request (closed, signed out) is shown as a failure of each, with the retry button.
      for (const item of items) outcomes.set(item.key, { kind: 'failed' });
      return outcomes;
    }
    for (const result of results) {
      if (typeof result !== 'object' || result === null || !('questionKey' in result)) continue;
      const status = 'status' in result ? result.status : undefined;
      const key = String(result.questionKey);
      outcomes.set(key, readOutcome(status === 'saved' ? 200 : status === 'conflict' ? 409 : 422, result));
    }
    return outcomes;
  };

  /** Shows what became of one question's save; throws the message to announce for a refusal. */
  const apply = (key: string, raw: RawAnswer, outcome: Outcome): void => {
    const wrapper = wrappers.get(key);
    const question = questions.get(key);
    if (!wrapper || !question) return;
    if (outcome.kind === 'saved') {
      setRevision(key, outcome.revision);
      showFieldError(wrapper, key, null);
      removeConflict(wrapper);
      return;
    }
    if (outcome.kind === 'invalid') {
      showFieldError(wrapper, key, outcome.message);
      throw new Error(data.message('invalid'));
    }
    if (outcome.kind === 'conflict') {
      const { current } = outcome;
      const buttons = showConflict(wrapper, key, {
        title: data.message('conflictTitle'),
        lines: [
          fill(data.message('conflictText'), {
            who: current.updatedBy ?? data.message('someone'),
            when: current.updatedAt ? formatDateTime(current.updatedAt, data.language) : '',
          }),
          fill(data.message('theirs'), { value: describe(question, current.value) }),
          fill(data.message('yours'), { value: describe(question, questionValue(question, raw)) }),
        ],
        keepTheirs: data.message('keepTheirs'),
        overwrite: data.message('overwrite'),
      });
      buttons.keepTheirs.addEventListener('click', () => {
        writeAnswer(wrapper, key, current.value);
        setRevision(key, current.revision);
        removeConflict(wrapper);
        updateVisibility();
        listInputs(wrapper, key)[0]?.focus();
        say(data.message('kept'));
      });
      buttons.overwrite.addEventListener('click', () => {
        setRevision(key, current.revision);
        removeConflict(wrapper);
        listInputs(wrapper, key)[0]?.focus();
        dirty.add(key);
        void flush();
      });
      throw new Error(data.message('conflict'));
    }
    failed.add(key);
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    running ??= (async () => {
      let problem: string | undefined;
      while (dirty.size > 0) {
        // In questionnaire order, so an answer that reveals a question is stored before the question's answer.
        const items = [...wrappers.keys()]
          .filter((candidate) => dirty.has(candidate))
          .flatMap((key) => {
            dirty.delete(key);
            const wrapper = wrappers.get(key);
            return wrapper && !wrapper.hidden
              ? [{ key, raw: readRawAnswer(wrapper, key), revision: baseRevision(key) }]
              : [];
          });
        let outcomes: Map<string, Outcome>;
        try {
          const [only] = items;
          outcomes =
            items.length === 1 && only
              ? new Map([[only.key, await sendOne(only.key, only.raw, only.revision)]])
              : items.length > 1
                ? await sendBatch(items)
                : new Map();
        } catch {
          // A network failure is shown with a retry button; the keys stay queued.
          for (const item of items) failed.add(item.key);
          continue;
        }
        for (const item of items) {
          try {
            apply(item.key, item.raw, outcomes.get(item.key) ?? { kind: 'failed' });
          } catch (error) {
            problem = error instanceof Error ? error.message : String(error);
          }
        }
      }
      retry.hidden = failed.size === 0;
      say(
        failed.size > 0 ? data.message('failed') : (problem ?? data.message('saved')),
        failed.size > 0 || problem !== undefined,
      );
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const onChange = (event: Event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    if (!target.name.startsWith('q_')) return;
    dirty.add(target.name.slice(2));
    updateVisibility();
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMilliseconds);
  };
  form.addEventListener('input', onChange);
  form.addEventListener('change', onChange);
  retry.addEventListener('click', () => {
    for (const key of failed) dirty.add(key);
    failed.clear();
    say(data.message('saving'));
    void flush();
  });
  // Saves still waiting are sent first, so the post carries the revisions they produced.
  form.addEventListener('submit', (event) => {
    if (dirty.size === 0 && !running) return;
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter instanceof HTMLButtonElement && submitter.name) {
      const chosen = document.createElement('input');
      chosen.type = 'hidden';
      chosen.name = submitter.name;
      chosen.value = submitter.value;
      form.append(chosen);
    }
    void (running ?? Promise.resolve()).then(flush).then(() => form.submit());
  });
  form.querySelector('.no-script-hint')?.setAttribute('hidden', '');
  updateVisibility();
  // What was typed while the questionnaire was still loading is saved like any later change.
  if (changedEarly.size > 0) {
    for (const key of changedEarly) dirty.add(key);
    timer = setTimeout(() => void flush(), debounceMilliseconds);
  }
}

function questionValue(question: Question, raw: RawAnswer): AnswerValue | null {
  const normalised = normaliseAnswer(question, raw);
  if (normalised.kind === 'value') return normalised.value;
  return raw;
}

function csrfToken(): string {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
}

/** The questionnaire version from its cached file; undefined when it cannot be had, and the form then stays plain. */
async function loadVersion(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    return response.ok ? await response.json() : undefined;
  } catch {
    // Without the questionnaire the form keeps working as it does without JavaScript: every field posts on "Spara".
    return undefined;
  }
}

const form = document.querySelector<HTMLFormElement>('form[data-answer-form]');
const pageData = parseFormData(form?.dataset.answerForm);
if (form && pageData) {
  const changedEarly = new Set<string>();
  const noteChange = (event: Event) => {
    const target = event.target;
    if ((target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.name.startsWith('q_'))
      changedEarly.add(target.name.slice(2));
  };
  form.addEventListener('input', noteChange);
  form.addEventListener('change', noteChange);
  void loadVersion(pageData.versionUrl).then((version) => {
    form.removeEventListener('input', noteChange);
    form.removeEventListener('change', noteChange);
    const data = withVersion(pageData, version);
    if (data) enhance(form, data, changedEarly);
  });
}
