// The `lagesbild` command: bin/lagesbild.js runs the compiled dist/lagesbild.js; `npm run dev` and the tests run
// this file from the sources through tsx.
import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
