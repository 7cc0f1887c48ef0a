// The milestone table: filters from the address, "showing n of N", sortable headers.
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

const titles = (page) => page.locator('main tbody td.title > a').allTextContents();

test('filters in the address pick the rows, with the count over the total', async () => {
  const all = h.fixtures.timeline.milestones;
  const { page, errors, violations, close } = await h.open({ hash: '#/table?status=done' });
  await page.waitForSelector('[data-testid="row-count"]');
  const done = all.filter((m) => m.status === 'done');
  assert.match(await page.textContent('[data-testid="row-count"]'), new RegExp(`Showing ${done.length} of ${all.length}`));
  assert.equal(await page.locator('main tbody tr').count(), Math.max(done.length, 1));
  assert.ok(await page.isChecked('label.chip:has-text("Done") input'), 'the status filter shows as checked');

  await page.evaluate(() => (location.hash = '#/table?stale=1&instrument=uk-openai-mou-2025'));
  const stale = all.filter((m) => m.stale && m.instrument_id === 'uk-openai-mou-2025');
  await page.waitForFunction((n) => document.querySelector('[data-testid="row-count"]')?.textContent.includes(`Showing ${n} of`), stale.length);
  assert.equal(await page.inputValue('#filter-instrument'), 'uk-openai-mou-2025');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await close();
});

test('themes and parties filter through the commitments', async () => {
  const theme = h.fixtures.timeline.options.themes[0];
  const pages = Object.values(h.fixtures.commitments);
  const withTheme = new Set(pages.filter((p) => p.commitment.themes.includes(theme)).map((p) => p.commitment.id));
  const expected = h.fixtures.timeline.milestones.filter((m) => withTheme.has(m.commitment_id));
  const { page, close } = await h.open({ hash: '#/table' });
  await page.waitForSelector('[data-testid="row-count"]');
  await page.selectOption('#filter-theme', theme);
  await page.waitForFunction((t) => location.hash.includes(`theme=${t}`), theme);
  // The rows shown stay until the core's answer for the new filter arrives.
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="row-count"]')?.textContent.includes(`Showing ${n} of 90`),
    expected.length,
  );
  assert.equal(await page.locator('main tbody tr').count(), expected.length);
  await page.click('button:has-text("Clear filters")');
  await page.waitForFunction(() => location.hash === '#/table');
  await close();
});

test('headers sort the rows and say how', async () => {
  const { page, close } = await h.open({ hash: '#/table' });
  await page.waitForSelector('[data-testid="row-count"]');
  const sorted = [...h.fixtures.timeline.milestones].map((m) => m.title).sort((a, b) => a.toLocaleLowerCase('en').localeCompare(b.toLocaleLowerCase('en'), 'en'));
  // The rows shown stay until the core's answer for the new order arrives: wait for it.
  const firstTitleIs = (title) =>
    page.waitForFunction((t) => document.querySelector('main tbody td.title > a')?.textContent === t, title);
  await page.click('th button:has-text("Milestone")');
  await page.waitForFunction(() => location.hash.includes('sort=title'));
  assert.equal(await page.getAttribute('th:has(button:has-text("Milestone"))', 'aria-sort'), 'ascending');
  await firstTitleIs(sorted[0]);
  assert.deepEqual((await titles(page)).slice(0, 5), sorted.slice(0, 5));
  await page.click('th button:has-text("Milestone")');
  await page.waitForFunction(() => location.hash.includes('dir=desc'));
  assert.equal(await page.getAttribute('th:has(button:has-text("Milestone"))', 'aria-sort'), 'descending');
  await firstTitleIs(sorted[sorted.length - 1]);
  assert.equal((await titles(page))[0], sorted[sorted.length - 1]);

  await page.click('th button:has-text("Slip")');
  await page.waitForFunction(() => location.hash.includes('sort=slip'));
  await page.waitForFunction(() => [...document.querySelectorAll('main tbody tr td.num')].at(-1)?.textContent.includes('—'));
  const slips = await page.locator('main tbody tr td.num').allTextContents();
  assert.match(slips.at(-1), /—/, 'milestones without a slip go last');
  await close();
});

test('row links open the milestone', async () => {
  const { page, close } = await h.open({ hash: '#/table?q=GPU' });
  await page.waitForSelector('[data-testid="row-count"]');
  await page.waitForFunction(() => !document.querySelector('#filter-q[aria-busy="true"]'));
  const link = page.locator('main tbody td.title > a').first();
  const href = await link.getAttribute('href');
  assert.match(href, /^#\/milestone\//);
  await link.click();
  await page.waitForFunction((x) => location.hash === x, href);
  await page.waitForSelector('#record-update');
  await close();
});

test('a long table is sent a page at a time: "Show more" asks the core for the next rows', async () => {
  const sample = h.fixtures.timeline.milestones[0];
  const rows = Array.from({ length: 700 }, (_, n) => ({ ...sample, id: `${sample.id}.copy${n}`, title: `Copy ${n} of ${sample.title}` }));
  const { page, calls, errors, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate(
    ({ rows, options }) =>
      (window.__ipcOverrides.milestone_list = (args) => ({ as_of: '2026-11-27', options, total: 1200, matching: rows.length, milestones: rows.slice(0, args.limit) })),
    { rows, options: h.fixtures.timeline.options },
  );
  await page.evaluate(() => (location.hash = '#/table'));
  await page.waitForSelector('main tbody tr');
  const shown = () => page.locator('main tbody tr').count();
  const lastLimit = async () => (await calls()).filter((c) => c.cmd === 'milestone_list').at(-1).args.limit;
  assert.equal(await shown(), 300);
  assert.equal(await lastLimit(), 300);
  assert.match(await page.textContent('[data-testid="row-count"]'), /Showing 700 of 1,200 milestones/);
  assert.match(await page.textContent('p.more'), /Showing the first 300 of 700\./);

  await page.getByRole('button', { name: 'Show 300 more' }).click();
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 600);
  assert.equal(await lastLimit(), 600);
  await page.getByRole('button', { name: 'Show 100 more' }).click();
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 700);
  assert.equal(await page.locator('p.more').count(), 0, 'nothing more to show');

  await page.click('th button:has-text("Milestone")');
  await page.waitForFunction(() => location.hash.includes('sort=title'));
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 300);
  const last = (await calls()).filter((c) => c.cmd === 'milestone_list').at(-1).args;
  assert.deepEqual({ sort: last.sort, limit: last.limit }, { sort: { key: 'title', dir: 'asc' }, limit: 300 }, 'a new order starts again at the first page');
  assert.deepEqual(errors, []);
  await close();
});
