/**
 * Error text for MCP failures: what the SDK threw, without its code prefix, with the cause when
 * it adds something, and the last lines the server wrote to stderr.
 */
import { AgnoError, errorMessage, TimeoutError } from '@agno/core';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/** True when `error` is an MCP protocol error with this code. */
export function isMcpError(error: unknown, code: number): boolean {
  return error instanceof McpError && error.code === code;
}

/** The MCP error's message without its `MCP error -32000: ` prefix. */
export function stripCode(error: McpError): string {
  return error.message.replace(/^MCP error -?\d+: /, '');
}

/** The error's message, with its cause's when the cause says more. */
export function describe(error: unknown): string {
  if (error instanceof McpError) return stripCode(error);
  const message = errorMessage(error);
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof Error && cause.message && !message.includes(cause.message)
    ? `${message} (${errorMessage(cause)})`
    : message;
}

/** `; its last output: …` with the server's last stderr lines, or nothing. */
export function outputTail(output: string): string {
  const text = output.trim();
  if (text.length === 0) return '';
  const lines = text.split('\n');
  return `; its last output: ${lines.slice(-5).join(' | ').slice(-500)}`;
}

/** True when an abort reason is a deadline (a tool timer, a run's timeout, `AbortSignal.timeout`). */
export function isTimeoutReason(reason: unknown): boolean {
  if (reason instanceof TimeoutError) return true;
  if (reason instanceof AgnoError) return reason.code === 'timeout';
  return reason instanceof Error && reason.name === 'TimeoutError';
}
