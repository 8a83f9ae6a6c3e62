import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChoiceGroup, NumberGroup } from './results.schema.ts';
import { renderChoiceChart, renderNumberChart, wrapLabel } from './results-charts.ts';

function decodeSvg(dataUri: string): string {
  return Buffer.from(dataUri.replace(/^data:image\/svg\+xml;base64,/u, ''), 'base64').toString('utf8');
}

test('labels are broken into lines at spaces, never cut', () => {
  assert.equal(
    wrapLabel('Ja, för hela organisationen och dess bolag', 30),
    'Ja, för hela organisationen\noch dess bolag',
  );
  assert.equal(wrapLabel('Nej'), 'Nej');
});

test('a number chart writes medians and its axis with the reader’s decimal mark', () => {
  const groups = [
    { name: 'Alla kommuner', group: { median: 12.5 } as unknown as NumberGroup },
    { name: 'Pendlingskommun nära mindre stad/tätort', group: { median: 1250.5 } as unknown as NumberGroup },
  ];
  const swedish = decodeSvg(renderNumberChart(groups, 'timmar', 'sv'));
  assert.match(swedish, />12,5</u);
  assert.doesNotMatch(swedish, />\d+\.\d+</u);
  assert.match(swedish, /Pendlingskommun nära mindre/u);
  assert.match(swedish, /stad\/tätort/u);
  assert.doesNotMatch(swedish, /…/u);
  assert.match(decodeSvg(renderNumberChart(groups, 'hours', 'en')), />12\.5</u);
});

test('a choice chart shows every answer’s whole label', () => {
  const label = 'Ja, genom en särskild rutin som är beslutad av ledningen';
  const group = { answers: [{ code: 'yes', share: 0.725 }] } as unknown as ChoiceGroup;
  const svg = decodeSvg(renderChoiceChart([{ code: 'yes', label }], [{ name: 'Alla', group }], 'sv'));
  assert.doesNotMatch(svg, /…/u);
  assert.match(svg, /beslutad av ledningen/u);
  assert.match(svg, /72,5 %/u);
});
