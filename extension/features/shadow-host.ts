import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export interface ShadowHost {
  /** The body inside the shadow root: what a feature draws into. */
  readonly container: HTMLElement;
  remove(): void;
}

/** Keys typed inside must not reach the page's own shortcuts (Gmail's, say). */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

/**
 * What WXT's `createShadowRootUi` builds (a namespaced element holding a shadow root with
 * `<html><head><style/></head><body/></html>`, the page's styles reset at the host, keyboard
 * events kept inside), written out for the eager page script: `createShadowRootUi` brings about
 * 9 KB of helpers (anchors by XPath, auto-mount observers, CSS splitting) that every page would
 * parse, while a page without a match must cost next to nothing. The lazy bundles, which only
 * load where they are needed, use `createShadowRootUi` itself.
 */
export function mountShadowHost(ctx: ContentScriptContext, name: string, css: string): ShadowHost {
  const host = document.createElement(name);
  const shadow = host.attachShadow({ mode: 'open' });
  const html = document.createElement('html');
  const head = document.createElement('head');
  const body = document.createElement('body');
  const style = document.createElement('style');
  style.textContent = `:host{all:initial !important;}\n${css}`;
  head.append(style);
  html.append(head, body);
  shadow.append(html);
  for (const type of ISOLATED_EVENTS) body.addEventListener(type, (e) => e.stopPropagation());
  document.body.append(host);
  const remove = () => host.remove();
  ctx.onInvalidated(remove);
  return { container: body, remove };
}
