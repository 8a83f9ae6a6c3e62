/**
 * The words of a change between rounds, shared by the coordinator's results page and the reports so that both say
 * the same thing of the same figures.
 */

import { formatNumber, formatP, formatPoints, formatShare, formatSignedNumber } from '../web/figure-format.ts';
import type { Language, Translate } from '../web/i18n.ts';
import type { OrganisationType } from './groups.ts';
import type { QuestionChange } from './results.schema.ts';

const verdictKeys = {
  increase: 'results.change.increase',
  decrease: 'results.change.decrease',
  'no-significant-change': 'results.change.noSignificant',
  'not-tested': 'results.change.noSignificant',
} as const;

/**
 * Words a change since the previous round on its two bases, each sentence with the verdict that belongs to its
 * own figure: the two rounds' respondents (Newcombe's interval), and the organisations that answered both
 * (McNemar or Wilcoxon).
 */
export function describeChange(
  change: QuestionChange | null,
  report: { label: string; organisationType: OrganisationType; minimumRespondents: number },
  t: Translate,
  language: Language,
): string[] {
  if (change === null) return [t('results.change.none')];
  const orgs = t(`results.orgs.${report.organisationType}`);
  const isShare = change.measure === 'yes-share';
  const show = (value: number) => (isShare ? formatShare(value, language) : formatNumber(value, language));
  const { national, paired } = change;
  const common = { previous: change.previousLabel, label: report.label, orgs };
  const sentences: string[] = [];
  if (national.previous === null || national.current === null || national.difference === null) {
    sentences.push(t('results.change.national.notShown', common));
  } else if (isShare && national.lower !== null && national.upper !== null) {
    sentences.push(
      t('results.change.national.share', {
        ...common,
        before: show(national.previous),
        after: show(national.current),
        beforeN: national.previousRespondents,
        afterN: national.currentRespondents,
        difference: formatPoints(national.difference),
        lower: formatPoints(national.lower),
        upper: formatPoints(national.upper),
        verdict: t(verdictKeys[national.verdict]),
      }),
    );
  } else {
    sentences.push(
      t('results.change.national.median', {
        ...common,
        before: show(national.previous),
        after: show(national.current),
        beforeN: national.previousRespondents,
        afterN: national.currentRespondents,
        difference: formatSignedNumber(national.difference, language),
      }),
    );
  }
  if (paired.verdict === 'not-tested' || paired.difference === null || paired.pValue === null) {
    // Enough pairs but withheld: the paired figures would have revealed those who answered only one round.
    const key =
      paired.pairs >= report.minimumRespondents ? 'results.change.paired.withheld' : 'results.change.paired.notTested';
    sentences.push(t(key, { ...common, threshold: report.minimumRespondents }));
  } else if (isShare && paired.previous !== null && paired.current !== null) {
    sentences.push(
      t('results.change.paired.share', {
        ...common,
        pairs: paired.pairs,
        before: show(paired.previous),
        after: show(paired.current),
        difference: formatPoints(paired.difference),
        p: formatP(paired.pValue, language),
        verdict: t(verdictKeys[paired.verdict]),
      }),
    );
  } else {
    sentences.push(
      t('results.change.paired.median', {
        ...common,
        pairs: paired.pairs,
        difference: formatSignedNumber(paired.difference, language),
        p: formatP(paired.pValue, language),
        verdict: t(verdictKeys[paired.verdict]),
      }),
    );
  }
  return sentences;
}
