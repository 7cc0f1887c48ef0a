// The real Accord app end to end: the release of the Tauri shell with its embedded UI,
// driven through tauri-driver and WebKitWebDriver under Xvfb, on a temporary database.
// Started by scripts/e2e, which sets ACCORD_E2E_APP, ACCORD_E2E_CLI, ACCORD_DB and
// ACCORD_E2E_DRIVER and starts and stops Xvfb and tauri-driver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session, sleep } from './webdriver.mjs';

const driver = process.env.ACCORD_E2E_DRIVER ?? 'http://127.0.0.1:4444';
const appPath = process.env.ACCORD_E2E_APP;
const cli = process.env.ACCORD_E2E_CLI;
const db = process.env.ACCORD_DB;
const shots = process.env.ACCORD_E2E_SHOTS;

let session;

function exportDb() {
  return execFileSync(cli, ['--db', db, 'export'], { encoding: 'utf8' });
}

async function shot(name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  writeFileSync(`${shots}/${name}.png`, await session.screenshot());
}

/** Sets a form control's value the way typing would, so the UI's bindings see it. */
async function setField(css, value) {
  await session.find(css);
  await session.execute(
    `const el = document.querySelector(arguments[0]);
     if (el.type === 'checkbox') { el.checked = arguments[1]; el.dispatchEvent(new Event('change', { bubbles: true })); }
     else { el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }`,
    [css, value],
  );
}

before(async () => {
  assert.ok(appPath && cli && db, 'run through scripts/e2e, which sets the app, CLI and database paths');
  session = await Session.start(driver, appPath);
});

after(async () => {
  await session?.close();
});

test('dashboard → timeline → milestone → record an update with evidence → it is in the export', async () => {
  const heading = await session.find('main h1');
  assert.match(await heading.text(), /Dashboard/);
  const scoreboard = await session.find('[data-testid="scoreboard"]');
  assert.match(await scoreboard.text(), /\/ 90/, 'the scoreboard shows counts over the 90 bundled milestones');
  await shot('dashboard');

  await (await session.find('nav a[href="#/timeline"]')).click();
  await session.find('.vis-timeline');
  const item = await session.find('[data-milestone="uk-openai-c2.m2"]');
  await shot('timeline');
  await item.click();

  await session.waitFor(`return location.hash.startsWith('#/milestone/uk-openai-c2.m2')`, [], { what: 'the milestone page opens' });
  assert.match(await (await session.find('main h1')).text(), /8,000 GPUs/);

  const note = 'E2E: Nscale confirms first GPUs delivered';
  await setField('#update-status', 'in_progress');
  await setField('#update-as-of', '2026-11-20');
  await setField('#update-note', note);
  await setField('#update-evidence-0', 'https://example.org/e2e-evidence');
  await (await session.find('#record-update button[type="submit"]')).click();

  await session.waitFor(
    `return [...document.querySelectorAll('[data-testid="history"] li')].some(li => li.textContent.includes(arguments[0]))`,
    [note],
    { what: 'the new update appears in the history' },
  );
  await shot('milestone');
  const exported = exportDb();
  assert.ok(exported.includes(note), 'the CLI export of the same database holds the new update');
  assert.ok(exported.includes('https://example.org/e2e-evidence'));
});

test('the search box finds the note just recorded, with the passage around its words, as the CLI does', async () => {
  // The first test recorded "E2E: Nscale confirms first GPUs delivered" on uk-openai-c2.m2.
  const query = 'nscale confirms';
  await setField('#global-search', query);
  await session.execute(`document.querySelector('form.search').requestSubmit()`);
  await session.waitFor(`return location.hash.startsWith('#/search')`, [], { what: 'the search page opens' });
  await session.waitFor(`return document.querySelectorAll('ul.hits li').length > 0`, [], { what: 'results are listed' });
  const shown = await session.execute(
    `return [...document.querySelectorAll('ul.hits li')].map((li) => ({
       href: li.querySelector('a.hit-title').getAttribute('href'),
       snippet: li.querySelector('.snippet')?.textContent ?? '',
     }))`,
  );
  const cliHits = JSON.parse(execFileSync(cli, ['--db', db, 'search', '--json', query], { encoding: 'utf8' }));
  const byKind = (hits) => hits.map((h) => `#/${h.kind}/${encodeURIComponent(h.id)}`).sort();
  assert.deepEqual(byKind(cliHits.slice(0, 100)), shown.map((h) => h.href).sort(), 'the app lists what the CLI finds');
  const recorded = shown.find((h) => h.href === '#/milestone/uk-openai-c2.m2');
  assert.ok(recorded, `the milestone with the new note is found: ${JSON.stringify(shown)}`);
  assert.match(recorded.snippet, /Nscale confirms first GPUs delivered/);
});

test('an invalid update shows its error beside the field and changes nothing', async () => {
  await session.execute(`location.hash = '#/milestone/uk-openai-c3.m4'`);
  await session.find('#record-update');
  const before = exportDb();
  // A first update must cite evidence; leave it out.
  await setField('#update-status', 'not_started');
  await setField('#update-as-of', '2026-11-21');
  await setField('#update-note', 'E2E: no evidence given');
  await setField('#update-evidence-0', '');
  await (await session.find('#record-update button[type="submit"]')).click();
  const error = await session.find('#update-evidence-error');
  await session.waitFor(`return document.querySelector('#update-evidence-error')?.textContent.includes('evidence')`, [], {
    what: 'the evidence error is shown',
  });
  assert.match(await error.text(), /evidence/);
  await shot('invalid-update');
  await sleep(300);
  assert.equal(exportDb(), before, 'a refused update changes nothing');
});

test('changing the as-of date shows the state of that day, as the CLI works it out from the file', async () => {
  await session.execute(`location.hash = '#/'`);
  await session.find('[data-testid="scoreboard"]');
  const today = await session.execute(`return document.querySelector('#as-of-date').value`);
  // Before any update, early in the record, and back to today: the app moves the state it
  // keeps from one date to the next; the CLI loads the same database anew for each.
  for (const day of ['2025-01-01', '2026-03-31', today]) {
    const overall = JSON.parse(
      execFileSync(cli, ['--db', db, 'status', '--json', '--as-of', day], { encoding: 'utf8' }),
    ).overall;
    const expected = [overall.status.unassessed, overall.status.done, overall.stale].join('/');
    await setField('#as-of-date', day);
    await session.waitFor(
      `const n = (tile) => document.querySelector(tile + ' .tile-num').textContent.split('/')[0].trim();
       return [n('.tile.st-unassessed'), n('.tile.st-done'), n('.tile.tl-stale')].join('/') === arguments[0];`,
      [expected],
      { what: `the dashboard as of ${day} shows unassessed/done/stale ${expected}` },
    );
    if (day === '2026-03-31') await shot('dashboard-past');
  }
});
