// Runs before `npm test`: the browser end-to-end tests drive Debian's browsers, never a
// downloaded build. Plain Node and no packages. Missing browsers are installed with apt-get
// when this runs as root on Debian/Ubuntu; otherwise it stops at once with the command to run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';

/** Every browser the tests drive: where the tests look for it and Debian's package for it. */
const BROWSERS = [
  { name: 'Chromium', env: 'CHROMIUM', path: '/usr/bin/chromium', debian: 'chromium' },
  { name: 'Firefox ESR', env: 'FIREFOX', path: '/usr/bin/firefox-esr', debian: 'firefox-esr' },
];

// The Chinese screenshots (docs/screenshots/*.zh_CN.png) need a font with Chinese glyphs;
// without one every character renders as a box. Needed, not chosen: no variable overrides it.
const FONTS = [
  {
    name: 'a Chinese font',
    path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    debian: 'fonts-wqy-microhei',
  },
];

const runnable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const missing = [];
for (const browser of BROWSERS) {
  const chosen = process.env[browser.env];
  if (chosen) {
    // The reader named a binary: installing a package would not change what the tests run.
    if (!runnable(chosen)) {
      console.error(`${browser.env}=${chosen}, but no runnable ${browser.name} is there.`);
      process.exit(1);
    }
  } else if (!runnable(browser.path)) {
    missing.push(browser);
  }
}
for (const font of FONTS) if (!existsSync(font.path)) missing.push(font);
if (missing.length === 0) process.exit(0);

const names = missing.map((b) => b.name).join(' and ');
const packages = missing.map((b) => b.debian).join(' ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(`The browser tests need ${names}. Install them, then run npm test again:`);
  console.error(`  sudo apt-get update && sudo apt-get install -y ${packages}`);
  const named = missing.filter((b) => b.env);
  if (named.length > 0) {
    console.error(
      `(Not on Debian or Ubuntu? Point ${named.map((b) => b.env).join(' / ')} at the browser binary.)`,
    );
  }
  process.exit(1);
}

console.log(`Installing ${names} for the browser tests: apt-get install ${packages}…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', ...missing.map((b) => b.debian)],
]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`apt-get ${args[0]} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}
const still = missing.filter((b) => !(b.env ? runnable(b.path) : existsSync(b.path)));
if (still.length > 0) {
  console.error(`apt-get finished, but ${still.map((b) => b.path).join(', ')} is still missing.`);
  process.exit(1);
}
