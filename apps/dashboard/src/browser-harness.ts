/**
 * What the browser tests share: headless Chromium through `playwright-core` (`CHROMIUM_PATH`,
 * default `/usr/bin/chromium`; skipped with the reason when it is missing, an error under CI),
 * the static build on a results folder served by `vite preview`, and the fixture files.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEntry, HistoryFile } from '@agno/benchmarks/schema';
import { chromiumPath, launchChromium as launch } from '@agno/test-utils';
import type { Browser, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { agnoResults, type ResultsOptions } from '../results-plugin.ts';

/** The dashboard's folder. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const executable = chromiumPath('dashboard browser tests');
/** Whether the browser tests can run. */
export const hasChromium = executable !== undefined;
/** Appended to a skipped suite's title. */
export const skipReason = hasChromium ? '' : ' (skipped: no Chromium; install chromium or set CHROMIUM_PATH)';

/** Headless Chromium, offline and quiet (`@agno/test-utils`' launcher). */
export function launchChromium(): Promise<Browser> {
  return launch(executable!);
}

/** A fresh results folder filled by `fill`, with its budgets file. */
export function resultsDir(fill: (dir: string) => void): ResultsOptions {
  const dir = mkdtempSync(join(tmpdir(), 'agno-dashboard-'));
  fill(dir);
  return { resultsDir: dir, budgetsFile: join(dir, 'budgets.json') };
}

/** Builds the page on `results` into a temporary folder and serves it with `vite preview`. */
export async function buildAndServe(
  results: ResultsOptions,
): Promise<{ url: string; outDir: string; close(): Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'agno-dashboard-dist-'));
  const common = {
    root,
    configFile: false as const,
    base: './',
    plugins: [agnoResults(results)],
    logLevel: 'silent' as const,
  };
  await build({ ...common, build: { outDir, emptyOutDir: true } });
  const server = await preview({ ...common, build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  return { url: server.resolvedUrls!.local[0]!, outDir, close: () => server.close() };
}

/** Opens `url` at `width` × 900 and waits for the page to render; collects page errors into `problems`. */
export async function openPage(
  browser: Browser,
  url: string,
  problems: string[],
  width = 1280,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-state]');
  return page;
}

/** A history entry at `minute` past noon on 1 June 2025 (commit `c0ffee<minute>…`). */
export function entry(
  minute: number,
  mode: 'short' | 'full',
  values: HistoryEntry['values'],
  more: Partial<HistoryEntry> = {},
): HistoryEntry {
  const date = new Date(Date.UTC(2025, 5, 1, 12, minute)).toISOString();
  return {
    id: date,
    date,
    mode,
    commit: `c0ffee${minute}`.padEnd(40, '0'),
    dirty: false,
    node: 'v20.20.2',
    cpu: 'Fixture CPU',
    values,
    ...more,
  };
}

/** A history file. */
export function history(pkg: string, entries: HistoryEntry[]): HistoryFile {
  return { schema: 'agno-bench-history', version: 1, package: pkg, entries };
}

/** Writes history files into `dir/history/`. */
export function writeHistories(dir: string, histories: HistoryFile[]): void {
  mkdirSync(join(dir, 'history'), { recursive: true });
  for (const h of histories) writeFileSync(join(dir, 'history', `${h.package}.json`), JSON.stringify(h));
}

/** Non-blank pixels of the first canvas inside `selector`, or those close to `rgb` when given. */
export function paintedPixels(page: Page, selector: string, rgb?: [number, number, number]): Promise<number> {
  return page.$eval(
    `${selector} canvas`,
    (canvas, color) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        if (color === null) n++;
        else if (
          Math.abs(data[i]! - color[0]) +
            Math.abs(data[i + 1]! - color[1]) +
            Math.abs(data[i + 2]! - color[2]) <
          60
        )
          n++;
      }
      return n;
    },
    rgb ?? null,
  );
}

/** The labels of a chart's legend. */
export function legend(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(`${selector} .u-legend .u-series .u-label`, (els) =>
    els.map((e) => e.textContent ?? '').filter((t) => t !== ''),
  );
}
