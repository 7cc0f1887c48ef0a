// Hostile text in every user field, shown by the real app: a file whose titles, notes,
// party names, source titles and URLs carry markup and script is imported with the CLI
// into a new database, the app is opened on it (`--db`), and every page that shows that
// text is checked: the text reads as written, no script ran, no element was injected.
// Started by scripts/e2e (see app.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const driver = process.env.ACCORD_E2E_DRIVER ?? 'http://127.0.0.1:4444';
const appPath = process.env.ACCORD_E2E_APP;
const cli = process.env.ACCORD_E2E_CLI;

// Each payload sets window.__pwned if it ever runs.
const payload = {
  instrument: '<img src=x onerror="window.__pwned=\'instrument\'">Pact',
  summary: '<script>window.__pwned="summary"</script> summary',
  party: '<b onmouseover="window.__pwned=\'party\'">Party</b>',
  commitment: '"><svg onload="window.__pwned=\'commitment\'"></svg>',
  text: '<iframe src="javascript:window.__pwned=\'text\'"></iframe>',
  lead: "'); window.__pwned='lead'; ('",
  milestone: '{{constructor.constructor("window.__pwned=\'milestone\'")()}} <u>m</u>',
  note: '<a href="javascript:window.__pwned=\'note\'">click me</a> ${window.__pwned="tpl"}',
  author: '<style>body{display:none}</style>Author',
  sourceTitle: '</a><a href="javascript:window.__pwned=\'source\'">source</a>',
  url: 'https://example.org/"><script>window.__pwned="url"</script>',
};

const file = {
  format: 'accord/1',
  instruments: [
    {
      id: 'hostile',
      title: payload.instrument,
      kind: 'mou',
      binding: 'unknown',
      summary: payload.summary,
      parties: [
        { name: payload.party, role: 'government' },
        { name: 'Company', role: 'company' },
      ],
      sources: [{ url: payload.url, title: payload.sourceTitle, publisher: payload.party }],
      commitments: [
        {
          id: 'hostile.c1',
          title: payload.commitment,
          text: payload.text,
          lead: payload.lead,
          supporting: [payload.party],
          milestones: [
            {
              id: 'hostile.c1.m1',
              title: payload.milestone,
              due: '2026-Q1',
              updates: [
                {
                  id: '00000000-0000-4000-8000-00000000bad1',
                  as_of: '2025-10-01',
                  status: 'in_progress',
                  note: payload.note,
                  author: payload.author,
                  evidence: [{ url: payload.url, title: payload.sourceTitle, quote: payload.summary }],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

let session;
let dir;

before(async () => {
  assert.ok(appPath && cli, 'run through scripts/e2e, which sets the app and CLI paths');
  dir = mkdtempSync(join(tmpdir(), 'accord-hostile-'));
  const db = join(dir, 'hostile.sqlite3');
  writeFileSync(join(dir, 'hostile.json'), JSON.stringify(file));
  execFileSync(cli, ['--db', db, 'import', join(dir, 'hostile.json')]);
  session = await Session.start(driver, appPath, ['--db', db]);
});

after(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Everything on the page that markup from the data could have produced.
const INSPECT = `
  const found = [];
  for (const el of document.querySelectorAll('body, body *')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) found.push(el.tagName + '[' + a.name + ']');
      if (['href', 'src', 'xlink:href', 'action'].includes(a.name) && /^\\s*(javascript|data|file|vbscript):/i.test(a.value)) {
        found.push(el.tagName + '[' + a.name + '=' + a.value.slice(0, 40) + ']');
      }
    }
  }
  for (const el of document.querySelectorAll('body iframe, body object, body embed, body style, body script, img[src="x"], svg[onload]')) {
    found.push(el.outerHTML.slice(0, 80));
  }
  return { found, pwned: window.__pwned ?? null, hidden: getComputedStyle(document.body).display === 'none' };
`;

async function visit(hash, shown) {
  await session.execute(`location.hash = arguments[0]`, [hash]);
  for (const text of shown) {
    await session.waitFor(`return document.body.innerText.includes(arguments[0])`, [text], {
      what: `${hash} shows ${JSON.stringify(text)} as text`,
    });
  }
  const result = await session.execute(INSPECT);
  assert.deepEqual(result.found, [], `${hash}: no element or attribute came from the data`);
  assert.equal(result.pwned, null, `${hash}: no script from the data ran`);
  assert.equal(result.hidden, false, `${hash}: no style from the data applied`);
}

test('hostile text in every field shows as text on every page', async () => {
  await session.find('main h1');
  await visit('#/', [payload.instrument]);
  await visit('#/instrument/hostile', [payload.instrument, payload.party, payload.commitment, payload.sourceTitle]);
  await visit('#/commitment/hostile.c1', [payload.commitment, payload.text, payload.milestone]);
  await visit('#/milestone/hostile.c1.m1', [payload.milestone, payload.note, payload.sourceTitle]);
  await visit('#/table', [payload.milestone]);
  await visit('#/timeline', []);
  await session.find('[data-milestone="hostile.c1.m1"]');
  const result = await session.execute(INSPECT);
  assert.deepEqual(result.found, [], 'the timeline injects nothing');
  await visit('#/search?q=pwned', [payload.instrument, payload.milestone]);
});
