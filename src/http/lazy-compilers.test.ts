import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { lazyTypeBoxValidators } from './lazy-compilers.ts';

async function buildProbe() {
  const app = Fastify();
  app.setValidatorCompiler(lazyTypeBoxValidators);
  app.get(
    '/items/:code/:key',
    {
      schema: {
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{4}$' }), key: Type.String({ maxLength: 5 }) }),
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          sort: Type.Optional(Type.String()),
        }),
      },
    },
    async (request) => ({ params: request.params, query: request.query }),
  );
  await app.ready();
  return app;
}

test('URL parameters that are all texts are checked as they come, and refused as before when they do not fit', async () => {
  const app = await buildProbe();
  try {
    const ok = await app.inject({ method: 'GET', url: '/items/2584/abc' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().params, { code: '2584', key: 'abc' });
    const badPattern = await app.inject({ method: 'GET', url: '/items/25x4/abc' });
    assert.equal(badPattern.statusCode, 400);
    const tooLong = await app.inject({ method: 'GET', url: '/items/2584/abcdefgh' });
    assert.equal(tooLong.statusCode, 400);
  } finally {
    await app.close();
  }
});

test('a query string with a number is still converted before it is checked', async () => {
  const app = await buildProbe();
  try {
    const converted = await app.inject({ method: 'GET', url: '/items/2584/abc?page=3&sort=name' });
    assert.equal(converted.statusCode, 200, converted.body);
    assert.deepEqual(converted.json().query, { page: 3, sort: 'name' });
    const refused = await app.inject({ method: 'GET', url: '/items/2584/abc?page=0' });
    assert.equal(refused.statusCode, 400);
  } finally {
    await app.close();
  }
});
