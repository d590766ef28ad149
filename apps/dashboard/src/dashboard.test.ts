/**
 * The dashboard in a real headless Chromium: the static build served by `vite preview`
 * on a fixture history, and the dev server on a broken and an empty results folder.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BudgetsFile, HistoryEntry, HistoryFile, RunResultFile } from '@agno/benchmarks/schema';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, createServer, preview, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agnoResults } from '../results-plugin.ts';
import type { QualityHistoryFile } from './quality.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium && process.env.CI) {
  throw new Error(
    `Chromium is missing at ${chromiumPath}: CI must install it (see .ci/run) or set CHROMIUM_PATH`,
  );
}
const skipReason = hasChromium
  ? ''
  : ` (skipped: no Chromium at ${chromiumPath}; install chromium or set CHROMIUM_PATH)`;
if (!hasChromium) console.warn(`dashboard browser tests${skipReason}`);

function entry(minute: number, mode: 'short' | 'full', values: HistoryEntry['values']): HistoryEntry {
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
  };
}

function history(pkg: string, entries: HistoryEntry[]): HistoryFile {
  return { schema: 'agno-bench-history', version: 1, package: pkg, entries };
}

/** A results folder: core with three full runs and one short run, tools, and a side-by-side run. */
function goodResults(dir: string): void {
  mkdirSync(join(dir, 'history'), { recursive: true });
  const core = history('core', [
    entry(0, 'full', {
      'core/run-text': { u: 'ns', v: 2400, p25: 2300, p75: 2500, p99: 4000, a: 5000 },
      'core/agent-new/retained': { u: 'bytes', v: 96, r: [95, 96, 97] },
    }),
    entry(10, 'full', {
      'core/run-text': { u: 'ns', v: 2200, p25: 2150, p75: 2300, p99: 3900, a: 4800 },
      'core/agent-new/retained': { u: 'bytes', v: 112, r: [111, 112, 113] },
    }),
    entry(20, 'short', { 'core/run-text': { u: 'ns', v: 9999, p75: 10_500, a: 5100 } }),
    entry(30, 'full', {
      'core/run-text': { u: 'ns', v: 2000, p25: 1950, p75: 2100, p99: 3500, a: 4700 },
      'core/agent-new/retained': { u: 'bytes', v: 120, r: [119, 120, 121] },
    }),
  ]);
  const tools = history('tools', [
    entry(30, 'full', { 'tools/dispatch': { u: 'ns', v: 250, p75: 260, p99: 400, a: 300 } }),
  ]);
  const compare = history('compare', [
    {
      ...entry(30, 'full', {
        'compare/agno/text-run': { u: 'ns', v: 2000 },
        'compare/ai-sdk/text-run': { u: 'ns', v: 314_000 },
        'compare/agno/construct': { u: 'ns', v: 6 },
        'compare/ai-sdk/construct': { u: 'ns', v: 12 },
      }),
      frameworks: { agno: '0.1.0', 'ai-sdk': '6.0.325' },
    },
  ]);
  const queue = history('queue-bullmq', [
    entry(30, 'full', {
      'queue-bullmq/runs-per-s/1-worker': { u: 'ops/s', v: 18 },
      'queue-bullmq/runs-per-s/2-workers': { u: 'ops/s', v: 34 },
      'queue-bullmq/runs-per-s/4-workers': { u: 'ops/s', v: 53 },
    }),
  ]);
  for (const h of [core, tools, compare, queue])
    writeFileSync(join(dir, 'history', `${h.package}.json`), JSON.stringify(h));
  mkdirSync(join(dir, 'evals'), { recursive: true });
  const run = (minute: number, agent: string, passed: number, met: boolean) => ({
    ...entry(minute, 'full', {}),
    agent,
    model: 'mock/scripted',
    cases: 4,
    passed,
    errored: 4 - passed > 1 ? 1 : 0,
    passRate: passed / 4,
    meanScore: passed / 4,
    threshold: { passRate: 0.75 },
    met,
    latencyMs: { mean: 3, median: 2.5, p95: 7.25 },
    tokens: { input: 80, output: 20, total: 100 },
    scorers: {},
  });
  const smoke: QualityHistoryFile = {
    schema: 'agno-eval-history',
    version: 1,
    eval: 'smoke',
    entries: [run(0, 'calculator', 2, false), run(30, 'calculator', 4, true), run(30, 'poet', 2, false)],
  };
  writeFileSync(join(dir, 'evals', 'smoke.json'), JSON.stringify(smoke));
  const latest: RunResultFile = {
    schema: 'agno-bench-result',
    version: 1,
    id: core.entries[3]!.id,
    date: core.entries[3]!.date,
    mode: 'full',
    rounds: 3,
    git: { commit: core.entries[3]!.commit, dirty: false },
    env: { node: 'v20.20.2', cpu: 'Fixture CPU', cores: 2, platform: 'linux-x64', memoryBytes: 1 },
    suites: [],
    benchmarks: [],
    comparison: [],
  };
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(latest));
  const budgets: BudgetsFile = {
    schema: 'agno-bench-budgets',
    version: 1,
    packages: {
      core: { 'core/run-text': { maxNs: 3000 }, 'core/agent-new/retained': { maxBytes: 100 } },
      tools: { 'tools/dispatch': { maxNs: 300 } },
    },
  };
  writeFileSync(join(dir, 'budgets.json'), JSON.stringify(budgets));
}

function resultsDir(fill: (dir: string) => void): { resultsDir: string; budgetsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agno-dashboard-'));
  fill(dir);
  return { resultsDir: dir, budgetsFile: join(dir, 'budgets.json') };
}

/** Non-blank pixels of the first canvas inside `selector`. */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(`${selector} canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
}

function legend(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(`${selector} .u-legend .u-series .u-label`, (els) =>
    els.map((e) => e.textContent ?? '').filter((t) => t !== ''),
  );
}

describe.skipIf(!hasChromium)(`dashboard in headless Chromium${skipReason}`, () => {
  let browser: Browser;
  let goodUrl: string;
  const servers: { close(): Promise<void> }[] = [];

  async function devServer(options: { resultsDir: string; budgetsFile: string }): Promise<string> {
    const server: ViteDevServer = await createServer({
      root,
      configFile: false,
      plugins: [agnoResults(options)],
      server: { host: '127.0.0.1', port: 0 },
      logLevel: 'silent',
    });
    await server.listen();
    servers.push(server);
    return server.resolvedUrls!.local[0]!;
  }

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await page.waitForSelector('body[data-state]');
    expect(problems).toEqual([]);
    return page;
  }

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    // The static build, served by `vite preview`, on the fixture history.
    const good = resultsDir(goodResults);
    const outDir = mkdtempSync(join(tmpdir(), 'agno-dashboard-dist-'));
    await build({
      root,
      configFile: false,
      base: './',
      plugins: [agnoResults(good)],
      build: { outDir, emptyOutDir: true },
      logLevel: 'silent',
    });
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
    expect(existsSync(join(outDir, 'data', 'history', 'core.json'))).toBe(true);
    const server = await preview({
      root,
      configFile: false,
      base: './',
      plugins: [agnoResults(good)],
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0 },
      logLevel: 'silent',
    });
    servers.push({ close: () => server.close() });
    goodUrl = server.resolvedUrls!.local[0]!;
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  it('shows each package’s latest figures against their budgets', async () => {
    const page = await open(goodUrl);
    expect(await page.textContent('#run-info')).toContain('full mode · commit c0ffee30');
    const rows = await page.$$eval('#latest [data-package="core"] tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
    );
    expect(rows).toEqual([
      ['core/run-text', '2.00 µs', '2.10 µs', '3.50 µs', '4.59 KB', '≤ 3 µs', '✓ within'],
      ['core/agent-new/retained', '120 B', '', '', '', '≤ 100 B', '✗ over'],
    ]);
    expect(await page.isHidden('#errors')).toBe(true);
    await page.screenshot({ path: join(root, 'test-results', 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('shows each agent’s eval quality beside its latency, filtered by name', async () => {
    const page = await open(goodUrl);
    const rows = () =>
      page.$$eval('#quality tbody tr', (trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent).slice(0, 12)),
      );
    expect(await rows()).toEqual([
      [
        'calculator',
        'smoke',
        'mock/scripted',
        '4/4',
        '100.0%',
        '+50.0 pts',
        '1.000',
        '2.50 ms',
        '7.25 ms',
        '100',
        'pass ≥ 75.0%',
        '✓ met',
      ],
      [
        'poet',
        'smoke',
        'mock/scripted',
        '2/4 (1 errors)',
        '50.0%',
        '–',
        '0.500',
        '2.50 ms',
        '7.25 ms',
        '100',
        'pass ≥ 75.0%',
        '✗ below',
      ],
    ]);
    expect(await page.getAttribute('#quality [data-agent="calculator"]', 'data-runs')).toBe('2');
    await page.fill('#filter-name', 'poet');
    expect(
      await page.$$eval('#quality tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-agent'))),
    ).toEqual(['poet']);
    await page.close();
  });

  it('draws each benchmark’s history with the right series', async () => {
    const page = await open(goodUrl);
    const card = '#history [data-benchmark="core/run-text"]';
    expect(await page.getAttribute(card, 'data-series')).toBe('median,p75,alloc/op,budget');
    expect(await legend(page, card)).toEqual(['median', 'p75', 'alloc/op', 'budget']);
    expect(await page.textContent(`${card} figcaption`)).toContain('3 runs'); // the full runs only
    expect(await paintedPixels(page, card)).toBeGreaterThan(500);
    const figure = '#history [data-benchmark="core/agent-new/retained"]';
    expect(await legend(page, figure)).toEqual(['bytes', 'budget']);
    expect(await paintedPixels(page, figure)).toBeGreaterThan(500);
    await page.close();
  });

  it('draws the side-by-side comparison with ratios to agno', async () => {
    const page = await open(goodUrl);
    const scenario = '#comparison [data-scenario="text-run"]';
    expect(await page.getAttribute(scenario, 'data-frameworks')).toBe('agno,ai-sdk');
    const ratios = await page.$$eval(`${scenario} table.ratios tr`, (trs) => trs.map((tr) => tr.textContent));
    expect(ratios).toEqual(['agno2.00 µs1.00×', 'ai-sdk314 µs157×']);
    expect(await legend(page, scenario)).toEqual(['median time']);
    expect(await paintedPixels(page, scenario)).toBeGreaterThan(500);
    expect(
      await page.$$eval('#comparison [data-scenario]', (els) =>
        els.map((e) => e.getAttribute('data-scenario')),
      ),
    ).toEqual(['construct', 'text-run']);
    await page.close();
  });

  it('draws scaling figures as a curve over the worker counts', async () => {
    const page = await open(goodUrl);
    const card = '#scaling [data-scaling="queue-bullmq/runs-per-s"]';
    expect(await page.getAttribute(card, 'data-workers')).toBe('1,2,4');
    const rows = await page.$$eval(`${card} table.ratios tr`, (trs) => trs.map((tr) => tr.textContent));
    expect(rows).toEqual(['1 worker18.0/s', '2 workers34.0/s', '4 workers53.0/s']);
    expect(await legend(page, card)).toEqual(['per second']);
    expect(await paintedPixels(page, card)).toBeGreaterThan(200);
    await page.close();
  });

  it('filters by package, by benchmark name and by mode', async () => {
    const page = await open(goodUrl);
    const cards = () =>
      page.$$eval('#history [data-benchmark]', (els) => els.map((e) => e.getAttribute('data-benchmark')));
    expect(await cards()).toEqual([
      'core/run-text',
      'core/agent-new/retained',
      'queue-bullmq/runs-per-s/1-worker',
      'queue-bullmq/runs-per-s/2-workers',
      'queue-bullmq/runs-per-s/4-workers',
      'tools/dispatch',
    ]);
    await page.selectOption('#filter-package', 'tools');
    expect(await cards()).toEqual(['tools/dispatch']);
    expect(
      await page.$$eval('#latest [data-package]', (els) => els.map((e) => e.getAttribute('data-package'))),
    ).toEqual(['tools']);
    await page.selectOption('#filter-package', '');
    await page.fill('#filter-name', 'RETAINED');
    expect(await cards()).toEqual(['core/agent-new/retained']);
    await page.fill('#filter-name', '');
    await page.selectOption('#filter-mode', 'short');
    expect(await cards()).toEqual(['core/run-text']);
    expect(await page.textContent('#latest [data-benchmark="core/run-text"] td:nth-child(2)')).toBe(
      '10.0 µs',
    );
    await page.close();
  });

  it('shows a broken result file as an error and still shows the rest', async () => {
    const url = await devServer(
      resultsDir((dir) => {
        goodResults(dir);
        writeFileSync(
          join(dir, 'history', 'tools.json'),
          '{"schema": "agno-bench-history", "version": 1, "entr',
        );
      }),
    );
    const page = await open(url);
    expect(await page.isVisible('#errors')).toBe(true);
    const message = await page.textContent('#errors');
    expect(message).toContain('Could not read a result file.');
    expect(message).toContain('history/tools.json: history/tools.json is not valid JSON');
    expect(
      await page.$$eval('#latest [data-package]', (els) => els.map((e) => e.getAttribute('data-package'))),
    ).toEqual(['core', 'queue-bullmq']);
    await page.screenshot({ path: join(root, 'test-results', 'dashboard-broken-file.png') });
    await page.close();
  });

  it('says so when there are no results yet', async () => {
    const page = await open(await devServer(resultsDir(() => {})));
    expect(await page.getAttribute('body', 'data-state')).toBe('empty');
    expect(await page.textContent('#empty h2')).toBe('No benchmark results yet');
    expect(await page.textContent('#run-info')).toBe('No runs yet.');
    await page.close();
  });
});
