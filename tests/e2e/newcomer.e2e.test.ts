/**
 * The newcomer's path: a fresh clone with no node_modules, then `npm start`, exactly as the
 * README's first screen says. The clone carries the working tree as it would be committed
 * (modified and new files copied over, deleted ones removed), so the test checks the change
 * being made, not only the last commit.
 *
 * Slow by nature (a real `npm install`, better-sqlite3 compiling from source, a real build):
 * about three minutes on two cores, which is why it lives with the end-to-end tests.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JoinResponse } from '../../shared/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 9 * 60_000;

/** Lines a newcomer would take for trouble: npm's `warn`/`ERR!`, Rollup's notes, stack traces. */
const TROUBLE = /\b(warn|warning|err|error|deprecated)\b|ERR!|^\s*at .+\(.+:\d+:\d+\)$/i;

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A clone of this repository holding its working tree as `git add -A` would commit it. */
function cloneWorkingTree(into: string): void {
  git(['clone', '--quiet', '--no-hardlinks', ROOT, into]);
  const changed = git(['ls-files', '-z', '--modified', '--others', '--exclude-standard'])
    .split('\0')
    .filter(Boolean);
  for (const file of changed) {
    const from = join(ROOT, file);
    const to = join(into, file);
    if (existsSync(from)) {
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    } else {
      rmSync(to, { force: true });
    }
  }
}

/**
 * The environment of a newcomer's shell: nothing npm or vitest set for this test run
 * (npm_config_*, NODE_ENV=test, VITEST_*) leaks into the clone's npm, nor the second build
 * directory a checkout building two things at once tests with (ACCOUNT_LENS_OUT_DIR): a
 * newcomer's build goes to `.output`.
 */
function newcomerEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|vitest|init_cwd$|node_env$|node_options$|test$|account_lens_out_dir$)/i.test(key)) {
      continue;
    }
    env[key] = value;
  }
  // A free port and a data folder of its own: the only settings the newcomer does not give.
  return { ...env, PORT: '0', DATA_DIR: dataDir };
}

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function npmStart(cwd: string, env: NodeJS.ProcessEnv): Started {
  // Its own process group, so stopping it stops npm, tsx and the server together.
  const child = spawn('npm', ['start'], { cwd, env, detached: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(
  read: () => T | undefined,
  started: Started,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void started.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (exitCode !== undefined) {
      throw new Error(`npm start exited (${exitCode}) before it was ready:\n${started.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`npm start not ready in time:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200)); // polling the output for a condition
  }
}

const temp = mkdtempSync(join(tmpdir(), 'account-lens-newcomer-'));
let running: Started | undefined;

afterAll(async () => {
  if (running && running.child.exitCode === null && running.child.pid !== undefined) {
    process.kill(-running.child.pid, 'SIGKILL');
    await running.exited;
  }
  rmSync(temp, { recursive: true, force: true });
});

describe('a newcomer on a fresh clone', () => {
  it(
    'runs npm start alone: it installs, builds, serves and prints the folder to load and an invite code that joins, with no warnings',
    async () => {
      const clone = join(temp, 'account-lens');
      cloneWorkingTree(clone);
      expect(existsSync(join(clone, 'node_modules'))).toBe(false);

      const started = npmStart(clone, newcomerEnv(join(temp, 'data')));
      running = started;
      const ready = await waitFor(
        () => {
          const text = started.output();
          const code = /Admin invite code: (\S+)/.exec(text)?.[1];
          const folder = /Load unpacked → (\S+)/.exec(text)?.[1];
          const url = /server URL (http:\/\/\S+)/.exec(text)?.[1];
          return code && folder && url ? { code, folder, url } : undefined;
        },
        started,
        START_TIMEOUT_MS,
      );

      // The folder it names is the fresh build, ready to load unpacked.
      expect(ready.folder).toBe(join(clone, '.output', 'chrome-mv3'));
      expect(existsSync(join(ready.folder, 'manifest.json'))).toBe(true);

      // The invite code it prints joins the team on the server it started.
      const joined = await fetch(`${ready.url}/v1/auth/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inviteCode: ready.code, deviceName: 'newcomer' }),
      });
      expect(joined.status).toBe(200);
      expect(JoinResponse.parse(await joined.json()).token.length).toBeGreaterThan(0);

      if (started.child.pid !== undefined) process.kill(-started.child.pid, 'SIGTERM');
      await started.exited;

      // Nothing in what it printed reads like trouble: the README promises a clean first run.
      const trouble = started
        .output()
        .split('\n')
        .filter((line) => TROUBLE.test(line));
      expect(trouble).toEqual([]);
    },
    START_TIMEOUT_MS + 60_000,
  );
});
