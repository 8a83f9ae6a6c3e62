import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDisclosurePolicy } from '../disclosure/disclosure-policy.ts';
import type { LinkedOrganisation, LinkedTable } from '../disclosure/linked-set.ts';
import { emptySummary, type ProtectionOutcome } from '../disclosure/protect-linked-set.ts';
import { forgetProtections, protectOnce } from './protection-cache.ts';

const organisations: LinkedOrganisation[] = [
  { code: '0180', isSubmitted: true, groupIds: ['kommun', 'kommun:county:01'] },
  { code: '0181', isSubmitted: true, groupIds: ['kommun', 'kommun:county:01'] },
];

function table(answers: (readonly string[] | null | undefined)[]): LinkedTable {
  return {
    id: 'ciso_designated@kommun',
    questionKey: 'ciso_designated',
    kind: 'single-choice',
    codes: ['yes', 'no'],
    cells: [],
    relations: [],
    trigger: null,
    organisations,
    answers,
  };
}

test('a protection is computed once for the same inputs, again when an answer or the policy changes', async () => {
  forgetProtections();
  let computed = 0;
  const compute = async (): Promise<ProtectionOutcome> => {
    computed += 1;
    return { suppressed: new Set(['ciso_designated@kommun|kommun']), audit: emptySummary() };
  };
  const policy = createDisclosurePolicy(5);
  const inputs = { kind: 'round', tables: [table([['yes'], ['no']])], rest: { policy, earlier: [] } };
  const [first, second] = await Promise.all([protectOnce(inputs, compute), protectOnce(inputs, compute)]);
  assert.equal(computed, 1, 'two requests at the same time share one computation');
  // Each caller has its own copy.
  first.suppressed.add('changed by one caller');
  assert.deepEqual([...second.suppressed], ['ciso_designated@kommun|kommun']);
  assert.deepEqual([...(await protectOnce(inputs, compute)).suppressed], ['ciso_designated@kommun|kommun']);
  assert.equal(computed, 1);

  await protectOnce({ ...inputs, tables: [table([['yes'], ['yes']])] }, compute);
  assert.equal(computed, 2, 'a changed answer is a new protection');
  await protectOnce(
    { ...inputs, rest: { policy: createDisclosurePolicy(5, ['ciso_designated']), earlier: [] } },
    compute,
  );
  assert.equal(computed, 3, 'a changed national exemption is a new protection');
  const changedGroups = organisations.map((organisation) => ({ ...organisation, groupIds: ['kommun'] }));
  await protectOnce({ ...inputs, tables: [{ ...table([['yes'], ['no']]), organisations: changedGroups }] }, compute);
  assert.equal(computed, 4, 'changed organisations are a new protection');
  await protectOnce(inputs, compute);
  assert.equal(computed, 4, 'the first inputs are still kept');
});

test('a failed protection is not kept', async () => {
  forgetProtections();
  let calls = 0;
  const inputs = { kind: 'round', tables: [table([['no'], ['no']])], rest: {} };
  await assert.rejects(
    protectOnce(inputs, async () => {
      calls += 1;
      throw new Error('solver failed');
    }),
    /solver failed/,
  );
  await protectOnce(inputs, async () => {
    calls += 1;
    return { suppressed: new Set(), audit: emptySummary() };
  });
  assert.equal(calls, 2);
});
