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
 * Whether a frame survives being moved: Chromium 133+ moves a connected element with
 * `moveBefore` without reloading the frames inside it. Elsewhere (Firefox ESR) a moved frame
 * reloads, so a frame kept off the page would only cost memory.
 */
const framesSurviveMoves = (): boolean =>
  typeof (Element.prototype as Partial<MovingParent>).moveBefore === 'function';

interface Ui {
  readonly host: FrameHost;
  readonly link: FrameLink;
  /** Off the page's view, loaded and blank, waiting for the next message (see `warm`). */
  parked: boolean;
}

/** A frame is loaded in the page's idle time, or after this long at the latest. */
const WARM_WITHIN_MS = 1_000;

/** What a parked frame is told: draw nothing (and let the background sleep before long). */
const PARKED = { type: 'parked' } as const;

/**
 * One panel on the page: a custom element (`account-lens-…`) with a closed shadow root holding
 * an extension frame (frame/host.ts), moved beside whichever message or compose window is open.
 * The panel is drawn in that frame from what `show` sends it over the extension's messaging;
 * nothing of the rep's data is ever written into the page.
 *
 * Loading an extension frame is most of the time between a message opening and its panel
 * showing (a new frame process, its page and scripts: ~100 ms here). A host made with
 * `keepWarm` therefore keeps one frame loaded off the page's view while no message is open:
 * made once the page is idle (`warm`), and again whenever the page took the shown one away
 * with its message. Showing the panel then only moves that frame into place and sends it the
 * view. Where a moved frame would reload (no `moveBefore`), panels come and go as frames.
 */
export class PanelHost {
  private ui: Ui | undefined;
  /** The shown panel's height, last the frame said: the space a parked frame gets back. */
  private lastHeight = 0;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly name: `account-lens-${string}`,
    /** What the frame asks of the content script (its size is handled here). */
    private readonly onRequest: (request: FromFrame, host: PanelHost) => void,
    private readonly keepWarm = false,
  ) {}

  private make(): Ui {
    const host = makeFrameHost(this.ctx, this.name, WEBMAIL_FRAME_PAGE, css);
    const ui: Ui = {
      host,
      link: linkFrame(this.ctx, host.nonce, (message) => {
        const m = fromFrame(message);
        // A parked frame's size is its own business: it stays 0 px tall until it is shown.
        if (m?.type === 'size') {
          if (ui.parked) return;
          host.frame.style.height = `${m.height}px`;
          if (m.height > 0) this.lastHeight = m.height;
        } else if (m) this.onRequest(m, this);
      }),
      parked: false,
    };
    return ui;
  }

  /** Hidden at the end of its document (a message in a mail app's own frame: that one), loaded and blank. */
  private park(ui: Ui): void {
    ui.parked = true;
    ui.link.setState(PARKED);
    ui.host.frame.style.height = '0px';
    const element = ui.host.host;
    element.hidden = true;
    const root = element.isConnected
      ? element.ownerDocument.documentElement
      : document.documentElement;
    place(element, { anchor: root, append: 'last' });
  }

  /**
   * Load a frame now, off the page's view, for the next `show` (a no-op unless made with
   * `keepWarm` in a browser whose moved frames survive, or when there is a frame already).
   */
  warm(): void {
    if (this.ctx.isInvalid || this.ui || !this.keepWarm || !framesSurviveMoves()) return;
    this.ui = this.make();
    this.park(this.ui);
  }

  /**
   * Put the panel at `where` (a no-op on the page's DOM when it is already there, so calling
   * this after every reading of the page costs two comparisons), and send `state` to the frame
   * if given (it is sent again whenever the frame connects).
   */
  show(where: Mount, state?: object): void {
    if (this.ctx.isInvalid) return;
    // A host the page took off (re-rendering the message, say) goes back in: its frame
    // reloads and connects again, and its link sends it the state it last had.
    let ui = this.ui;
    if (!ui) {
      ui = this.make();
      this.ui = ui;
    }
    const element = ui.host.host;
    if (ui.parked) {
      ui.parked = false;
      element.hidden = false;
      // Room for the panel as the last one was: most are about as tall, so it is drawn in
      // place without waiting for the frame to say its height, which it does next.
      if (this.lastHeight > 0) ui.host.frame.style.height = `${this.lastHeight}px`;
    }
    if (!element.isConnected || !placed(element, where)) place(element, where);
    if (state !== undefined) ui.link.setState(state);
  }

  /** Answer the frame (dropped while it is not connected). */
  send(message: object): void {
    this.ui?.link.send(message);
  }

  /**
   * Take the panel off the page. A warm host keeps its frame, parked (or loads a new one when
   * the page removed the shown one with its message); otherwise the frame and its state go.
   */
  hide(): void {
    const ui = this.ui;
    if (!ui || ui.parked) return;
    if (this.keepWarm && framesSurviveMoves() && !this.ctx.isInvalid) {
      if (ui.host.host.isConnected) {
        this.park(ui);
        return;
      }
      this.drop(ui);
      // A new frame, once the page has drawn what replaced the message.
      this.ctx.requestIdleCallback(() => this.warm(), { timeout: WARM_WITHIN_MS });
      return;
    }
    this.drop(ui);
  }

  private drop(ui: Ui): void {
    ui.link.close();
    ui.host.remove();
    if (this.ui === ui) this.ui = undefined;
  }

  /** Whether a panel is on the page's view (a parked frame is not). */
  get visible(): boolean {
    return this.ui !== undefined && !this.ui.parked;
  }
}
