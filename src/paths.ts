import { fileURLToPath } from 'node:url';

/**
 * Where the product's files are, the same whether it runs from its TypeScript sources (src/, through tsx) or
 * compiled (dist/, written by `npm run build` with the same layout). Both folders sit directly in the repository,
 * so this file's folder is the running code's folder and its parent is the repository root, in either case.
 * Resolve files through these functions, never with `new URL(…, import.meta.url)` of another module: that breaks
 * as soon as the module's depth or its compiled place differs.
 */
const codeFolder = new URL('./', import.meta.url);
const repositoryFolder = new URL('../', import.meta.url);

/** True when the compiled JavaScript of dist/ runs, false when the TypeScript sources of src/ run. */
export const isCompiled = import.meta.url.endsWith('.js');

/** The file extension of the running code's modules: `.js` in dist/, `.ts` in src/. */
export const moduleExtension = isCompiled ? '.js' : '.ts';

/**
 * An absolute path in the repository, for what ships beside the code rather than inside it: the reference data of
 * data/ (organisations, questionnaires), package.json.
 */
export function repositoryPath(...segments: string[]): string {
  return fileURLToPath(new URL(segments.join('/'), repositoryFolder));
}

/**
 * An absolute path in the running code's folder (src/ or dist/): compiled modules such as the migrations, and the
 * files that are not TypeScript (static assets), which the build copies into dist/ at the same place.
 */
export function codePath(...segments: string[]): string {
  return fileURLToPath(new URL(segments.join('/'), codeFolder));
}
