import { defineConfig } from 'wxt';

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
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
