#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so there is no build step between a checkout and a running
// product. The tsconfig is named explicitly because the command may be started from any directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
