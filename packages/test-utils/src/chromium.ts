/**
 * Headless Chromium for the browser tests of every package: the system's browser
 * (`CHROMIUM_PATH`, default `/usr/bin/chromium`) driven through `playwright-core`, started offline
 * and quiet. Without a browser the suites skip with the reason; under `CI` that is an error
 * (`.ci/run` installs Chromium).
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** The flags every test browser starts with (no sandbox as root, no network of its own). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Where the test browser is, or undefined (with a warning naming `suite`) when this machine has
 * none; throws under `CI`, where the browser tests must run.
 */
export function chromiumPath(suite: string): string | undefined {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const why = `no Chromium at ${path} (install chromium or set CHROMIUM_PATH; see scripts/services.sh)`;
  if (process.env.CI) throw new Error(`${suite} needs Chromium: ${why}`);
  console.warn(`[${suite}] skipped: ${why}`);
  return undefined;
}

/** Starts headless Chromium at `executablePath` with {@link CHROMIUM_ARGS}. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}
