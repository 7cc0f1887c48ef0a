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
