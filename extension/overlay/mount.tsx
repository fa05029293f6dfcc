import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setLanguage } from '../i18n/index.ts';
import { Overlay } from './App.tsx';
import type { OverlayApi, OverlayHandle, OverlayMountOptions } from './api.ts';
import css from './style.css?inline';

/**
 * Take over the badge the content script drew: the same markup, now interactive, with the
 * panel, live updates and the panel's styles added to the same shadow root.
 */
function mount(ctx: ContentScriptContext, options: OverlayMountOptions): OverlayHandle {
  const { container } = options;
  // settings/language.ts's loadLanguage(), run by the background in the same trip as the lookup.
  setLanguage(options.language);
  const style = document.createElement('style');
  style.textContent = css;
  // WXT's shadow root holds <html><head><style/></head><body/></html>; body is the container.
  (container.previousElementSibling ?? container).append(style);
  // Preact does not adopt DOM it did not render: the placeholder badge goes, keeping focus.
  const hadFocus = container.contains((container.getRootNode() as ShadowRoot).activeElement);
  container.replaceChildren();
  let badge = options.badge;
  const draw = (open: boolean) =>
    render(
      <Overlay
        ctx={ctx}
        badge={badge}
        initiallyOpen={open}
        focusBadge={hadFocus}
        onHidden={options.onHidden}
      />,
      container,
    );
  draw(options.open);
  return {
    update(next) {
      badge = next;
      draw(false);
    },
    remove() {
      render(null, container);
      style.remove();
    },
  };
}

export const overlayApi: OverlayApi = { mount };
