// Builds the dashboard into dist/web, which `guardian serve` serves. React's JSX is
// compiled by Vite's esbuild (no plugin: the dashboard needs no fast refresh in production).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 600 },
  logLevel: 'warn',
});
