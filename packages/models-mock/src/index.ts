/**
 * @agno/models-mock: a scripted model for tests, examples and benchmarks.
 */
export {
  type ScriptedCallInfo,
  ScriptedModel,
  type ScriptedModelOptions,
  type ScriptedReply,
  type ScriptedStep,
  type ScriptedToolCall,
} from './scripted-model.js';
