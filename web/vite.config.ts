// Vite builds web/src into web/dist, which `kinet serve` serves at / with an
// SPA fallback. Everything the app needs is bundled: no CDN, no web fonts.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev` proxies the API to a local `kinet serve --listen 127.0.0.1:8080`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
