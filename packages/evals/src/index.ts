/**
 * @agno/evals: accuracy (exact, regex, JSON Schema, contains, an LLM judge), tool-call
 * reliability and performance evals of agno agents, from JSON or JSONL datasets, with typed
 * reports printed as tables or JSON and written to the results history the dashboard reads.
 */
export {
  type DatasetFormat,
  loadDataset,
  type ParseDatasetOptions,
  parseDataset,
  validateCase,
} from './dataset.js';
export { formatPerfReport, formatReport, reportJSON } from './format.js';
export {
  QUALITY_HISTORY_LIMIT,
  QUALITY_HISTORY_VERSION,
  type QualityEntry,
  type QualityHistoryFile,
} from './history/schema.js';
export {
  qualityEntry,
  qualityHistoryFile,
  readQualityHistory,
  type WriteHistoryOptions,
  writeQualityHistory,
} from './history/write.js';
export { matchesPartial } from './match.js';
export { type PerfEvalOptions, type PerfReport, runPerfEval } from './perf.js';
export {
  type CaseReport,
  type EvalReport,
  type EvalSummary,
  meetsThreshold,
  type ScoreRecord,
  summarizeCases,
} from './report.js';
export { casesOf, type EvalDefinition, type RunEvalOptions, runEval, thresholdOf } from './run-eval.js';
export { type JsonSchemaOptions, jsonSchema } from './scorers/json-schema.js';
export { JUDGE_SCHEMA, type JudgeOptions, type JudgeVerdict, judge } from './scorers/judge.js';
export {
  allOf,
  answerText,
  type ContainsOptions,
  contains,
  type ExactOptions,
  exact,
  type NormaliseOptions,
  normalise,
  regex,
} from './scorers/text.js';
export { type ToolCallsOptions, toolCalls } from './scorers/tools.js';
export { type Stats, summarize } from './stats.js';
export type {
  EvalCase,
  EvalTarget,
  ExpectedToolCall,
  Score,
  ScoreContext,
  Scorer,
  Threshold,
} from './types.js';

/** Returns the definition as given, typed (for eval files the CLI runs). */
export function defineEval<T extends import('./run-eval.js').EvalDefinition>(definition: T): T {
  return definition;
}
