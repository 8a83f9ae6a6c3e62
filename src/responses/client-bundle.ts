import { build } from 'esbuild';

const entryPoint = new URL('./client/form-client.ts', import.meta.url).pathname;

let bundle: Promise<string> | undefined;

/**
 * Bundles the form's browser script (with the questionnaire's own conditions module) in memory, once per process:
 * no build step to forget, and the browser always runs the same conditions code as the server.
 */
export function buildFormBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  })
    .then((result) => {
      const output = result.outputFiles[0];
      if (!output) throw new Error('esbuild produced no output for the form script.');
      return output.text;
    })
    .catch((error: unknown) => {
      // A failed build is not cached, so the next start-up tries again and reports again.
      bundle = undefined;
      throw error;
    });
  return bundle;
}
