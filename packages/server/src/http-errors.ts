/**
 * How an error becomes an HTTP response: one JSON shape, `{ error: { code, message } }`, and a
 * status chosen from the error's stable code. Messages are scrubbed of registered secrets; an
 * error that is not an agno error answers 500 with a generic message (its text may hold anything).
 */
import { AgnoError, type ErrorCode, errorMessage, isAgnoError } from '@agno/core';

declare module '@agno/core' {
  interface ErrorCodes {
    /** A request body over the server's limit (HTTP 413). */
    payload_too_large: true;
    /** An authenticated caller that may not do this (HTTP 403). */
    forbidden: true;
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** Whether repeating the request may succeed. */
    retryable?: boolean;
  };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  validation_error: 400,
  bad_request: 400,
  output_validation_error: 422,
  auth_error: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  queue_full: 429,
  overloaded: 503,
  closed: 503,
  timeout: 504,
  aborted: 499,
  blocked: 422,
};

/** An agno error with the HTTP status it answers with, thrown by routes. */
export class HttpError extends AgnoError {
  constructor(code: ErrorCode, message: string, status: number = STATUS[code] ?? 500) {
    super(code, message, { status });
    this.name = 'HttpError';
  }
}

/** The status and body for `error`. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return {
      status: error.status ?? 500,
      body: { error: { code: error.code, message: errorMessage(error) } },
    };
  }
  if (isAgnoError(error)) {
    // An error with a status came from an upstream response (a model provider): not the caller's fault.
    const upstream = error.status !== undefined;
    const status = upstream
      ? error.code === 'rate_limited' || error.code === 'overloaded'
        ? 503
        : 502
      : (STATUS[error.code] ?? 500);
    const body: ErrorBody = { error: { code: error.code, message: errorMessage(error) } };
    if (error.retryable) body.error.retryable = true;
    return { status: status === 499 ? 409 : status, body };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal server error' } } };
}

/** A JSON error `Response`. */
export function errorJSON(error: unknown, headers?: HeadersInit): Response {
  const { status, body } = errorResponse(error);
  const h = new Headers(headers);
  h.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** The safe, JSON form of an error inside an event (`{ name, code, message }`). */
export function wireError(error: unknown): { name: string; code: string; message: string } {
  if (isAgnoError(error)) return { name: error.name, code: error.code, message: errorMessage(error) };
  return { name: 'Error', code: 'internal_error', message: errorMessage(error) };
}
