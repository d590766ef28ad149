/**
 * Who holds a run's conversation: its system prompt (built per run when the instructions are a
 * function), and handoffs, which pass the conversation to another agent for the rest of the run.
 */
import { type AgentLike, type Compiled, type InstructionContext, joinText } from './compiled.js';
import { ConfigError, hookFailure, ValidationError } from './errors.js';
import type { Message } from './messages.js';
import type { RunBase } from './run-base.js';

/** The system prompt `agent` gives the run: its instructions, its tools', and the run's additions. */
export async function systemPrompt(
  agent: AgentLike,
  compiled: Compiled,
  run: RunBase<unknown>,
  input: string | Message | Message[],
): Promise<string | undefined> {
  const instructions = agent.options.instructions;
  let text = compiled.system;
  if (typeof instructions === 'function') {
    const ctx: InstructionContext = {
      agentName: agent.name,
      runId: run.runId,
      input,
      sessionId: run.sessionId,
      userId: run.userId,
      metadata: run.opt('metadata'),
      context: run.context,
      get state() {
        return run.sessionState();
      },
    };
    text = joinText(await instructions(ctx), compiled.toolInstructions);
  }
  const extra = run.opt('additionalInstructions');
  return extra ? joinText(text, extra) : text;
}

/**
 * The function that builds a run's system prompt when it starts (made apart from the agent's
 * method that chooses it, so a run with a fixed prompt allocates no context for this closure).
 */
export function promptBuilder(
  agent: AgentLike,
  compiled: Compiled,
  input: string | Message | Message[],
): (run: RunBase<unknown>) => Promise<string | undefined> {
  return (run) => systemPrompt(agent, compiled, run, input);
}

/** Makes `agent` the one that answers: its model, tools and tables. */
async function become(run: RunBase<unknown>, agent: AgentLike): Promise<void> {
  if (agent.tables === undefined)
    throw new ConfigError(`cannot hand over to "${agent.name}": it is not an Agent`);
  let compiled = agent.tables();
  if (compiled instanceof Promise) compiled = await compiled;
  run.speaker = agent;
  run.compiled = compiled;
  run.req = undefined;
}

/** Passes the conversation to the agent a `transfer_to_…` call of this turn asked for. */
export async function handOver(run: RunBase<unknown>): Promise<void> {
  const extras = run.extras!;
  const target = extras.handoffTo!;
  extras.handoffTo = undefined;
  const from = run.speaker.name;
  await become(run, target);
  const messages = run.messages;
  let system: string | undefined;
  try {
    system = await systemPrompt(target, run.compiled, run, messages[run.runStart]!);
  } catch (error) {
    throw hookFailure('instructions', error);
  }
  run.checkAbort();
  const had = messages[0]?.role === 'system';
  if (system) {
    if (had) messages[0] = { role: 'system', content: system };
    else {
      messages.unshift({ role: 'system', content: system });
      run.runStart++;
    }
  } else if (had) {
    messages.shift();
    run.runStart--;
  }
  if (run.observed) {
    const p = run.emit({ type: 'handoff', runId: run.runId, from, to: target.name });
    if (p !== undefined) await p;
  }
}

/** Gives a continued run back to the agent that held it when it paused (after a handoff). */
export async function restoreSpeaker(run: RunBase<unknown>, name: string): Promise<void> {
  if (name === run.agent.name) return;
  const seen = new Set<AgentLike>([run.agent]);
  const queue: AgentLike[] = [run.agent];
  for (let i = 0; i < queue.length; i++) {
    const agent = queue[i]!;
    if (agent.name === name) return become(run, agent);
    for (const next of agent.options.handoffs ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  throw new ValidationError(
    `the paused run is held by agent "${name}", which "${run.agent.name}" cannot hand over to`,
  );
}
