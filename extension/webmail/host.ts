import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type FromFrame, fromFrame } from '../frame/from-frame.ts';
import { type FrameHost, makeFrameHost } from '../frame/host.ts';
import { type FrameLink, linkFrame } from '../frame/link.ts';
import { WEBMAIL_FRAME_PAGE } from '../frame/names.ts';
import type { OpenMessage } from '../hosts/types.ts';
import css from './host.css?inline';

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

/** Where `mount` puts a node: its parent and the node it goes before. */
function target({ anchor, append }: Mount): { parent: Node | null; before: Node | null } {
  if (append === 'before') return { parent: anchor.parentNode, before: anchor };
  if (append === 'after') return { parent: anchor.parentNode, before: anchor.nextSibling };
  if (append === 'first') return { parent: anchor, before: anchor.firstChild };
  return { parent: anchor, before: null };
}

type MovingParent = Node & { moveBefore?: (node: Node, child: Node | null) => void };

/**
 * Put the host at `mount`. A connected host is moved with `moveBefore` where the browser has it
 * (Chromium 133+): a plain re-insertion would reload the frame inside (it then connects again
 * and gets its state again, so that is only slower).
 */
function place(host: Element, mount: Mount): void {
  const { parent, before } = target(mount);
  if (!parent) return;
  const moving = parent as MovingParent;
  if (host.isConnected && host.ownerDocument === parent.ownerDocument && moving.moveBefore) {
    try {
      moving.moveBefore(host, before);
      return;
    } catch {
      // Not movable here (another document, a disconnected parent): insert it instead.
    }
  }
  parent.insertBefore(host, before);
}

/**
 * One panel on the page: a custom element (`account-lens-…`) with a closed shadow root holding
 * an extension frame (frame/host.ts), moved beside whichever message or compose window is open.
 * The panel is drawn in that frame from what `show` sends it over the extension's messaging;
 * nothing of the rep's data is ever written into the page.
 */
export class PanelHost {
  private ui: { host: FrameHost; link: FrameLink } | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly name: `account-lens-${string}`,
    /** What the frame asks of the content script (its size is handled here). */
    private readonly onRequest: (request: FromFrame, host: PanelHost) => void,
  ) {}

  /**
   * Put the panel at `where` (a no-op on the page's DOM when it is already there, so calling
   * this after every reading of the page costs two comparisons), and send `state` to the frame
   * if given (it is sent again whenever the frame connects).
   */
  show(where: Mount, state?: object): void {
    if (this.ctx.isInvalid) return;
    let ui = this.ui;
    if (!ui) {
      const host = makeFrameHost(this.ctx, this.name, WEBMAIL_FRAME_PAGE, css);
      const link = linkFrame(this.ctx, host.nonce, (message) => {
        const m = fromFrame(message);
        if (m?.type === 'size') host.frame.style.height = `${m.height}px`;
        else if (m) this.onRequest(m, this);
      });
      ui = { host, link };
      this.ui = ui;
    }
    const element = ui.host.host;
    if (!element.isConnected || !placed(element, where)) place(element, where);
    if (state !== undefined) ui.link.setState(state);
  }

  /** Answer the frame (dropped while it is not connected). */
  send(message: object): void {
    this.ui?.link.send(message);
  }

  /** Take the panel off the page (its frame and state go with it). */
  hide(): void {
    if (!this.ui) return;
    this.ui.link.close();
    this.ui.host.remove();
    this.ui = undefined;
  }

  get visible(): boolean {
    return this.ui !== undefined;
  }
}
