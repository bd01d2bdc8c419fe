import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell loads dist/ from disk under a strict CSP: relative asset paths, no inline
// script, no module-preload polyfill (it is an inline script), no source maps to carry.
// `--mode mock` builds the preview (the interface over a pretend backend) into dist-mock/.
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: false,
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 200,
    ...(mode === 'mock' ? { outDir: 'dist-mock', rollupOptions: { input: 'preview/index.html' } } : {}),
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Importing the app's state compiles Svelte modules; on a busy 2-core machine that alone
    // can pass vitest's 10 s default.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
}));
