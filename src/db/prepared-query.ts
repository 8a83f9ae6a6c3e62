import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './database.ts';

/**
 * A query whose SQL is fixed and only its values change, compiled once per database handle and then executed with
 * new parameters. Building and compiling a Kysely query costs tens of microseconds of JavaScript (the builder's
 * immutable nodes, then the compiler's visit), which an autosave paid for each of its reads; SQLite's statement
 * cache (`connection.ts`) already keeps the prepared statement for the same SQL text.
 */
export type PreparedQuery<Params extends object, Row> = {
  execute(db: Kysely<Database>, params: Params): Promise<Row[]>;
  executeTakeFirst(db: Kysely<Database>, params: Params): Promise<Row | undefined>;
};

/** A parameter of the compiled query: a value given at execution, or one the builder fixed. */
type Slot = { name: string } | { value: unknown };

type Template = { compiled: CompiledQuery<unknown>; slots: Slot[]; plugins: readonly unknown[] };

/** A placeholder no caller's value can equal: compiled as a parameter, then found again among the parameters. */
const placeholderPrefix = '\u0000prepared-query-parameter:';

/**
 * Prepares a query built by `build` from its parameters. The builder is called once per database handle with
 * placeholders in place of the parameters (so it must use each of them only as a value, never to choose the shape
 * of the query), and each execution substitutes the given values in the compiled parameters.
 * @throws Error when a parameter does not end up as a value of the compiled query (it was used to build the SQL).
 */
export function prepareQuery<Params extends object, Row>(
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
): PreparedQuery<Params, Row> {
  // Per dialect adapter: a Kysely instance and every transaction of it share one adapter (and so one compiler).
  const templates = new WeakMap<object, Template>();
  const compile = (db: Kysely<Database>, names: readonly string[]): Template => {
    const placeholders = Object.fromEntries(names.map((name) => [name, `${placeholderPrefix}${name}`]));
    // The placeholders stand in for the parameters only while compiling: each is replaced before execution.
    const compiled = build(db, placeholders as Params).compile();
    const slots = compiled.parameters.map((value): Slot => {
      if (typeof value === 'string' && value.startsWith(placeholderPrefix)) {
        return { name: value.slice(placeholderPrefix.length) };
      }
      return { value };
    });
    for (const name of names) {
      if (!slots.some((slot) => 'name' in slot && slot.name === name) || compiled.sql.includes(placeholderPrefix)) {
        throw new Error(`The prepared query uses its parameter ${name} in its SQL, not as a value.`);
      }
    }
    return { compiled, slots, plugins: [...db.getExecutor().plugins] };
  };
  const run = async (db: Kysely<Database>, params: Params): Promise<QueryResult<Row>> => {
    const executor = db.getExecutor();
    let template = templates.get(executor.adapter);
    // A handle with other plugins (withPlugin) may compile differently: it gets its own, uncached compilation.
    if (!template || !hasSamePlugins(template.plugins, executor.plugins)) {
      const fresh = compile(db, Object.keys(params));
      if (!template) templates.set(executor.adapter, fresh);
      template = fresh;
    }
    const parameters = template.slots.map((slot) => ('name' in slot ? Reflect.get(params, slot.name) : slot.value));
    const compiled: CompiledQuery<Row> = {
      query: template.compiled.query,
      queryId: template.compiled.queryId,
      sql: template.compiled.sql,
      parameters,
    };
    return db.executeQuery(compiled);
  };
  return {
    async execute(db, params) {
      return (await run(db, params)).rows;
    },
    async executeTakeFirst(db, params) {
      return (await run(db, params)).rows[0];
    },
  };
}

function hasSamePlugins(compiledWith: readonly unknown[], current: readonly unknown[]): boolean {
  return compiledWith.length === current.length && compiledWith.every((plugin, index) => plugin === current[index]);
}

/** A prepared query over a list (an `in` list, the rows of an insert), executed with the list's items. */
export type PreparedListQuery<Params extends object, Item, Row> = {
  execute(db: Kysely<Database>, params: Params, items: readonly Item[]): Promise<Row[]>;
};

/** Lists longer than this are built and compiled for each execution, so the templates kept stay few and small. */
const largestPreparedList = 64;

const itemPrefix = 'item:';

/**
 * Prepares a query whose SQL depends on how many items a list holds, and on nothing else: one prepared query (see
 * prepareQuery) per count, each compiled once. An item is one value (a key of an `in` list) or a record of values (a
 * row to insert); like the parameters, each value must be used only as a value.
 */
export function prepareListQuery<Params extends object, Item, Row>(
  build: (db: Kysely<Database>, params: Params, items: readonly Item[]) => Compilable<Row>,
): PreparedListQuery<Params, Item, Row> {
  const byCount = new Map<number, PreparedQuery<Record<string, unknown>, Row>>();
  return {
    async execute(db, params, items) {
      if (items.length > largestPreparedList) return (await db.executeQuery(build(db, params, items).compile())).rows;
      let prepared = byCount.get(items.length);
      if (!prepared) {
        const count = items.length;
        prepared = prepareQuery((handle, flat: Record<string, unknown>) => {
          const { params: given, items: listed } = unflatten(flat, count);
          return build(handle, given as Params, listed as Item[]);
        });
        byCount.set(count, prepared);
      }
      return prepared.execute(db, flatten(params, items));
    },
  };
}

/** The parameters and the items as one record of values: `item:INDEX` for a value, `item:INDEX:KEY` for a record's. */
function flatten(params: object, items: readonly unknown[]): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...params };
  items.forEach((item, index) => {
    if (typeof item === 'object' && item !== null) {
      for (const [key, value] of Object.entries(item)) flat[`${itemPrefix}${index}:${key}`] = value;
    } else flat[`${itemPrefix}${index}`] = item;
  });
  return flat;
}

/** The parameters and items back from their flat record (while compiling, placeholders in place of the values). */
function unflatten(flat: Record<string, unknown>, count: number): { params: object; items: unknown[] } {
  const params: Record<string, unknown> = {};
  const items: unknown[] = Array.from({ length: count }, () => undefined);
  for (const [name, value] of Object.entries(flat)) {
    if (!name.startsWith(itemPrefix)) {
      params[name] = value;
      continue;
    }
    const [index, key] = name.slice(itemPrefix.length).split(':');
    const position = Number(index);
    if (key === undefined) items[position] = value;
    else {
      const record = (items[position] ?? {}) as Record<string, unknown>;
      record[key] = value;
      items[position] = record;
    }
  }
  return { params, items };
}
