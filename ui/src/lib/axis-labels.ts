/**
 * The chart's axis labels that its edges would cut. vis-timeline puts each label at its
 * date's grid line, so the year whose line lies just left of the window showed as "025"
 * and the one at the right edge as "20": a different number, or half of one. After each
 * draw such labels are hidden (`cut-by-edge`, styles/timeline.css); vis-timeline sets each
 * label's class again when it next draws, so a label is hidden only while it is cut.
 *
 * Where a label starts comes from the transform vis-timeline gave it, and its width from
 * its characters times the width vis-timeline measured for one: reading each label's box
 * would make WebKit lay the page out again in every redraw of a zoom or pan.
 */

/** vis-timeline's padding on each side of a label's text, in px. */
const PADDING = 3;

/** The x of `translate(Xpx, Ypx)`, or null for any other transform. */
export function translateX(transform: string): number | null {
  const found = /^translate\((-?[\d.]+)px,/.exec(transform);
  return found ? Number(found[1]) : null;
}

/** Whether a label at `x` of `chars` characters runs past either edge of the axis. */
export function isCut(x: number, chars: number, charWidth: number, axisWidth: number): boolean {
  const width = chars * charWidth + 2 * PADDING;
  return x < 0 || x + width > axisWidth;
}

/** Hides the axis labels under `root` that the edges cut, and shows the others. */
export function hideCutLabels(root: HTMLElement, charWidth: number, axisWidth: number) {
  for (const label of root.querySelectorAll<HTMLElement>('.vis-time-axis .vis-text')) {
    const x = translateX(label.style.transform);
    const cut = x !== null && isCut(x, label.textContent?.length ?? 0, charWidth, axisWidth);
    label.classList.toggle('cut-by-edge', cut);
  }
}
