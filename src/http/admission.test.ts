import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createAdmission } from './admission.ts';

describe('admission', () => {
  it('starts every request at once while a turn has time left', () => {
    let clock = 0;
    const admit = createAdmission(10, () => clock);
    assert.equal(admit(), undefined);
    clock = 9;
    assert.equal(admit(), undefined);
  });

  it('queues the requests of a turn that has used its slice and starts them first in, first out, one per turn', async () => {
    let clock = 0;
    const admit = createAdmission(10, () => clock);
    assert.equal(admit(), undefined);
    clock = 10;
    const started: string[] = [];
    const waiting = ['a', 'b', 'c'].map((name) => {
      const admitted = admit();
      assert.ok(admitted, `request ${name} waits`);
      return admitted.then(() => started.push(name));
    });
    assert.deepEqual(started, []);
    await nextTurn();
    assert.deepEqual(started, ['a'], 'one request per turn');
    await Promise.all(waiting);
    assert.deepEqual(started, ['a', 'b', 'c']);
  });

  it('queues a request behind earlier waiting ones even in a fresh turn', async () => {
    let clock = 0;
    const admit = createAdmission(10, () => clock);
    admit();
    clock = 20;
    const order: string[] = [];
    const earlier = ['a', 'b'].map((name) => admit()?.then(() => order.push(name)));
    await nextTurn(); // a new turn: 'a' started, 'b' still waits
    const later = admit();
    assert.ok(later, 'a request never overtakes one that waits');
    await Promise.all([...earlier, later.then(() => order.push('c'))]);
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  it('starts at once again when the queue has emptied and a new turn began', async () => {
    let clock = 0;
    const admit = createAdmission(10, () => clock);
    admit();
    clock = 20;
    await admit();
    await nextTurn();
    await nextTurn();
    assert.equal(admit(), undefined);
  });
});
