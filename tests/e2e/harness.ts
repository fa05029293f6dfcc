import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(process.env.ACCOUNT_LENS_OUT_DIR ?? '.output', 'chrome-mv3');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * The flags every test browser starts with. Without the background-networking ones, Chromium
 * keeps trying to reach Google's hosts, which this machine's closed network refuses.
 */
const CHROMIUM_ARGS = [
  '--headless=new', // the old headless mode cannot load extensions
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** How many of the latest Playwright calls are kept for a failing test's report. */
const CALLS_KEPT = 200;
const calls: string[] = [];

/**
 * The latest Playwright calls of this test file's browsers, oldest first, each with its time:
 * printed when a test fails (tests/e2e/setup.ts), so a step that never ended is named.
 */
export const recentBrowserCalls = (): readonly string[] => calls;

/** A poll's counts, hundreds of them while it waits: they would push the steps out. */
const POLLING = /^(=>|<=) locator\.count (started|succeeded)$/;

const callLog = {
  isEnabled: (name: string) => name === 'api',
  log: (_name: string, _severity: string, message: string | Error) => {
    const text = String(message);
    if (POLLING.test(text)) return;
    calls.push(`${new Date().toISOString()} ${text}`);
    if (calls.length > CALLS_KEPT) calls.shift();
  },
};

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly serviceWorker: Worker;
  /** chrome-extension://<id>/<path> */
  url(path: string): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Browser UI language, e.g. 'zh-CN'. */
  readonly locale?: string;
  /** Load the extension from here instead of the build in .output (e.g. a private copy). */
  readonly extensionDir?: string;
  /** Hosts (besides 127.0.0.1 and localhost) tests fulfil with routes; anything else is aborted. */
  readonly allowHosts?: readonly string[];
  /**
   * false: keep the network out by DNS (every host but this machine's fails to resolve) rather
   * than by routing every request through the test: a route costs each request, the extension's
   * own scripts included, a round trip to this process (about 80 ms on a Book page's open), which
   * no user pays. For benchmarks that fulfil nothing by route.
   */
  readonly routeRequests?: boolean;
}

/**
 * Debian's Chromium with the built extension loaded, in a fresh profile. Every request that
 * is not to the machine itself or fulfilled by a test's route is aborted: tests never reach
 * the network.
 */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extension = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extension, 'manifest.json'))) {
    throw new Error(`no built extension in ${extension}: run \`npm run build\` first`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'account-lens-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // CHROMIUM_ARGS has --headless=new
    logger: callLog,
    ignoreDefaultArgs: ['--disable-extensions'],
    ...(options.locale ? { locale: options.locale } : {}),
    args: [
      ...CHROMIUM_ARGS,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      ...(options.routeRequests === false
        ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost']
        : []),
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
  });
  if (options.routeRequests !== false) await blockNetwork(context, options.allowHosts);
  let [serviceWorker] = context.serviceWorkers();
  if (!serviceWorker) serviceWorker = await context.waitForEvent('serviceworker');
  const extensionId = new URL(serviceWorker.url()).host;
  // A fresh profile is a fresh install: the background opens the options page. Wait for it, so
  // it cannot take over a page a test has just opened ("navigation interrupted").
  const isOptions = (p: { url(): string }) => p.url().endsWith('/options.html');
  const deadline = Date.now() + 15_000;
  while (!context.pages().some(isOptions) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25)); // polling a condition, not waiting for time
  }
  return {
    context,
    extensionId,
    serviceWorker,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Aborts every request that is not to the machine itself, to the extension, or to `allowHosts`
 * (which tests fulfil with routes). Routes registered later take precedence over this one.
 */
async function blockNetwork(
  context: BrowserContext,
  allowHosts: readonly string[] = [],
): Promise<void> {
  const allowed = new Set(['127.0.0.1', 'localhost', ...allowHosts]);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'chrome-extension:' || allowed.has(url.hostname)) return route.fallback();
    return route.abort('blockedbyclient');
  });
}

/** A browser without the extension, with the same flags, in a fresh profile. */
export interface PlainBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium without the extension: baselines and calibrations beside extension runs. */
export async function launchPlainChromium(
  allowHosts: readonly string[] = [],
): Promise<PlainBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'account-lens-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: CHROMIUM_ARGS,
  });
  await blockNetwork(context, allowHosts);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
