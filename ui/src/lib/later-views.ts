// The app starts on the dashboard, so the first script holds the frame and the dashboard
// only. Every other view and the dialogs are chunks of their own, fetched when first shown
// or, sooner, in the background once start-up has painted (`prefetchLater`): start-up
// parses only what it paints, and the first visit to a view does not wait for its script.
import type { Component } from 'svelte';

const loaders = {
  timeline: () => import('../views/TimelineView.svelte'),
  table: () => import('../views/MilestoneTable.svelte'),
  instrument: () => import('../views/InstrumentPage.svelte'),
  commitment: () => import('../views/CommitmentPage.svelte'),
  milestone: () => import('../views/MilestonePage.svelte'),
  search: () => import('../views/SearchResults.svelte'),
  fileDialogs: () => import('../components/FileDialogs.svelte'),
  instrumentForm: () => import('../components/InstrumentForm.svelte'),
};

export type LaterName = keyof typeof loaders;
type Loaded<K extends LaterName> = Awaited<ReturnType<(typeof loaders)[K]>>['default'];

// Kept apart so that a view already loaded is handed over as it is, not as a promise:
// `{#await}` then draws it at once, with no empty frame on the way.
const ready = new Map<LaterName, Component<never>>();
const pending = new Map<LaterName, Promise<Component<never>>>();

/** The component, if it has loaded; otherwise a promise of it. */
export function later<K extends LaterName>(name: K): Loaded<K> | Promise<Loaded<K>> {
  const done = ready.get(name);
  if (done) return done as unknown as Loaded<K>;
  let loading = pending.get(name);
  if (!loading) {
    loading = loaders[name]().then(
      (module) => {
        const component = module.default as unknown as Component<never>;
        ready.set(name, component);
        return component;
      },
      (error: unknown) => {
        // Another visit tries again.
        pending.delete(name);
        throw error;
      },
    );
    pending.set(name, loading);
  }
  return loading as unknown as Promise<Loaded<K>>;
}

/** Fetches every later view in the background; a failure shows when the view is opened. */
export function prefetchLater(): void {
  for (const name of Object.keys(loaders) as LaterName[]) {
    Promise.resolve(later(name)).catch(() => {});
  }
}
