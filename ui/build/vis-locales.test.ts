import { describe, expect, it } from 'vitest';
import { VIS_TIMELINE_MODULE, englishOnly } from './vis-locales';
// The installed file as it is on disk (`?raw` is not handed to the build's transforms).
import source from '../node_modules/vis-timeline/esnext/esm/vis-timeline-graph2d.mjs?raw';

/** The file the app's `vis-timeline/esnext` resolves to, through the package's exports. */
const installed = new URL(import.meta.resolve('vis-timeline/esnext')).pathname;

describe('englishOnly', () => {
  it('cuts the installed vis-timeline to its en texts and changes nothing else', () => {
    // The file the build step matches is the one the app imports, and the one read here.
    expect(installed).toMatch(VIS_TIMELINE_MODULE);
    expect(installed).toMatch(/\/ui\/node_modules\/vis-timeline\/esnext\/esm\/vis-timeline-graph2d\.mjs$/);
    const trimmed = englishOnly(source);
    const start = source.indexOf('const locales = {\n');
    expect(start).toBeGreaterThan(0);
    const end = source.indexOf('};', start) + 2;
    expect(source.slice(start, end).split('\n').length).toBeGreaterThan(30);
    expect(trimmed.slice(0, start)).toBe(source.slice(0, start));
    expect(trimmed.slice(start)).toBe('const locales = {\n  en,\n};' + source.slice(end));
  });

  it('refuses a source without exactly one table that has en', () => {
    expect(() => englishOnly('const x = 1;')).toThrow(/found 0/);
    expect(() => englishOnly('const locales = {\n  de,\n  fr,\n};')).toThrow(/including `en`/);
    const table = 'const locales = {\n  en,\n  de,\n};';
    expect(() => englishOnly(`${table}\n${table}`)).toThrow(/found 2/);
    expect(englishOnly(`a\n${table}\nb`)).toBe('a\nconst locales = {\n  en,\n};\nb');
  });
});
