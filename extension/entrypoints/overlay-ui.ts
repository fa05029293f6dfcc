import { OVERLAY_GLOBAL, type OverlayGlobal } from '../overlay/api.ts';
import { overlayApi } from '../overlay/mount.tsx';

/**
 * The lazily loaded overlay: built as its own file, web-accessible, and imported by the
 * content script only when a page matches an account. It registers its entry point on the
 * isolated world's global, which the content script reads after the import resolves.
 */
export default defineUnlistedScript(() => {
  (globalThis as OverlayGlobal)[OVERLAY_GLOBAL] = overlayApi;
});
