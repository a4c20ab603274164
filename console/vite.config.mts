import { defineConfig } from 'vite';

// The operator console: built into console/dist and served by the API at /console (same origin, no CDN).
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // GraphiQL (the lazily loaded explorer chunk) is large by nature; the console itself stays small.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      // GraphiQL's dependencies mark React client modules with "use client", which means nothing here.
      onLog(level, log, handler) {
        if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
    },
  },
});
