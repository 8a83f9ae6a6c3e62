#!/usr/bin/env node
// Runs the compiled product in dist/, plain JavaScript without a compiler or an import hook. `npm run build` writes
// dist/ (`npm ci`, `npm install` and `npm start` run it); `npm run dev` runs the TypeScript sources instead.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/lagesbild.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Lägesbild is not built: run `npm run build` (npm ci and npm start do it), then try again.');
  process.exit(1);
}
await import(entry.href);
