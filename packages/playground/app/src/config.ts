/**
 * What the page knows before it asks the server anything: the configuration the server wrote into
 * it (where the API is, model prices) and the user's settings kept in this browser (the user id a
 * server without auth trusts, an API key for a server with auth).
 */
import type { PriceTable } from '../../src/prices.js';

/** The page's configuration. */
export interface PageSettings {
  apiBase: string;
  prices: PriceTable | undefined;
  userId: string;
  apiKey: string;
}

const STORE_KEY = 'agno-playground';

/** Reads the configuration and the saved settings. */
export function loadSettings(): PageSettings {
  let injected: { apiBase?: string; prices?: PriceTable } = {};
  const script = document.getElementById('agno-config');
  if (script?.textContent) {
    try {
      injected = JSON.parse(script.textContent);
    } catch {
      injected = {};
    }
  }
  let saved: { userId?: string; apiKey?: string } = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
  } catch {
    saved = {};
  }
  // The page is served at <api>/playground/: the API is the folder above, unless configured.
  const apiBase = new URL(injected.apiBase ?? '../', location.href).href.replace(/\/$/, '');
  return {
    apiBase,
    prices: injected.prices,
    userId: saved.userId || 'playground',
    // The key stays in this tab only.
    apiKey: sessionStorage.getItem(`${STORE_KEY}-key`) ?? '',
  };
}

/** Saves the user id (in this browser) and the API key (in this tab). */
export function saveSettings(settings: PageSettings): void {
  localStorage.setItem(STORE_KEY, JSON.stringify({ userId: settings.userId }));
  if (settings.apiKey === '') sessionStorage.removeItem(`${STORE_KEY}-key`);
  else sessionStorage.setItem(`${STORE_KEY}-key`, settings.apiKey);
}

/** Where the page is: the target and session named by the URL's hash (`#agent=support&session=s1`). */
export function readHash(): { target?: string; session?: string } {
  const params = new URLSearchParams(location.hash.slice(1));
  const out: { target?: string; session?: string } = {};
  const target = params.get('target');
  const session = params.get('session');
  if (target) out.target = target;
  if (session) out.session = session;
  return out;
}

/** Records the target and session in the URL's hash, so a reload comes back to them. */
export function writeHash(target: string | undefined, session: string | undefined): void {
  const params = new URLSearchParams();
  if (target) params.set('target', target);
  if (session) params.set('session', session);
  history.replaceState(null, '', `#${params}`);
}
