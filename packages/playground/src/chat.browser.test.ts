/**
 * The playground in headless Chromium against a real server (scripted models, SQLite store):
 * a message streams in with its reasoning and tool calls, the keyboard alone sends it, a failed
 * run shows its error code, a workflow's graph shows each step's status, a team labels its
 * members, a run re-runs and copies as JSON, and the page fits 640 px.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, launchChromium } from '@agno/test-utils';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureAppBuilt } from './fixtures/build-app.js';
import { type Served, serveApp } from './fixtures/harness.js';

const executable = chromiumPath('playground chat tests');

describe.skipIf(executable === undefined)('the playground in Chromium: chat', () => {
  let browser: Browser;
  let served: Served;
  let context: BrowserContext;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'agno-playground-chat-'));
  const errors: Error[] = [];

  beforeAll(async () => {
    ensureAppBuilt();
    browser = await launchChromium(executable!);
    served = await serveApp(
      join(dir, 'app.sqlite'),
      0,
      { refunds: 0 },
      {
        prices: { 'mock:thinking': { input: 2, output: 8 } },
      },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(`${served.url}/playground/`);
    await page.waitForSelector('body[data-state="ready"]');
  });
  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  const lastTurn = () => page.locator('#transcript > li').last();

  it('streams an answer: partial text while running, reasoning collapsed, tokens and cost', async () => {
    await page.fill('#composer-input', 'Hi there');
    await page.click('#send');
    // Seen mid-stream: some of the text, not all of it, while the run is still running.
    const partial = await page.waitForFunction(() => {
      const turn = document.querySelector('#transcript > li:last-child') as HTMLElement | null;
      const text = turn?.querySelector('.answer .text')?.textContent ?? '';
      return turn?.dataset.status === 'running' &&
        text.length > 0 &&
        text !== 'Hello from support, streaming word by word.'
        ? text
        : false;
    });
    expect('Hello from support, streaming word by word.'.startsWith(String(await partial.jsonValue()))).toBe(
      true,
    );
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    await expect(lastTurn().locator('.answer .text').textContent()).resolves.toBe(
      'Hello from support, streaming word by word.',
    );
    const reasoning = lastTurn().locator('details.reasoning');
    expect(await reasoning.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await reasoning.locator('summary').click();
    await expect(reasoning.locator('.reasoning-text').textContent()).resolves.toBe(
      'The customer wants help; check the order first.',
    );
    expect(await page.getAttribute('#transcript > li:last-child .answer', 'aria-live')).toBe('polite');
    // The footer: tokens and the cost from the price table.
    expect(await lastTurn().locator('.facts').textContent()).toMatch(
      /^completed · \d+ ms · \d+ tokens · \$0\.\d+$/,
    );
    expect(await page.textContent('#status')).toBe('The answer is complete.');
  });

  it('shows a tool call with its arguments, result and duration, the timeline and the session state', async () => {
    await page.fill('#composer-input', 'Where is my order?');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    const tool = lastTurn().locator('.tool[data-tool="lookup_order"]');
    await expect(tool.locator('.args').textContent()).resolves.toContain('"order": "A-1"');
    await expect(tool.locator('.result').textContent()).resolves.toBe('order A-1: shipped');
    expect(await tool.locator('.tool-status').textContent()).toMatch(/^done in \d+ ms$/);
    await expect(lastTurn().locator('.answer .text').last().textContent()).resolves.toBe(
      'Done: order A-1: shipped.',
    );

    await lastTurn().locator('details.timeline summary').click();
    const rows = await lastTurn().locator('.timeline .row .what').allTextContents();
    expect(rows).toEqual([
      'model call 1 · mock:thinking',
      'model call 2 · mock:thinking',
      'tool lookup_order',
    ]);
    expect(await lastTurn().locator('.timeline .totals').textContent()).toMatch(
      /input \+ \d+ output tokens · cost \$/,
    );

    await page.click('#session details.state summary');
    await expect(page.textContent('#session-state')).resolves.toContain('"lastOrder": "A-1"');
  });

  it('sends with the keyboard alone: the message box has focus, Enter sends, Tab reaches Send', async () => {
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
    expect(await focused()).toBe('composer-input');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('send');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('Hello by keyboard');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    await expect(lastTurn().locator('.input').textContent()).resolves.toBe('Hello by keyboard\nsecond line');
    // Every control in the turn is a real button or summary, reachable by Tab.
    const controls = await lastTurn()
      .locator('button, summary')
      .evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()}:${e.textContent}`));
    expect(controls).toEqual(['summary:Reasoning', 'summary:Timeline', 'button:Re-run', 'button:Copy JSON']);
  });

  it('a failed run shows its error code', async () => {
    await page.selectOption('#target', 'agent:flaky');
    await page.fill('#composer-input', 'Anyone there?');
    await page.click('#send');
    await page.waitForSelector('#transcript > li[data-status="error"]');
    await expect(lastTurn().locator('.answer .error .code').textContent()).resolves.toBe('model_error');
    await expect(lastTurn().locator('.answer .error').textContent()).resolves.toBe(
      'model_error the provider is down',
    );
    await lastTurn().locator('details.timeline summary').click();
    await expect(lastTurn().locator('.timeline .row-error').textContent()).resolves.toContain('model_error');
    expect(await page.textContent('#status')).toBe('The run failed: model_error.');
  });

  it('draws a workflow as its graph with each step’s status, and labels a team’s members', async () => {
    await page.selectOption('#target', 'workflow:publish');
    await page.waitForSelector('#graph svg');
    const pending = await page
      .locator('#graph g.step')
      .evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-path')}=${g.getAttribute('data-status')}`));
    expect(pending).toEqual([
      'outline=pending',
      'drafts=pending',
      'drafts/writer=pending',
      'drafts/facts=pending',
      'review=pending',
    ]);
    await page.fill('#composer-input', 'the launch');
    await page.click('#send');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    await page.waitForFunction(
      () => document.querySelectorAll('#graph g.step[data-status="completed"]').length === 5,
    );
    await expect(lastTurn().locator('.who').first().textContent()).resolves.toBe('writer · drafts/writer');
    await expect(lastTurn().locator('.output').textContent()).resolves.toBe('approved');

    await page.selectOption('#target', 'team:desk');
    await page.fill('#composer-input', 'My invoice is wrong');
    await page.click('#send');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    const said = await lastTurn()
      .locator('.said')
      .evaluateAll((els) =>
        els.map((e) => `${e.querySelector('.who')?.textContent}: ${e.querySelector('.text')?.textContent}`),
      );
    expect(said).toEqual(['lead · route: billing', 'billing · route/billing: Refund issued.']);
    await page.waitForFunction(
      () =>
        document.querySelector('#graph g.step[data-path="route/billing"]')?.getAttribute('data-status') ===
        'completed',
    );
    expect(await page.getAttribute('#graph g.step[data-path="route/tech"]', 'data-status')).toBe('skipped');
  });

  it('re-runs a past input and copies a run as JSON', async () => {
    await page.fill('#composer-input', 'Hi again');
    await page.click('#send');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    await page.click('#transcript > li:last-child button:has-text("Re-run")');
    await page.waitForFunction(
      () => document.querySelectorAll('#transcript > li[data-status="completed"]').length === 2,
    );
    const inputs = await page.locator('#transcript .input').allTextContents();
    expect(inputs).toEqual(['Hi again', 'Hi again']);

    await page.click('#transcript > li:last-child button:has-text("Copy JSON")');
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.startsWith('Copied run'),
    );
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toMatchObject({
      target: { kind: 'agent', name: 'support' },
      input: 'Hi again',
      status: 'completed',
      result: { text: 'Hello from support, streaming word by word.', status: 'completed' },
    });
    expect(copied.runId).toBe(await page.getAttribute('#transcript > li:last-child', 'data-run-id'));
  });

  it('fits a 640 px viewport: no horizontal scroll, with a conversation and a graph', async () => {
    await page.setViewportSize({ width: 640, height: 800 });
    await page.fill('#composer-input', 'Where is my order?');
    await page.click('#send');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    await page.click('#transcript > li:last-child details.timeline summary');
    const fits = () =>
      page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    let { scroll, width } = await fits();
    expect(scroll).toBeLessThanOrEqual(width);
    await page.selectOption('#target', 'workflow:publish');
    await page.waitForSelector('#graph svg');
    ({ scroll, width } = await fits());
    expect(scroll).toBeLessThanOrEqual(width);
  });
});
