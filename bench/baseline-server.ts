// The bare baseline for the autosave benchmark: a minimal Fastify route that inserts one row into better-sqlite3
// (WAL) per request. Started as its own process, like the product, so both are measured the same way.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const file = process.env.BASELINE_FILE ?? 'bench/out/baseline.sqlite';
mkdirSync(dirname(file), { recursive: true });
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(
  'create table if not exists saves (id integer primary key, key text not null, value text not null, saved_at text not null)',
);
const insert = db.prepare('insert into saves (key, value, saved_at) values (?, ?, ?)');

const app = Fastify({ logger: false });
app.put<{ Params: { key: string }; Body: { value: unknown } }>('/save/:key', async (request) => {
  const result = insert.run(request.params.key, JSON.stringify(request.body.value), new Date().toISOString());
  return { id: Number(result.lastInsertRowid) };
});
await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
process.stdout.write('ready\n');
