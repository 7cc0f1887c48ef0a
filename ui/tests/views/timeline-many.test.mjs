// The timeline with many lanes, where the chart opens its first instruments, folds the
// others and draws only the lanes in view (the way it stays fast with ten thousand
// milestones, see bench/timeline.mjs), and a crowded chart of few lanes, which folds its
// crowded lanes into clusters. The data is the fixtures' timeline, multiplied in the page's
// IPC answer (as the core would send it, all of it under the 2,000 the chart is sent at most).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from './harness.mjs';
import { drawnOnLane, lanesOf, noteFirstScreen } from './chart-lanes.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** `count` instruments of two commitments (three lanes each), each with `each` milestones in 2026. */
function manyLanes(timeline, count = 150, each = 4) {
  const lane = timeline.instruments[0];
  const sample = timeline.milestones.find((m) => m.current_start);
  const instruments = [];
  const milestones = [];
  for (let i = 0; i < count; i++) {
    const commitments = [0, 1].map((c) => ({ id: `i${i}.c${c}`, title: `Commitment ${c} of instrument ${i}` }));
    instruments.push({ ...lane, id: `i${i}`, title: `Instrument ${i}`, commitments });
    for (const c of commitments) {
      for (let m = 0; m < each; m++) {
        const month = String(1 + ((i + m * 3) % 12)).padStart(2, '0');
        milestones.push({
          ...sample,
          id: `${c.id}.m${m}`,
          title: `Milestone ${m} of ${c.title}`,
          commitment_id: c.id,
          commitment_title: c.title,
          instrument_id: `i${i}`,
          instrument_title: `Instrument ${i}`,
          current_start: `2026-${month}-01`,
          current_end: `2026-${month}-20`,
          original_end: null,
          slip_days: null,
        });
      }
    }
  }
  const n = milestones.length;
  return { ...timeline, total: n, dated: n, undated: 0, matching_instruments: instruments.map((i) => i.id), instruments, milestones };
}

/**
 * The app on its dashboard, then at the timeline with `data` for an answer, once every lane
 * of the chart has been handed over. With `watch`, a function run in the page just before it
 * goes to the timeline.
 */
async function openTimeline(data, hash = '#/timeline', watch = null) {
  const opened = await h.open({ hash: '#/dashboard' });
  await opened.page.waitForSelector('[data-testid="scoreboard"]');
  await opened.page.evaluate((d) => (window.__ipcOverrides.timeline = () => d), data);
  if (watch) await opened.page.evaluate(watch);
  await opened.page.evaluate((to) => (location.hash = to), hash);
  await opened.page.waitForSelector('[data-milestone]', { state: 'visible' });
  await opened.page.waitForSelector('#timeline-chart[aria-busy="false"]', { state: 'attached' });
  return opened;
}

/** The lanes' names of `big` with the instruments `open(n)` says open, the others folded. */
const opened = (big, open) => big.instruments.flatMap((i, n) => (open(n) ? [i.title, ...i.commitments.map((c) => c.title)] : [i.title]));

/** Scrolls the chart down and gives the first folded instrument whose lane is wholly in view. */
async function scrollToFolded(page) {
  const box = await page.locator('.vis-panel.vis-center').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 3000);
  const title = await page.waitForFunction(() => {
    const panel = document.querySelector('.vis-panel.vis-left').getBoundingClientRect();
    const label = [...document.querySelectorAll('.vis-label.collapsed')].find((l) => {
      const r = l.getBoundingClientRect();
      return r.top >= panel.top && r.bottom <= panel.bottom;
    });
    return label?.querySelector('.lane').title;
  });
  const name = await title.jsonValue();
  return { title: name, n: Number(name.replace('Instrument ', '')) };
}

/** Waits until the lane of that name is in the chart, or is not. */
const laneShown = (page, title, shown = true) =>
  page.waitForFunction(([t, want]) => [...document.querySelectorAll('.vis-label .lane')].some((e) => e.title === t) === want, [title, shown]);

test('a chart of many lanes opens its first instruments and folds the rest, each drawing its milestones on its own lane', async () => {
  const big = manyLanes(h.fixtures.timeline);
  const { page, errors, violations, close } = await openTimeline(big);
  const ids = () => page.locator('[data-milestone]').evaluateAll((els) => els.map((e) => e.dataset.milestone));
  const first = await ids();
  assert.ok(first.length > 0 && first.length < big.milestones.length / 4, `only the lanes in view are drawn (${first.length})`);
  assert.match(await page.textContent('.vis-custom-time.as-of'), /Today 27 Nov 2026/, 'the as-of line is there');
  // Three lanes each: the first 14 instruments fill the 40 open lanes, the other 136 fold.
  assert.deepEqual(await lanesOf(page), opened(big, (n) => n < 14), 'the lanes are in order, folded ones without their commitments');
  assert.match(await page.textContent('[data-testid="fold-note"]'), /136 of 150 instruments are folded/);
  assert.equal(await page.locator('.vis-label.collapsed').count(), 136);
  assert.equal(await page.locator('.vis-cluster').count(), 0, 'a chart that folds does not cluster');
  // The note is in the page before the chart's height is set: the chart ends above the
  // window's edge, leaving room for the hint under it.
  const bottom = await page.evaluate(() => innerHeight - document.querySelector('#timeline-chart').getBoundingClientRect().bottom);
  assert.ok(bottom >= 20, `the chart ends ${bottom} px above the window's edge`);

  // Scrolling down draws the folded instruments' milestones, on their instruments' lanes.
  const { title, n } = await scrollToFolded(page);
  assert.ok(n >= 14, title);
  await page.waitForFunction((seen) => [...document.querySelectorAll('[data-milestone]')].some((e) => !seen.includes(e.dataset.milestone)), first);
  await page.waitForFunction((id) => !!document.querySelector(`[data-milestone="${id}"]`), `i${n}.c1.m0`);
  assert.ok(await drawnOnLane(page, `i${n}.c1.m0`, title), "a folded instrument's milestone is drawn on its lane");
  assert.ok(!(await drawnOnLane(page, `i${n}.c1.m0`, `Instrument ${n - 1}`)));

  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, [], 'lanes drawn without errors');
  await close();
});

test("a large chart draws its first screen's lanes first, and hands over the others once that is painted", async () => {
  const big = manyLanes(h.fixtures.timeline);
  const all = opened(big, (n) => n < 14);
  const { page, errors, close } = await openTimeline(big, '#/timeline', noteFirstScreen);
  const first = await page.evaluate(() => ({ ...window.__firstScreen, ever: null }));
  // Enough lanes to fill the whole chart's height at their smallest (24 px, LANE_MIN_PX), up
  // to the end of an instrument (three lanes each, the first 14 open), and no more.
  assert.equal(first.busy, 'true', 'the chart says it is busy while lanes are still to come');
  const least = Math.ceil(first.chartHeight / 24);
  assert.ok(first.lanes.length >= least && first.lanes.length < least + 3, `${first.lanes.length} lanes first, for ${least}`);
  assert.deepEqual(first.lanes, all.slice(0, first.lanes.length), 'the first lanes, in order, whole instruments');
  assert.ok(first.lanes.length % 3 === 0);
  assert.ok(first.tops.at(-1) >= first.lanesBottom, 'they fill the chart, the last out of view');
  assert.ok(first.milestones.length > 0);

  // Then every lane, the first ones where they were, and the chart no longer busy.
  assert.deepEqual(await lanesOf(page), all);
  const tops = await page.locator('.vis-labelset .vis-label').evaluateAll((ls) => ls.map((l) => Math.round(l.getBoundingClientRect().top)));
  assert.deepEqual(tops.slice(0, first.tops.length), first.tops, 'the first screen did not move');
  const now = await page.locator('[data-milestone]').evaluateAll((els) => els.map((e) => e.dataset.milestone));
  assert.ok(now.length < big.milestones.length / 4, `the later lanes' milestones are not drawn out of view (${now.length})`);
  const ever = await page.evaluate(() => window.__firstScreen.ever.size);
  assert.ok(ever < big.milestones.length / 4, `nor were they drawn on the way (${ever} of ${big.milestones.length})`);
  assert.deepEqual(errors, []);
  await close();
});

test('leaving the timeline before its later lanes are in, or changing the filter, drops them without errors', async () => {
  const big = manyLanes(h.fixtures.timeline);
  const opened = await h.open({ hash: '#/dashboard' });
  const { page, errors, close } = opened;
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate((d) => (window.__ipcOverrides.timeline = () => d), big);
  // Away as soon as the first screen shows, while the chart is still busy.
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('#timeline-chart')?.getAttribute('aria-busy') !== 'true' || !document.querySelector('[data-milestone]')) return;
      observer.disconnect();
      window.__leftBusy = true;
      location.hash = '#/dashboard';
    }).observe(document, { childList: true, subtree: true, attributes: true });
    location.hash = '#/timeline';
  });
  await page.waitForFunction(() => window.__leftBusy === true);
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.waitForTimeout(800);
  // Back, and a filter while the later lanes are coming: the last chart's lanes, whole.
  await page.evaluate(() => (location.hash = '#/timeline'));
  await page.waitForSelector('#timeline-chart[aria-busy="true"]', { state: 'attached' });
  await page.evaluate(() => (location.hash = '#/timeline?stale=1'));
  await page.waitForFunction(() => location.hash.includes('stale'));
  await page.waitForSelector('[data-milestone]', { state: 'visible' });
  await page.waitForSelector('#timeline-chart[aria-busy="false"]', { state: 'attached' });
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.vis-labelset .vis-label').count(), 14 * 3 + 136, 'every lane once');
  assert.deepEqual(errors, []);
  await close();
});

test("an instrument's name opens and folds it, by mouse or keyboard, and it stays so across filters and visits", async () => {
  const big = manyLanes(h.fixtures.timeline);
  const { page, errors, close } = await openTimeline(big);
  const { title, n } = await scrollToFolded(page);
  const commitment = `Commitment 1 of instrument ${n}`;

  // A click on its label opens it: its commitments' lanes come under it, with its milestones.
  await page.locator('.vis-label.collapsed').filter({ has: page.locator(`.lane[title="${title}"]`) }).locator('.lane-meta').click();
  await laneShown(page, commitment);
  assert.deepEqual(await lanesOf(page), opened(big, (k) => k < 14 || k === n));
  await page.waitForFunction((id) => !!document.querySelector(`[data-milestone="${id}"]`), `i${n}.c1.m0`);
  assert.ok(await drawnOnLane(page, `i${n}.c1.m0`, commitment), 'the milestone moved to its commitment');
  assert.ok(!(await drawnOnLane(page, `i${n}.c1.m0`, title)));
  assert.match(await page.textContent('[data-testid="fold-note"]'), /135 of 150 instruments are folded/);

  // Its name is a button that says whether it is open: it folds it from the keyboard, and
  // a click on it opens it once (vis-timeline's own tap on the label does not come too).
  const name = () => page.getByRole('button', { name: title, exact: true });
  assert.equal(await name().getAttribute('aria-expanded'), 'true');
  await name().focus();
  await page.keyboard.press('Enter');
  await laneShown(page, commitment, false);
  assert.equal(await name().getAttribute('aria-expanded'), 'false');
  await page.waitForFunction((id) => !!document.querySelector(`[data-milestone="${id}"]`), `i${n}.c1.m0`);
  assert.ok(await drawnOnLane(page, `i${n}.c1.m0`, title), 'folded again, the milestone is back on its lane');
  await name().click();
  await laneShown(page, commitment);
  await page.waitForTimeout(300);
  assert.equal(await name().getAttribute('aria-expanded'), 'true', 'one click, one toggle');
  assert.deepEqual(await lanesOf(page), opened(big, (k) => k < 14 || k === n));

  // It stays open in the next chart (another filter) and on coming back to the timeline.
  await page.evaluate(() => (location.hash = '#/timeline?stale=1'));
  await page.waitForFunction(() => location.hash.includes('stale'));
  await page.waitForSelector('[data-milestone]', { state: 'visible' });
  await laneShown(page, commitment);
  assert.deepEqual(await lanesOf(page), opened(big, (k) => k < 14 || k === n), 'what the user opened stays open');
  await page.evaluate(() => (location.hash = '#/dashboard'));
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate(() => (location.hash = '#/timeline?stale=1'));
  await page.waitForSelector('[data-milestone]', { state: 'visible' });
  await laneShown(page, commitment);
  assert.deepEqual(await lanesOf(page), opened(big, (k) => k < 14 || k === n), 'and when the timeline is opened again');
  assert.deepEqual(errors, [], 'lanes folded and opened without errors');
  await close();
});

test('Expand all opens every instrument of a large chart, and Collapse all folds them all', async () => {
  const big = manyLanes(h.fixtures.timeline);
  const { page, errors, close } = await openTimeline(big);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction((count) => document.querySelectorAll('.vis-labelset .vis-label').length === count, 450);
  assert.deepEqual(await lanesOf(page), opened(big, () => true), 'every lane, in order');
  assert.equal(await page.locator('[data-testid="fold-note"]').count(), 0);
  await page.waitForSelector('[data-milestone]', { state: 'visible' });
  assert.ok(await drawnOnLane(page, 'i0.c1.m0', 'Commitment 1 of instrument 0'));
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.waitForFunction((count) => document.querySelectorAll('.vis-labelset .vis-label').length === count, 150);
  assert.deepEqual(await lanesOf(page), opened(big, () => false));
  assert.match(await page.textContent('[data-testid="fold-note"]'), /150 of 150 instruments are folded/);
  await page.waitForFunction((id) => !!document.querySelector(`[data-milestone="${id}"]`), 'i0.c1.m0');
  assert.ok(await drawnOnLane(page, 'i0.c1.m0', 'Instrument 0'), "a folded instrument's milestones are on its lane");
  assert.deepEqual(errors, []);
  await close();
});

test('a crowded chart of few lanes folds its crowded lanes into clusters until zoomed in', async () => {
  // 20 instruments, 60 lanes, 640 milestones.
  const crowded = manyLanes(h.fixtures.timeline, 20, 16);
  const { page, errors, close } = await openTimeline(crowded);
  assert.equal(await page.locator('[data-testid="fold-note"]').count(), 0, 'nothing is folded');
  for (let i = 0; i < 4 && !(await page.locator('.vis-cluster').count()); i++) {
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.waitForTimeout(400);
  }
  assert.match(await page.locator('.vis-cluster .cluster-count').first().textContent(), /^\d+$/, 'a cluster says how many milestones it holds');
  assert.deepEqual(errors, [], 'clusters drawn without errors');
  await close();
});

test('when the core sends fewer dated milestones than match, the chart says so and links to the table', async () => {
  const big = manyLanes(h.fixtures.timeline);
  const sent = big.milestones.length;
  const answer = { ...big, total: 14000, dated: 12000, undated: 500 };
  const { page, errors, close } = await openTimeline(answer, '#/timeline?theme=compute');
  assert.match(await page.textContent('main .subtitle'), /Showing 12,500 of 14,000 milestones as of .* · 500 without a date/);
  const notice = page.locator('.notice[role="status"]');
  assert.equal(
    (await notice.textContent()).replace(/\s+/g, ' ').trim(),
    `The chart draws the ${sent.toLocaleString('en-GB')} earliest of 12,000 dated milestones. Narrow the filters, or use the table to see them all.`,
  );
  assert.equal(await notice.locator('a').getAttribute('href'), '#/table?theme=compute');
  assert.deepEqual(errors, []);
  await close();
});
