import { type ComponentChild, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  createShadowRootUi,
  type ShadowRootContentScriptUi,
} from 'wxt/utils/content-script-ui/shadow-root';
import type { OpenMessage } from '../hosts/types.ts';
import css from './style.css?inline';

type Mount = OpenMessage['mount'];

/** True when `host` already sits where `mount` puts it: moving it again would be a mutation. */
function placed(host: Element, { anchor, append }: Mount): boolean {
  switch (append) {
    case 'before':
      return anchor.previousSibling === host;
    case 'after':
      return anchor.nextSibling === host;
    case 'first':
      return anchor.firstChild === host;
    case 'last':
      return anchor.lastChild === host;
  }
}

function place(host: Element, { anchor, append }: Mount): void {
  if (append === 'before') anchor.before(host);
  else if (append === 'after') anchor.after(host);
  else if (append === 'first') anchor.prepend(host);
  else anchor.append(host);
}

/**
 * One panel on the page: a custom element (`account-lens-…`) hosting a shadow root, made once
 * with WXT's createShadowRootUi and moved beside whichever message or compose window is open.
 * The page's CSS does not reach in; nothing of the rep's data is ever written outside it.
 */
export class PanelHost {
  private ui: ShadowRootContentScriptUi<void> | undefined;
  private mounted = false;
  private where: Mount | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly name: `account-lens-${string}`,
  ) {}

  /** Make the shadow root ahead of time, so showing the first panel costs no extra await. */
  async prepare(): Promise<void> {
    this.ui ??= await createShadowRootUi(this.ctx, {
      name: this.name,
      position: 'inline',
      anchor: () => this.where?.anchor ?? null,
      append: (_anchor, host) => {
        if (this.where) place(host, this.where);
      },
      css,
      // Keys typed in the panel must not reach the mail app's shortcuts ("c" composes in Gmail).
      isolateEvents: true,
      onMount: () => undefined,
    });
  }

  /**
   * Put the panel at `where` (a no-op on the page's DOM when it is already there, so calling
   * this after every reading of the page costs two comparisons), and render `content` if given.
   */
  show(where: Mount, content?: ComponentChild): void {
    const ui = this.ui;
    if (!ui || this.ctx.isInvalid) return;
    this.where = where;
    if (!this.mounted) {
      ui.mount();
      this.mounted = true;
    } else if (!ui.shadowHost.isConnected || !placed(ui.shadowHost, where)) {
      place(ui.shadowHost, where);
    }
    if (content !== undefined) render(content, ui.uiContainer);
  }

  /** Take the panel off the page (its state goes with it). */
  hide(): void {
    if (!this.ui || !this.mounted) return;
    render(null, this.ui.uiContainer);
    this.ui.shadowHost.remove();
    this.mounted = false;
  }

  get visible(): boolean {
    return this.mounted;
  }
}
