/**
 * Structured request logs: one entry per request, with no header, no query string, no body and no
 * credential; the run's input only when the server is told to log prompts.
 */
import type { MiddlewareHandler } from 'hono';

/** One request's log entry. */
export interface RequestLogEntry {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** The path, without its query string. */
  path: string;
  status: number;
  durationMs: number;
  /** The authenticated subject, when there is one. */
  subject?: string;
  /** The run this request started or read. */
  runId?: string;
  /** `agent:<name>`, `team:<name>` or `workflow:<name>`. */
  target?: string;
  /** The run's input text (only with `logPrompts`). */
  input?: string;
}

/** What routes add to their request's log entry. */
export interface LogFields {
  runId?: string;
  target?: string;
  input?: string;
}

/** The request-log middleware. */
export function requestLog(
  write: (entry: RequestLogEntry) => void,
): MiddlewareHandler<{ Variables: { logFields: LogFields; principal: { subject: string } | undefined } }> {
  return async (c, next) => {
    const started = performance.now();
    const time = new Date().toISOString();
    const fields: LogFields = {};
    c.set('logFields', fields);
    await next();
    const entry: RequestLogEntry = {
      time,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    };
    const subject = c.get('principal')?.subject;
    if (subject !== undefined) entry.subject = subject;
    if (fields.runId !== undefined) entry.runId = fields.runId;
    if (fields.target !== undefined) entry.target = fields.target;
    if (fields.input !== undefined) entry.input = fields.input;
    try {
      write(entry);
    } catch {
      // A failing log sink never fails a request.
    }
  };
}
