// The timeline view's speed with 10,000 milestones, measured the way a user meets it: the
// built UI (ui/dist) in headless Chromium, served by the view tests' harness with the IPC
// answered from core-generated fixtures (ui/tests/fixtures/large) and, for the timeline
// itself, by the core (the ui_fixtures program, asked over HTTP as Tauri's IPC protocol
// is; the time until its answers arrive is counted apart as "IPC"). Targets: the chart's
// milestones painted within 1 s of navigation, and a zoom or pan redrawn within 50 ms.
// The first paint is timed twice: in a new page opened at #/timeline, the app's start
// included (the figure held to the target since it was first measured), and in the app
// already showing its dashboard, from the click on its Timeline link. Beside the first it
// reports the CPU time of the page's main thread until then (Chromium's counters), which
// other processes on the machine move less than wall time; and, for both, when the chart has
// every lane (a large chart hands over the lanes below its first screen after that paint).
//
//   node bench/timeline.mjs            (from the project root, after `cd ui && npm run build`)
//
// The fixtures are generated on first use by the ui_fixtures example
// (ACCORD_UI_FIXTURES_BIN, or target/debug/examples/ui_fixtures). Results are printed and
// written to bench/results/timeline.json. It asserts nothing: a figure over its target is
// reported, not failed, because timings depend on the machine.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness } from '../ui/tests/views/harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = resolve(process.argv[2] ?? join(ROOT, 'ui/tests/fixtures/large'));
const RESULTS = join(ROOT, 'bench/results/timeline.json');
const MILESTONES = 10_000;
const FIRST_PAINT_RUNS = Number(process.env.RUNS ?? 7);
const REDRAW_RUNS = Number(process.env.REDRAWS ?? 20);
const TARGET = { firstPaint: 1000, redraw: 50 };
/** Long enough for the buttons' 200 ms animation and the redraws that follow it. */
const ACTION_MS = 600;
const PAINTED = 'accord bench: first paint';
const COMPLETE = 'accord bench: every lane';

// The same program answers the timeline while the pages run: the release build when there
// is one (`make bench` builds it), as the app's core is.
const RELEASE_FIXTURES = join(ROOT, 'target/release/examples/ui_fixtures');
process.env.ACCORD_UI_FIXTURES_BIN ??= existsSync(RELEASE_FIXTURES) ? RELEASE_FIXTURES : join(ROOT, 'target/debug/examples/ui_fixtures');

function ensureFixtures() {
  if (existsSync(join(FIXTURES, 'timeline.json'))) return;
  const bin = process.env.ACCORD_UI_FIXTURES_BIN;
  if (!existsSync(bin)) {
    throw new Error(`no fixtures in ${FIXTURES} and no ${bin}: build it with \`cargo build -p accord-desktop --example ui_fixtures\``);
  }
  execFileSync(bin, [FIXTURES, String(MILESTONES)], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Runs in the page before the app: once a milestone is in the DOM and visible (the chart
 * is hidden until it is drawn), waits two animation frames, so the frame that drew it has
 * been painted, and notes the time since navigation started. Also notes the time spent
 * waiting for IPC answers (the core working out the timeline and its answer's bytes
 * reaching the page), so that share of the first paint is known.
 */
function markFirstPaint() {
  const bench = (window.__bench = { firstPaint: null, complete: null, ipc: 0 });
  const invoke = window.__TAURI_INTERNALS__.invoke;
  window.__TAURI_INTERNALS__.invoke = (...args) => {
    const start = performance.now();
    const answer = invoke(...args);
    answer.finally(() => (bench.ipc += performance.now() - start)).catch(() => {});
    return answer;
  };
  const drawn = () => document.querySelector('[data-milestone]')?.checkVisibility({ visibilityProperty: true });
  // The chart shows by a class change at the latest; style changes are too many to watch.
  new MutationObserver((_, observer) => {
    if (!drawn()) return;
    observer.disconnect();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        bench.firstPaint = performance.now();
        if (document.querySelector('#timeline-chart')?.getAttribute('aria-busy') !== 'true') bench.complete = bench.firstPaint;
        console.info('accord bench: first paint');
      }),
    );
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  // A large chart hands its later lanes over after its first screen, busy until they are in.
  new MutationObserver((_, observer) => {
    if (bench.firstPaint === null || document.querySelector('#timeline-chart')?.getAttribute('aria-busy') !== 'false') return;
    observer.disconnect();
    bench.complete = performance.now();
    console.info('accord bench: every lane');
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
}

/**
 * Waits for markFirstPaint's message rather than polling the page, which would put
 * Playwright's own scripts on the page's thread while it is being timed.
 */
async function firstPaintOf(page) {
  const message = page.waitForEvent('console', { predicate: (m) => m.text() === PAINTED, timeout: 60_000 });
  // In case it came before this listened (the page has loaded by now; the chart comes later).
  const late = new Promise((done) => setTimeout(done, 5000)).then(() =>
    page.waitForFunction(() => window.__bench.firstPaint !== null, null, { timeout: 55_000 }),
  );
  await Promise.race([message, late]);
  return page.evaluate(() => window.__bench);
}

/**
 * Runs in the page: clicks one of the chart's buttons and records every animation frame
 * until the action has settled. The answer is the longest time between two frames (the
 * click counting as the first): the redraw that vis-timeline does in a frame, and its
 * paint, delay the next frame by exactly that much.
 */
async function clickAndTime({ label, settleMs }) {
  const button = [...document.querySelectorAll('.chart-tools button')].find((b) => b.textContent.includes(label));
  if (!button) throw new Error(`no "${label}" button`);
  await new Promise((r) => requestAnimationFrame(r));
  const frames = [performance.now()];
  let running = true;
  const loop = () => {
    frames.push(performance.now());
    if (running) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  button.click();
  await new Promise((r) => setTimeout(r, settleMs));
  running = false;
  let worst = 0;
  for (let i = 1; i < frames.length; i++) worst = Math.max(worst, frames[i] - frames[i - 1]);
  return worst;
}

/** What the pages reported (an error makes the figures suspect, so it is shown). */
const pageErrors = [];

const round = (ms) => Math.round(ms * 10) / 10;
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
const summary = (runs, target) => {
  const median = quantile(runs, 0.5);
  return {
    runs: runs.map(round),
    median: round(median),
    p90: round(quantile(runs, 0.9)),
    min: round(Math.min(...runs)),
    max: round(Math.max(...runs)),
    target,
    pass: median < target,
  };
};

/**
 * Chromium's counters for the page, from navigation to when `read` is called: the CPU time
 * of its main thread, and the time its tasks, scripts, layouts and style updates took. On
 * a machine of two cores the first paint's wall time also waits for the browser's other
 * processes and threads; these say how much of it the page's own thread worked, which
 * moves less. Started before the page navigates (the harness's `beforeGoto`).
 */
async function startCounters(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async function read() {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
    return { mainThreadCpu: value('ThreadTime'), tasks: value('TaskDuration'), script: value('ScriptDuration'), layout: value('LayoutDuration'), style: value('RecalcStyleDuration') };
  };
}

/**
 * The chart's first paint in FIRST_PAINT_RUNS new pages, each opened at `hash`: timed from
 * navigation, or, with `start`, from the time it returns after the page has loaded (it
 * makes the page go to the timeline). With `counted`, Chromium's counters too.
 */
async function firstPaints(h, { hash, start = null, counted = false }) {
  const runs = [];
  const ipc = [];
  const counters = [];
  const complete = [];
  for (let i = 0; i < FIRST_PAINT_RUNS; i++) {
    let read = null;
    const beforeGoto = counted ? async (page) => (read = await startCounters(page)) : null;
    const { page, errors, close } = await h.open({ hash, beforeLoad: markFirstPaint, beforeGoto });
    const from = start ? await start(page) : 0;
    const { firstPaint: t, ipc: ipcMs } = await firstPaintOf(page);
    if (read) counters.push(await read());
    await page.waitForFunction(() => window.__bench.complete !== null, null, { timeout: 60_000 });
    complete.push((await page.evaluate(() => window.__bench.complete)) - from);
    pageErrors.push(...errors);
    runs.push(t - from);
    ipc.push(ipcMs);
    await close();
  }
  const result = {
    ...summary(runs, TARGET.firstPaint),
    ipcMockMedian: round(quantile(ipc, 0.5)),
    everyLaneMedian: round(quantile(complete, 0.5)),
  };
  if (counted) {
    const medianOf = (name) => round(quantile(counters.map((c) => c[name]), 0.5));
    result.mainThreadMedianMs = Object.fromEntries(Object.keys(counters[0]).map((name) => [name, medianOf(name)]));
  }
  return result;
}

/**
 * The timeline opened the way the app reaches it: from the dashboard, already started and
 * painted, by its link in the header. Timed from the click to the chart's first paint, so
 * the app's own start (measured against an empty window by bench/app_start.py) is not in it.
 */
async function clickTimelineLink(page) {
  await page.waitForFunction(() => performance.getEntriesByName('accord:dashboard-painted').length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  return page.evaluate(() => {
    window.__bench.ipc = 0;
    const at = performance.now();
    document.querySelector('header a[href="#/timeline"]').click();
    return at;
  });
}

/** Alternates two buttons (in and out, later and earlier) so the window stays near the fit. */
async function redraws(h, labels) {
  const { page, errors, close } = await h.open({ hash: '#/timeline', beforeLoad: markFirstPaint });
  await firstPaintOf(page);
  await page.waitForTimeout(1000);
  const runs = [];
  for (let i = 0; i < REDRAW_RUNS; i++) {
    runs.push(await page.evaluate(clickAndTime, { label: labels[i % labels.length], settleMs: ACTION_MS }));
  }
  pageErrors.push(...errors);
  const browser = page.context().browser()?.version();
  await close();
  return { summary: summary(runs, TARGET.redraw), browser };
}

ensureFixtures();
const h = await startHarness(FIXTURES);
// Other work on the machine slows every figure; the load average says how much there was.
const loadBefore = loadavg()[0];
try {
  const timeline = h.fixtures.timeline;
  const paint = await firstPaints(h, { hash: '#/timeline', counted: true });
  const inApp = await firstPaints(h, { hash: '#/dashboard', start: clickTimelineLink });
  const zoom = await redraws(h, ['Zoom in', 'Zoom out']);
  const pan = await redraws(h, ['Later', 'Earlier']);
  const results = {
    measured: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      loadAverage: [loadBefore, loadavg()[0]].map((l) => Math.round(l * 100) / 100),
      browser: zoom.browser,
    },
    fixtures: {
      folder: relative(ROOT, FIXTURES),
      milestones: timeline.total,
      dated: timeline.dated,
      drawn: timeline.milestones.filter((m) => m.current_start).length,
    },
    firstPaintMs: paint,
    firstPaintFromDashboardMs: inApp,
    zoomRedrawMs: zoom.summary,
    panRedrawMs: pan.summary,
    pageErrors: [...new Set(pageErrors)],
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');

  const rows = [
    ['first paint', paint, `min ${paint.min}, max ${paint.max}; waiting for IPC answers ${paint.ipcMockMedian} of it; every lane in ${paint.everyLaneMedian}; the page's main thread ${paint.mainThreadMedianMs.mainThreadCpu} ms CPU (scripts ${paint.mainThreadMedianMs.script}, layout ${paint.mainThreadMedianMs.layout}, style ${paint.mainThreadMedianMs.style})`],
    ['first paint, in app', inApp, `min ${inApp.min}, max ${inApp.max}; waiting for IPC answers ${inApp.ipcMockMedian} of it; every lane in ${inApp.everyLaneMedian}`],
    ['zoom redraw', zoom.summary, `p90 ${zoom.summary.p90}`],
    ['pan redraw', pan.summary, `p90 ${pan.summary.p90}`],
  ];
  const { cpus: cores, loadAverage } = results.machine;
  console.log(`timeline, ${results.fixtures.milestones} milestones (${results.fixtures.dated} dated); Chromium ${zoom.browser}, ${cores} cores, load ${loadAverage.join(' → ')}`);
  console.log(`${'measure'.padEnd(20)} ${'runs'.padStart(4)} ${'median ms'.padStart(10)} ${'target'.padStart(7)}  result  notes`);
  for (const [name, s, notes] of rows) {
    console.log(`${name.padEnd(20)} ${String(s.runs.length).padStart(4)} ${String(s.median).padStart(10)} ${('< ' + s.target).padStart(7)}  ${(s.pass ? 'pass' : 'FAIL').padEnd(6)}  ${notes}`);
  }
  for (const e of results.pageErrors) console.log(`page error (the figures are suspect): ${e}`);
  console.log(`written to ${relative(ROOT, RESULTS)}`);
} finally {
  await h.close();
}
