// `npm run build` (run by `npm ci`/`npm install` through `prepare`, and before `npm start`): compiles the product
// into dist/, plain JavaScript that runs without a compiler or an import hook.
// - The server and the command line are bundled with their dependencies by esbuild into dist/lagesbild.js (and
//   dist/app.js, the same application for tests that serve the compiled product), sharing chunks directly in dist/.
//   One bundle instead of some two thousand module files is what makes start-up fast and small: Node no longer
//   resolves, reads and compiles each file of typebox, yaml, kysely and fastify's family separately.
// - Each migration becomes dist/db/migrations/NAME.js, found by the migrator as the sources' .ts files are.
// - The respondent's form script (src/responses/client/) is bundled for the browser into
//   dist/responses/form-client.js, with the options the sources use to bundle it in memory.
// - Files under src/ that are not TypeScript (static assets) are copied to the same place in dist/.
// Every compiled module sits directly in dist/ (or in a folder the sources have too), so src/paths.ts resolves the
// same relative paths from src/ and from dist/.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { formBundleFile, formBundleOptions } from '../src/responses/client-bundle.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const sourceFolder = join(root, 'src');
const outputFolder = join(root, 'dist');
const clientFolder = join(sourceFolder, 'responses', 'client');
const migrationsFolder = join(sourceFolder, 'db', 'migrations');
const started = performance.now();

/**
 * Packages left out of the bundle and loaded from node_modules at run time: a native addon, packages that read
 * their own files beside their code (which a bundle moves away from them), and libraries the product loads only
 * on first use, so a server that never needs them never loads them (charts, PDF, spreadsheets, the PostgreSQL
 * driver on SQLite, SMTP without SMTP_URL, OpenID Connect without OIDC_*).
 */
const externalPackages = [
  'better-sqlite3',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  // Loaded by the two above from node_modules as well: external, one copy serves both them and the product (bundled,
  // the product's copy came in addition to theirs, about a tenth of the start-up).
  '@fastify/static',
  'yaml',
  'echarts',
  'pdfkit',
  'svg-to-pdfkit',
  'exceljs',
  'pg',
  'nodemailer',
  'openid-client',
  'esbuild',
  // HiGHS loads its WebAssembly file from beside its own code.
  'highs',
];

function listFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const sourceFiles = listFiles(sourceFolder);
const isTypeScript = (file: string) => /\.tsx?$/.test(file);
const migrations = listFiles(migrationsFolder).filter(isTypeScript);

rmSync(outputFolder, { recursive: true, force: true });
const result = await build({
  entryPoints: [
    { in: join(sourceFolder, 'lagesbild.ts'), out: 'lagesbild' },
    { in: join(sourceFolder, 'app.ts'), out: 'app' },
    ...migrations.map((file) => ({ in: file, out: `db/migrations/${basename(file).replace(/\.ts$/, '')}` })),
  ],
  outdir: outputFolder,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  external: externalPackages,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // The bundled CommonJS packages call require() for Node's own modules; an ES module has none of its own.
  banner: {
    js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
await build({ ...formBundleOptions, outfile: join(outputFolder, formBundleFile), logLevel: 'warning' });
const assets = sourceFiles.filter((file) => !isTypeScript(file) && !file.startsWith(`${clientFolder}${sep}`));
for (const asset of assets) {
  const target = join(outputFolder, relative(sourceFolder, asset));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(asset, target);
}
const bundled = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/')).length;
console.log(
  `Built dist/ from ${bundled} source modules, ${migrations.length} migrations, the form script and ${assets.length} other files in ${Math.round(performance.now() - started)} ms.`,
);
