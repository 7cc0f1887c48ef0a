// What the view tests ask of the timeline chart's lanes, shared by its test files.

/** The lanes' names down the chart, in the page's order. */
export const lanesOf = (page) => page.locator('.vis-labelset .vis-label .lane').evaluateAll((els) => els.map((e) => e.title));

/** Whether the milestone with that id is drawn level with the lane of that name. */
export function drawnOnLane(page, milestone, lane) {
  return page.evaluate(
    ([id, title]) => {
      const item = document.querySelector(`[data-milestone="${id}"]`)?.getBoundingClientRect();
      const label = [...document.querySelectorAll('.vis-labelset .vis-label')].find((l) => l.querySelector('.lane')?.title === title);
      const row = label?.getBoundingClientRect();
      return !!item && !!row && item.top >= row.top && item.bottom <= row.bottom;
    },
    [milestone, lane],
  );
}

/**
 * Runs in the page (as an init script, or just before it goes to the timeline): notes, in
 * the frame after the chart's first milestone shows, the lanes it has and where they are,
 * whether it says it is busy, the milestones and undated entries in the page; and every
 * milestone ever put in the page. In `window.__firstScreen`.
 */
export function noteFirstScreen() {
  const seen = (window.__firstScreen = { lanes: null, ever: new Set() });
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== Node.ELEMENT_NODE) continue;
        for (const e of [n, ...n.querySelectorAll('[data-milestone]')]) if (e.dataset.milestone) seen.ever.add(e.dataset.milestone);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-milestone]')?.checkVisibility({ visibilityProperty: true })) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const labels = [...document.querySelectorAll('.vis-labelset .vis-label')];
      seen.lanes = labels.map((l) => l.querySelector('.lane')?.title);
      seen.tops = labels.map((l) => Math.round(l.getBoundingClientRect().top));
      seen.busy = document.querySelector('#timeline-chart').getAttribute('aria-busy');
      seen.milestones = [...document.querySelectorAll('[data-milestone]')].map((e) => e.dataset.milestone);
      seen.undated = document.querySelectorAll('aside.undated li a').length;
      seen.chartHeight = document.querySelector('#timeline-chart .vis-timeline').getBoundingClientRect().height;
      seen.lanesBottom = document.querySelector('.vis-panel.vis-left').getBoundingClientRect().bottom;
    });
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
}
