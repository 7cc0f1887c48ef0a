// Marks, once per page load, the start of the frame that first paints a view, as a User
// Timing entry (`performance.mark`) that tools can read on WebKit's own clock: the start-up
// benchmark (bench/app_start.py) times the dashboard's first paint with it instead of with
// its polling, whose own round trip came after the paint.
const marked = new Set<string>();

export function markFirstPaint(name: string): void {
  if (marked.has(name) || typeof requestAnimationFrame !== 'function') return;
  marked.add(name);
  requestAnimationFrame(() => performance.mark(name));
}
