// Screenshots of the main screens at 1280×800 for docs/ (dashboard.png, timeline.png,
// milestone.png), plus the same at 1920×1080 and in the dark theme into
// ui/test-results/ for a look. Only with ACCORD_SCREENSHOTS=1; otherwise skipped.
import { after, before, test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, UI_ROOT, startHarness } from './harness.mjs';

const enabled = process.env.ACCORD_SCREENSHOTS === '1';
const EXTRA = join(UI_ROOT, 'test-results/screenshots');

let h;
before(async () => {
  if (enabled) h = await startHarness();
});
after(async () => {
  await h?.close();
});

const SCREENS = [
  { name: 'dashboard', hash: '#/dashboard', ready: '[data-testid="scoreboard"]' },
  { name: 'timeline', hash: '#/timeline', ready: '[data-milestone="uk-openai-c2.m2"]' },
  { name: 'milestone', hash: '#/milestone/uk-openai-c2.m2', ready: '#record-update' },
];

async function shoot(screen, path, options) {
  const { page, close } = await h.open({ hash: screen.hash, ...options });
  await page.waitForSelector(screen.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path });
  await close();
}

test('screenshots at 1280×800 into docs/', { skip: !enabled && 'set ACCORD_SCREENSHOTS=1' }, async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const screen of SCREENS) await shoot(screen, join(SHOTS, `${screen.name}.png`), {});
});

test('the same at 1920×1080 and in the dark theme', { skip: !enabled && 'set ACCORD_SCREENSHOTS=1' }, async () => {
  mkdirSync(EXTRA, { recursive: true });
  for (const screen of SCREENS) {
    await shoot(screen, join(EXTRA, `${screen.name}-1920.png`), { viewport: { width: 1920, height: 1080 } });
    await shoot(screen, join(EXTRA, `${screen.name}-dark.png`), { colorScheme: 'dark' });
  }
});
