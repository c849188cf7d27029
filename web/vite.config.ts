/**
 * The web app: three entries, so each audience loads only its own code. `/` is the staff app
 * (workspace, board, admin, dashboard), `/m/` the engineer's offline PWA, `/p/` the customer
 * portal. Built into dist/web, which the Loopdesk process serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { mobilePrecache } from './src/mobile/build/precache-plugin.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), mobilePrecache()],
  publicDir: path.join(root, 'public'),
  build: {
    outDir: path.join(root, '..', 'dist', 'web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rollupOptions: {
      input: Object.fromEntries(Object.entries({ staff: 'index.html', mobile: 'm/index.html', portal: 'p/index.html' })
        .map(([name, file]) => [name, path.join(root, file)])
        .filter(([, file]) => fs.existsSync(file))),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/v/': 'http://127.0.0.1:3000',
      '/s/': 'http://127.0.0.1:3000',
      '/docs': 'http://127.0.0.1:3000',
      '/openapi.json': 'http://127.0.0.1:3000',
    },
  },
});
