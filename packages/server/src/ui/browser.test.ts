/**
 * End to end in headless Chromium: a React page using `useChat` from `@ai-sdk/react` with its
 * default transport, bundled by esbuild, served with the chat handler by a Hono app on loopback;
 * an agent on the scripted model with a tool that needs confirmation. The user sends a message,
 * sees the text stream in, approves the tool, and sees its result and the final answer.
 *
 * Needs Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium). Without it the suite is skipped
 * with a message; with `CI` set it fails instead.
 */
import { fileURLToPath } from 'node:url';
import { Agent, InMemorySessionStore, type Tool } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { chromiumPath, launchChromium } from '@agno/test-utils';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLoopback } from '../fixtures/ui/client.js';
import { handleChat } from './handler.js';
import { agentRuns } from './runs.js';

const executable = chromiumPath('useChat browser test');
const available = executable !== undefined;

/** The part of playwright-core's API this test uses. */
interface Page {
  goto(url: string): Promise<unknown>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  evaluate<R>(fn: string): Promise<R>;
  on(event: 'pageerror', listener: (error: Error) => void): void;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const LIVENESS = { timeout: 20_000 };

describe.skipIf(!available)('useChat in headless Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let transfers = 0;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('../fixtures/ui/page.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]!.text;

    const transfer: Tool<{ to: string; amount: number }> = {
      name: 'transfer',
      description: 'Sends money',
      parameters: {
        type: 'object',
        properties: { to: { type: 'string' }, amount: { type: 'number' } },
        required: ['to', 'amount'],
      },
      requiresConfirmation: true,
      execute: ({ to, amount }) => {
        transfers++;
        return { to, amount, status: 'sent' };
      },
    };
    const agent = new Agent({
      name: 'banker',
      model: new ScriptedModel({
        turns: [
          {
            text: 'I will send 5 to Bob once you approve.',
            toolCalls: [{ name: 'transfer', args: { to: 'Bob', amount: 5 } }],
            chunkSize: 3,
            chunkDelayMs: 15,
          },
          { text: 'Done: Bob got 5.', chunkSize: 3, chunkDelayMs: 5 },
        ],
      }),
      tools: [transfer],
      store: new InMemorySessionStore(),
    });

    const app = new Hono();
    app.get('/', (c) =>
      c.html(
        '<!doctype html><html><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>',
      ),
    );
    app.get('/app.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }));
    app.post('/api/chat', (c) => handleChat(c.req.raw, { agent, runs: agentRuns(), userId: 'browser-user' }));
    server = await serveLoopback(app.fetch);

    browser = (await launchChromium(executable!)) as unknown as Browser;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends, streams, asks for approval, and shows the tool result and the final answer', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url);
    await page.fill('#input', 'Pay Bob 5');
    await page.click('#send');

    await page.waitForSelector('.tool[data-tool="transfer"][data-state="approval-requested"]', LIVENESS);
    const first = 'I will send 5 to Bob once you approve.';
    expect(
      await page.evaluate<string[]>(
        '[...document.querySelectorAll("[data-role=assistant] .text")].map(e => e.textContent)',
      ),
    ).toEqual([first]);
    // The text arrived in pieces: the page rendered it partly before it was whole.
    const seen = await page.evaluate<string[]>('window.__seenTexts');
    expect(seen.some((t) => t.length > 0 && t.length < first.length && first.startsWith(t))).toBe(true);
    expect(transfers).toBe(0);

    await page.click('.approve');
    await page.waitForSelector('.tool[data-state="output-available"]', LIVENESS);
    await page.waitForFunction(
      'document.querySelector("#status")?.textContent === "ready"',
      undefined,
      LIVENESS,
    );
    const view = await page.evaluate<{
      roles: string[];
      texts: string[];
      output: string;
      error: string | null;
    }>(
      `({
        roles: [...document.querySelectorAll('#messages > li')].map(e => e.dataset.role),
        texts: [...document.querySelectorAll('[data-role=assistant] .text')].map(e => e.textContent),
        output: document.querySelector('.output')?.textContent,
        error: document.querySelector('#error')?.textContent ?? null,
      })`,
    );
    expect(view).toEqual({
      roles: ['user', 'assistant'],
      texts: [first, 'Done: Bob got 5.'],
      output: JSON.stringify({ to: 'Bob', amount: 5, status: 'sent' }),
      error: null,
    });
    expect(transfers).toBe(1);
    expect(problems).toEqual([]);
  });
});
