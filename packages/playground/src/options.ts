/** The options of {@link playground}, checked when the handler is made. */
import { ConfigError } from '@agno/core';
import type { ModelPrice, PriceTable } from './prices.js';

/** Options of `playground()` and `withPlayground()`. */
export interface PlaygroundOptions {
  /** Where the page is served (default `/playground`; `/playground/` is the page). */
  path?: string;
  /**
   * Where the page finds the server's API: a path on the same origin or an absolute URL (default:
   * the folder above `path`, so `/` for `/playground`, `/api/` for `/api/playground`).
   */
  apiBase?: string;
  /** Model prices, for the cost of runs in their timeline (per million tokens, by `provider:modelId`). */
  prices?: PriceTable;
  /** The built page (default: this package's `dist/app`). */
  dir?: string;
}

/** What the page is given: the `<script id="agno-config">` JSON of its HTML. */
export interface PageConfig {
  apiBase?: string;
  prices?: PriceTable;
}

const PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

function isAmount(n: unknown): boolean {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

/** Checks a price table (from options or a JSON file); throws a `ConfigError` naming the bad entry. */
export function checkPrices(value: unknown): PriceTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError('prices must be an object of { input, output } by model');
  for (const [model, price] of Object.entries(value)) {
    const p = price as Partial<ModelPrice> | null;
    const ok =
      typeof p === 'object' &&
      p !== null &&
      isAmount(p.input) &&
      isAmount(p.output) &&
      (p.cachedInput === undefined || isAmount(p.cachedInput));
    if (!ok)
      throw new ConfigError(
        `the price of "${model}" must be { input, output, cachedInput? } of numbers >= 0`,
      );
  }
  return value as PriceTable;
}

/** The mount path without its trailing slash; throws a `ConfigError` for anything but a plain path. */
export function checkPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (!PATH.test(trimmed))
    throw new ConfigError(
      `the playground path must look like /playground (letters, digits, "._~-"), got "${path}"`,
    );
  return trimmed;
}
