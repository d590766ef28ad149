#!/usr/bin/env node
/**
 * Takes the README's screenshot: builds the page, serves the test app (scripted models, a SQLite
 * file in a temporary folder) with the playground, has a conversation with a tool call and an
 * approval waiting, and saves what headless Chromium shows to screenshot.png.
 * Run with the workspace sources: `NODE_OPTIONS=--conditions=@agno/source tsx bin/screenshot.mjs`
 * (the `screenshot` script does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { ensureAppBuilt } = await import('../src/fixtures/build-app.ts');
const { serveApp } = await import('../src/fixtures/harness.ts');
const { launchChromium } = await import('@agno/test-utils');

ensureAppBuilt();
const dir = mkdtempSync(join(tmpdir(), 'agno-playground-shot-'));
const served = await serveApp(
  join(dir, 'app.sqlite'),
  0,
  { refunds: 0 },
  {
    prices: { 'mock:thinking': { input: 2, output: 8 } },
  },
);
const browser = await launchChromium(process.env.CHROMIUM_PATH || '/usr/bin/chromium');
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1180 } });
  await page.goto(`${served.url}/playground/`);
  await page.waitForSelector('body[data-state="ready"]');
  const send = async (text, status) => {
    await page.fill('#composer-input', text);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#transcript > li:last-child[data-status="${status}"]`);
  };
  await send('Where is my order A-1?', 'completed');
  await page.click('#transcript > li:last-child details.reasoning summary');
  await page.click('#transcript > li:last-child details.timeline summary');
  await send('It arrived broken, please refund it.', 'paused');
  await page.click('#session details.state summary');
  const out = join(root, 'screenshot.png');
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  await served.close();
  rmSync(dir, { recursive: true, force: true });
}
