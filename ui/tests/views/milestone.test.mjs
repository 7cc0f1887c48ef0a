// The milestone page: facts, the whole history, and the Record update form with the
// core's field errors beside the fields. User text always shows as text.
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

const ID = 'uk-openai-c2.m2';

test('shows the deadlines, the nature of the milestone and its whole history', async () => {
  const detail = h.fixtures.milestones[ID];
  const { page, errors, violations, close } = await h.open({ hash: `#/milestone/${ID}` });
  await page.waitForSelector('#record-update');
  assert.equal(await page.textContent('main h1'), detail.view.title);
  assert.equal(await page.locator('[data-testid="history"] > li').count(), detail.history.length);
  const body = await page.textContent('main');
  assert.match(body, /Original due/);
  assert.match(body, /Current due/);
  assert.match(body, detail.view.origin === 'stated' ? /Stated in the text/ : /Derived by an analyst/);
  assert.match(body, detail.view.kind === 'output' ? /Output: the action/ : /Outcome: the effect/);
  if (detail.history.length) {
    const first = detail.history[0];
    const text = await page.locator('[data-testid="history"] > li').last().textContent();
    assert.match(text, /→/, 'the first update shows its status change');
    assert.ok(text.includes(first.update.note.slice(0, 40)));
  }
  for (const id of ['update-status', 'update-as-of', 'update-note', 'update-evidence-0', 'update-due', 'update-contested', 'update-author']) {
    const labels = await page.locator(`#${id}`).evaluate((el) => el.labels.length);
    assert.equal(labels, 1, `#${id} has a label`);
  }
  assert.equal(await page.inputValue('#update-as-of'), '2026-11-27', 'as of defaults to today');
  assert.equal(await page.getAttribute('#update-as-of', 'max'), '2026-11-27');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await close();
});

test('recording an update sends the form to the core, announces it, clears the form and refreshes the history', async () => {
  const before = h.fixtures.milestones[ID].history.length;
  const { page, calls, close } = await h.open({ hash: `#/milestone/${ID}` });
  await page.waitForSelector('#record-update');
  await page.selectOption('#update-status', 'in_progress');
  await page.fill('#update-as-of', '2026-11-20');
  await page.fill('#update-note', 'Nscale confirms first GPUs delivered');
  await page.fill('#update-evidence-0', 'https://example.org/evidence');
  await page.click('button:has-text("Add another source")');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'update-evidence-1', 'the new source field takes focus');
  await page.fill('#update-evidence-1', 'https://example.org/second');
  await page.fill('#update-evidence-title-1', 'Second source');
  await page.fill('#update-due', '2027-Q1');
  await page.check('#update-contested');
  await page.fill('#update-author', 'analyst@example.org');
  await page.click('#record-update button[type="submit"]');

  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="history"] > li').length === n + 1, before);
  const sent = (await calls()).find((c) => c.cmd === 'record_update').args.input;
  assert.deepEqual(sent, {
    milestone_id: ID,
    status: 'in_progress',
    as_of: '2026-11-20',
    note: 'Nscale confirms first GPUs delivered',
    evidence: [
      { url: 'https://example.org/evidence', title: null },
      { url: 'https://example.org/second', title: 'Second source' },
    ],
    due: '2027-Q1',
    contested: true,
    author: 'analyst@example.org',
  });
  assert.match(await page.textContent('#record-update [role="status"]'), /Update recorded: In progress as of 20 Nov 2026/);
  assert.equal(await page.inputValue('#update-note'), '');
  assert.equal(await page.inputValue('#update-evidence-0'), '');
  assert.equal(await page.locator('#update-evidence-1').count(), 0);
  assert.equal(await page.inputValue('#update-author'), 'analyst@example.org', 'the author is kept for the next update');
  const newest = await page.locator('[data-testid="history"] > li').first().textContent();
  assert.match(newest, /Nscale confirms first GPUs delivered/);
  assert.match(newest, /Disputed/);
  await close();
});

test("the core's field errors appear beside their fields, linked for assistive technology", async () => {
  const { page, close } = await h.open({ hash: '#/milestone/uk-openai-c3.m4' });
  await page.waitForSelector('#record-update');
  await page.evaluate(() => {
    window.__ipcOverrides.record_update = () => {
      throw {
        code: 'invalid',
        message: 'evidence: expected at least one evidence source; nothing was changed',
        path: 'evidence',
        fields: [
          { path: 'evidence', message: "expected at least one evidence source (an http or https address), because it is the milestone's first update" },
          { path: 'note', message: 'expected some text' },
          { path: 'due', message: 'expected a partial date such as 2026, 2026-H1, 2026-Q3, 2026-07 or 2026-07-21' },
        ],
      };
    };
  });
  await page.selectOption('#update-status', 'not_started');
  await page.fill('#update-due', 'soon');
  await page.click('#record-update button[type="submit"]');
  await page.waitForSelector('#update-evidence-error');
  assert.match(await page.textContent('#update-evidence-error'), /evidence/);
  assert.equal(await page.getAttribute('#update-evidence-0', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#update-evidence-0', 'aria-describedby'), /update-evidence-error/);
  assert.match(await page.textContent('#update-note-error'), /expected some text/);
  assert.equal(await page.getAttribute('#update-note', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#update-due', 'aria-describedby'), /update-due-error/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'update-note', 'focus moves to the first field in error');
  assert.equal(await page.inputValue('#update-due'), 'soon', 'what was typed is kept');

  // A bad address in the second source is shown with the evidence and marks that field.
  await page.evaluate(() => {
    window.__ipcOverrides.record_update = () => {
      throw { code: 'invalid', message: 'x', path: 'evidence[1].url', fields: [{ path: 'evidence[1].url', message: 'expected an http or https address' }] };
    };
  });
  await page.click('button:has-text("Add another source")');
  await page.fill('#update-evidence-1', 'ftp://example.org');
  await page.click('#record-update button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#update-evidence-error')?.textContent.includes('Source 2'));
  assert.equal(await page.getAttribute('#update-evidence-1', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#update-evidence-0', 'aria-invalid'), null);
  await close();
});

test('notes, titles and links are shown as text, never run as HTML', async () => {
  const { page, close } = await h.open({ hash: `#/milestone/${ID}` });
  await page.waitForSelector('#record-update');
  const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';
  await page.evaluate((note) => {
    const original = window.__TAURI_INTERNALS__.invoke;
    window.__TAURI_INTERNALS__.invoke = (cmd, args) =>
      original(cmd, args).then((value) => {
        if (cmd !== 'milestone_detail') return value;
        value.view.title = `Title ${note}`;
        value.history.push({
          update: {
            id: 'ffffffff-0000-4000-8000-000000000001',
            milestone_id: value.milestone.id,
            as_of: '2026-11-25',
            status: 'stalled',
            note,
            evidence: [
              { url: 'javascript:window.__pwned=1', title: `Bad link ${note}`, publisher: null, published: null, quote: null },
              { url: 'https://example.org/ok', title: null, publisher: null, published: null, quote: note },
            ],
            due: null,
            contested: null,
            author: note,
            recorded_at: '2026-11-25T09:00:00Z',
          },
          previous_status: value.view.status,
          moved_from: null,
        });
        return value;
      });
  }, evil);
  await page.evaluate(() => window.__emit('data-changed', { what: 'update', id: null }));
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent.startsWith('Title <script>'));
  const newest = page.locator('[data-testid="history"] > li').first();
  assert.ok((await newest.textContent()).includes(evil), 'the note is shown literally');
  assert.equal(await page.locator('[data-testid="history"] img').count(), 0, 'no image element was created');
  assert.equal(await page.locator('main script').count(), 0);
  assert.equal(await newest.locator('a[href^="javascript:"]').count(), 0, 'a non-web address is not a link');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await close();
});

test('evidence links open in the system browser through the shell', async () => {
  const detail = h.fixtures.milestones[ID];
  const url = detail.history.flatMap((e) => e.update.evidence).find((s) => /^https?:/.test(s.url))?.url;
  assert.ok(url, 'the fixture milestone cites a web source');
  const { page, calls, close } = await h.open({ hash: `#/milestone/${ID}` });
  await page.waitForSelector('#record-update');
  await page.locator(`[data-testid="history"] a[href="${url}"]`).first().click();
  await page.waitForFunction(() => window.__ipcCalls.some((c) => c.cmd === 'open_link'));
  assert.deepEqual((await calls()).find((c) => c.cmd === 'open_link').args, { url });
  assert.equal(new URL(page.url()).hash, `#/milestone/${ID}`, 'the window stays on the app');
  await close();
});

test('updates dated after the as-of date are said to be hidden', async () => {
  const { page, close } = await h.open({ hash: `#/milestone/${ID}` });
  await page.waitForSelector('#record-update');
  await page.evaluate(() => {
    const original = window.__TAURI_INTERNALS__.invoke;
    window.__TAURI_INTERNALS__.invoke = (cmd, args) =>
      original(cmd, args).then((v) => (cmd === 'milestone_detail' ? { ...v, later_updates: 2 } : v));
  });
  await page.fill('#as-of-date', '2025-10-01');
  await page.waitForFunction(() => document.querySelector('main')?.textContent.includes('2 later updates hidden as of 1 Oct 2025'));
  await close();
});
