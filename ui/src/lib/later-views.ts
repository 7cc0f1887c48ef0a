// The app starts on the dashboard, so the first script holds the frame and the dashboard
// only. Every other view and the dialogs are chunks of their own, fetched when first shown
// or, sooner, in the background once start-up has painted (`prefetchLater`): start-up
// parses only what it paints, and the first visit to a view does not wait for its script.
import { chunks } from './chunks';

export const { later, prefetch: prefetchLater } = chunks({
  timeline: () => import('../views/TimelineView.svelte'),
  table: () => import('../views/MilestoneTable.svelte'),
  instrument: () => import('../views/InstrumentPage.svelte'),
  commitment: () => import('../views/CommitmentPage.svelte'),
  milestone: () => import('../views/MilestonePage.svelte'),
  search: () => import('../views/SearchResults.svelte'),
  fileDialogs: () => import('../components/FileDialogs.svelte'),
  instrumentForm: () => import('../components/InstrumentForm.svelte'),
});
