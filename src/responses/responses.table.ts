export interface ResponsesTable {
  id: string;
  round_id: string;
  organisation_code: string;
  version_id: string;
  status: 'in_progress' | 'submitted';
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  /** The account that submitted; null for imported responses and once the account is deleted. */
  submitter_id: string | null;
}

export interface AnswersTable {
  response_id: string;
  question_key: string;
  /** JSON text of the answer value. */
  value: string;
  revision: number;
  updated_at: string;
  updated_by: string | null;
}

export interface AnswerChangesTable {
  id: string;
  response_id: string;
  question_key: string;
  value: string | null;
  previous_value: string | null;
  revision: number;
  kind: 'save' | 'import' | 'submit' | 'discard';
  changed_at: string;
  changed_by: string | null;
}

/** An answer copied from the previous comparable round, until the respondent confirms or changes it. */
export interface PrefilledAnswersTable {
  response_id: string;
  question_key: string;
  round_label: string;
  created_at: string;
}

/** One step of a coordinator's review of a submitted response. */
export interface ResponseReviewsTable {
  id: string;
  response_id: string;
  decision: 'reviewed' | 'returned';
  comment: string | null;
  created_at: string;
  /** The reviewer's account; null once the account is deleted (no address is kept here, see migration 1603). */
  reviewed_by: string | null;
}

/** A respondent's explanation of a plausibility warning, and the coordinator's mark that it was handled. */
export interface PlausibilityNotesTable {
  response_id: string;
  question_key: string;
  explanation: string;
  updated_at: string;
  updated_by: string | null;
  /** JSON text of the answer the coordinator saw when marking the warning handled; a new answer warns anew. */
  handled_value: string | null;
  handled_at: string | null;
  handled_by: string | null;
}

export interface ResponseTables {
  response_reviews: ResponseReviewsTable;
  responses: ResponsesTable;
  answers: AnswersTable;
  answer_changes: AnswerChangesTable;
  prefilled_answers: PrefilledAnswersTable;
  plausibility_notes: PlausibilityNotesTable;
}
