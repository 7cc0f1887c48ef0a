// What every view test needs: the built UI (ui/dist) served on 127.0.0.1 with the same
// Content-Security-Policy as the Tauri window, a headless Chromium, and pages whose IPC
// is mocked from the core-generated fixtures (ui/tests/fixtures/generated, written by
// `cargo run -p accord-desktop --example ui_fixtures -- ui/tests/fixtures/generated`).
// The filtered views (timeline, table) depend on the filter, so the same program answers
// them live (`ui_fixtures --serve`) from the same data: the real core, beside the browser.
// The page asks it as Tauri's IPC protocol does, by a POST to http://ipc.localhost/<command>
// (which the window's CSP allows): the browser maps that name to this harness's server,
// which hands the request to the core and its answer back as bytes, parsed once in the page.
// The timeline benchmark (bench/timeline.mjs) passes another fixtures folder.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { installIpcMock } from './ipc-mock.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const UI_ROOT = resolve(here, '../..');
export const DIST = join(UI_ROOT, 'dist');
export const FIXTURES = join(UI_ROOT, 'tests/fixtures/generated');

/** The window's CSP, read from tauri.conf.json so the tests enforce exactly what the app does. */
function windowCsp() {
  const conf = JSON.parse(readFileSync(resolve(UI_ROOT, '../src-tauri/tauri.conf.json'), 'utf8'));
  const csp = conf.app.security.csp;
  return typeof csp === 'string' ? csp : Object.entries(csp).map(([k, v]) => `${k} ${v}`).join('; ');
}

/**
 * The CSP for a page: as Tauri does when it embeds the assets, each inline script of an
 * HTML page is allowed by its SHA-256 hash (index.html asks for the dashboard early).
 */
function pageCsp(csp, file, body) {
  if (extname(file) !== '.html') return csp;
  const hashes = [...body.toString('utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, text]) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`,
  );
  if (!hashes.length) return csp;
  return csp.replace(/(^|; )script-src ([^;]*)/, (_, lead, sources) => `${lead}script-src ${sources} ${hashes.join(' ')}`);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function loadFixtures(dir = FIXTURES) {
  const read = (name) => {
    const path = join(dir, name);
    if (!existsSync(path)) {
      throw new Error(
        `missing fixture ${path}: run \`cargo run -p accord-desktop --example ui_fixtures -- ui/tests/fixtures/generated\` in the project root first`,
      );
    }
    return JSON.parse(readFileSync(path, 'utf8'));
  };
  return {
    today: read('today.json'),
    dashboard: read('dashboard.json'),
    timeline: read('timeline.json'),
    instruments: read('instruments.json'),
    commitments: read('commitments.json'),
    milestones: read('milestones.json'),
    search: read('search.json'),
    core: read('core.json'),
  };
}

/** The ui_fixtures program the Makefile builds (`make rust-test-build`). */
function fixturesProgram() {
  const target = process.env.CARGO_TARGET_DIR ?? resolve(UI_ROOT, '../target');
  return process.env.ACCORD_UI_FIXTURES_BIN ?? join(resolve(UI_ROOT, '..', target), 'debug/examples/ui_fixtures');
}

/**
 * The core answering the filtered views over stdin and stdout, one JSON line each way,
 * in order. `milestones` is the generated dataset's size, or null for the bundled data.
 * Answers stay JSON text until the page parses them, as the shell's answers do. They
 * reach the page over HTTP (answerIpc): handed through Playwright's exposeFunction, the
 * 1.4 MB timeline of the benchmark took 120–140 ms more, which the app's IPC does not.
 */
function startCore(milestones) {
  const bin = fixturesProgram();
  if (!existsSync(bin)) throw new Error(`no ${bin}: build it with \`cargo build -p accord-desktop --example ui_fixtures\``);
  const child = spawn(bin, milestones ? ['--serve', String(milestones)] : ['--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the core's answering program stopped (${code})`));
  });
  return {
    ask(cmd, args) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(JSON.stringify({ cmd, args }) + '\n');
      });
    },
    close() {
      child.stdin.end();
      return new Promise((done) => (child.exitCode === null ? child.on('exit', done) : done()));
    },
  };
}

/**
 * Runs in the page: each fixture stays JSON text until the page first asks for it, as the
 * shell's answers are. Megabytes of fixtures as a script literal would cost the page more
 * to parse than the app's own start (the timeline benchmark's fixtures are 15 MB).
 */
function lazyFixtures(texts) {
  const fixtures = {};
  for (const [name, text] of Object.entries(texts)) {
    let value;
    Object.defineProperty(fixtures, name, { get: () => (value ??= JSON.parse(text)), enumerable: true });
  }
  return fixtures;
}

/** The host the page asks the core on, as Tauri's IPC protocol is addressed. */
const IPC_HOST = 'ipc.localhost';

/**
 * Answers a command the page sent to the core: the request's body is its arguments, the
 * answer the core's line (`{"ok": …}` or `{"error": "…"}`). The page's origin differs from
 * the IPC host's, so the answer says any origin may read it.
 */
async function answerIpc(core, req, res) {
  const cmd = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice(1));
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) body += chunk;
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
  if (req.method !== 'POST') {
    res.writeHead(405, cors).end();
    return;
  }
  try {
    const line = await core.ask(cmd, body ? JSON.parse(body) : {});
    res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(line);
  } catch (error) {
    res.writeHead(500, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error?.message ?? error) }));
  }
}

function serve(csp, core) {
  const server = createServer(async (req, res) => {
    if (req.headers.host === IPC_HOST) {
      await answerIpc(core, req, res);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': pageCsp(csp, file, body),
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/**
 * Starts the server and the browser, with the IPC answered from `fixturesDir`. `close()`
 * stops both.
 * @param {string} [fixturesDir]
 * @returns {Promise<{ baseUrl: string, fixtures: any, open: typeof open, close: () => Promise<void> }>}
 */
export async function startHarness(fixturesDir = FIXTURES) {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no built UI in ${DIST}: run \`npm run build\` in ui/ first`);
  const fixtures = loadFixtures(fixturesDir);
  const core = startCore(fixtures.core.milestones);
  // Only what the mock answers from goes into the pages: the timeline is the core's to
  // answer, and its fixture (1.8 MB in the benchmark's) would be script every page parses.
  const inPage = ['today', 'dashboard', 'instruments', 'commitments', 'milestones', 'search'];
  const fixtureTexts = JSON.stringify(Object.fromEntries(inPage.map((name) => [name, JSON.stringify(fixtures[name])])));
  const server = await serve(windowCsp(), core);
  const { port } = server.address();
  const browser = await chromium.launch({
    executablePath: process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--host-resolver-rules=MAP ${IPC_HOST} 127.0.0.1:${port}`,
    ],
  });
  const baseUrl = `http://127.0.0.1:${port}/`;

  /**
   * Opens the app at a hash with the IPC mocked. Fixtures are copied per page, so a test
   * that records an update does not leak into the next. `beforeLoad`, a function, runs in
   * the page before the app does (the benchmark starts its clocks there); `beforeGoto`, an
   * async function, is handed the page before it navigates (the benchmark starts
   * Chromium's counters there).
   */
  async function open({
    hash = '#/dashboard',
    viewport = { width: 1280, height: 800 },
    colorScheme = 'light',
    dialogOpen = null,
    dialogSave = null,
    beforeLoad = null,
    beforeGoto = null,
  } = {}) {
    const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // vis-timeline reports its own trouble as "WARNING: ..." (a loop of draws cut short,
      // a locale it lacks), some of it with console.log.
      if (m.type() === 'error' || m.type() === 'warning' || m.text().startsWith('WARNING')) errors.push(`console: ${m.text()}`);
    });
    await page.addInitScript(`(${installIpcMock})({ fixtures: (${lazyFixtures})(${fixtureTexts}), options: ${JSON.stringify({ dialogOpen, dialogSave })} })`);
    if (beforeLoad) await page.addInitScript(beforeLoad);
    if (beforeGoto) await beforeGoto(page);
    await page.goto(baseUrl + hash);
    return {
      page,
      errors,
      /** Every IPC call so far, in order. */
      calls: () => page.evaluate(() => window.__ipcCalls),
      violations: () => page.evaluate(() => window.__cspViolations),
      close: () => context.close(),
    };
  }

  return {
    baseUrl,
    fixtures,
    open,
    close: async () => {
      await browser.close();
      await new Promise((done) => server.close(done));
      await core.close();
    },
  };
}

/** Where the screenshots go when ACCORD_SCREENSHOTS=1. */
export const SHOTS = resolve(UI_ROOT, '../docs');
