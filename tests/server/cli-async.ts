import { execFile } from 'node:child_process';
import { ROOT } from './child.ts';

/**
 * Run a CLI command in its own process without blocking this one: unlike child.ts's `cli`
 * (spawnSync), a test server in this process keeps serving meanwhile, so its keep-alive
 * connections are not closed under a client that waited through several commands.
 */
export function cliAsync(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env },
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ status: code, stdout, stderr });
      },
    );
  });
}
