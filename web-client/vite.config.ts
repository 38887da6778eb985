import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Where `npm run dev` / `vite preview` forward the API; the Host header is kept, so the
// server's same-origin checks (CSRF Origin, /ws Origin) see the page's own origin.
const server = process.env.MAILLAGE_API_TARGET ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': server,
      '/ws': { target: server, ws: true },
      '/health': server,
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
