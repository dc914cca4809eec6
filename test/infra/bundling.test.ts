import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decode } from '@jridgewell/sourcemap-codec';
import { bundleHandler, ENTRY_FILE } from '../../infra/bundling';

const ENTRY = path.join(__dirname, 'fixtures', 'throws-in-a-package.ts');
let out: string;
beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'bundling-test-'));
  bundleHandler(ENTRY, out);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the source map keeps every input in `sources` but maps only into our code', () => {
  const map = JSON.parse(readFileSync(path.join(out, `${ENTRY_FILE}.map`), 'utf8'));
  const sources: string[] = map.sources;
  expect(sources.some((s) => s.includes('node_modules/zod/'))).toBe(true);
  const mapped = decode(map.mappings)
    .flat()
    .filter((segment) => segment.length > 1)
    .map((segment) => sources[segment[1] as number] as string);
  expect(mapped.length).toBeGreaterThan(0);
  expect(mapped.filter((s) => s.includes('node_modules/'))).toEqual([]);
  expect([...new Set(mapped)]).toEqual([
    expect.stringContaining('test/infra/fixtures/throws-in-a-package.ts'),
  ]);
});

test('a stack trace names our file and line, and shows a package frame at the bundle, never at our code', () => {
  const run = spawnSync(process.execPath, ['--enable-source-maps', path.join(out, ENTRY_FILE)], {
    encoding: 'utf8',
  });
  const frames = run.stdout.split('\n').filter((l) => l.trim().startsWith('at '));
  const ours = frames.filter((f) => f.includes('throws-in-a-package.ts'));
  expect(ours.some((f) => /throws-in-a-package\.ts:8:\d+/.test(f))).toBe(true); // the callback that threw
  expect(ours.some((f) => /parseOurInput .*throws-in-a-package\.ts:10:\d+/.test(f))).toBe(true);
  // zod's own frames keep the bundle's position: the map says nothing about them, so none is
  // attributed to the mapping before it.
  const zodFrames = frames.filter((f) => !f.includes('throws-in-a-package.ts') && f.includes(ENTRY_FILE));
  expect(zodFrames.length).toBeGreaterThan(0);
});
