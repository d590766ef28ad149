/**
 * @agno/tools/builtins: ready-made toolkits. `calculatorToolkit` (exact integer arithmetic, a
 * parser of its own), `httpToolkit` (a host allowlist, redirects checked hop by hop) and
 * `filesToolkit` (confined to one root folder). A separate entry, so that `tool()` from
 * `@agno/tools` does not load them.
 */

export { type CalculatorOptions, calculatorToolkit } from './calculator.js';
export {
  type Calculation,
  calculate,
  EXPRESSION_CONSTANTS,
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  evaluate,
} from './expression.js';
export {
  type FileEntry,
  type FilesToolkitOptions,
  filesToolkit,
  RootedFiles,
  type RootedFilesOptions,
  type SearchMatch,
  type SearchResult,
  type SearchStop,
} from './files.js';
export { HttpClient, type HttpResult, type HttpToolkitOptions, httpToolkit } from './http.js';
export { FileAccessError, type FileRules, PathRefusedError, SafeRoot } from './safe-root.js';
