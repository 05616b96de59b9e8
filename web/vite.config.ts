import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiPort = process.env.PORT ?? '4000';

/** The web app: sources in web/, built to web/dist, served by the API server in production. */
export default defineConfig({
  root: import.meta.dirname,
  envDir: path.resolve(import.meta.dirname, '..'),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/graphql': { target: `http://localhost:${apiPort}`, changeOrigin: false } },
  },
});
