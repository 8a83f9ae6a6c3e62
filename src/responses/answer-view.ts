import type { CurrentUser } from '../accounts/accounts.service.ts';
import { numberQuestions } from '../questionnaires/question-wording.ts';
import type { OrganisationType, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import { formatRoundTitle } from '../rounds/round-label.ts';
import type { AnsweringContext } from './answering.service.ts';
import type { QuestionWarning } from './plausibility.service.ts';
import type { PreviousAnswer } from './previous-answers.service.ts';
import type { ResponseStatus, StoredAnswer } from './responses.service.ts';
import type { AnsweringWindow } from './round-rules.ts';
import { type SectionProgress, summariseProgress } from './submission.service.ts';

/** What every answering page shows about the round, the organisation and the response. */
export type AnsweringView = {
  roundId: string;
  code: string;
  roundLabel: string;
  /** What the pages call the round: its display name, or its label. */
  roundTitle: string;
  organisationName: string;
  orgType: OrganisationType;
  version: QuestionnaireVersion;
  window: AnsweringWindow;
  /** Why the form is read-only for this person now, or null when they may write. */
  readOnlyReason: 'closed' | 'not_yet_open' | 'reader' | null;
  progress: SectionProgress[];
  numbers: Map<string, string>;
  answers: Map<string, StoredAnswer>;
  status: ResponseStatus | 'not_started';
  submittedAt: string | null;
  submittedBy: string | null;
  basePath: string;
  /** Last round's comparable answers by question key, when the page shows them. */
  previousAnswers?: ReadonlyMap<string, PreviousAnswer>;
  /** Keys of answers copied from last round that are not yet confirmed or changed. */
  prefilledKeys?: ReadonlySet<string>;
  /** The plausibility warnings of the stored answers, with their explanations, by question key. */
  warnings?: ReadonlyMap<string, QuestionWarning>;
};

/** The path of an organisation's answers to a round, under which its form, summary and receipt live. */
export function answeringPath(roundId: string, code: string): string {
  return `/answer/${encodeURIComponent(roundId)}/${code}`;
}

/** Returns whether the user may change the organisation's answers (a respondent of it). */
export function isRespondentOf(user: CurrentUser | null, code: string): boolean {
  return (
    user?.memberships.some((membership) => membership.organisationCode === code && membership.role === 'respondent') ??
    false
  );
}

/** Builds the page view of an answering context for one user. */
export function toAnsweringView(context: AnsweringContext, user: CurrentUser | null): AnsweringView {
  const code = context.organisation.code;
  const window = context.window;
  const readOnlyReason = window.isOpen
    ? isRespondentOf(user, code)
      ? null
      : 'reader'
    : window.reason === 'not_yet_open'
      ? 'not_yet_open'
      : 'closed';
  return {
    roundId: context.round.id,
    code,
    roundLabel: context.round.label,
    roundTitle: formatRoundTitle(context.round),
    organisationName: context.organisation.name,
    orgType: context.organisation.type,
    version: context.version,
    window,
    readOnlyReason,
    progress: summariseProgress(context),
    numbers: numberQuestions(context.version, context.organisation.type),
    answers: context.answers,
    status: context.response?.status ?? 'not_started',
    submittedAt: context.response?.submittedAt ?? null,
    submittedBy: context.response?.submittedBy ?? null,
    basePath: answeringPath(context.round.id, code),
  };
}
