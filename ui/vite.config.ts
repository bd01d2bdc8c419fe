import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell loads dist/ from disk under a strict CSP: relative asset paths, no inline
// script, no module-preload polyfill (it is an inline script), no source maps to carry.
export default defineConfig({
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
  },
  test: {
    include: ['tests/**/*.test.ts'],
  },
});
