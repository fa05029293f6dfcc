import type { LogLevel } from './config.ts';

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

/**
 * One JSON object per line, so logs can be grepped and shipped as they are. Callers pass only
 * ids and numbers: tokens, invite codes and note text never reach a log line.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = bufferedStdout(),
): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) =>
    RANK[lvl] <= RANK[level]
      ? (msg: string, fields?: LogFields) =>
          write(
            `${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`,
          )
      : () => {};
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/**
 * Lines collected during one turn of the event loop and written together: stdout redirected
 * to a file writes synchronously, and one write per request costs more than the request.
 * Whatever is pending is written before the process exits.
 */
function bufferedStdout(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
    if (pending.length >= 1_000) flush();
  };
}
