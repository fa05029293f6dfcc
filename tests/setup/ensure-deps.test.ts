/**
 * The set-up step `npm start`, `npm test` and `npm run bench` run first (.ci/ensure-deps.mjs),
 * run for real on a throw-away project with one tiny local dependency, so `npm install` works
 * without the registry and in about a second.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../.ci/ensure-deps.mjs');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder laid out like this repository: package.json, .ci/ensure-deps.mjs. */
function project(engines = '>=20.19'): string {
  const dir = mkdtempSync(join(tmpdir(), 'account-lens-ensure-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.ci'));
  cpSync(SCRIPT, join(dir, '.ci', 'ensure-deps.mjs'));
  mkdirSync(join(dir, 'local-dep'));
  writeFileSync(
    join(dir, 'local-dep', 'package.json'),
    JSON.stringify({ name: 'local-dep', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(join(dir, 'local-dep', 'index.js'), 'module.exports = 42;\n');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'ensure-fixture',
      version: '1.0.0',
      private: true,
      engines: { node: engines },
      dependencies: { 'local-dep': 'file:./local-dep' },
    }),
  );
  return dir;
}

function ensure(dir: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(dir, '.ci', 'ensure-deps.mjs')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the set-up step before npm start and npm test', () => {
  it('installs the dependencies of a fresh clone, then leaves an installed tree alone', () => {
    const dir = project();
    const first = ensure(dir);
    expect(first.status).toBe(0);
    expect(first.output).toContain('First run: installing dependencies');
    expect(existsSync(join(dir, 'node_modules', 'local-dep', 'index.js'))).toBe(true);
    expect(existsSync(join(dir, 'package-lock.json'))).toBe(true);

    const second = ensure(dir);
    expect(second.status).toBe(0);
    expect(second.output).toBe('');
  });

  it('installs again when package-lock.json changed after the last install (a git pull)', () => {
    const dir = project();
    expect(ensure(dir).status).toBe(0);
    rmSync(join(dir, 'node_modules', 'local-dep'), { recursive: true });
    // What a pull that bumps a dependency does to the lockfile: its content changes.
    const lock = join(dir, 'package-lock.json');
    execFileSync('node', [
      '-e',
      `const fs=require('fs');const l=JSON.parse(fs.readFileSync(${JSON.stringify(lock)}));l.name='pulled';fs.writeFileSync(${JSON.stringify(lock)},JSON.stringify(l,null,2));`,
    ]);
    const again = ensure(dir);
    expect(again.status).toBe(0);
    expect(again.output).toContain('Dependencies changed since the last install');
    expect(existsSync(join(dir, 'node_modules', 'local-dep', 'index.js'))).toBe(true);
  });

  it('stops at once, naming both versions, on a Node older than package.json asks for', () => {
    const dir = project('>=99.1');
    const result = ensure(dir);
    expect(result.status).toBe(1);
    expect(result.output).toContain('needs Node 99.1 or newer');
    expect(result.output).toContain(process.versions.node);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });
});

describe('the browser check before npm test', () => {
  it('refuses a CHROMIUM that points at nothing runnable, naming it, instead of installing', () => {
    const result = spawnSync(
      process.execPath,
      [resolve(import.meta.dirname, '../../.ci/ensure-browsers.mjs')],
      { encoding: 'utf8', env: { ...process.env, CHROMIUM: '/nonexistent/chromium' } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHROMIUM=/nonexistent/chromium');
  });
});
