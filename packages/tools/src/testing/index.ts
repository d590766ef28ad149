/**
 * @agno/tools/testing: checks for plugin authors that ship tools or toolkits. `checkToolSchemas`
 * lists every schema OpenAI strict mode (for tools that ask for it) or Anthropic would refuse;
 * `assertToolSchemas` throws them. No test framework needed.
 */
export {
  assertToolSchemas,
  checkToolSchemas,
  resolveTools,
  type ToolSchemaCheckOptions,
  type ToolSchemaIssue,
} from './tool-conformance.js';
