//! vis-timeline with its English texts only.
//
// vis-timeline ships its own texts (the current time's title, "Delete this item", ...) in
// 40 locales, and every item it is handed copies all 40 into its own options: at 10,000
// milestones that was 40–50 ms and as much garbage again in each chart handed over (the
// first paint, a filter, Expand all). The app's words are English and the chart uses only
// the `en` texts, so the build gives vis-timeline a table of that one locale. The other
// 39 are then unused and left out of the bundle.

/** The file the app imports (`vis-timeline/esnext` resolves to it). */
export const VIS_TIMELINE_MODULE = /[\\/]vis-timeline[\\/]esnext[\\/]esm[\\/]vis-timeline-graph2d\.mjs$/;

/** vis-timeline's table of locales: one name per line, `en` among them. */
const TABLE = /^const locales = \{\n(?:  [A-Za-z_]+,\n)+\};$/gm;

/**
 * vis-timeline's source with its locale table cut to `en`. Throws when the source has no
 * such table, or more than one, so that a new vis-timeline is looked at rather than
 * shipped untrimmed or cut in the wrong place.
 */
export function englishOnly(source: string): string {
  const tables = source.match(TABLE) ?? [];
  if (tables.length !== 1 || !/^ {2}en,$/m.test(tables[0])) {
    throw new Error(`vis-timeline: expected one table of locales including \`en\` (\`const locales = {\` one name a line \`};\`), found ${tables.length}; see ui/build/vis-locales.ts`);
  }
  return source.replace(TABLE, 'const locales = {\n  en,\n};');
}
