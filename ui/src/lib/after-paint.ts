// Work that can wait until the page has painted what the user came for: the chart's lanes
// below its first screen, the undated list beyond its box. Run from the frame that draws it,
// it comes after that frame's paint and leaves the next one free to start.

/** Runs `then` once the frame being drawn has been painted, and the one after it has begun. */
export function afterPaint(then: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(then)));
}
