/**
 * @agno/tools: tools for agno-ts agents. `tool()` with zod 4 schemas (JSON Schema from zod's
 * own conversion, a strict-mode transform, nulls of optional fields mapped back), a result
 * cache, `Toolkit` with shared options and filters, and a lazy `ToolRegistry`.
 * Model Context Protocol servers are in `@agno/tools/mcp`, the built-in calculator, HTTP and
 * files toolkits in `@agno/tools/builtins`: importing this entry loads neither.
 */

export {
  createNullRestorer,
  type NullRestorer,
  strictIncompatibilities,
  toStrictJSONSchema,
} from '@agno/core/utils';
export { configureTool } from './configure.js';
export {
  DefinedTool,
  type ToolArgs,
  type ToolDefinition,
  type ToolOptions,
  tool,
} from './define-tool.js';
export { jsonSchemaOf } from './parameters.js';
export { type RegistryEntryOptions, type ToolFactory, ToolRegistry } from './registry.js';
export {
  type CacheOption,
  type ResultCacheOptions,
  type ResultCacheStats,
  ToolResultCache,
} from './result-cache.js';
export {
  type ToolFilter,
  Toolkit,
  type ToolkitOptions,
  type ToolkitSharedOptions,
  type ToolsInput,
} from './toolkit.js';
