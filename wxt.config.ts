import { defineConfig } from 'wxt';
import { WEBMAIL_HOSTNAMES } from './extension/hosts/hosts.ts';
import { catalogs, localeFiles } from './extension/i18n/catalog.ts';
import { surfaceStrings } from './extension/i18n/surfaces.ts';

const ICONS = Object.fromEntries(
  [16, 32, 48, 96, 128].map((size) => [String(size), `icon/${size}.png`]),
);

/**
 * Firefox only. A fixed id: Firefox keys an add-on's storage (the rep's whole local book) by it,
 * so a generated one would lose the data at the next install. 140 is the oldest ESR with the
 * data-collection key, and has every API the extension uses (MV3 event page, scripting,
 * storage.session, sidebarAction). "none": nothing reaches the extension's makers or anyone
 * else; what the rep writes goes only to the sync server their own team runs (see README).
 */
const FIREFOX_SETTINGS = {
  gecko: {
    id: 'account-lens@account-lens.app',
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['none'] },
  },
  // Untested on Android (no sidebar there); 142 is the first Firefox for Android to read the
  // data-collection key, so an install there gets the same consent screen.
  gecko_android: { strict_min_version: '142.0' },
};

// The extension lives in extension/; shared/ is imported by relative path.
export default defineConfig({
  srcDir: 'extension',
  // Top level holds only what the project fixes there: the icons (extension/icons/) live here.
  publicDir: 'extension/public',
  // A second build directory lets one checkout build and test two things at once.
  outDir: process.env.ACCOUNT_LENS_OUT_DIR ?? '.output',
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // scripting + activeTab: capture reads a page only when the rep asks (popup, shortcut, menu).
    // No sidePanel here: WXT adds it for Chrome from the sidepanel entrypoint, and Firefox, which
    // has no such permission, gets a sidebar_action for the same page instead.
    permissions: ['storage', 'alarms', 'tabs', 'scripting', 'activeTab', 'contextMenus'],
    // Firefox draws no toolbar icon from `icons` alone.
    action: { default_icon: ICONS },
    commands: {
      'capture-page': {
        suggested_key: { default: 'Alt+Shift+C' },
        description: '__MSG_commandCapturePage__',
      },
      'open-book': {
        suggested_key: { default: 'Alt+Shift+B' },
        description: '__MSG_commandOpenBook__',
      },
    },
    // The sync server: a loopback one needs no prompt; any other is asked for when the rep joins
    // (optional), and without it the server's CORS headers for extension origins still apply.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // The script every page gets is built as an unlisted script and listed here by hand, so
    // that no content-script context is created on pages that match nothing (see
    // extension/entrypoints/page.ts).
    content_scripts: [
      { matches: ['http://*/*', 'https://*/*'], js: ['page.js'], run_at: 'document_start' },
    ],
    web_accessible_resources: [
      // The overlay's frame (badge and panel), which the content script frames in a closed
      // shadow root on pages that match an account: the rep's data is drawn in this extension
      // page, out of the page's reach (extension/frame/names.ts). Its scripts and styles are
      // loaded by the extension page itself, so only the page needs to be listed.
      { resources: ['overlay-frame.html'], matches: ['http://*/*', 'https://*/*'] },
      // The webmail code, imported at run time by the content script (content scripts cannot
      // be split into chunks), and the panels' frame: only on the webmail apps
      // (extension/hosts/hosts.ts).
      {
        resources: ['webmail-ui.js', 'webmail-frame.html'],
        matches: WEBMAIL_HOSTNAMES.map((host) => `https://${host}/*`),
      },
    ],
    ...(browser === 'firefox' ? { browser_specific_settings: FIREFOX_SETTINGS } : {}),
  }),
  // The sources zip addons.mozilla.org asks for (npm run zip:firefox) is made from the working
  // tree: never with the sync server's database or test output that npm start and npm test
  // leave there.
  zip: {
    excludeSources: [
      'data/**',
      '**/*.db',
      '**/*.db-wal',
      '**/*.db-shm',
      'coverage/**',
      'test-results/**',
    ],
  },
  hooks: {
    // WXT writes the sidebar_action (Firefox's side panel) itself, from the sidepanel entrypoint.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.browser === 'firefox' && manifest.sidebar_action) {
        // The options page opens on install to join first; an empty sidebar beside it would not help.
        manifest.sidebar_action = {
          ...manifest.sidebar_action,
          default_icon: ICONS,
          open_at_install: false,
        };
      }
    },
    // One source of truth for every string: the TypeScript catalogs become _locales/*.json.
    'build:publicAssets': (_wxt, files) => {
      files.push(...localeFiles());
    },
  },
  vite: () => ({
    // The strings a surface's first paint needs, as a small module (extension/i18n/surfaces.ts).
    plugins: [surfaceStrings(catalogs)],
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    // The import wizard's worker (extension/import/worker.ts) imports its parsers' chunks: a
    // module worker, which extension pages can start from their own origin.
    worker: { format: 'es' as const },
    build: {
      // Two chunks are above Vite's 500 kB default, each imported lazily by the Book page and
      // by nothing else: Apache ECharts (about 545 kB, 180 kB gzipped) for its charts
      // (extension/book/ui/echarts.ts), and exceljs (about 940 kB, 270 kB gzipped) when the
      // rep asks for an Excel file (extension/book/export-xlsx.ts). A chunk growing past this
      // still warns.
      chunkSizeWarningLimit: 1_000,
      rollupOptions: {
        // zod's sources carry comments that mention `@__PURE__` in prose; Rollup drops them
        // with a long note per build that reads like an error and is none. Our own code's
        // notes still print.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) {
            return;
          }
          warn(warning);
        },
      },
    },
  }),
});
