import { randomBytes } from 'node:crypto';
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
import { openStore, storeLocation } from './store/open.ts';
import { DEFAULT_PULL_CACHE_BYTES } from './store/pull.ts';
import type { Store } from './store/store.ts';

/** Once a day: pruning is one indexed delete. */
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

import { serverVersion } from './version.ts';

export interface ServerOptions {
  readonly config: Pick<
    Config,
    'port' | 'host' | 'databasePath' | 'corsOrigins' | 'rateLimit' | 'logLevel'
  > &
    Partial<Pick<Config, 'trustedProxies' | 'pullCacheBytes' | 'databaseUrl'>>;
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
  readonly store: Store;
  readonly notifier: ChangeNotifier;
  readonly segmentation: SegmentationJob;
  /** Stop accepting, let in-flight requests finish, end event streams, close the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  const location = storeLocation({
    databasePath: config.databasePath,
    databaseUrl: config.databaseUrl,
  });
  const store = await openStore(location);
  store.setPullCacheBudget(config.pullCacheBytes ?? DEFAULT_PULL_CACHE_BYTES);
  // Several instances share one PostgreSQL: each stamps its own writes under its own clock
  // node, so two instances' stamps never tie.
  const clock = new HlcClock(
    location.kind === 'sqlite' ? 'server' : `server-${randomBytes(4).toString('hex')}`,
  );
  const notifier = new ChangeNotifier(new RevocationWatch(store));
  // Pushes that landed on other instances wake this instance's event streams too.
  const unwatch = store.watch((change) => void notifier.notify(change.teamId, change.seq));
  const segmentation = new SegmentationJob({
    store,
    location,
    clock,
    notifier,
    log,
    ...options.segmentation,
  });
  const app = createApp({
    store,
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
      unwatch();
      void segmentation.stop().then(() => store.close());
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
  const prune = () =>
    store.pruneAppliedMutations(Date.now()).then(
      (dropped) => {
        if (dropped > 0) log.info('pruned applied mutation ids', { dropped });
      },
      (error: unknown) =>
        log.warn('pruning applied mutation ids failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  void prune();
  const pruner = setInterval(prune, PRUNE_EVERY_MS);
  pruner.unref();

  // A device revoked from the CLI loses its event stream within this, not at its next heartbeat
  // (a change that commits sooner checks first: see ChangeNotifier.notify).
  const revocations = setInterval(
    () => void notifier.closeRevoked().catch(() => undefined),
    options.revocationCheckMs ?? 500,
  );
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
      unwatch();
      await segmentation.stop();
      await store.close();
    })();
    return closing;
  };

  return { url: `http://${host}:${port}`, port, store, notifier, segmentation, close };
}
