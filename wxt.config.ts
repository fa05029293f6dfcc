import { defineConfig } from 'wxt';
import { localeFiles } from './extension/i18n/catalog.ts';

// The extension lives in extension/; shared/ is imported by relative path.
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms'],
  },
  hooks: {
    // One source of truth for every string: the TypeScript catalogs become _locales/*.json.
    'build:publicAssets': (_wxt, files) => {
      files.push(...localeFiles());
    },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
