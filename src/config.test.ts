import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const secret = 'a'.repeat(40);

test('defaults: SQLite under ./var, port 3000, base URL on localhost, frozen', () => {
  const config = loadConfig({ SESSION_SECRET: secret }, { workingDirectory: '/srv/app' });
  assert.deepEqual(config.database, { dialect: 'sqlite', file: '/srv/app/var/lagesbild.sqlite' });
  assert.equal(config.port, 3000);
  assert.equal(config.baseUrl, 'http://localhost:3000');
  assert.equal(config.isSecureCookies, false);
  assert.equal(config.smtpUrl, null);
  assert.equal(Object.isFrozen(config), true);
});

test('PostgreSQL URL, https base URL and SMTP are read', () => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lagesbild',
    BASE_URL: 'https://lagesbild.example.se/',
    SMTP_URL: 'smtp://mail.example.se:587',
    SESSION_SECRET: secret,
    PORT: '8080',
  });
  assert.deepEqual(config.database, { dialect: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/lagesbild' });
  assert.equal(config.baseUrl, 'https://lagesbild.example.se');
  assert.equal(config.isSecureCookies, true);
  assert.equal(config.smtpUrl, 'smtp://mail.example.se:587');
  assert.equal(config.port, 8080);
});

test('invalid values name the variable and what it should be', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', SESSION_SECRET: secret }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^Invalid PORT: expected a port number/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ PORT: '99999', SESSION_SECRET: secret }), /Invalid PORT/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x', SESSION_SECRET: secret }), /Invalid DATABASE_URL/);
  assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.se', SESSION_SECRET: secret }), /Invalid SMTP_URL/);
  assert.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /Invalid SESSION_SECRET/);
  assert.throws(() => loadConfig({ LOG_LEVEL: 'loud', SESSION_SECRET: secret }), /Invalid LOG_LEVEL/);
});

test('without SESSION_SECRET the secret is left to the database, with a warning', () => {
  const warnings: string[] = [];
  const config = loadConfig(
    { DATABASE_URL: 'postgres://postgres@127.0.0.1/x' },
    { warn: (warning) => warnings.push(warning.message) },
  );
  assert.equal(config.sessionSecret, null);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /kept in the database\. Set SESSION_SECRET in production/);
});
