import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Carries the audit key with a database handle (and every transaction begun from it), so that recording an event
 * anywhere signs the new head without every service passing the key along. It changes no query.
 */
// A registered symbol, not `instanceof`: the tests give handles opened by the sources to the compiled product
// (dist/), whose copy of this class is a different one.
const auditKeyBrand = Symbol.for('lagesbild.auditKey');

export class AuditKeyPlugin implements KyselyPlugin {
  readonly key: string;
  readonly [auditKeyBrand] = true;

  constructor(key: string) {
    this.key = key;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * The audit key carried by a database handle.
 * @throws Error when the handle was opened without one: an event must never be appended unsigned.
 */
export function findAuditKey<T>(db: Kysely<T>): string {
  for (const plugin of db.getExecutor().plugins) {
    if (auditKeyBrand in plugin && 'key' in plugin && typeof plugin.key === 'string') return plugin.key;
  }
  throw new Error('This database handle has no audit key; open it with openDatabase(config, { auditKey }).');
}
