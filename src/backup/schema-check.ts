import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { FolderMigrationProvider } from '../db/migrator.ts';

/** One object of a SQLite schema as compared on restore: its kind, name, table, columns and defining SQL. */
type SchemaObject = { type: string; name: string; table: string; sql: string; columns: string[] };

/** SQLite's own bookkeeping (autoincrement counters, statistics, automatic indexes) differs with the data. */
function isInternal(name: string): boolean {
  return name.startsWith('sqlite_');
}

/** SQL as SQLite stores it, with runs of white space made one, so only real differences count. */
function normalise(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Reads every table, column, index, trigger and view of a SQLite database file. */
export function readSchema(database: SQLite.Database): Map<string, SchemaObject> {
  const rows = database.prepare('select type, name, tbl_name as "table", sql from sqlite_master').all() as Array<{
    type: string;
    name: string;
    table: string;
    sql: string | null;
  }>;
  const objects = new Map<string, SchemaObject>();
  for (const row of rows) {
    if (isInternal(row.name)) continue;
    const columns =
      row.type === 'table' || row.type === 'view'
        ? (
            database
              .prepare('select name, type, "notnull", dflt_value, pk from pragma_table_info(?)')
              .all(row.name) as Array<{
              name: string;
              type: string;
              notnull: number;
              dflt_value: string | null;
              pk: number;
            }>
          ).map(
            (column) =>
              `${column.name} ${column.type}${column.notnull ? ' not null' : ''}${column.dflt_value === null ? '' : ` default ${column.dflt_value}`}${column.pk ? ' primary key' : ''}`,
          )
        : [];
    objects.set(row.name, { type: row.type, name: row.name, table: row.table, sql: normalise(row.sql), columns });
  }
  return objects;
}

/** The schema of a new database migrated to exactly the given migrations (the candidate's version). */
export async function readFreshSchema(lastMigration: string): Promise<Map<string, SchemaObject>> {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-schema-'));
  const file = join(folder, 'fresh.sqlite');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  try {
    const { error } = await new Migrator({ db, provider: new FolderMigrationProvider() }).migrateTo(lastMigration);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
  const fresh = new SQLite(file, { readonly: true });
  try {
    return readSchema(fresh);
  } finally {
    fresh.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The first way a candidate's schema differs from the expected one, in words, or null when they are equal: an object
 * missing or extra (a trigger, a view), of another kind (a view in place of a table), a column missing, extra or
 * changed, or other defining SQL (constraints, an index's columns).
 */
export function findFirstSchemaDifference(
  candidate: Map<string, SchemaObject>,
  expected: Map<string, SchemaObject>,
): string | null {
  for (const [name, object] of [...expected].sort(([a], [b]) => a.localeCompare(b))) {
    const found = candidate.get(name);
    if (!found) return `${object.type} ${name} is missing`;
    if (found.type !== object.type) return `${name} is a ${found.type}, not a ${object.type}`;
    if (found.table !== object.table) return `${object.type} ${name} belongs to ${found.table}, not ${object.table}`;
    const missing = object.columns.find((column) => !found.columns.includes(column));
    if (missing !== undefined) {
      const columnName = missing.split(' ')[0];
      const changed = found.columns.find((column) => column.split(' ')[0] === columnName);
      return changed
        ? `column ${name}.${columnName} is "${changed}", not "${missing}"`
        : `column ${name}.${columnName} is missing`;
    }
    const extra = found.columns.find((column) => !object.columns.includes(column));
    if (extra !== undefined) return `column ${name}.${extra.split(' ')[0]} is not in Lägesbild's schema`;
    if (found.sql !== object.sql) return `the definition of ${object.type} ${name} differs`;
  }
  for (const [name, object] of [...candidate].sort(([a], [b]) => a.localeCompare(b))) {
    if (!expected.has(name)) return `${object.type} ${name} on ${object.table} is not in Lägesbild's schema`;
  }
  return null;
}
