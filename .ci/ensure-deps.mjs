// Runs before `npm start`, `npm test` and `npm run bench`, so a fresh clone needs no other
// command. Plain Node and no packages: it runs when node_modules may not exist yet.
//
// Installs the dependencies when node_modules is missing or was installed from another
// package.json / package-lock.json than the ones checked out now (a `git pull` that changed
// them). The stamp holds a hash of both files, not a time: a checkout rewrites file times.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.account-lens-install');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wanted = /^>=\s*(\d+)\.(\d+)/.exec(pkg.engines?.node ?? '');
if (wanted) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const [needMajor, needMinor] = [Number(wanted[1]), Number(wanted[2])];
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    console.error(
      `Account Lens needs Node ${needMajor}.${needMinor} or newer; this is Node ${process.versions.node}.`,
    );
    process.exit(1);
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(root, file);
    hash.update(existsSync(path) ? readFileSync(path) : `no ${file}`);
  }
  return hash.digest('hex');
}

const current = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (current === fingerprint()) process.exit(0);

console.log(
  existsSync(join(root, 'node_modules'))
    ? 'Dependencies changed since the last install: running npm install…'
    : 'First run: installing dependencies with npm install (about two minutes; better-sqlite3 compiles)…',
);
// `npm install`, not `npm ci`: the registry mirror lacks most of rollup's platform packages,
// so the lockfile leaves them out and `npm ci` would refuse it.
// The npm that runs this script, when there is one, so a second npm on PATH cannot differ.
const npmCli = process.env.npm_execpath;
const [command, args] =
  npmCli && /npm-cli\.[cm]?js$/.test(npmCli)
    ? [process.execPath, [npmCli, 'install', '--no-audit', '--no-fund']]
    : ['npm', ['install', '--no-audit', '--no-fund']];
const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(
    `npm install failed (exit ${result.status ?? result.signal}); nothing else was run.`,
  );
  process.exit(result.status || 1);
}
// npm may rewrite the lockfile while installing: stamp what is there now.
writeFileSync(stamp, `${fingerprint()}\n`);
