import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import { parseAnswerValue } from './responses.repository.ts';

/** A submitted response of an organisation with its answers, as last round's answers are found in. */
export type SubmittedResponseAnswers = {
  organisationCode: string;
  roundId: string;
  roundLabel: string;
  versionId: string;
  answers: Map<string, AnswerValue>;
};

/**
 * The submitted responses, with their answers, of one organisation in every round, or of every organisation that has
 * a response in a round in every other round: one query either way, whatever the number of organisations.
 */
export async function listSubmittedResponseAnswerRows(
  db: Kysely<Database>,
  scope: { organisationCode: string } | { organisationsOfRound: string },
): Promise<SubmittedResponseAnswers[]> {
  let query = db
    .selectFrom('responses')
    .innerJoin('rounds', 'rounds.id', 'responses.round_id')
    // A submitted response without any answer still counts: it settles the questions its version asked.
    .leftJoin('answers', 'answers.response_id', 'responses.id')
    .select([
      'responses.id',
      'responses.organisation_code',
      'responses.round_id',
      'rounds.label',
      'responses.version_id',
      'answers.question_key',
      'answers.value',
    ])
    .where('responses.status', '=', 'submitted');
  if ('organisationCode' in scope) {
    query = query.where('responses.organisation_code', '=', scope.organisationCode);
  } else {
    const roundId = scope.organisationsOfRound;
    query = query
      .where('responses.round_id', '<>', roundId)
      .where('responses.organisation_code', 'in', (eb) =>
        eb
          .selectFrom('responses as current')
          .select('current.organisation_code')
          .where('current.round_id', '=', roundId),
      );
  }
  const byResponse = new Map<string, SubmittedResponseAnswers>();
  for (const row of await query.execute()) {
    let response = byResponse.get(row.id);
    if (!response) {
      response = {
        organisationCode: row.organisation_code,
        roundId: row.round_id,
        roundLabel: row.label,
        versionId: row.version_id,
        answers: new Map(),
      };
      byResponse.set(row.id, response);
    }
    if (row.question_key !== null && row.value !== null) {
      response.answers.set(row.question_key, parseAnswerValue(row.value));
    }
  }
  return [...byResponse.values()];
}
