// The dashboard against the core's real numbers for the bundled dataset.
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

test('the scoreboard shows every count over its denominator, and links to the rows behind it', async () => {
  const { page, errors, violations, close } = await h.open({ hash: '#/dashboard' });
  const total = h.fixtures.dashboard.overall.total;
  assert.equal(total, 90, 'the bundled dataset has 90 milestones');
  await page.waitForSelector('[data-testid="scoreboard"]');
  assert.equal(await page.textContent('main h1'), 'Dashboard');
  const board = await page.textContent('[data-testid="scoreboard"]');
  assert.match(board, /\/ 90/);

  const done = h.fixtures.dashboard.overall.status.done ?? 0;
  const doneTile = page.locator('[data-testid="scoreboard"] a.tile[href="#/table?status=done"]');
  assert.match(await doneTile.textContent(), new RegExp(`${done} / 90`));
  assert.ok(await page.locator('a[href="#/table?timeliness=overdue"]').count(), 'overdue links to the table');
  assert.ok(await page.locator('a[href="#/table?stale=1"]').count(), 'stale links to the table');

  // Each instrument's bar segments link to that instrument's milestones in that status.
  const first = h.fixtures.dashboard.instruments[0];
  const segments = page.locator(`.rollups a.seg[href^="#/table?instrument=${first.id}&status="]`);
  assert.ok((await segments.count()) > 0, 'the first instrument has a stacked bar of links');

  assert.deepEqual(await violations(), [], 'nothing breaks the CSP');
  assert.deepEqual(errors, []);
  await close();
});

test('the first frame holds every attention-list row the window shows; the rest follow', async () => {
  // Notes, in the microtask after the dashboard is put in the page (before any frame is
  // painted), how many rows each attention list holds.
  const beforeLoad = () => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="scoreboard"]')) return;
      observer.disconnect();
      window.__firstFrameRows = Object.fromEntries(
        [...document.querySelectorAll('.attention section')].map((s) => [s.getAttribute('aria-labelledby'), s.querySelectorAll('li').length]),
      );
    }).observe(document, { childList: true, subtree: true });
  };
  const { page, close } = await h.open({ hash: '#/dashboard', beforeLoad });
  await page.waitForSelector('[data-testid="scoreboard"]');
  const firstFrame = await page.evaluate(() => window.__firstFrameRows);
  const stale = h.fixtures.dashboard.stale;
  assert.ok(stale.first.length > 4, 'the bundled data has a list longer than the window shows');
  assert.ok(firstFrame['stale-title'] < stale.first.length, `the first frame leaves out rows below the edge (held ${firstFrame['stale-title']})`);

  const lists = { overdue: 'overdue', 'due-soon': 'due_soon', stale: 'stale' };
  for (const [id, key] of Object.entries(lists)) {
    const { total, first } = h.fixtures.dashboard[key];
    const rows = `section[aria-labelledby="${id}-title"] li`;
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [rows, first.length]);
    assert.deepEqual(await page.locator(`${rows} > a`).allTextContents(), first.map((m) => m.title), `${id}: every row sent, in order`);
    // Laid out in full, no row that starts inside the window was missing from the first frame.
    const visible = await page.locator(rows).evaluateAll((lis) => lis.filter((li) => li.getBoundingClientRect().top < innerHeight).length);
    assert.ok(visible <= firstFrame[`${id}-title`], `${id}: ${visible} rows show at once, the first frame held ${firstFrame[`${id}-title`]}`);
    const all = page.locator(`section[aria-labelledby="${id}-title"] a.all`);
    assert.equal(await all.count(), total > first.length ? 1 : 0, `${id}: "Show all" only when rows are left out`);
  }
  await close();
});

test('following the overdue count shows exactly those milestones in the table', async () => {
  const { page, close } = await h.open({ hash: '#/dashboard' });
  const overdue = h.fixtures.dashboard.overdue.total;
  await page.click('#overdue-title ~ a.count');
  await page.waitForFunction(() => location.hash === '#/table?timeliness=overdue');
  await page.waitForSelector('[data-testid="row-count"]');
  assert.match(await page.textContent('[data-testid="row-count"]'), new RegExp(`Showing ${overdue} of 90`));
  assert.equal(await page.locator('main tbody tr').count(), Math.max(overdue, 1));
  await close();
});

test('a failing command shows a readable error with Retry, and Retry recovers', async () => {
  const { page, close } = await h.open({ hash: '#/timeline' });
  await page.waitForSelector('.vis-timeline');
  await page.evaluate(() => {
    window.__ipcOverrides.dashboard = () => {
      throw { code: 'database', message: 'database error: disk I/O error', path: null, fields: [] };
    };
  });
  await page.evaluate(() => (location.hash = '#/dashboard'));
  const alert = page.locator('[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /disk I\/O error/);
  await page.evaluate(() => delete window.__ipcOverrides.dashboard);
  await page.click('button:has-text("Retry")');
  await page.waitForSelector('[data-testid="scoreboard"]');
  await close();
});

test('a data-changed event from the shell reloads the view', async () => {
  const { page, calls, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  // The listener is registered once the app has started.
  await page.waitForFunction(() => window.__ipcCalls.some((c) => c.cmd === 'plugin:event|listen' && c.args.event === 'data-changed'));
  const before = (await calls()).filter((c) => c.cmd === 'dashboard').length;
  await page.evaluate(() => window.__emit('data-changed', { what: 'update', id: 'x' }));
  await page.waitForFunction((n) => window.__ipcCalls.filter((c) => c.cmd === 'dashboard').length > n, before);
  await close();
});

test('the page asks for the dashboard before the app has loaded, once; a write asks again', async () => {
  // Notes whether the "Loading" line was ever in the page: with the answer in before the
  // app mounts, the dashboard is built with its data in the mount itself.
  const beforeLoad = () => {
    window.__sawLoading = false;
    new MutationObserver(() => {
      if (document.querySelector('p.loading')) window.__sawLoading = true;
    }).observe(document, { childList: true, subtree: true });
  };
  const { page, calls, close } = await h.open({ hash: '#/dashboard', beforeLoad });
  await page.waitForSelector('[data-testid="scoreboard"]');
  assert.equal(await page.evaluate(() => window.__sawLoading), false, 'the dashboard was built with its data at once');
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
  assert.ok(marks.indexOf('accord:early-asked') >= 0, `index.html asked early (marks: ${marks})`);
  assert.ok(marks.indexOf('accord:early-asked') < marks.indexOf('accord:script'), 'before the app script ran');
  const asked = async () => (await calls()).filter((c) => c.cmd === 'dashboard');
  assert.deepEqual((await asked()).map((c) => c.args), [{ asOfDate: null }], 'the app took the early answer instead of asking again');
  assert.equal(await page.evaluate(() => '__accordEarly' in window), false, 'the app took it off the page');

  // After a write the early answer is old: the dashboard asks the core again.
  await page.waitForFunction(() => window.__ipcCalls.some((c) => c.cmd === 'plugin:event|listen' && c.args.event === 'data-changed'));
  await page.evaluate(() => window.__emit('data-changed', { what: 'update', id: 'x' }));
  await page.waitForFunction(() => window.__ipcCalls.filter((c) => c.cmd === 'dashboard').length === 2);
  await close();
});

test('a start on another view asks for no dashboard', async () => {
  const { page, calls, close } = await h.open({ hash: '#/table' });
  await page.waitForSelector('table');
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
  assert.ok(!marks.includes('accord:early-asked'));
  assert.deepEqual((await calls()).filter((c) => c.cmd === 'dashboard'), []);
  await close();
});
