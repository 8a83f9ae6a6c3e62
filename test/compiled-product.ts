import { fileURLToPath } from 'node:url';
import type { buildApp } from '../src/app.ts';

/**
 * Whether the tests that start the product (the kill test's server, a CLI command run as a process, the browser
 * tests' server) run the compiled dist/ or the sources. TEST_COMPILED=1 selects dist/: `.ci/run` sets it, and the
 * test runner then builds dist/ before any test starts, so a test never runs a stale build. Otherwise the sources
 * run through tsx, as every other test does.
 */
export const isCompiledProductTested = process.env.TEST_COMPILED === '1';

/** The repository root, which a product process runs in. */
export const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

/** Node's arguments that run `lagesbild <args>`: bin/lagesbild.js (compiled) or src/lagesbild.ts through tsx. */
export function lagesbildArguments(args: string[]): string[] {
  return isCompiledProductTested ? ['bin/lagesbild.js', ...args] : ['--import', 'tsx', 'src/lagesbild.ts', ...args];
}

type BuildApp = typeof buildApp;

function isAppModule(module: unknown): module is { buildApp: BuildApp } {
  return typeof module === 'object' && module !== null && 'buildApp' in module && typeof module.buildApp === 'function';
}

/** buildApp of the compiled dist/app.js, for a test that serves the product as it is shipped. */
export async function importCompiledBuildApp(): Promise<BuildApp> {
  const module: unknown = await import(new URL('../dist/app.js', import.meta.url).href);
  if (!isAppModule(module)) throw new Error('dist/app.js exports no buildApp: run `npm run build`.');
  return module.buildApp;
}
