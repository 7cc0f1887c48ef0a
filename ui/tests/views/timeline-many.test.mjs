// The timeline with many lanes, where the chart draws only the lanes in view (the way it
// stays fast with ten thousand milestones, see bench/timeline.mjs) and folds crowded lanes
// into clusters: the data is the fixtures' timeline, multiplied in the page's IPC answer
// (as the core would send it, all of it under the 2,000 the chart is sent at most).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from './harness.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** 150 instruments of two commitments (450 lanes), each with four milestones in 2026. */
function manyLanes(timeline) {
  const lane = timeline.instruments[0];
  const sample = timeline.milestones.find((m) => m.current_start);
  const instruments = [];
  const milestones = [];
  for (let i = 0; i < 150; i++) {
    const commitments = [0, 1].map((c) => ({ id: `i${i}.c${c}`, title: `Commitment ${c} of instrument ${i}` }));
    instruments.push({ ...lane, id: `i${i}`, title: `Instrument ${i}`, commitments });
    for (const c of commitments) {
      for (let m = 0; m < 4; m++) {
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

test('with many lanes, the lanes in view are drawn first, the others on scrolling, and crowded ones cluster', async () => {
  const big = manyLanes(h.fixtures.timeline);
  const { page, errors, violations, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate((data) => (window.__ipcOverrides.timeline = () => data), big);
  await page.evaluate(() => (location.hash = '#/timeline'));
  await page.waitForSelector('[data-milestone]', { state: 'visible' });
  const ids = () => page.locator('[data-milestone]').evaluateAll((els) => els.map((e) => e.dataset.milestone));
  const first = await ids();
  assert.ok(first.length > 0 && first.length < big.milestones.length / 4, `only the lanes in view are drawn (${first.length})`);
  assert.match(await page.textContent('.vis-custom-time.as-of'), /Today 27 Nov 2026/, 'the as-of line is there');
  // Each instrument's lane, then its commitments' lanes, in the chart's order, down the page.
  const lanes = () => page.locator('.vis-labelset .vis-label .lane').evaluateAll((els) => els.map((e) => e.title));
  const expected = big.instruments.flatMap((i) => [i.title, ...i.commitments.map((c) => c.title)]);
  assert.deepEqual(await lanes(), expected, 'the lanes are in order');

  const box = await page.locator('.vis-panel.vis-center').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 3000);
  await page.waitForFunction((seen) => [...document.querySelectorAll('[data-milestone]')].some((e) => !seen.includes(e.dataset.milestone)), first);

  for (let i = 0; i < 4 && !(await page.locator('.vis-cluster').count()); i++) {
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.waitForTimeout(400);
  }
  assert.match(await page.locator('.vis-cluster .cluster-count').first().textContent(), /^\d+$/, 'a cluster says how many milestones it holds');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, [], 'clusters and lanes drawn without errors');
  await close();
});

test('when the core sends fewer dated milestones than match, the chart says so and links to the table', async () => {
  const big = manyLanes(h.fixtures.timeline);
  const sent = big.milestones.length;
  const answer = { ...big, total: 14000, dated: 12000, undated: 500 };
  const { page, errors, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate((data) => (window.__ipcOverrides.timeline = () => data), answer);
  await page.evaluate(() => (location.hash = '#/timeline?theme=compute'));
  await page.waitForSelector('[data-milestone]', { state: 'visible' });
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
