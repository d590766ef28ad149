/**
 * The checks the Messages API makes of a request body, as the fake server makes them.
 */

/** Checks a request body the way the Messages API does; returns the problem, if any. */
export function validate(body: any, apiVersion: string): string | undefined {
  if (typeof body !== 'object' || body === null) return 'the request body must be a JSON object';
  if (typeof body.model !== 'string' || body.model.length === 0) return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (apiVersion >= '2026-10-21') {
    for (const field of ['temperature', 'top_p', 'top_k']) {
      if (field in body) return `${field}: Extra inputs are not permitted`;
    }
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) {
    return 'system: Input should be a valid string or list';
  }
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return 'messages: at least one message is required';
  let pending: Set<string> | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.role !== 'user' && m.role !== 'assistant')
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (i > 0 && messages[i - 1].role === m.role)
      return 'messages: roles must alternate between "user" and "assistant"';
    const content = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    if (!Array.isArray(content) || content.length === 0)
      return `messages.${i}: all messages must have non-empty content`;
    const results = new Set<string>();
    let seenOther = false;
    const uses: string[] = [];
    for (const block of content) {
      if (block.type === 'text' && (typeof block.text !== 'string' || block.text.length === 0)) {
        return `messages.${i}: text content blocks must be non-empty`;
      }
      if (block.type === 'tool_result') {
        if (m.role !== 'user') return `messages.${i}: tool_result blocks can only be in user messages`;
        if (seenOther) return `messages.${i}: tool_result blocks must come first in the content`;
        if (pending === undefined || !pending.has(block.tool_use_id)) {
          return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
        results.add(block.tool_use_id);
      } else seenOther = true;
      if (block.type === 'tool_use') {
        if (m.role !== 'assistant') return `messages.${i}: tool_use blocks can only be in assistant messages`;
        if (typeof block.input !== 'object' || block.input === null || Array.isArray(block.input)) {
          return `messages.${i}: tool_use.input must be an object`;
        }
        uses.push(block.id);
      }
    }
    if (pending !== undefined) {
      const missing = [...pending].filter((id) => !results.has(id));
      if (missing.length > 0) {
        return `messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
    }
    pending = uses.length > 0 ? new Set(uses) : undefined;
  }
  if (pending !== undefined) {
    return `messages.${messages.length - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${[...pending].join(', ')}.`;
  }
  const thinking = body.thinking?.type;
  if (thinking === 'enabled') {
    const budget = body.thinking.budget_tokens;
    if (typeof budget !== 'number') return 'thinking.enabled.budget_tokens: Field required';
    if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (body.max_tokens <= budget) {
      return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
    }
  }
  if ((thinking === 'enabled' || thinking === 'adaptive') && ['any', 'tool'].includes(body.tool_choice?.type))
    return 'Thinking may not be enabled when tool_choice forces tool use.';
  if (thinking === 'enabled' || thinking === 'adaptive') {
    // With thinking on, the assistant turn whose tool calls are being answered must be sent back
    // with its thinking blocks first.
    const i = messages.length - 2;
    const turn = messages[i];
    if (
      turn?.role === 'assistant' &&
      Array.isArray(turn.content) &&
      turn.content.some((b: any) => b.type === 'tool_use')
    ) {
      const first = turn.content[0]?.type;
      if (first !== 'thinking' && first !== 'redacted_thinking') {
        return `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
      }
    }
  }
  for (const [i, tool] of (body.tools ?? []).entries()) {
    if (tool.input_schema?.type !== 'object') return `tools.${i}.input_schema.type: Input should be 'object'`;
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (body.tools === undefined) return 'tool_choice may only be specified while providing tools';
    if (choice.type === 'tool' && !body.tools.some((t: any) => t.name === choice.name)) {
      return `tool_choice: no tool named ${choice.name}`;
    }
  }
  return undefined;
}
