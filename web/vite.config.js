import { defineConfig } from 'vite';

// Relative asset paths, so the page works wherever `parley serve` mounts it.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
