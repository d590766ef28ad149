/**
 * The dashboard in a real headless Chromium: the static build served by `vite preview`
 * on a fixture history, and the dev server on a broken and an empty results folder.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agnoResults } from '../results-plugin.ts';
import {
  buildAndServe,
  hasChromium,
  launchChromium,
  legend,
  openPage,
  paintedPixels,
  resultsDir,
  root,
  skipReason,
} from './browser-harness.ts';
import { goodResults } from './test-fixtures.ts';

if (!hasChromium) console.warn(`dashboard browser tests${skipReason}`);

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
    const problems: string[] = [];
    const page = await openPage(browser, url, problems);
    expect(problems).toEqual([]);
    return page;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    // The static build, served by `vite preview`, on the fixture history.
    const served = await buildAndServe(resultsDir(goodResults));
    servers.push(served);
    expect(existsSync(join(served.outDir, 'index.html'))).toBe(true);
    expect(existsSync(join(served.outDir, 'data', 'history', 'core.json'))).toBe(true);
    goodUrl = served.url;
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
