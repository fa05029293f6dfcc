import { describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageFeature } from '../../../extension/features/feature.ts';
import { runFeatures } from '../../../extension/features/registry.ts';

// runFeatures reads the page's location; node has none.
vi.stubGlobal('location', new URL('https://www.acme-robotics.com/team'));

/** Stands in for WXT's context, which needs a page and the extension runtime. */
function contexts() {
  const made: { isInvalid: boolean }[] = [];
  const make = () => {
    const ctx = { isInvalid: false };
    made.push(ctx);
    return ctx as unknown as ContentScriptContext;
  };
  return { made, make };
}

const feature = <P>(
  over: Partial<PageFeature<P>> & Pick<PageFeature<P>, 'init'>,
): PageFeature<P> => ({
  id: 'account-lens/test',
  runsOn: () => true,
  ...over,
});

/** No background in node: the recheck is never asked for, unless a test asks. */
const noRecheck = () => {};

describe('page features', () => {
  it('a page of an account added after it loaded starts its badge when the background says so, once', async () => {
    const { made, make } = contexts();
    let matches = false;
    let recheck: () => void = () => {};
    const init = vi.fn();
    const probe = vi.fn(async () => (matches ? { accountId: 'a1' } : null));
    await runFeatures(make, [feature({ probe, init })] as PageFeature<unknown>[], (r) => {
      recheck = r;
    });
    expect(init).not.toHaveBeenCalled();
    matches = true;
    recheck();
    recheck(); // a second word while the first probe is in flight starts nothing twice
    await vi.waitFor(() => expect(init).toHaveBeenCalledTimes(1));
    expect(init).toHaveBeenCalledWith(made[0], { accountId: 'a1' });
    recheck(); // started: not probed again
    await Promise.resolve();
    expect(probe).toHaveBeenCalledTimes(2);
    expect(made).toHaveLength(1);
  });

  it('a page that no feature needs never gets a content-script context', async () => {
    const { made, make } = contexts();
    const init = vi.fn();
    await runFeatures(
      make,
      [
        feature({ probe: async () => null, init }),
        feature({ runsOn: () => false, init }),
      ] as PageFeature<unknown>[],
      noRecheck,
    );
    expect(made).toHaveLength(0);
    expect(init).not.toHaveBeenCalled();
  });

  it('a feature whose probe matches starts with what the probe found, sharing one context', async () => {
    const { made, make } = contexts();
    const seen: unknown[] = [];
    await runFeatures(
      make,
      [
        feature({ probe: async () => ({ accountId: 'a1' }), init: (_ctx, p) => void seen.push(p) }),
        feature({ init: (_ctx, p) => void seen.push(p) }),
      ] as PageFeature<unknown>[],
      noRecheck,
    );
    expect(made).toHaveLength(1);
    expect(seen).toEqual(expect.arrayContaining([{ accountId: 'a1' }, true]));
  });

  it('a feature starts once the page is parsed, unless it can start on a page still loading', async () => {
    // The script starts at document_start: the page is still being parsed.
    const listeners: (() => void)[] = [];
    vi.stubGlobal('document', {
      readyState: 'loading',
      addEventListener: (_type: string, listener: () => void) => listeners.push(listener),
    });
    try {
      const { make } = contexts();
      const late = vi.fn();
      const early = vi.fn();
      const running = runFeatures(
        make,
        [
          feature({ id: 'account-lens/late', probe: async () => 'late', init: late }),
          feature({
            id: 'account-lens/early',
            probe: async () => 'early',
            init: early,
            startsBeforeDom: true,
          }),
        ] as PageFeature<unknown>[],
        noRecheck,
      );
      await vi.waitFor(() => expect(early).toHaveBeenCalledTimes(1));
      expect(late).not.toHaveBeenCalled();
      for (const parsed of listeners) parsed();
      await running;
      expect(late).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
      vi.stubGlobal('location', new URL('https://www.acme-robotics.com/team'));
    }
  });

  it('a feature that throws, in its probe or its start, does not stop the others', async () => {
    const { make } = contexts();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const started = vi.fn();
    await runFeatures(
      make,
      [
        feature({
          id: 'account-lens/broken-probe',
          probe: () => Promise.reject(new Error('no background')),
          init: () => {},
        }),
        feature({
          id: 'account-lens/broken-init',
          init: () => {
            throw new Error('boom');
          },
        }),
        feature({ init: started }),
      ] as PageFeature<unknown>[],
      noRecheck,
    );
    expect(started).toHaveBeenCalledOnce();
    expect(warn.mock.calls.map((c) => c[0])).toEqual(
      expect.arrayContaining([
        '[account-lens/broken-probe] failed',
        '[account-lens/broken-init] failed',
      ]),
    );
    warn.mockRestore();
  });
});
