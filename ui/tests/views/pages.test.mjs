// The instrument and commitment pages, their edit dialogs, the search page, and the
// import dialog.
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

test('the instrument page says up front that it is non-binding, and rolls up its commitments', async () => {
  const detail = h.fixtures.instruments['uk-openai-mou-2025'];
  const { page, errors, violations, close } = await h.open({ hash: '#/instrument/uk-openai-mou-2025' });
  await page.waitForSelector('main h1');
  assert.equal(await page.textContent('main h1'), detail.instrument.title);
  assert.match(await page.textContent('.binding'), /Non-binding/);
  assert.equal(await page.locator('main tbody tr').count(), detail.commitments.length);
  for (const p of detail.instrument.parties) assert.ok((await page.textContent('main')).includes(p.name));
  assert.ok(await page.locator('a.seg[href^="#/table?commitment="]').count(), 'commitment bars link to their milestones');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await close();
});

test('a refused delete shows the core\'s reason and offers to archive instead', async () => {
  const { page, calls, close } = await h.open({ hash: '#/instrument/uk-openai-mou-2025' });
  await page.waitForSelector('main h1');
  await page.evaluate(() => {
    window.__ipcOverrides.delete_entity = () => {
      throw {
        code: 'refused',
        message: 'the instrument "uk-openai-mou-2025" cannot be deleted: its milestones have 11 recorded updates, and recorded history is never deleted. Archive it instead.',
        path: null,
        fields: [],
      };
    };
  });
  await page.click('main button:has-text("Delete")');
  await page.click('dialog button:has-text("Delete")');
  await page.waitForSelector('dialog [role="alert"]');
  assert.match(await page.textContent('dialog [role="alert"]'), /cannot be deleted/);
  await page.click('dialog button:has-text("Archive instead")');
  await page.waitForFunction(() => window.__ipcCalls.some((c) => c.cmd === 'set_archived'));
  assert.deepEqual((await calls()).find((c) => c.cmd === 'set_archived').args, { kind: 'instrument', id: 'uk-openai-mou-2025', archived: true });
  await page.waitForSelector('dialog', { state: 'detached' });
  await close();
});

test('editing an instrument sends every field and shows errors beside the fields they name', async () => {
  const detail = h.fixtures.instruments['uk-openai-mou-2025'];
  const { page, calls, close } = await h.open({ hash: '#/instrument/uk-openai-mou-2025' });
  await page.waitForSelector('main h1');
  await page.evaluate(() => {
    window.__ipcOverrides.edit_instrument = () => {
      throw {
        code: 'invalid',
        message: '2 problems',
        path: 'parties[0].name',
        fields: [
          { path: 'parties[0].name', message: 'expected some text' },
          { path: 'sources[0].url', message: 'expected an http or https address' },
        ],
      };
    };
  });
  await page.click('main button:has-text("Edit")');
  assert.equal(await page.getAttribute('#instrument-id', 'readonly'), '', 'the id cannot change');
  await page.fill('#party-name-0', '');
  await page.click('dialog button[type="submit"]');
  await page.waitForSelector('#party-name-0-error');
  assert.equal(await page.getAttribute('#party-name-0', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#source-url-0-error'), /http or https/);
  const sent = (await calls()).find((c) => c.cmd === 'edit_instrument').args;
  assert.equal(sent.id, 'uk-openai-mou-2025');
  assert.equal(sent.input.parties.length, detail.instrument.parties.length);
  assert.equal(sent.input.binding, detail.instrument.binding);
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog', { state: 'detached' });
  await close();
});

test('the commitment page lists its milestones; a new milestone gets an id suggested from its title', async () => {
  const detail = h.fixtures.commitments['uk-openai-c2'];
  const { page, calls, close } = await h.open({ hash: '#/commitment/uk-openai-c2' });
  await page.waitForSelector('main h1');
  assert.equal(await page.textContent('main h1'), detail.commitment.title);
  assert.equal(await page.locator('main tbody tr').count(), Math.max(detail.milestones.length, 1));
  await page.click('main button:has-text("Add milestone")');
  await page.fill('#milestone-title', 'Grid connection agreed');
  assert.equal(await page.inputValue('#milestone-id'), 'uk-openai-c2.grid-connection-agreed');
  await page.evaluate(() => {
    window.__ipcOverrides.create_milestone = () => {
      throw { code: 'invalid', message: 'x', path: 'due', fields: [{ path: 'due', message: 'expected a partial date' }] };
    };
  });
  await page.fill('#milestone-due', 'next year');
  await page.click('dialog button[type="submit"]');
  await page.waitForSelector('#milestone-due-error');
  assert.equal(await page.getAttribute('#milestone-due', 'aria-invalid'), 'true');
  const sent = (await calls()).find((c) => c.cmd === 'create_milestone').args.input;
  assert.deepEqual(sent, { id: 'uk-openai-c2.grid-connection-agreed', commitment_id: 'uk-openai-c2', title: 'Grid connection agreed', due: 'next year', origin: 'derived', kind: 'output' });

  await page.evaluate(() => {
    window.__ipcOverrides.create_milestone = ({ input }) => ({ ...input, archived: false });
  });
  await page.fill('#milestone-due', '2027-Q2');
  await page.click('dialog button[type="submit"]');
  await page.waitForFunction(() => location.hash === '#/milestone/uk-openai-c2.grid-connection-agreed');
  await close();
});

test('search results are grouped by kind, and an empty search says nothing was found', async () => {
  const hits = h.fixtures.search.GPU;
  const { page, close } = await h.open({ hash: '#/dashboard' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.fill('#global-search', 'GPU');
  await page.press('#global-search', 'Enter');
  await page.waitForFunction(() => location.hash === '#/search?q=GPU');
  await page.waitForSelector('.hits');
  assert.equal(await page.locator('.hits li').count(), hits.length);
  for (const kind of new Set(hits.map((x) => x.kind))) assert.equal(await page.locator(`#results-${kind}`).count(), 1);
  await page.evaluate(() => (location.hash = '#/search?q=nothing-matches-this'));
  await page.waitForSelector('text=Nothing found');
  await close();
});

test('import shows what was added, or every error with its path and that nothing changed', async () => {
  const { page, calls, close } = await h.open({ hash: '#/dashboard', dialogOpen: '/home/analyst/commitments.json' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate(() => {
    window.__ipcOverrides.import_file = () => ({
      summary: {
        instruments: { added: 1, updated: 2, unchanged: 7 },
        commitments: { added: 3, updated: 0, unchanged: 70 },
        milestones: { added: 4, updated: 1, unchanged: 85 },
        updates: { added: 5, skipped: 39 },
      },
      changed_nothing: false,
    });
  });
  await page.click('button:has-text("Import…")');
  await page.waitForSelector('dialog table');
  assert.deepEqual((await calls()).find((c) => c.cmd === 'import_file').args, { path: '/home/analyst/commitments.json' });
  assert.match(await page.textContent('dialog'), /Imported \/home\/analyst\/commitments\.json/);
  await page.click('dialog button:has-text("Close")');

  await page.evaluate(() => {
    window.__ipcOverrides.import_file = () => {
      throw {
        code: 'invalid',
        message: '2 problems found; nothing was changed',
        path: 'instruments[0].commitments[2].milestones[1].due',
        fields: [
          { path: 'instruments[0].commitments[2].milestones[1].due', message: 'expected a partial date' },
          { path: 'instruments[1].parties', message: 'expected at least one party' },
        ],
      };
    };
  });
  await page.click('button:has-text("Import…")');
  await page.waitForSelector('dialog [role="alert"]');
  const text = await page.textContent('dialog [role="alert"]');
  assert.match(text, /Nothing was changed/);
  assert.match(text, /instruments\[0\]\.commitments\[2\]\.milestones\[1\]\.due/);
  assert.match(text, /instruments\[1\]\.parties/);
  await close();
});

test('export asks where to save and writes the chosen format as of the date', async () => {
  const { page, calls, close } = await h.open({ hash: '#/dashboard', dialogSave: '/tmp/accord.csv' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.keyboard.press('Control+Shift+E');
  await page.waitForSelector('dialog [role="status"]');
  assert.deepEqual((await calls()).find((c) => c.cmd === 'export_file').args, { path: '/tmp/accord.csv', format: 'csv', asOfDate: null });
  assert.match(await page.textContent('dialog'), /written\s+to \/tmp\/accord\.csv/);
  await close();
});

test('the report dialog sends the scope, dates, detail and viewer choice to the core', async () => {
  const { page, calls, close } = await h.open({ hash: '#/dashboard', dialogSave: '/tmp/report.pdf' });
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.evaluate(() => {
    window.__ipcOverrides.report_defaults = () => ({ since: '2026-06-30' });
  });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('#report-since');
  await page.waitForFunction(() => document.querySelector('#report-since')?.value === '2026-06-30');
  await page.check('input[name="report-scope"][value="chosen"]');
  await page.check('label.choice:has-text("OpenAI strategic partnership") input');
  await page.fill('#report-as-of', '2026-10-31');
  assert.ok(await page.isChecked('input[name="report-detail"][value="auto"]'), 'automatic detail by default');
  await page.check('input[name="report-detail"][value="summary"]');
  await page.click('dialog button[type="submit"]');
  await page.waitForSelector('dialog .form-success');
  assert.deepEqual((await calls()).find((c) => c.cmd === 'export_report').args.request, {
    path: '/tmp/report.pdf',
    as_of: '2026-10-31',
    since: '2026-06-30',
    instruments: ['uk-openai-mou-2025'],
    detail: 'summary',
    open: true,
  });
  assert.match(await page.textContent('dialog .form-success'), /written to\s+\/tmp\/report\.pdf/);
  await close();
});

test('a report can cover exactly the instruments of the timeline filter, from the timeline or the dashboard', async () => {
  const { page, calls, close } = await h.open({ hash: '#/timeline?instrument=uk-anthropic-mou-2025', dialogSave: '/tmp/filtered.pdf' });
  await page.waitForSelector('button:has-text("Report on these")');
  await page.click('button:has-text("Report on these")');
  await page.waitForSelector('input[name="report-scope"][value="filter"]:checked');
  await page.click('dialog button[type="submit"]');
  await page.waitForSelector('dialog .form-success');
  assert.deepEqual((await calls()).find((c) => c.cmd === 'export_report').args.request.instruments, ['uk-anthropic-mou-2025']);
  await page.click('dialog button:has-text("Close")');
  await page.goto(page.url().replace(/#.*/, '#/dashboard'));
  await page.waitForSelector('[data-testid="scoreboard"]');
  await page.click('main button:has-text("Export report")');
  await page.waitForSelector('input[name="report-scope"][value="all"]:checked');
  assert.equal(await page.$('input[name="report-scope"][value="filter"]'), null, 'no timeline scope when opened from the dashboard');
  await close();
});
