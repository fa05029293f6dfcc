import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { HlcClock } from '../shared/index.ts';
import { adapterError, createApp } from './app.ts';
import type { Config } from './config.ts';
import { ChangeNotifier } from './events.ts';
import { createLogger, type Logger } from './log.ts';
import { RevocationWatch } from './revocations.ts';
import { SegmentationJob, type SegmentationOptions } from './segmentation.ts';
import { type Db, openDatabase } from './store/db.ts';
import { DEFAULT_PULL_CACHE_BYTES, setPullCacheBudget } from './store/pull.ts';
import { pruneAppliedMutations } from './store/rows.ts';

/** Once a day: pruning is one indexed delete. */
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

import { serverVersion } from './version.ts';

export interface ServerOptions {
  readonly config: Pick<
    Config,
    'port' | 'host' | 'databasePath' | 'corsOrigins' | 'rateLimit' | 'logLevel'
  > &
    Partial<Pick<Config, 'trustedProxies' | 'pullCacheBytes'>>;
  readonly log?: Logger;
  readonly heartbeatMs?: number;
  /** How often open event streams are checked for revoked devices (500 ms). */
  readonly revocationCheckMs?: number;
  readonly segmentation?: Partial<
    Pick<SegmentationOptions, 'debounceMs' | 'maxWaitMs' | 'refreshEveryMs' | 'worker'>
  >;
  /** Longest a shutdown waits for in-flight requests before cutting connections. */
  readonly drainMs?: number;
}

export interface RunningServer {
  /** http://host:port, with the port actually bound (PORT=0 picks a free one). */
  readonly url: string;
  readonly port: number;
  readonly db: Db;
  readonly notifier: ChangeNotifier;
  readonly segmentation: SegmentationJob;
  /** Stop accepting, let in-flight requests finish, end event streams, close the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  const db = openDatabase(config.databasePath);
  setPullCacheBudget(db, config.pullCacheBytes ?? DEFAULT_PULL_CACHE_BYTES);
  const clock = new HlcClock('server');
  const notifier = new ChangeNotifier(new RevocationWatch(db));
  const segmentation = new SegmentationJob({
    db,
    databasePath: config.databasePath,
    clock,
    notifier,
    log,
    ...options.segmentation,
  });
  const app = createApp({
    db,
    log,
    notifier,
    clock,
    scheduleSegmentation: (teamId) => segmentation.schedule(teamId),
    corsOrigins: config.corsOrigins,
    rateLimit: config.rateLimit,
    trustedProxies: config.trustedProxies ?? [],
    version: serverVersion(),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });

  // Built here rather than by serve(), which passes no errorHandler on to its listener: without
  // one, a request the adapter cannot read (a Host that is no host name) gets a bare 400.
  const listener = getRequestListener(app.fetch, {
    hostname: config.host,
    errorHandler: (error) => adapterError(error, log),
  });
  const server = createServer(listener);
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', (error) => {
      db.close();
      reject(error);
    });
    server.listen(config.port, config.host, () => {
      const bound = server.address();
      if (bound !== null && typeof bound === 'object') resolve(bound);
      else reject(new Error(`the server is not listening on a port: ${String(bound)}`));
    });
  });
  const port = address.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  // Applied mutation ids would otherwise grow with every write the team ever made.
  const prune = () => {
    const dropped = pruneAppliedMutations(db, Date.now());
    if (dropped > 0) log.info('pruned applied mutation ids', { dropped });
  };
  prune();
  const pruner = setInterval(prune, PRUNE_EVERY_MS);
  pruner.unref();

  // A device revoked from the CLI loses its event stream within this, not at its next heartbeat
  // (a change that commits sooner checks first: see ChangeNotifier.notify).
  const revocations = setInterval(() => notifier.closeRevoked(), options.revocationCheckMs ?? 500);
  revocations.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      notifier.closeAll();
      // Connections turn idle as their last response ends (event streams included): close
      // each as soon as it does, rather than waiting out its keep-alive timeout.
      const sweep = setInterval(() => {
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }, 20);
      const timer = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, options.drainMs ?? 10_000);
      await closed;
      clearInterval(pruner);
      clearInterval(revocations);
      clearInterval(sweep);
      clearTimeout(timer);
      await segmentation.stop();
      db.close();
    })();
    return closing;
  };

  return { url: `http://${host}:${port}`, port, db, notifier, segmentation, close };
}
