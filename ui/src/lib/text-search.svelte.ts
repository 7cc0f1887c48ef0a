// The full-text part of the milestone filters: runs the core's search for the filter's
// words whenever they change (or data is written), and keeps only the newest answer.
import type { Hit } from '../bindings/Hit';
import { call } from './api';
import { app } from './app-state.svelte';

export type TextSearch = { q: string; hits: Hit[] | null; error: string | null };

/** Call while a component is being set up; `words` is read reactively. */
export function followTextSearch(words: () => string): TextSearch {
  const state = $state<TextSearch>({ q: '', hits: null, error: null });
  $effect(() => {
    const q = words();
    void app.version;
    state.q = q;
    state.hits = null;
    state.error = null;
    if (!q) return;
    call('search', { query: q })
      .then((hits) => {
        if (state.q === q) state.hits = hits;
      })
      .catch((e: { message?: string }) => {
        if (state.q === q) state.error = e.message ?? String(e);
      });
  });
  return state;
}

/** Whether the words are still being looked up. */
export function searching(s: TextSearch): boolean {
  return s.q !== '' && s.hits === null && s.error === null;
}
