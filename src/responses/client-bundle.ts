import { readFile } from 'node:fs/promises';
import type { BuildOptions } from 'esbuild';
import { codePath, isCompiled, repositoryPath } from '../paths.ts';

/**
 * How the form's browser script (with the questionnaire's own conditions module, so the browser runs the same
 * conditions code as the server) is bundled: by `npm run build` into dist/, or in memory when the sources run.
 */
export const formBundleOptions = {
  entryPoints: [repositoryPath('src', 'responses', 'client', 'form-client.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
} satisfies BuildOptions;

/** Where `npm run build` writes the bundle, in dist/. */
export const formBundleFile = 'responses/form-client.js';

let bundle: Promise<string> | undefined;

/** Bundles the sources' form script in memory; esbuild is a development tool, loaded only here. */
async function bundleFromSources(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({ ...formBundleOptions, write: false, logLevel: 'silent' });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the form script.');
  return output.text;
}

/**
 * The form's browser script, once per process: the file the build wrote when the compiled product runs, bundled in
 * memory when the sources run, so the browser never runs an older script than the server.
 */
export function buildFormBundle(): Promise<string> {
  bundle ??= (isCompiled ? readFile(codePath(formBundleFile), 'utf8') : bundleFromSources()).catch((error: unknown) => {
    // A failed build is not cached, so the next start-up tries again and reports again.
    bundle = undefined;
    throw error;
  });
  return bundle;
}
