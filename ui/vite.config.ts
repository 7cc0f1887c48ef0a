import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VIS_TIMELINE_MODULE, englishOnly } from './build/vis-locales';

// The first screen's script is one file. Every module the entry imports statically is
// loaded before it runs anyway; left to itself the bundler (Rolldown, under Vite 8) split
// those shared with the lazy views into chunks of their own, and WebKit then asked Tauri
// for three scripts before the first frame. The lazy views import what they share from
// this one file instead.
type ModuleInfo = { isEntry: boolean; importers: readonly string[] } | null;

/** Whether `id` is the entry or imported statically by it, directly or not. */
function loadsWithEntry(id: string, getModuleInfo: (id: string) => ModuleInfo): boolean {
  const seen = new Set([id]);
  const stack = [id];
  while (stack.length) {
    const info = getModuleInfo(stack.pop()!);
    if (info?.isEntry) return true;
    for (const importer of info?.importers ?? []) {
      if (!seen.has(importer)) {
        seen.add(importer);
        stack.push(importer);
      }
    }
  }
  return false;
}

// The UI is served by Tauri from ui/dist; nothing is loaded from the network.
export default defineConfig({
  plugins: [
    svelte(),
    // vis-timeline with its English texts only (build/vis-locales.ts). The dev server's
    // prebundled copy keeps all its locales: slower with many milestones, the same to see.
    {
      name: 'accord:vis-timeline-english-only',
      transform: (code, id) => (VIS_TIMELINE_MODULE.test(id) ? { code: englishOnly(code), map: null } : null),
    },
  ],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    rollupOptions: {
      preserveEntrySignatures: false,
      output: {
        manualChunks(id, { getModuleInfo }) {
          return loadsWithEntry(id, getModuleInfo) ? 'index' : undefined;
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
  },
});
