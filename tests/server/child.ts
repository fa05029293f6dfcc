import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const baseEnv = (env: Record<string, string>) => ({
  ...process.env,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  ...env,
});

/** Run a CLI command to completion: `npm run server -- ...args` without npm's overhead. */
export function cli(args: readonly string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: ROOT,
    env: baseEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed to stdout so far. */
  output(): string;
  /** Everything the process printed to stderr so far. */
  errorOutput(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** Start `serve` (or `start`) in its own process and wait for its "listening on" line. */
export function spawnServer(
  command: 'serve' | 'start',
  env: Record<string, string>,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', command], {
    cwd: ROOT,
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s: ${stderr}`));
    }, 20_000);
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({ url: m[1], child, output: () => stdout, errorOutput: () => stderr, exited });
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${stderr}`));
    });
  });
}
