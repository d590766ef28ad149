/**
 * OpenTelemetry GenAI semantic-convention names this package writes. Copied rather than
 * imported: the conventions are still incubating, and the OpenTelemetry project advises
 * libraries to copy incubating names instead of depending on their unstable entry point.
 * See https://opentelemetry.io/docs/specs/semconv/gen-ai/.
 */

/** `chat`, `execute_tool`, `invoke_agent`, `invoke_workflow`. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** The provider, for example `openai` or `anthropic` (current name). */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** The provider, under its name before semantic conventions 1.37 (still read by many backends). */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** Opt-in content (only with `recordContent`): */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** The general OpenTelemetry attribute for what went wrong (an agno error code here). */
export const ATTR_ERROR_TYPE = 'error.type';

/** Values of `gen_ai.operation.name`. */
export const GEN_AI_OPERATION = {
  chat: 'chat',
  executeTool: 'execute_tool',
  invokeAgent: 'invoke_agent',
  invokeWorkflow: 'invoke_workflow',
} as const;

/** agno attributes (outside the GenAI namespace). */
export const ATTR_AGNO_RUN_ID = 'agno.run.id';
export const ATTR_AGNO_RUN_STATUS = 'agno.run.status';
export const ATTR_AGNO_RUN_MODEL_CALLS = 'agno.run.model_calls';
export const ATTR_AGNO_RUN_TOOL_CALLS = 'agno.run.tool_calls';
export const ATTR_AGNO_ROUND = 'agno.model_call.round';
export const ATTR_AGNO_CACHE_STATUS = 'agno.cache.status';
export const ATTR_AGNO_STEP_NAME = 'agno.step.name';
