/**
 * One question of a release as a JSON-stat 2.0 dataset (the format of SCB's PxWeb API), with the dimensions
 * round, type, group and answer and a measure dimension: count, share and the interval's bounds for a choice
 * question; respondents, median and quartiles for a number. Rendered from the same figure rows as the CSV, so a
 * suppressed cell has no value here either: it is null, with the status ".." (suppressed = 1 in the CSV); which rule hid it is never published.
 */
import type { FigureRow } from './open-data.ts';

/** The one marker of a suppressed value, as in Swedish official statistics' tables. */
const suppressedStatus = '..';

type Labels = Record<string, string>;

const measureLabels = {
  sv: {
    count: 'Antal',
    share: 'Andel',
    ci_lower: 'Konfidensintervall (95 %), nedre gräns',
    ci_upper: 'Konfidensintervall (95 %), övre gräns',
    respondents: 'Antal svarande',
    median: 'Median',
    first_quartile: 'Första kvartil',
    third_quartile: 'Tredje kvartil',
  },
  en: {
    count: 'Count',
    share: 'Share',
    ci_lower: 'Confidence interval (95 %), lower bound',
    ci_upper: 'Confidence interval (95 %), upper bound',
    respondents: 'Respondents',
    median: 'Median',
    first_quartile: 'First quartile',
    third_quartile: 'Third quartile',
  },
} as const;

const dimensionLabels = {
  sv: { round: 'Omgång', type: 'Organisationstyp', group: 'Grupp', answer: 'Svar', measure: 'Mått' },
  en: { round: 'Round', type: 'Organisation type', group: 'Group', answer: 'Answer', measure: 'Measure' },
} as const;

function category(entries: Map<string, string>) {
  const index: Record<string, number> = {};
  const label: Labels = {};
  for (const [id, name] of entries) {
    index[id] = Object.keys(index).length;
    label[id] = name;
  }
  return { index, label };
}

/**
 * Builds the JSON-stat 2.0 dataset of one question from its figure rows (of one release, in one language).
 * @throws RangeError when there are no rows.
 */
export function buildJsonStat(input: {
  rows: readonly FigureRow[];
  language: 'sv' | 'en';
  updated: string;
  href: string;
}) {
  const [first] = input.rows;
  if (first === undefined) throw new RangeError('a JSON-stat dataset needs rows');
  const isNumber = first.answer_code === null;
  const measures = isNumber
    ? (['respondents', 'median', 'first_quartile', 'third_quartile'] as const)
    : (['count', 'share', 'ci_lower', 'ci_upper'] as const);
  const rounds = new Map<string, string>();
  const types = new Map<string, string>();
  const groups = new Map<string, string>();
  const answers = new Map<string, string>();
  const answerOf = (row: FigureRow) => (row.answer_code === null ? 'value' : String(row.answer_code));
  for (const row of input.rows) {
    rounds.set(String(row.round), String(row.round));
    types.set(String(row.organisation_type), String(row.organisation_type_label));
    groups.set(`${row.group_kind}:${row.group_key}`, String(row.group_label));
    answers.set(
      answerOf(row),
      row.answer_label === null ? (input.language === 'sv' ? 'Tal' : 'Number') : String(row.answer_label),
    );
  }
  const ids = ['round', 'type', 'group', 'answer', 'measure'] as const;
  const size = [rounds.size, types.size, groups.size, answers.size, measures.length];
  const position = (keys: string[]) =>
    keys.reduce((offset, key, dimension) => {
      const entries = [
        ...([rounds, types, groups, answers][dimension]?.keys() ?? []),
        ...(dimension === 4 ? measures : []),
      ];
      return offset * (size[dimension] ?? 1) + entries.indexOf(key);
    }, 0);
  const value: (number | null)[] = new Array(size.reduce((product, length) => product * length, 1)).fill(null);
  const status: Record<string, string> = {};
  for (const row of input.rows) {
    for (const measure of measures) {
      const at = position([
        String(row.round),
        String(row.organisation_type),
        `${row.group_kind}:${row.group_key}`,
        answerOf(row),
        measure,
      ]);
      const cell = row[measure];
      value[at] = typeof cell === 'number' ? cell : null;
      if (row.suppressed === 1) status[String(at)] = suppressedStatus;
    }
  }
  const words = dimensionLabels[input.language];
  const measureNames = new Map(measures.map((measure) => [measure, measureLabels[input.language][measure]]));
  const shareUnit = { decimals: 4, label: input.language === 'sv' ? 'andel (0-1)' : 'share (0-1)' };
  return {
    version: '2.0',
    class: 'dataset',
    href: input.href,
    label: String(first.question_text),
    source: 'Lägesbild',
    updated: input.updated,
    id: ids,
    size,
    role: { time: ['round'], metric: ['measure'] },
    dimension: {
      round: { label: words.round, category: category(rounds) },
      type: { label: words.type, category: category(types) },
      group: { label: words.group, category: category(groups) },
      answer: { label: words.answer, category: category(answers) },
      measure: {
        label: words.measure,
        category: {
          ...category(measureNames),
          unit: Object.fromEntries(
            measures.map((measure) => [
              measure,
              measure === 'share' || measure.startsWith('ci_')
                ? shareUnit
                : { decimals: measure === 'count' || measure === 'respondents' ? 0 : 2 },
            ]),
          ),
        },
      },
    },
    value,
    status,
    note: [
      input.language === 'sv'
        ? 'En cell med status ".." är dold av röjandekontrollen (suppressed = 1 i CSV-filen) och har inget värde.'
        : 'A cell with status ".." is hidden by disclosure control (suppressed = 1 in the CSV file) and has no value.',
    ],
  };
}
