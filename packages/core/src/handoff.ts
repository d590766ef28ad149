/**
 * Handoffs: the `transfer_to_<name>` tool an agent's model calls to hand the conversation to
 * another agent. The call only asks; the run switches agents once the turn's calls are done
 * (see `speaker.ts`).
 */
import { ConfigError } from './errors.js';
import { RUN_HOST } from './run-context.js';
import { MAX_TOOL_NAME_LENGTH, type Tool, type ToolContext } from './tool.js';

/** An agent a conversation can be handed to (what the transfer tool reads of it). */
export interface HandoffTarget {
  readonly name: string;
  readonly options: { readonly description?: string };
}

/** What the transfer tool needs from the run making the call. */
export interface HandoffHost {
  /** Asks the run to hand over after this turn; returns what the model reads. */
  requestHandoff(target: HandoffTarget): string;
}

const UNSAFE = /[^A-Za-z0-9_-]/g;

/** The name of the tool that hands the conversation to `target`. */
export function transferToolName(target: HandoffTarget): string {
  return `transfer_to_${target.name.replace(UNSAFE, '_')}`.slice(0, MAX_TOOL_NAME_LENGTH);
}

/** The tool that hands the conversation to `target`. */
export function handoffTool(target: HandoffTarget): Tool<Record<string, never>, string> {
  const about = target.options.description;
  return {
    name: transferToolName(target),
    description: `Hand the conversation over to ${target.name}${about ? `: ${about}` : ''}. ${target.name} answers from then on.`,
    parameters: { type: 'object', properties: {}, additionalProperties: false },
    execute(_args: unknown, context: ToolContext): string {
      const host = (context as { [RUN_HOST]?: HandoffHost })[RUN_HOST];
      if (host === undefined) throw new ConfigError('a handoff works only inside an agent run');
      return host.requestHandoff(target);
    },
  };
}
