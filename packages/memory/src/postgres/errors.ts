/**
 * Turns what `pg` throws into a {@link MemoryStoreError} with a reason.
 */
import { AgnoError, errorMessage } from '@agno/core';
import { closedError, MemoryStoreError, type StoreFailure } from '../errors.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.length > 0) return codeOf(inner[0]);
  return undefined;
}

function reasonOf(error: unknown): StoreFailure | undefined {
  const code = codeOf(error);
  if (code !== undefined) {
    if (NETWORK_CODES.has(code)) return 'unavailable';
    // SQLSTATE classes: 08 connection, 57P0x shutdown, 53 out of resources, 3D000 no such database.
    if (code.startsWith('08') || code.startsWith('57P0') || code.startsWith('53') || code === '3D000') {
      return 'unavailable';
    }
    if (code === '28000' || code === '28P01') return 'unavailable';
    if (code === '40001' || code === '40P01' || code === '55P03') return 'busy';
    if (code === '23505') return 'conflict';
    if (code === 'XX001' || code === 'XX002') return 'corrupt';
    if (/^[0-9A-Z]{5}$/.test(code)) return 'failed';
  }
  const message = error instanceof Error ? error.message : '';
  if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(message)) {
    return 'unavailable';
  }
  if (/Cannot use a pool after calling end/i.test(message)) return 'closed';
  return undefined;
}

/**
 * The store error for `error`: AgnoErrors and errors thrown by callers' functions pass through;
 * driver and server errors get a reason (`unavailable` when the server cannot be reached).
 */
export function pgFailure(error: unknown, what: string): unknown {
  if (error instanceof AgnoError) return error;
  const reason = reasonOf(error);
  if (reason === undefined) return error;
  if (reason === 'closed') return closedError(error);
  const code = codeOf(error);
  const hint = reason === 'unavailable' ? ' (is the PostgreSQL server running and reachable?)' : '';
  return new MemoryStoreError(reason, `PostgreSQL ${what} failed: ${errorMessage(error)}${hint}`, {
    cause: error,
    details: code === undefined ? undefined : { pgCode: code },
  });
}
