import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

/** The environment variables the product reads, documented in README.md's configuration table. */
const EnvironmentSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String()),
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.Optional(Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+$' })),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  LOG_LEVEL: Type.Optional(
    Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level))),
  ),
  SUPPRESSION_THRESHOLD: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+$' })),
  OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })),
  OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  OIDC_NAME: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  AUDIT_KEY: Type.Optional(Type.String({ minLength: 32 })),
  IMPORT_MAX_FILE_MB: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  IMPORT_MAX_ROWS: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  IMPORT_MAX_XLSX_MB: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  AUDIT_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
});
const checkEnvironment = Compile(EnvironmentSchema);

const ConfigSchema = Type.Object({
  database: Type.Union([
    Type.Object({ dialect: Type.Literal('sqlite'), file: Type.String() }),
    Type.Object({ dialect: Type.Literal('postgres'), url: Type.String() }),
  ]),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String(),
  baseUrl: Type.String(),
  isSecureCookies: Type.Boolean(),
  smtpUrl: Type.Union([Type.String(), Type.Null()]),
  mailFrom: Type.String(),
  /** null: generated on first start and kept in the database, shared by every instance (see instance-settings). */
  sessionSecret: Type.Union([Type.String({ minLength: 32 }), Type.Null()]),
  logLevel: Type.String(),
  suppressionThreshold: Type.Integer({ minimum: 1 }),
  firstAdministratorEmail: Type.String(),
  /**
   * The key that signs the audit chain's head: AUDIT_KEY, or else read from (and on first start generated into)
   * `file`: AUDIT_KEY_FILE, or beside the SQLite database, or ./var/audit.key on PostgreSQL.
   */
  /** Limits on `import responses` files: size, rows, and a workbook's uncompressed size. */
  importLimits: Type.Object({
    maxFileBytes: Type.Integer({ minimum: 1 }),
    maxRows: Type.Integer({ minimum: 1 }),
    maxUncompressedBytes: Type.Integer({ minimum: 1 }),
  }),
  auditKey: Type.Object({ key: Type.Union([Type.String({ minLength: 32 }), Type.Null()]), file: Type.String() }),
  /** OpenID Connect sign-in beside the one-time links; null when not configured. */
  oidc: Type.Union([
    Type.Object({ issuer: Type.String(), clientId: Type.String(), clientSecret: Type.String(), name: Type.String() }),
    Type.Null(),
  ]),
  /**
   * Fastify's trustProxy: false (X-Forwarded-For is ignored, the client is the connection's peer), a hop count, or
   * the proxies' addresses. Rate limits and logs use the client address resolved through it.
   */
  trustProxy: Type.Union([Type.Literal(false), Type.Integer({ minimum: 1 }), Type.Array(Type.String())]),
});
export type Config = Static<typeof ConfigSchema>;
export type DatabaseConfig = Config['database'];

/** A configuration problem that start-up reports in one line before exiting with code 1. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type ConfigWarning = { message: string };

const environmentHints: Record<string, string> = {
  PORT: 'a port number between 0 and 65535',
  HOST: 'an interface to listen on, such as 0.0.0.0',
  BASE_URL: 'the public address of the service, such as https://lagesbild.example.se',
  SMTP_URL: 'an SMTP address such as smtp://user:password@mail.example.se:587 or smtps://…',
  MAIL_FROM: 'a sender address such as lagesbild@example.se',
  SESSION_SECRET: 'a random string of at least 32 characters (for example: openssl rand -hex 32)',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  SUPPRESSION_THRESHOLD: 'a whole number of respondents, such as 5',
  ADMIN_EMAIL: 'the e-mail address of the first administrator, such as samordnare@example.se',
  OIDC_ISSUER: "the identity provider's issuer URL, such as https://login.example.se",
  OIDC_CLIENT_ID: 'the client id registered at the identity provider',
  OIDC_CLIENT_SECRET: 'the client secret registered at the identity provider',
  OIDC_NAME: 'a short name for the sign-in button (at most 60 characters), such as Kommunens inloggning',
  AUDIT_KEY: 'a random string of at least 32 characters (for example: openssl rand -hex 32)',
  IMPORT_MAX_FILE_MB: 'a whole number of megabytes, such as 20',
  IMPORT_MAX_ROWS: 'a whole number of rows, such as 200000',
  IMPORT_MAX_XLSX_MB: 'a whole number of megabytes, such as 100',
  AUDIT_KEY_FILE: 'the path of a file holding the audit key (created on first start when missing)',
  TRUST_PROXY:
    'the number of proxies in front of the service (such as 1), or their addresses separated by commas (such as 10.0.0.5,10.0.1.0/24, or loopback)',
};

/**
 * Reads the environment once into a frozen, typed Config.
 * Without SESSION_SECRET the secret is generated on first start and kept in the database (see
 * resolveSessionSecret), so several instances on one PostgreSQL share it; production should set it.
 * @throws ConfigError naming the variable and what it should look like.
 */
export function loadConfig(
  environment: Record<string, string | undefined>,
  options: { workingDirectory?: string; warn?: (warning: ConfigWarning) => void } = {},
): Readonly<Config> {
  const workingDirectory = options.workingDirectory ?? process.cwd();
  const warn = options.warn ?? (() => {});
  const present = Object.fromEntries(
    Object.keys(EnvironmentSchema.properties)
      .map((name) => [name, environment[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  if (!checkEnvironment.Check(present)) {
    const [first] = checkEnvironment.Errors(present);
    const name = first?.instancePath.replace(/^\//, '') ?? '';
    throw new ConfigError(`Invalid ${name || 'environment'}: expected ${environmentHints[name] ?? first?.message}.`);
  }
  const env = checkEnvironment.Parse(present);

  const database = parseDatabaseUrl(env.DATABASE_URL, workingDirectory);
  const port = env.PORT === undefined ? 3000 : Number(env.PORT);
  if (port > 65535) throw new ConfigError(`Invalid PORT: expected ${environmentHints.PORT}.`);
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');

  if (env.SESSION_SECRET === undefined) {
    warn({
      message:
        'SESSION_SECRET is not set: a secret is generated on first start and kept in the database. Set SESSION_SECRET in production.',
    });
  }

  return Object.freeze({
    database: Object.freeze(database),
    port,
    host: env.HOST ?? '127.0.0.1',
    baseUrl,
    isSecureCookies: baseUrl.startsWith('https://'),
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? 'lagesbild@localhost',
    sessionSecret: env.SESSION_SECRET ?? null,
    logLevel: env.LOG_LEVEL ?? 'info',
    suppressionThreshold: env.SUPPRESSION_THRESHOLD === undefined ? 5 : Math.max(1, Number(env.SUPPRESSION_THRESHOLD)),
    firstAdministratorEmail: env.ADMIN_EMAIL ?? 'admin@lagesbild.local',
    oidc: parseOidcConfig(env),
    importLimits: Object.freeze({
      maxFileBytes: Math.max(1, Number(env.IMPORT_MAX_FILE_MB ?? 20)) * 1024 * 1024,
      maxRows: Math.max(1, Number(env.IMPORT_MAX_ROWS ?? 200_000)),
      maxUncompressedBytes: Math.max(1, Number(env.IMPORT_MAX_XLSX_MB ?? 100)) * 1024 * 1024,
    }),
    auditKey: Object.freeze({
      key: env.AUDIT_KEY ?? null,
      file: env.AUDIT_KEY_FILE
        ? resolve(workingDirectory, env.AUDIT_KEY_FILE)
        : database.dialect === 'sqlite'
          ? `${database.file}.audit-key`
          : resolve(workingDirectory, 'var', 'audit.key'),
    }),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  });
}

/** Names proxy-addr (Fastify's trustProxy) accepts for ranges of addresses. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads TRUST_PROXY: unset trusts no proxy, so no client can choose its own address with X-Forwarded-For.
 * @throws ConfigError when it is neither a hop count nor a list of addresses.
 */
export function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined) return false;
  if (/^[0-9]{1,2}$/.test(value)) {
    const hops = Number(value);
    return hops === 0 ? false : hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const isValidEntry = (entry: string) => {
    if (proxyRangeNames.has(entry)) return true;
    const [address = '', prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  };
  if (!entries.every(isValidEntry))
    throw new ConfigError(`Invalid TRUST_PROXY: expected ${environmentHints.TRUST_PROXY}.`);
  return entries;
}

/**
 * Reads the OpenID Connect settings, all or nothing: half a configuration would show a sign-in button that cannot
 * work. Plain http is accepted only for a loopback issuer (a provider started by the tests).
 * @throws ConfigError naming what is missing or wrong.
 */
export function parseOidcConfig(env: {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_NAME?: string;
}): Config['oidc'] {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_NAME: name } = env;
  if (issuer === undefined && clientId === undefined && clientSecret === undefined && name === undefined) return null;
  if (issuer === undefined || clientId === undefined || clientSecret === undefined) {
    const missing = Object.entries({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret })
      .filter(([, value]) => value === undefined)
      .map(([variable]) => variable);
    throw new ConfigError(
      `Incomplete OpenID Connect configuration: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together (missing ${missing.join(', ')}).`,
    );
  }
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      'Invalid OIDC_ISSUER: expected an https:// address (plain http is accepted only for 127.0.0.1 or localhost).',
    );
  }
  return { issuer, clientId, clientSecret, name: name ?? url.hostname };
}

/** Whether a host name is this machine, where plain http cannot be intercepted on the network. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Turns DATABASE_URL into a dialect choice; no value means the embedded SQLite file under ./var/. */
export function parseDatabaseUrl(url: string | undefined, workingDirectory: string): DatabaseConfig {
  if (url === undefined || url === '') {
    return { dialect: 'sqlite', file: resolve(workingDirectory, 'var', 'lagesbild.sqlite') };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('Invalid DATABASE_URL: expected postgres://user@host:5432/database.');
    }
    return { dialect: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') throw new ConfigError('Invalid DATABASE_URL: expected sqlite:path/to/file.sqlite.');
    return { dialect: 'sqlite', file: resolve(workingDirectory, file) };
  }
  throw new ConfigError(
    'Invalid DATABASE_URL: expected postgres://user@host:5432/database, sqlite:path/to/file.sqlite, or nothing for ./var/lagesbild.sqlite.',
  );
}
