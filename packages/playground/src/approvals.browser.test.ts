/**
 * Approvals and sessions in headless Chromium against a real server on a SQLite file: approve and
 * reject a paused tool call; reload and find the session; restart the server and approve a call
 * that paused before; browse memories and delete them; delete a session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, launchChromium } from '@agno/test-utils';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt } from './fixtures/build-app.js';
import { type Served, serveApp } from './fixtures/harness.js';

const executable = chromiumPath('playground approval tests');

describe.skipIf(executable === undefined)('the playground in Chromium: approvals and sessions', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'agno-playground-approve-'));
  const servers: Served[] = [];
  const errors: Error[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureAppBuilt();
    browser = await launchChromium(executable!);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
    expect(errors).toEqual([]);
  });

  async function serve(file: string, port = 0, counters = { refunds: 0 }): Promise<Served> {
    const s = await serveApp(join(dir, file), port, counters);
    servers.push(s);
    return s;
  }
  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    pages.push(page);
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]');
    return page;
  }
  async function askForRefund(page: Page): Promise<string> {
    await page.fill('#composer-input', 'Please refund my order');
    await page.click('#send');
    await page.waitForSelector('#transcript > li[data-status="paused"] button.approve');
    return (await page.getAttribute('#transcript > li:last-child', 'data-run-id'))!;
  }

  it('approves a paused tool call: the tool runs once and the answer streams into the same run', async () => {
    const s = await serve('approve.sqlite');
    const page = await open(`${s.url}/playground/`);
    await askForRefund(page);
    const approval = page.locator('#transcript > li:last-child .approval');
    await expect(approval.locator('strong').textContent()).resolves.toBe('refund');
    await expect(approval.locator('.args').textContent()).resolves.toContain('"amount": 20');
    expect(await page.textContent('#approvals')).toContain('support: refund');
    expect(s.counters.refunds).toBe(0);

    await approval.locator('button.approve').click();
    await page.waitForSelector('#transcript > li:last-child[data-status="completed"]');
    expect(s.counters.refunds).toBe(1);
    const turn = page.locator('#transcript > li:last-child');
    await expect(turn.locator('.tool[data-tool="refund"] .result').textContent()).resolves.toBe(
      'refunded 20 EUR on A-1',
    );
    await expect(turn.locator('.text').last().textContent()).resolves.toBe('Done: refunded 20 EUR on A-1.');
    await page.waitForFunction(
      () => document.querySelector('#approvals')?.textContent === 'Nothing is waiting.',
    );
  });

  it('rejects a paused tool call: the tool never runs', async () => {
    const s = await serve('reject.sqlite');
    const page = await open(`${s.url}/playground/`);
    await askForRefund(page);
    await page.click('#transcript > li:last-child button.reject');
    await page.waitForSelector('#transcript > li:last-child[data-status="completed"]');
    expect(s.counters.refunds).toBe(0);
    const tool = page.locator('#transcript > li:last-child .tool[data-tool="refund"]');
    await expect(tool.locator('.tool-status').textContent()).resolves.toBe('failed (rejected)');
    await expect(page.locator('#transcript > li:last-child .text').last().textContent()).resolves.toBe(
      'Done: the user rejected this call.',
    );
  });

  it('finds the session after a reload, and approves a call paused before a server restart', async () => {
    const counters = { refunds: 0 };
    const first = await serve('restart.sqlite', 0, counters);
    const page = await open(`${first.url}/playground/`);
    await page.fill('#composer-input', 'Hi there');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    const runId = await askForRefund(page);
    const sessionId = await page.locator('#session code').textContent();

    // A reload comes back to the session: the stored run and the paused one.
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    await page.waitForSelector(`#transcript > li[data-run-id="${runId}"][data-status="paused"]`);
    await expect(page.locator('#transcript .input').first().textContent()).resolves.toBe('Hi there');
    await expect(
      page.locator(`#sessions button[data-session-id="${sessionId}"]`).getAttribute('aria-current'),
    ).resolves.toBe('true');

    // The server restarts on the same port and SQLite file: the paused run is still there.
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    await serve('restart.sqlite', first.port, counters);
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    await page.click(`#transcript > li[data-run-id="${runId}"] button.approve`);
    await page.waitForSelector(`#transcript > li[data-run-id="${runId}"][data-status="completed"]`);
    expect(counters.refunds).toBe(1);
    await expect(
      page.locator(`#transcript > li[data-run-id="${runId}"] .text`).last().textContent(),
    ).resolves.toBe('Done: refunded 20 EUR on A-1.');

    // From another tab, a new chat, the session is in the list and opens with its runs.
    const other = await open(`${first.url}/playground/`);
    await other.click(`#sessions button[data-session-id="${sessionId}"]`);
    await other.waitForFunction(() => document.querySelectorAll('#transcript > li').length === 2);
    await expect(
      other.locator('#transcript > li:last-child .tool[data-tool="refund"] .result').textContent(),
    ).resolves.toBe('refunded 20 EUR on A-1');
  });

  it('lists memories and deletes them; deletes a session after a second click', async () => {
    const s = await serve('memories.sqlite');
    await s.store.addMemory({ userId: 'playground', memory: 'Prefers email' });
    await s.store.addMemory({ userId: 'someone-else', memory: 'Not yours' });
    const page = await open(`${s.url}/playground/`);
    await expect(page.locator('#memories li span').allTextContents()).resolves.toEqual(['Prefers email']);
    await page.click('#memories button.delete');
    await page.waitForFunction(() => document.querySelector('#memories')?.textContent === 'No memories.');
    expect(await s.store.listMemories('playground')).toEqual([]);

    await page.fill('#composer-input', 'Hi there');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#transcript > li[data-status="completed"]');
    const sessionId = (await page.locator('#session code').textContent())!;
    const remove = page.locator('#sessions li.session button.delete');
    await remove.click();
    await expect(remove.textContent()).resolves.toBe('Delete for good?');
    expect(await s.store.getSession(sessionId)).toBeDefined();
    await remove.click();
    await page.waitForFunction(() => document.querySelector('#sessions')?.textContent === 'No sessions yet.');
    expect(await s.store.getSession(sessionId)).toBeUndefined();
    expect(await page.locator('#transcript > li').count()).toBe(0);
  });
});
