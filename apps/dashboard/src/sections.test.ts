/**
 * The dashboard's sections in headless Chromium, on the static build of a fixture results
 * folder: the summary per package, floors, the side-by-side groups explained, two runs compared
 * (across Node versions), cold start and bundles with the budget line from the first run,
 * serving and knowledge, and a 640 px window with no sideways scroll and the verdicts in view.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAndServe,
  hasChromium,
  launchChromium,
  openPage,
  paintedPixels,
  resultsDir,
  skipReason,
} from './browser-harness.ts';
import { newSectionsResults } from './test-fixtures.ts';

const rows = (page: Page, selector: string) =>
  page.$$eval(selector, (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
  );

describe.skipIf(!hasChromium)(`dashboard sections in headless Chromium${skipReason}`, () => {
  let browser: Browser;
  let served: Awaited<ReturnType<typeof buildAndServe>>;
  const problems: string[] = [];
  const open = (width?: number) => openPage(browser, served.url, problems, width);

  beforeAll(async () => {
    browser = await launchChromium();
    served = await buildAndServe(resultsDir(newSectionsResults));
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    expect(problems).toEqual([]);
  });

  it('summarises each package: within and over budget, and the changes since its run before', async () => {
    const page = await open();
    const core = await rows(page, '#summary tr[data-package="core"]');
    expect(core[0]!.slice(0, 5)).toEqual(['core', '8', '✓ 2', '✗ 1', '1 slower · 2 faster · 5 unchanged *']);
    expect(await page.getAttribute('#summary tr[data-package="core"] td:nth-child(5)', 'title')).toBe(
      'previous run on Node v20.20.2',
    );
    expect((await rows(page, '#summary tr[data-package="bundles"]'))[0]!.slice(1, 5)).toEqual([
      '8',
      '✓ 1',
      '✗ 1',
      'first run',
    ]);
    // The side-by-side packages are compared, not summarised.
    expect(await page.$('#summary tr[data-package="compare-current"]')).toBeNull();
    await page.close();
  });

  it('shows a run figure as a multiple of its floor', async () => {
    const page = await open();
    expect(await page.textContent('#latest [data-benchmark="core/run-text"] td:nth-child(2)')).toBe(
      '1.50 µs 1.50× floor',
    );
    // A stream also reads over the least relay between a model stream and its reader.
    expect(await page.textContent('#latest [data-benchmark="core/stream-200-deltas"] td:nth-child(2)')).toBe(
      '25.0 µs 2.00× floor 1.25× relay',
    );
    await page.close();
  });

  it('explains the side-by-side with the newest majors: versions, Node, scenarios, sources, failed rows', async () => {
    const page = await open();
    const group = '#comparison [data-group="compare-current"]';
    expect(await page.getAttribute(group, 'data-node')).toBe('v24.22.3');
    const versions = await page.textContent(`${group} .versions`);
    expect(versions).toContain('ai-sdk 7.0.185');
    expect(versions).toContain('Node v24.22.3');
    expect(await page.textContent(`${group} [data-scenario="text-run"] .about`)).toBe(
      'One run to a text answer: one model call, no tools.',
    );
    expect(await rows(page, `${group} [data-scenario="text-run"] table.ratios tr`)).toEqual([
      ['agno', '11.0 µs', '1.00×'],
      ['ai-sdk', '251 µs', '23×'],
      ['mastra', '✗ failed', ''],
      ['voltagent', '25.3 ms', '2300×'],
    ]);
    expect(await page.getAttribute(`${group} [data-framework="mastra"] td:nth-child(2)`, 'title')).toContain(
      'answered ""',
    );
    // The link to the suite's source opens the file itself.
    const href = await page.getAttribute(`${group} a:text-is("scenarios")`, 'href');
    expect(href).toBe('data/source/compare-current/suites/scenarios.ts');
    const source = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(source).toContain('registerCurrentScenarios');
    // The Node 20 group is still there.
    expect(await page.getAttribute('#comparison [data-group="compare"]', 'data-node')).toBe('v20.20.2');
    await page.close();
  });

  it('compares two runs, first the newest with the one before it, then any two picked', async () => {
    const page = await open();
    const label = (id: string) =>
      page.$eval(id, (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
    expect(await label('#run-a')).toContain('Node v20.20.2');
    expect(await label('#run-b')).toContain('Node v24.22.3');
    const diff = () => rows(page, '#compare-runs tbody tr');
    expect(await diff()).toContainEqual(['core/run-text', '2.00 µs', '1.50 µs', '-25%', 'faster']);
    expect(await diff()).toContainEqual(['core/agent-new', '10.0 ns', '20.0 ns', '+100%', 'slower']);
    const first = await page.$eval(
      '#run-a',
      (s) =>
        Array.from((s as HTMLSelectElement).options).find((o) =>
          o.textContent!.startsWith('2025-06-01 12:00'),
        )!.value,
    );
    await page.selectOption('#run-a', first);
    expect(await diff()).toContainEqual(['core/run-text', '2.40 µs', '1.50 µs', '-38%', 'faster']);
    await page.close();
  });

  it('shows cold start and bundle sizes, with the budget line drawn from the first run', async () => {
    const page = await open();
    expect(await rows(page, '#cold-start tr[data-headline]')).toEqual([
      ['Import time, fresh process', '120 ms', '–', '', '–'],
      ['Heap retained by the imports', '2.48 MB', '–', '', '–'],
      ['Bundle, minified', '264 KB', '–', '', '–'],
      ['Bundle, gzipped', '71.3 KB', '–', '', '–'],
    ]);
    expect(await rows(page, '#cold-start tr[data-bundle]')).toEqual([
      ['core', '62.7 KB', '20.1 KB', '', '≤ 30 KB', '✗ over'],
      ['models-openai', '167 KB', '41.0 KB', '16.6 KB', '≤ 30 KB', '✓ within'],
    ]);
    const red: [number, number, number] = [220, 38, 38];
    const card = '#history [data-benchmark="bundles/core/minified"]';
    expect(await page.textContent(`${card} figcaption`)).toContain('1 run');
    expect(await paintedPixels(page, card, red)).toBeGreaterThan(150);
    expect(await paintedPixels(page, '#history [data-benchmark="bundles/core/gzip"]', red)).toBeLessThan(20);
    await page.close();
  });

  it('shows the serving and knowledge figures when those packages have results', async () => {
    const page = await open();
    expect(await rows(page, '#serving tr[data-headline]')).toEqual([
      ['SSE events per second, one stream', '250k/s', '–', '≥ 200k/s', '✓ within'],
    ]);
    expect((await rows(page, '#knowledge tr[data-headline]'))[0]!.slice(0, 2)).toEqual([
      'search-1000/p50',
      '80.0 µs',
    ]);
    await page.selectOption('#filter-package', 'core');
    expect(await page.$('#knowledge')).toBeNull();
    expect(await page.$('#cold-start')).toBeNull();
    await page.close();
  });

  it('fits a 640 px window: no sideways scroll, the verdicts in view', async () => {
    const page = await open(640);
    const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(width[0]).toBeLessThanOrEqual(width[1]!);
    const verdicts = await page.$$eval(
      '#latest td.verdict, #summary td:nth-child(4), #cold-start td.verdict',
      (tds) =>
        tds.map((td) => {
          const r = td.getBoundingClientRect();
          return { text: td.textContent, right: r.right, width: r.width };
        }),
    );
    expect(verdicts.length).toBeGreaterThan(8);
    for (const v of verdicts) {
      expect(v.width).toBeGreaterThan(10);
      expect(v.right).toBeLessThanOrEqual(640);
    }
    await page.close();
  });
});
