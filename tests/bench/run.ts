/**
 * `npm run bench`: measures the machine's calibration first (tests/bench/calibration.ts), then
 * runs every tests/bench/*.bench.ts in its own process (so one benchmark's heap does not slow
 * the next), which prints one line per figure with its budget, judged on the figure scaled by
 * that calibration. `npm run bench -- segmentation push` runs the files whose names match.
 * A benchmark file exports `default async function main(): Promise<void>` and calls report().
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CALIBRATION_ENV,
  type Calibration,
  formatCalibration,
  measureBrowser,
  measureCpu,
  measureMemory,
  measureSqlite,
} from './calibration.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const calibration: Calibration = {
  cpu: await measureCpu(),
  memory: await measureMemory(),
  sqlite: await measureSqlite(),
};
try {
  calibration.browser = await measureBrowser();
} catch (error) {
  console.log(`browser calibration failed: ${error instanceof Error ? error.message : error}`);
}
console.log(formatCalibration(calibration));

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
    { stdio: 'inherit', env: { ...process.env, [CALIBRATION_ENV]: JSON.stringify(calibration) } },
  );
  if (result.status !== 0) {
    failed++;
    console.log(`${file}: crashed (exit ${result.status})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
