// The app starts on the dashboard, so the first script holds the frame and the dashboard
// only. Every other view and the dialogs are chunks of their own, fetched when first shown
// or, sooner, in the background once start-up has painted (`prefetchLater`): start-up
// parses only what it paints, and the first visit to a view does not wait for its script.
import { chunks } from './chunks';

/**
 * The timeline's chart, vis-timeline with it: most of the UI's code. Kept out of the
 * background fetch (the app idles without it) and fetched with the timeline's view
 * (`laterTimeline`) rather than once the view has run, which took a tenth of a second longer
 * to a 10k chart's first paint.
 */
const { later: laterChart } = chunks({ chart: () => import('../components/TimelineChart.svelte') });
export const timelineChart = () => laterChart('chart');

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

/** The timeline's view, its chart fetched alongside. */
export function laterTimeline() {
  void Promise.resolve(timelineChart()).catch(() => {});
  return later('timeline');
}
