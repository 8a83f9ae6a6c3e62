/**
 * The data the server hands the form's script in `data-answer-form`, checked before use, and the questionnaire
 * version it names (fetched from its own cached file).
 */
import type { AnswerValue, OrganisationType, QuestionnaireVersion } from '../../questionnaires/questionnaire.schema.ts';

const messageNames = [
  'saving',
  'saved',
  'failed',
  'retry',
  'invalid',
  'conflict',
  'conflictTitle',
  'conflictText',
  'someone',
  'theirs',
  'yours',
  'empty',
  'keepTheirs',
  'overwrite',
  'kept',
] as const;
export type MessageName = (typeof messageNames)[number];

/** What the page itself carries: everything but the questionnaire, which is at `versionUrl`. */
export type PageFormData = Omit<FormData, 'version'> & { versionUrl: string };

export type FormData = {
  version: QuestionnaireVersion;
  orgType: OrganisationType;
  answers: Record<string, AnswerValue>;
  api: string;
  language: 'sv' | 'en';
  /** The page's translation of one of the script's messages. */
  message(name: MessageName): string;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns whether a value has the shape of an answer. */
export function isAnswerValue(value: unknown): value is AnswerValue {
  return (
    typeof value === 'string' ||
    typeof value === 'number' ||
    (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

// The server renders the version from a validated file; this checks the parts the script relies on.
function isVersion(value: unknown): value is QuestionnaireVersion {
  return (
    isRecord(value) &&
    Array.isArray(value.targets) &&
    Array.isArray(value.sections) &&
    value.sections.every(
      (section) =>
        isRecord(section) &&
        Array.isArray(section.questions) &&
        section.questions.every((question) => isRecord(question) && typeof question.key === 'string'),
    )
  );
}

function readMessages(value: unknown): Map<MessageName, string> | undefined {
  if (!isRecord(value)) return undefined;
  const messages = new Map<MessageName, string>();
  for (const name of messageNames) {
    const text = value[name];
    if (typeof text !== 'string') return undefined;
    messages.set(name, text);
  }
  return messages;
}

/** Parses the form's data attribute; undefined when it is missing or malformed, and the form then stays plain. */
export function parseFormData(text: string | undefined): PageFormData | undefined {
  if (!text) return undefined;
  const value: unknown = JSON.parse(text);
  if (!isRecord(value) || typeof value.versionUrl !== 'string' || !isRecord(value.answers)) return undefined;
  const orgType = value.orgType === 'kommun' || value.orgType === 'region' ? value.orgType : undefined;
  const language = value.language === 'sv' || value.language === 'en' ? value.language : undefined;
  const messages = readMessages(value.messages);
  if (!orgType || !language || !messages || typeof value.api !== 'string') return undefined;
  const answers: Record<string, AnswerValue> = {};
  for (const [key, answer] of Object.entries(value.answers)) if (isAnswerValue(answer)) answers[key] = answer;
  return {
    versionUrl: value.versionUrl,
    orgType,
    answers,
    api: value.api,
    language,
    message: (name) => messages.get(name) ?? name,
  };
}

/** Adds the fetched questionnaire version to the page's data; undefined when it is not one. */
export function withVersion(data: PageFormData, version: unknown): FormData | undefined {
  if (!isVersion(version)) return undefined;
  const { versionUrl: _url, ...rest } = data;
  return { ...rest, version };
}
