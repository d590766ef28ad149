/**
 * Applying options to a tool someone else made: a toolkit's shared options fill what the
 * tool leaves unset, per-tool overrides replace what it sets. Tools made by `tool()` keep
 * their lazy schema work; any other core Tool is wrapped in a plain object.
 */
import type { Tool, ToolContext } from '@agno/core';
import { checkOptions, DefinedTool, type ToolOptions } from './define-tool.js';
import { resolveCache, type ToolResultCache } from './result-cache.js';

/** Options resolved for one tool: `cache` already a cache instance. */
export interface ResolvedToolOptions extends Omit<ToolOptions, 'cache'> {
  cache?: ToolResultCache | false;
}

/** Resolves a cache option once, so that every tool of a toolkit shares one cache. */
export function resolveOptions(options: ToolOptions | undefined): ResolvedToolOptions {
  if (options === undefined) return {};
  const { cache, ...rest } = options;
  const out: ResolvedToolOptions = rest;
  if (cache === false) out.cache = false;
  else if (cache !== undefined) out.cache = resolveCache(cache);
  return out;
}

const KEYS = ['timeoutMs', 'requiresConfirmation', 'maxResultChars', 'instructions'] as const;

/**
 * The tool with `defaults` filling what it leaves unset and `overrides` replacing what it sets.
 * Returns the tool itself when nothing changes.
 */
export function configureTool(
  tool: Tool,
  defaults: ResolvedToolOptions,
  overrides: ResolvedToolOptions | undefined,
): Tool {
  const changes: ResolvedToolOptions = {};
  let changed = false;
  const cacheOf = (tool as { cache?: ToolResultCache }).cache;
  for (const key of KEYS) {
    const forced = overrides?.[key];
    const value = forced !== undefined ? forced : tool[key] === undefined ? defaults[key] : undefined;
    if (value !== undefined && value !== tool[key]) {
      (changes as Record<string, unknown>)[key] = value;
      changed = true;
    }
  }
  const forcedCache = overrides?.cache;
  const cache = forcedCache !== undefined ? forcedCache : cacheOf === undefined ? defaults.cache : undefined;
  if (cache !== undefined && cache !== cacheOf && !(cache === false && cacheOf === undefined)) {
    changes.cache = cache;
    changed = true;
  }
  if (!changed) return tool;
  checkOptions(tool.name, changes);
  if (tool instanceof DefinedTool) return tool.with(changes);
  return wrapTool(tool, changes);
}

/** A plain-object copy of a foreign tool with some options changed. */
function wrapTool(tool: Tool, changes: ResolvedToolOptions): Tool {
  // a cache set here wraps execute; without one, the tool's own execute (with any cache of its own) runs
  const cache = changes.cache || undefined;
  const out: Tool & { cache?: ToolResultCache } = {
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    schema: tool.schema,
    strict: tool.strict,
    instructions: pick(changes.instructions, tool.instructions),
    timeoutMs: pick(changes.timeoutMs, tool.timeoutMs),
    requiresConfirmation: pick(changes.requiresConfirmation, tool.requiresConfirmation),
    maxResultChars: pick(changes.maxResultChars, tool.maxResultChars),
    execute:
      cache === undefined
        ? tool.execute.bind(tool)
        : (args: unknown, context: ToolContext) => cache.call(tool.name, args, context, tool.execute, tool),
  };
  const own = (tool as { cache?: ToolResultCache }).cache;
  if (cache !== undefined || own !== undefined) out.cache = cache ?? own;
  return out;
}

function pick<T>(changed: T | undefined, own: T | undefined): T | undefined {
  return changed !== undefined ? changed : own;
}
