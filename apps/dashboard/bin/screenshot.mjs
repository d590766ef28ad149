#!/usr/bin/env node
/**
 * Takes the README's screenshot: builds the dashboard on the repository's results, serves
 * it, and saves the top of the page (the summary, core's run figures, the side-by-side) from
 * headless Chromium to screenshot.png.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'vite.config.ts');
await build({ root, configFile, logLevel: 'warn' });
const server = await preview({ root, configFile, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector('body[data-state]');
  // The core package's run benchmarks: its summary, a table, the side-by-side charts.
  if (await page.$('#filter-package option[value="core"]'))
    await page.selectOption('#filter-package', 'core');
  await page.fill('#filter-name', process.env.SCREENSHOT_FILTER ?? 'run');
  const out = join(root, 'screenshot.png');
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  await server.close();
}
