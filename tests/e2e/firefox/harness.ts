/**
 * Debian's Firefox ESR with the built Firefox extension, driven over WebDriver BiDi. Playwright's
 * Firefox is a patched build it downloads, and geckodriver downloads its binary too: neither is
 * available here, while stock Firefox speaks BiDi itself and installs a temporary add-on with
 * `webExtension.install`. One small client over one WebSocket, enough for the tests in this
 * folder: tabs, frames, scripts, real clicks, and answering requests for https test sites.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX_EXTENSION_DIR = resolve(
  process.env.ACCOUNT_LENS_OUT_DIR ?? '.output',
  'firefox-mv3',
);
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const ADDON_ID = 'account-lens@account-lens.app';

/**
 * Prefs of the fresh profile. Without the update, telemetry and discovery ones, Firefox keeps
 * trying to reach Mozilla's hosts, which this machine's closed network refuses.
 */
const PREFS: Record<string, string | number | boolean> = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'remote.prefs.recommended': true,
  // The test sites are served over plain http from this machine: keep them there.
  'dom.security.https_first': false,
  'dom.security.https_only_mode': false,
};

export interface LaunchFirefoxOptions {
  /**
   * The extension to install: the built one (the default), another directory (a benchmark's
   * floor, with this add-on id), or false for a plain Firefox (a benchmark's baseline).
   */
  readonly extension?: string | false;
  /** Hostnames that resolve to 127.0.0.1, for sites a test serves from a local HTTP server. */
  readonly localHosts?: readonly string[];
  /**
   * Requests to these hosts are answered by `respond` (https sites, whose TLS a local server
   * cannot offer); a request it declines gets a 404.
   */
  readonly intercept?: {
    readonly hosts: readonly string[];
    respond(url: URL): TestResponse | undefined;
  };
}

export interface TestResponse {
  readonly status?: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

type Truthy<T> = Exclude<T, false | null | undefined | '' | 0>;

/** A browsing context: a tab, or a frame inside one. */
export interface Context {
  readonly id: string;
  /** Navigate and wait for the load (or not, for extension pages: poll their state instead). */
  goto(url: string, wait?: 'none' | 'complete'): Promise<void>;
  /** Run `fn` in the context's page and return its JSON-able result. */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
  /** Poll `fn` until it returns something truthy (never a fixed sleep); returns that value. */
  waitFor<A extends unknown[], R>(
    what: string,
    fn: (...args: A) => R,
    ...args: A
  ): Promise<Truthy<Awaited<R>>>;
  /** A real click (the pointer, not `element.click()`): a user gesture, as the rep's. */
  click(selector: string): Promise<void>;
  /** Frames of this tab, any depth, whose URL starts with `prefix`. */
  frames(prefix: string): Promise<Context[]>;
  close(): Promise<void>;
}

export interface FirefoxBrowser {
  /** The extension's UUID: its pages are moz-extension://<uuid>/. */
  readonly uuid: string;
  url(path: string): string;
  newTab(url?: string): Promise<Context>;
  /** Tabs open now, e.g. the options page the extension opened on install. */
  tabs(): Promise<{ context: Context; url: string }[]>;
  context(id: string): Context;
  /** Console messages and uncaught errors of every page and frame, to report a failure by. */
  readonly logs: readonly string[];
  /**
   * Stop the extension's background page as Firefox does to an idle one (after about 30 s),
   * now: what the rep's open panels must survive. Resolves once it is stopped.
   */
  stopBackground(): Promise<void>;
  /**
   * Run `fn(arg)` at the start of every document from now on, frames and the extension's own
   * pages included, before their scripts (BiDi's preload scripts). `arg` crosses as JSON.
   */
  addPreloadScript<A>(fn: (arg: A) => void, arg: A): Promise<void>;
  /**
   * Evaluate an expression in the browser's own (privileged) window, e.g. ChromeUtils'
   * process figures; returns a primitive.
   */
  evaluatePrivileged(expression: string): Promise<unknown>;
  /** The background page's state as Firefox keeps it: 'running', 'suspending', 'stopped'… */
  backgroundState(): Promise<string>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** Poll `check` every 25 ms until it holds or `timeoutMs` passes. */
export async function poll<T>(
  what: string,
  check: () => Promise<T | undefined | null | false | '' | 0>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    }
    await new Promise((ok) => setTimeout(ok, 25)); // the poll's interval, not a wait for time
  }
}

export async function launchFirefox(options: LaunchFirefoxOptions = {}): Promise<FirefoxBrowser> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `no Firefox build in ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'account-lens-ff-'));
  const prefs = { ...PREFS };
  if (options.localHosts?.length) prefs['network.dns.localDomains'] = options.localHosts.join(',');
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n'),
  );
  const child = spawn(
    FIREFOX,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port',
      '0',
      // Lets BiDi reach privileged contexts: the extension's own moz-extension:// pages.
      '--remote-allow-system-access',
      'about:blank',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  let closed = false;
  const cleanup = () => {
    closed = true;
    child.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const address = await bidiAddress(child);
    const bidi = await connect(`${address}/session`);
    await bidi.send('session.new', { capabilities: {} });
    const extension = options.extension ?? FIREFOX_EXTENSION_DIR;
    const installed = extension !== false;
    if (installed) {
      await bidi.send('webExtension.install', { extensionData: { type: 'path', path: extension } });
    }
    if (options.intercept) await interceptHosts(bidi, options.intercept);
    const logs: string[] = [];
    bidi.on('log.entryAdded', (entry) => {
      const source = entry.source as { context?: string } | undefined;
      logs.push(`${entry.level} ${entry.text} (${source?.context ?? '?'})`);
    });
    await bidi.send('session.subscribe', { events: ['log.entryAdded'] });
    // Firefox writes the add-on's UUID to prefs.js shortly after the install.
    const uuid = !installed
      ? ''
      : await poll('the extension UUID in prefs.js', async () => {
          const text = readFileSync(join(profile, 'prefs.js'), 'utf8');
          const line = /"extensions\.webextensions\.uuids", "(.*)"\);/.exec(text)?.[1];
          if (!line) return undefined;
          const uuids = JSON.parse(line.replace(/\\(.)/g, '$1')) as Record<string, string>;
          return uuids[ADDON_ID];
        });
    const context = (id: string): Context => contextOf(bidi, id);
    const privileged = privilegedScope(bidi);
    return {
      uuid,
      logs,
      async stopBackground() {
        await privileged(
          `WebExtensionPolicy.getByID(${JSON.stringify(ADDON_ID)}).extension.terminateBackground({ disableResetIdleForTest: true })`,
        );
      },
      evaluatePrivileged: privileged,
      async addPreloadScript(fn, arg) {
        await bidi.send('script.addPreloadScript', {
          functionDeclaration: `() => { const __name = (f) => f; (${fn.toString()})(${JSON.stringify(arg)}); }`,
        });
      },
      backgroundState: async () =>
        String(
          await privileged(
            `WebExtensionPolicy.getByID(${JSON.stringify(ADDON_ID)}).extension.backgroundState`,
          ),
        ),
      url: (path) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`,
      context,
      async newTab(url) {
        const { context: id } = (await bidi.send('browsingContext.create', { type: 'tab' })) as {
          context: string;
        };
        const tab = context(id);
        if (url) await tab.goto(url, url.startsWith('moz-extension:') ? 'none' : 'complete');
        return tab;
      },
      async tabs() {
        const tree = (await bidi.send('browsingContext.getTree', { maxDepth: 0 })) as {
          contexts: { context: string; url: string }[];
        };
        return tree.contexts.map((c) => ({ context: context(c.context), url: c.url }));
      },
      async close() {
        if (closed) return;
        await bidi.send('browser.close', {}).catch(() => undefined);
        bidi.close();
        cleanup();
      },
    };
  } catch (e) {
    if (!closed) cleanup();
    throw e;
  }
}

/** Firefox prints its BiDi address once it listens. */
function bidiAddress(child: ChildProcess): Promise<string> {
  return new Promise((ok, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Firefox did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output)?.[1];
      if (address) {
        clearTimeout(timer);
        ok(address);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Firefox exited (${code}) before listening:\n${output}`));
    });
  });
}

interface Bidi {
  send(method: string, params: Json): Promise<unknown>;
  on(method: string, listener: (params: Json) => void): void;
  close(): void;
}

async function connect(url: string): Promise<Bidi> {
  const ws = new WebSocket(url);
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  let next = 0;
  const pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void; method: string }>();
  const listeners = new Map<string, ((params: Json) => void)[]>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as {
      id?: number;
      type: string;
      method?: string;
      params?: Json;
      result?: unknown;
      error?: string;
      message?: string;
    };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (waiting && message.id !== undefined) {
      pending.delete(message.id);
      if (message.type === 'error') {
        waiting.fail(new Error(`${waiting.method}: ${message.error}: ${message.message}`));
      } else waiting.ok(message.result);
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params ?? {});
    }
  });
  ws.on('close', () => {
    for (const waiting of pending.values()) waiting.fail(new Error('Firefox closed the session'));
    pending.clear();
  });
  return {
    send(method, params) {
      const id = ++next;
      return new Promise((ok, fail) => {
        pending.set(id, { ok, fail, method });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    on(method, listener) {
      listeners.set(method, [...(listeners.get(method) ?? []), listener]);
    },
    close: () => ws.close(),
  };
}

/**
 * Evaluate an expression in the browser's own window (`--remote-allow-system-access` lets
 * BiDi reach it), where Firefox's extension machinery is at hand: what its own tests use to
 * stop an extension's background page (Extension.terminateBackground). Returns a primitive.
 */
function privilegedScope(bidi: Bidi): (expression: string) => Promise<unknown> {
  let window: Promise<string> | undefined;
  return async (expression) => {
    window ??= (async () => {
      const tree = (await bidi.send('browsingContext.getTree', {
        maxDepth: 0,
        'moz:scope': 'chrome',
      })) as { contexts: Tree[] };
      const top = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
      if (!top) throw new Error("no browser window in Firefox's privileged scope");
      return top.context;
    })();
    const reply = (await bidi.send('script.evaluate', {
      expression,
      target: { context: await window },
      awaitPromise: true,
    })) as {
      type: 'success' | 'exception';
      result?: { value?: unknown };
      exceptionDetails?: { text: string };
    };
    if (reply.type === 'exception') throw new Error(reply.exceptionDetails?.text ?? 'exception');
    return reply.result?.value;
  };
}

/** Answer every request to `hosts` from the test, before it leaves the browser. */
async function interceptHosts(
  bidi: Bidi,
  intercept: NonNullable<LaunchFirefoxOptions['intercept']>,
): Promise<void> {
  await bidi.send('session.subscribe', { events: ['network.beforeRequestSent'] });
  await bidi.send('network.addIntercept', {
    phases: ['beforeRequestSent'],
    urlPatterns: intercept.hosts.map((hostname) => ({ type: 'pattern', hostname })),
  });
  bidi.on('network.beforeRequestSent', (params) => {
    if (!params.isBlocked) return;
    const request = params.request as { request: string; url: string };
    const response = intercept.respond(new URL(request.url)) ?? { status: 404, body: '' };
    const headers = Object.entries({
      'content-type': 'text/html; charset=utf-8',
      ...response.headers,
    }).map(([name, value]) => ({ name, value: { type: 'string', value } }));
    void bidi
      .send('network.provideResponse', {
        request: request.request,
        statusCode: response.status ?? 200,
        reasonPhrase: 'OK',
        headers,
        body: { type: 'string', value: response.body },
      })
      .catch(() => undefined); // the page may have gone meanwhile
  });
}

function contextOf(bidi: Bidi, id: string): Context {
  const call = async (fn: string, args: unknown[]): Promise<unknown> => {
    // Arguments and result cross as JSON text: the tests pass and read plain data only.
    // `__name` is the helper esbuild may wrap named functions with when the tests are bundled.
    const declaration = `async (json) => { const __name = (f) => f; const value = await (${fn})(...JSON.parse(json)); return JSON.stringify(value === undefined ? null : value); }`;
    const reply = (await bidi.send('script.callFunction', {
      functionDeclaration: declaration,
      arguments: [{ type: 'string', value: JSON.stringify(args) }],
      target: { context: id },
      awaitPromise: true,
    })) as {
      type: 'success' | 'exception';
      result?: { value: string };
      exceptionDetails?: { text: string };
    };
    if (reply.type === 'exception') throw new Error(reply.exceptionDetails?.text ?? 'exception');
    return JSON.parse(reply.result?.value ?? 'null');
  };
  const self: Context = {
    id,
    async goto(url, wait = 'complete') {
      await bidi.send('browsingContext.navigate', { context: id, url, wait });
    },
    evaluate: (fn, ...args) => call(fn.toString(), args) as never,
    waitFor: (what, fn, ...args) => poll(what, () => call(fn.toString(), args)) as Promise<never>,
    async click(selector) {
      const reply = (await bidi.send('script.callFunction', {
        functionDeclaration: '(s) => document.querySelector(s)',
        arguments: [{ type: 'string', value: selector }],
        target: { context: id },
        awaitPromise: false,
      })) as { result: { type: string; sharedId?: string } };
      const element = reply.result.sharedId;
      if (!element) throw new Error(`no ${selector} to click`);
      await bidi.send('input.performActions', {
        context: id,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              {
                type: 'pointerMove',
                x: 0,
                y: 0,
                origin: { type: 'element', element: { sharedId: element } },
              },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
    },
    async frames(prefix) {
      const tree = (await bidi.send('browsingContext.getTree', { root: id })) as {
        contexts: Tree[];
      };
      const found: Context[] = [];
      const walk = (nodes: Tree[]) => {
        for (const node of nodes) {
          if (node.context !== id && node.url.startsWith(prefix)) {
            found.push(contextOf(bidi, node.context));
          }
          walk(node.children ?? []);
        }
      };
      walk(tree.contexts);
      return found;
    },
    async close() {
      await bidi.send('browsingContext.close', { context: id }).catch(() => undefined);
    },
  };
  return self;
}

interface Tree {
  context: string;
  url: string;
  children?: Tree[] | null;
}
