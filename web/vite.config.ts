import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { elementPlusOnDemand } from './build/element-plus-on-demand';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: r('.'),
  plugins: [vue(), elementPlusOnDemand({ srcDir: r('./src') })],
  resolve: { alias: { '@': r('./src'), '@common': r('../common') } },
  build: {
    outDir: r('../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // What the entry imports is one chunk (one request instead of fifteen, each a round trip on a
        // phone); pages and the Element Plus parts they share are split automatically.
        codeSplitting: {
          groups: [{ name: 'app', tags: ['$initial'], priority: 20 }],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
