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

describe('page features', () => {
  it('a page that no feature needs never gets a content-script context', async () => {
    const { made, make } = contexts();
    const init = vi.fn();
    await runFeatures(make, [
      feature({ probe: async () => null, init }),
      feature({ runsOn: () => false, init }),
    ] as PageFeature<unknown>[]);
    expect(made).toHaveLength(0);
    expect(init).not.toHaveBeenCalled();
  });

  it('a feature whose probe matches starts with what the probe found, sharing one context', async () => {
    const { made, make } = contexts();
    const seen: unknown[] = [];
    await runFeatures(make, [
      feature({ probe: async () => ({ accountId: 'a1' }), init: (_ctx, p) => void seen.push(p) }),
      feature({ init: (_ctx, p) => void seen.push(p) }),
    ] as PageFeature<unknown>[]);
    expect(made).toHaveLength(1);
    expect(seen).toEqual(expect.arrayContaining([{ accountId: 'a1' }, true]));
  });

  it('a feature that throws, in its probe or its start, does not stop the others', async () => {
    const { make } = contexts();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const started = vi.fn();
    await runFeatures(make, [
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
    ] as PageFeature<unknown>[]);
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
