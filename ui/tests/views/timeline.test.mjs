// The timeline: vis-timeline drawn from the core's timeline view, items that are links,
// the as-of line, zoom and pan buttons, filters in the address, and the undated list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, startHarness } from './harness.mjs';
import { drawnOnLane, lanesOf, noteFirstScreen } from './chart-lanes.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const ITEM = '[data-milestone="uk-openai-c2.m2"]';

test('milestones are drawn with their status, and clicking one opens its page', async () => {
  const { page, errors, violations, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector('.vis-timeline');
  await page.waitForSelector(ITEM);
  const dated = h.fixtures.timeline.milestones.filter((m) => m.current_start).length;
  assert.equal(await page.locator('[data-milestone]').count(), dated, 'every dated milestone is drawn (the window fits them all)');
  const m = h.fixtures.timeline.milestones.find((x) => x.id === 'uk-openai-c2.m2');
  const itemClass = await page.locator(ITEM).evaluate((el) => el.closest('.vis-item').className);
  assert.match(itemClass, new RegExp(`st-${m.status}`), 'the item is coloured by its status');
  assert.match(await page.textContent('.vis-custom-time.as-of'), /Today 27 Nov 2026/, 'the as-of line is labelled');
  // Lanes down the page: each instrument with a drawn milestone, then its commitments that have one.
  const drawn = new Set(h.fixtures.timeline.milestones.filter((x) => x.current_start && x.current_end).map((x) => x.commitment_id));
  const expected = h.fixtures.timeline.instruments.flatMap((i) => {
    const lanes = i.commitments.filter((c) => drawn.has(c.id));
    return lanes.length ? [i.title, ...lanes.map((c) => c.title)] : [];
  });
  const lanes = await lanesOf(page);
  assert.ok(expected.length > 10, `${expected.length} lanes`);
  assert.deepEqual(lanes, expected, 'the lanes are in order');

  await page.click(ITEM);
  await page.waitForFunction(() => location.hash.startsWith('#/milestone/uk-openai-c2.m2'));
  await page.waitForSelector('#record-update');
  assert.match(await page.textContent('main h1'), /8,000 GPUs/);
  assert.deepEqual(await violations(), [], 'vis-timeline and the app stay within the CSP');
  assert.deepEqual(errors, []);
  await close();
});

test('a chart of few lanes opens every instrument; Collapse all folds each onto its own lane, Expand all opens them again', async () => {
  const { page, errors, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector(ITEM);
  const lanes = () => lanesOf(page);
  const all = await lanes();
  assert.equal(await page.locator('[data-testid="fold-note"]').count(), 0, 'nothing is folded');
  const m = h.fixtures.timeline.milestones.find((x) => x.id === 'uk-openai-c2.m2');
  const instrument = h.fixtures.timeline.instruments.find((i) => i.id === m.instrument_id);
  const commitment = instrument.commitments.find((c) => c.id === m.commitment_id);
  const onLane = (title) => drawnOnLane(page, m.id, title);
  assert.ok(await onLane(commitment.title), 'drawn on its commitment');

  await page.getByRole('button', { name: 'Collapse all' }).click();
  const instruments = all.filter((t) => h.fixtures.timeline.instruments.some((i) => i.title === t));
  await page.waitForFunction((n) => document.querySelectorAll('.vis-labelset .vis-label').length === n, instruments.length);
  assert.deepEqual(await lanes(), instruments);
  assert.match(await page.textContent('[data-testid="fold-note"]'), new RegExp(`${instruments.length} of ${instruments.length} instruments are folded`));
  await page.waitForSelector(ITEM);
  assert.ok(await onLane(instrument.title), 'drawn on its instrument');

  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.vis-labelset .vis-label').length === n, all.length);
  assert.deepEqual(await lanes(), all);
  await page.waitForSelector(ITEM);
  assert.ok(await onLane(commitment.title), 'back on its commitment');
  assert.deepEqual(errors, []);
  await close();
});

test('a slipped milestone shows where it was originally due', async () => {
  // The bundled data has no slip yet; give one milestone a moved deadline as the core would.
  const { page, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate(() => {
    const original = window.__TAURI_INTERNALS__.invoke;
    window.__TAURI_INTERNALS__.invoke = (cmd, args) =>
      original(cmd, args).then((v) => {
        if (cmd !== 'timeline') return v;
        const m = v.milestones.find((x) => x.id === 'uk-openai-c2.m2');
        Object.assign(m, { due: '2025-Q4', original_end: '2025-12-31', slip_days: 90 });
        return v;
      });
  });
  await page.evaluate(() => (location.hash = '#/timeline'));
  await page.waitForSelector('[data-slip-of="uk-openai-c2.m2"]');
  assert.equal(await page.locator('[data-slip-of]').count(), 1);
  const title = await page.getAttribute('[data-slip-of="uk-openai-c2.m2"]', 'title');
  assert.equal(title, 'Originally due Q4 2025, slipped +90 days: OpenAI offtake of up to 8,000 GPUs');
  const marker = await page.locator('.vis-item:has([data-slip-of])').evaluate((el) => el.getBoundingClientRect().left);
  const item = await page.locator('.vis-item:has([data-milestone="uk-openai-c2.m2"])').evaluate((el) => el.getBoundingClientRect().left);
  assert.ok(marker < item, 'the marker sits before the current deadline');
  await close();
});

test('zoom and pan buttons move the window, from the keyboard too', async () => {
  const { page, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector(ITEM);
  const x = (css) => page.locator(css).first().evaluate((el) => el.getBoundingClientRect().left);
  // The distance between the as-of line and a milestone grows as the chart zooms in.
  const gap = async () => Math.abs((await x('.vis-custom-time.as-of')) - (await x(`.vis-item:has(${ITEM})`)));
  const g0 = await gap();
  await page.getByRole('button', { name: 'Zoom in' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
  assert.ok((await gap()) > g0 * 1.3, 'zooming in spreads the dates apart');
  const x0 = await x('.vis-custom-time.as-of');
  await page.getByRole('button', { name: 'Move later' }).click();
  await page.waitForTimeout(400);
  assert.ok((await x('.vis-custom-time.as-of')) < x0 - 20, 'moving later shifts the as-of line left');
  await page.getByRole('button', { name: 'Fit all' }).click();
  await page.waitForTimeout(400);
  const g1 = await gap();
  assert.ok(Math.abs(g1 - g0) < g0 * 0.1, `fit returns to the whole range (${g1} against ${g0})`);
  // The chart itself takes + and − once focused.
  await page.focus('#timeline-chart');
  await page.keyboard.press('+');
  await page.waitForTimeout(400);
  assert.ok((await gap()) > g0 * 1.3, '+ zooms in');
  await close();
});

test('axis labels that the edges of the chart would cut are hidden, whatever the window', async () => {
  const { page, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector(ITEM);
  // The text of each label shown lies wholly inside its axis; labels whose text would
  // not are hidden. (A label's box is as wide as its interval; its text starts at the left.)
  const labels = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.vis-time-axis .vis-text:not(.vis-measure)')].map((el) => {
        const axis = el.closest('.vis-panel').getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(el);
        const text = range.getBoundingClientRect();
        return {
          text: el.textContent,
          shown: getComputedStyle(el).visibility !== 'hidden' && text.width > 0,
          inside: text.left >= axis.left - 0.5 && text.right <= axis.right + 0.5,
        };
      }),
    );
  const check = async (when) => {
    const all = await labels();
    const shown = all.filter((l) => l.shown && l.text);
    assert.ok(shown.length >= 3, `${when}: labels are shown (${JSON.stringify(all)})`);
    assert.deepEqual(shown.filter((l) => !l.inside), [], `${when}: no label shown is cut`);
    return all.filter((l) => l.text && !l.shown).length;
  };
  let hidden = await check('fitted');
  for (const [button, times] of [['Move later', 3], ['Zoom in', 2], ['Move earlier', 2]]) {
    for (let n = 0; n < times; n++) {
      await page.getByRole('button', { name: button }).click();
      await page.waitForTimeout(350);
      hidden += await check(`after ${button} ${n + 1}`);
    }
  }
  assert.ok(hidden > 0, 'some windows cut a label, and it was hidden');
  await close();
});

test('filters narrow the chart, go into the address, and carry over to the table', async () => {
  const { page, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector(ITEM);
  await page.selectOption('#filter-instrument', 'microsoft-nscale-uk-2025');
  await page.waitForFunction(() => location.hash.includes('instrument=microsoft-nscale-uk-2025'));
  const expected = h.fixtures.timeline.milestones.filter((m) => m.instrument_id === 'microsoft-nscale-uk-2025' && m.current_start);
  await page.waitForFunction((n) => document.querySelectorAll('[data-milestone]').length === n, expected.length);
  assert.equal(await page.locator(ITEM).count(), 0);

  await page.check('label.chip:has-text("Unassessed") input');
  await page.waitForFunction(() => location.hash.includes('status=unassessed'));
  const table = page.locator('a:has-text("Table view of these milestones")');
  assert.match(await table.getAttribute('href'), /^#\/table\?instrument=microsoft-nscale-uk-2025&status=unassessed$/);
  await table.click();
  await page.waitForSelector('[data-testid="row-count"]');
  const rows = h.fixtures.timeline.milestones.filter((m) => m.instrument_id === 'microsoft-nscale-uk-2025' && m.status === 'unassessed');
  assert.match(await page.textContent('[data-testid="row-count"]'), new RegExp(`Showing ${rows.length} of 90`));
  await close();
});

test("the search box uses the core's search and keeps the milestones it found", async () => {
  const hits = h.fixtures.search.GPU;
  assert.ok(hits.length > 0, 'the fixture search for GPU finds something');
  const { page, calls, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector(ITEM);
  await page.fill('#filter-q', 'GPU');
  await page.press('#filter-q', 'Enter');
  await page.waitForFunction(() => location.hash.includes('q=GPU'));
  await page.waitForFunction(() => !document.querySelector('#filter-q[aria-busy="true"]'));
  assert.ok((await calls()).some((c) => c.cmd === 'timeline' && c.args.filter?.q === 'GPU'), 'the words go to the core with the filter');
  // Lanes scrolled out of view are not drawn, so count what the page says it shows.
  const found = new Set(hits.filter((x) => x.kind === 'milestone').map((x) => x.id));
  const byParent = new Set(hits.filter((x) => x.kind !== 'milestone').map((x) => x.id));
  const expected = h.fixtures.timeline.milestones.filter((m) => found.has(m.id) || byParent.has(m.commitment_id) || byParent.has(m.instrument_id));
  assert.match(await page.textContent('main .subtitle'), new RegExp(`Showing ${expected.length} of 90`));
  const drawn = await page.locator('[data-milestone]').evaluateAll((els) => els.map((e) => e.dataset.milestone));
  for (const id of drawn) assert.ok(expected.some((m) => m.id === id), `${id} is drawn only because the search found it`);
  await close();
});

test("the chart's script is not fetched while the app idles, and comes with the timeline's view when it is shown", async () => {
  const { page, errors, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  // The other views are fetched in the background a second after start-up; not the chart.
  const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), start: e.startTime, end: e.responseEnd })));
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/MilestoneTable-[^/]*\.js$/.test(e.name)));
  await page.waitForTimeout(500);
  const idle = await scripts();
  assert.ok(idle.some((e) => /^TimelineView-.*\.js$/.test(e.name)), 'the view itself is prefetched');
  assert.ok(!idle.some((e) => /^TimelineChart-.*\.js$/.test(e.name)), 'the chart (vis-timeline) is not');
  // A new page at the timeline: the chart is asked for before the view's script has arrived.
  const fresh = await h.open({ hash: '#/timeline' });
  await fresh.page.waitForSelector(ITEM);
  const loaded = await fresh.page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), start: e.startTime, end: e.responseEnd })));
  const view = loaded.find((e) => /^TimelineView-.*\.js$/.test(e.name));
  const chart = loaded.find((e) => /^TimelineChart-.*\.js$/.test(e.name));
  assert.ok(view && chart, 'both scripts are fetched');
  assert.ok(chart.start < view.end, `the chart's fetch began at ${chart.start} ms, before the view's ended at ${view.end}`);
  assert.deepEqual([...errors, ...fresh.errors], []);
  await fresh.close();
  await close();
});

test('undated milestones are listed beside the chart with links, those beyond its box once the page has painted', async () => {
  const undated = h.fixtures.timeline.milestones.filter((m) => !m.current_start);
  assert.ok(undated.length > 40, `the fixture has more undated milestones (${undated.length}) than the list shows at first`);
  const { page, errors, close } = await h.open({ hash: '#/timeline', beforeLoad: noteFirstScreen });
  await page.waitForSelector(ITEM);
  await page.waitForFunction(() => window.__firstScreen.lanes !== null);
  assert.equal(await page.evaluate(() => window.__firstScreen.undated), 40, 'as many as fill the list at first');
  const links = page.locator('aside.undated li a');
  await page.waitForFunction((n) => document.querySelectorAll('aside.undated li a').length === n, Math.min(undated.length, 200));
  const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  assert.deepEqual(hrefs, undated.slice(0, 200).map((m) => `#/milestone/${m.id}`), 'then all of them, in order');
  assert.deepEqual(errors, []);
  await close();
});

test('in the past, the as-of line moves and a today line appears', async () => {
  const { page, calls, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector(ITEM);
  await page.fill('#as-of-date', '2026-01-15');
  await page.waitForFunction(() => window.__ipcCalls.some((c) => c.cmd === 'timeline' && c.args.asOfDate === '2026-01-15'));
  await page.waitForSelector('.vis-custom-time.today');
  assert.match(await page.textContent('.vis-custom-time.as-of'), /As of 15 Jan 2026/);
  assert.ok((await calls()).length > 0);
  await close();
});

test("the chart's script carries vis-timeline's English texts and no other locale's (ui/build/vis-locales.ts)", () => {
  const chunks = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const texts = chunks.map((f) => readFileSync(join(DIST, 'assets', f), 'utf8'));
  assert.equal(texts.filter((t) => t.includes('Delete selected')).length, 1, 'the en texts are in one chunk');
  for (const other of ['Lösche Auswahl', 'Slett valgte', 'Selectie verwijderen', 'Radera valda']) {
    assert.ok(!texts.some((t) => t.includes(other)), `${other} is left out`);
  }
});
