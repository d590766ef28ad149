/**
 * @agno/tools: tools for agno-ts agents. `tool()` with zod 4 schemas (JSON Schema from zod's
 * own conversion, a strict-mode transform, nulls of optional fields mapped back), a result
 * cache, `Toolkit` with shared options and filters, a lazy `ToolRegistry`, `MCPTools` for
 * Model Context Protocol servers, and built-in calculator, HTTP and files toolkits.
 */

export { type CalculatorOptions, calculatorToolkit } from './builtins/calculator.js';
export {
  EXPRESSION_CONSTANTS,
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  evaluate,
} from './builtins/expression.js';
export { type FileEntry, type FilesToolkitOptions, filesToolkit, RootedFiles } from './builtins/files.js';
export { HttpClient, type HttpResult, type HttpToolkitOptions, httpToolkit } from './builtins/http.js';
export { PathRefusedError, SafeRoot } from './builtins/safe-root.js';
export { configureTool } from './configure.js';
export {
  DefinedTool,
  type ToolArgs,
  type ToolDefinition,
  type ToolOptions,
  tool,
} from './define-tool.js';
export {
  MCPConnection,
  type MCPConnectionOptions,
  type MCPHttpServer,
  type MCPServer,
  type MCPStdioServer,
} from './mcp/mcp-connection.js';
export { fromMCPResult } from './mcp/mcp-result.js';
export { MCPTools, type MCPToolsOptions } from './mcp/mcp-tools.js';
export { createNullRestorer, type NullRestorer } from './null-restorer.js';
export { jsonSchemaOf } from './parameters.js';
export { type RegistryEntryOptions, type ToolFactory, ToolRegistry } from './registry.js';
export {
  type CacheOption,
  type ResultCacheOptions,
  type ResultCacheStats,
  ToolResultCache,
} from './result-cache.js';
export { strictIncompatibilities, toStrictJSONSchema } from './strict-schema.js';
export {
  type ToolFilter,
  Toolkit,
  type ToolkitOptions,
  type ToolkitSharedOptions,
  type ToolsInput,
} from './toolkit.js';
