// What the dashboard's first frame must hold. Start-up is timed to the frame that paints
// the dashboard (bench/app_start.py), and rendering the attention lists' rows was a third
// of that frame's cost, so the rows below the window's edge are added a frame later.

/** Where the attention lists' first row starts, in CSS pixels from the top of the page. */
const LISTS_TOP = 440;
/** The shortest row: a one-line title, its status line and its two parents. */
const SHORTEST_ROW = 95;

/**
 * How many rows of each attention list a window `height` pixels tall shows, counting a row
 * cut by the window's edge; at least one. (How many the core sends is its own choice: the
 * dashboard draws the fewer of the two.)
 */
export function firstScreenRows(height: number): number {
  return Math.max(1, Math.ceil((height - LISTS_TOP) / SHORTEST_ROW));
}
