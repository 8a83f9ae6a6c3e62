/**
 * What the attacker reads: the figures of a published release as an anonymous visitor downloads them
 * (`/published/LABEL/versions/N/open-data/figures.json`), and what anyone knows besides: the registry of
 * organisations with their kommungrupp and län (shipped with the product and published by SCB and SKR), and the
 * questionnaire's display conditions (the questionnaire is public).
 */

export type OrganisationType = 'kommun' | 'region';

export interface PublicFigure {
  organisationType: OrganisationType;
  questionKey: string;
  questionType: string;
  groupKind: string;
  groupKey: string;
  population: number;
  respondents: number | null;
  itemNonResponse: number | null;
  answerCode: string | null;
  count: number | null;
  median: number | null;
  firstQuartile: number | null;
  thirdQuartile: number | null;
  isSuppressed: boolean;
  reason: string | null;
}

export interface PublishedRelease {
  version: number;
  threshold: number;
  figures: PublicFigure[];
}

export interface RegistryEntry {
  code: string;
  type: OrganisationType;
  municipalityGroup: string | null;
  mainGroup: string | null;
  countyCode: string;
}

/** A follow-up question is shown only to organisations whose answer to `parent` is one of `triggers`. */
export interface FollowUp {
  parent: string;
  triggers: string[];
}

export interface PublicKnowledge {
  registry: RegistryEntry[];
  followUps: Record<string, FollowUp>;
  /**
   * What the erratum of a later version says: the questions whose answers were corrected (answers to every other
   * question of organisations that had submitted stay as they were) and that late responses may have been added.
   */
  correctedQuestions: string[];
}

/** One organisation's answers in one version; an organisation that did not submit is absent. */
export type Answers = ReadonlyMap<string, string | number | readonly string[]>;
export type RoundAnswers = ReadonlyMap<string, Answers>;

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new TypeError(`not a number: ${String(value)}`);
  return number;
}

function text(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`not a text: ${String(value)}`);
  return String(value);
}

/** Reads the figures table of `figures.json` (or the rows of `figures.csv`, whose cells are text) into figures. */
export function readFigures(rows: readonly Record<string, unknown>[]): PublicFigure[] {
  return rows.map((row) => {
    const type = text(row.organisation_type);
    if (type !== 'kommun' && type !== 'region') throw new TypeError(`unknown organisation type ${type}`);
    const answerCode = row.answer_code === null || row.answer_code === '' ? null : text(row.answer_code);
    return {
      organisationType: type,
      questionKey: text(row.question_key),
      questionType: text(row.question_type),
      groupKind: text(row.group_kind),
      groupKey: text(row.group_key),
      population: numberOrNull(row.population) ?? 0,
      respondents: numberOrNull(row.respondents),
      itemNonResponse: numberOrNull(row.item_non_response),
      answerCode,
      count: numberOrNull(row.count),
      median: numberOrNull(row.median),
      firstQuartile: numberOrNull(row.first_quartile),
      thirdQuartile: numberOrNull(row.third_quartile),
      isSuppressed: String(row.suppressed) === '1',
      // Releases since issue 13 publish no reason at all (one marker: suppressed); older ones named it.
      reason:
        row.suppression_reason === undefined || row.suppression_reason === null || row.suppression_reason === ''
          ? null
          : text(row.suppression_reason),
    };
  });
}
