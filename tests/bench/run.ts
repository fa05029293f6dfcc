/**
 * `npm run bench`: runs every tests/bench/*.bench.ts in its own process (so one benchmark's
 * heap does not slow the next) and prints one line per figure with its budget.
 * A benchmark file exports `default async function main(): Promise<void>` and calls report().
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`# ${file}`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      '--max-old-space-size=8192',
      join(here, 'main.ts'),
      join(here, file),
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    failed++;
    console.log(`${file}: crashed (exit ${result.status})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
