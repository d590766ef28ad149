/**
 * Releasing what an agent holds when it closes: its toolkits (MCP connections, browsers) and its
 * store (connections, files). Every one is closed even when another fails; the failures are
 * reported together.
 */
import { AgnoError, errorMessage } from './errors.js';
import type { AgentStore } from './store.js';
import type { Toolkit, ToolSource } from './tool.js';

/** The toolkits among an agent's tool sources (for an agent closed before its first run). */
export function toolkitsOf(sources: readonly ToolSource[] | undefined): Toolkit[] {
  const out: Toolkit[] = [];
  for (const source of sources ?? []) {
    if ((source as { kind?: string }).kind === 'toolkit') out.push(source as Toolkit);
  }
  return out;
}

/** Closes every toolkit, then the store; throws one error naming every failure. */
export async function closeResources(
  toolkits: readonly Toolkit[],
  store: AgentStore | undefined,
): Promise<void> {
  const errors: unknown[] = [];
  for (const kit of toolkits) {
    try {
      await kit.close?.();
    } catch (error) {
      errors.push(error);
    }
  }
  try {
    await store?.close?.();
  } catch (error) {
    errors.push(error);
  }
  if (errors.length > 0) {
    throw new AgnoError('tool_error', `closing the agent failed: ${errors.map(errorMessage).join('; ')}`);
  }
}
