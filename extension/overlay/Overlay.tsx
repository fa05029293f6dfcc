import { useEffect, useRef, useState } from 'preact/hooks';
import type { BadgeInfo } from '../messaging/protocol.ts';
import { tBadge } from './badge-strings.ts';
import type { ViewState } from './use-account-view.ts';

export interface OverlayProps {
  /** The account the page matched, as the content script's lookup found it. */
  readonly badge: BadgeInfo;
  /** The page's hostname, for "never show on this site". */
  readonly hostname: string;
  /** The panel opened or closed: the content script resizes the frame. */
  readonly onOpenChange: (open: boolean) => void;
  /** The rep turned the overlay off on this site, or the account is gone: off the page. */
  readonly onHidden: () => void;
}

/** The panel's code (App.tsx): the account's live view, the panel, their strings. */
type PanelModule = typeof import('./App.tsx');

let panelModule: Promise<PanelModule> | undefined;
/** Loaded once per frame, whoever asks first: the paint that followed the badge, or a click. */
const loadPanel = (): Promise<PanelModule> => {
  panelModule ??= import('./App.tsx');
  return panelModule;
};

/**
 * The badge in a page's corner; Enter or a click opens the panel (the keyboard focus moves to
 * its heading), Escape anywhere in the frame closes it and puts the focus back on the badge.
 * Drawn in the overlay's extension frame: all of this is out of the page's reach.
 *
 * This is the frame's first paint, so it holds only the badge and the few strings it shows. The
 * panel's code (the account's live view, the panel, every overlay string) is loaded just after
 * the badge has painted, so that opening the panel is still instant; a click that comes first
 * opens the panel as soon as that code is in.
 */
export function Overlay(props: OverlayProps) {
  const { badge: lookupBadge, onOpenChange, onHidden } = props;
  const [open, setOpen] = useState(false);
  const [panel, setPanel] = useState<PanelModule>();
  const [state, setState] = useState<ViewState>({ kind: 'loading' });
  const badgeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => onOpenChange(open), [open, onOpenChange]);
  // After the paint that shows the badge (the frame's next task after that frame), not before.
  useEffect(() => {
    let live = true;
    const frame = requestAnimationFrame(() =>
      setTimeout(() => {
        loadPanel()
          .then((m) => live && setPanel(() => m))
          .catch(report);
      }),
    );
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, []);
  // Escape anywhere in the frame (the badge or the panel): the frame holds nothing else.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      badgeButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  // The account was deleted: nothing to show, so the (transparent) frame leaves the page too.
  const gone = state.kind === 'gone';
  useEffect(() => {
    if (gone) onHidden();
  }, [gone, onHidden]);
  // The port's view is fresher than the lookup's badge (a tier recomputed, a rename).
  const badge = state.kind === 'ready' ? state.view.badge : lookupBadge;
  if (gone) return null;
  const close = () => {
    setOpen(false);
    badgeButton.current?.focus();
  };
  const toggle = () => {
    // A click before the panel's code came in: fetch it now (a no-op if it is on its way).
    if (!panel) {
      loadPanel()
        .then((m) => setPanel(() => m))
        .catch(report);
    }
    setOpen(!open);
  };
  return (
    <div class="root" data-tier={badge.tier}>
      {panel && (
        <panel.Live
          accountId={lookupBadge.accountId}
          badge={badge}
          open={open}
          hostname={props.hostname}
          onState={setState}
          onClose={close}
          onHidden={onHidden}
        />
      )}
      <button
        ref={badgeButton}
        type="button"
        class="badge"
        data-account-lens="badge"
        aria-expanded={open}
        aria-label={tBadge('overlay.badge.label', {
          name: badge.name,
          // The visible "not yet synced" tag is in the label too, where it shows: after the tier.
          tier: badge.tierLocal
            ? `${tBadge(`tier.${badge.tier}`)} ${tBadge('overlay.local')}`
            : tBadge(`tier.${badge.tier}`),
        })}
        onClick={toggle}
      >
        <span class="dot" aria-hidden="true" />
        {/* The spaces keep the visible words apart in the accessible name's check (the flex
            layout draws none): "Acme Robotics Key" is in the label, "Acme RoboticsKey" not. */}
        <span class="name">{badge.name}</span>{' '}
        <span class="tier">{tBadge(`tier.${badge.tier}`)}</span>{' '}
        {badge.tierLocal && (
          <span class="local" data-account-lens="local" title={tBadge('overlay.local.hint')}>
            {tBadge('overlay.local')}
          </span>
        )}
      </button>
    </div>
  );
}

const report = (e: unknown) => console.warn('[account-lens] overlay panel failed to load', e);
