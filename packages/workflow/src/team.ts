/**
 * Teams: a leader agent and member agents, in Agno's three modes, built on the workflow
 * engine (so they stream, store, pause and resume like any workflow):
 * - `route`: the leader picks one member, whose answer is the team's;
 * - `coordinate`: the leader delegates subtasks to members through a tool and composes the answer;
 * - `collaborate`: every member answers at once, then the leader merges their answers.
 */
import { Agent, type DocumentStore, type Tool, type ToolContext, type Usage } from '@agno/core';
import { buildError } from './errors.js';
import type { WorkflowEvent, WorkflowRunOptions, WorkflowStreamOptions } from './events.js';
import { agentNode, checkName, isAgent, type StepSource } from './nodes.js';
import type {
  AgentRunSummary,
  ErrorInfo,
  StepResult,
  StepStatus,
  WorkflowResult,
  WorkflowRunSnapshot,
  WorkflowRunSummary,
} from './records.js';
import type { Step, StepContext, StepOptions } from './step-types.js';
import { parallel, router } from './steps.js';
import { type ResumeAnswers, Workflow, type WorkflowStepOptions } from './workflow.js';

/** How a team works: see the module documentation. */
export type TeamMode = 'route' | 'coordinate' | 'collaborate';

/** Options of a {@link Team}. */
export interface TeamOptions {
  /** Name of the team (and of its stored runs' collection). */
  name: string;
  mode: TeamMode;
  /** The agent that routes, delegates or merges. */
  leader: Agent;
  /** The members; names must be unique and differ from the leader's. Descriptions help the leader. */
  members: readonly Agent[];
  /** What the team does (shown when the team is a route of a router). */
  description?: string;
  /** Extra instructions for the leader in this team. */
  instructions?: string;
  /** Timeout, retries and failure policy of each member run (route and collaborate modes). */
  memberOptions?: StepOptions<string>;
  /** Where team runs are kept. */
  store?: DocumentStore;
}

/** One member run of a team run. */
export interface MemberRun {
  /** The member's name. */
  member: string;
  /** Path of the member's step in the team run. */
  path: string;
  status: StepStatus;
  output: unknown;
  usage: Usage | undefined;
  durationMs: number;
  /** The member's agent run. */
  run: AgentRunSummary | undefined;
  error?: ErrorInfo;
}

/** What a team run gives back: a workflow result plus the team's view of it. */
export interface TeamResult extends WorkflowResult<unknown> {
  mode: TeamMode;
  /** The team's answer as text. */
  text: string;
  /** Every member run, in the order they started. */
  members: MemberRun[];
  /** The leader's run (its routing, delegating or merging). */
  leader: AgentRunSummary | undefined;
}

/** A running team stream: iterate it for events, or await `result`. */
export interface TeamStream extends AsyncIterable<WorkflowEvent> {
  readonly result: Promise<TeamResult>;
  readonly runId: string;
  abort(): void;
}

/** The name of the tool a coordinating leader delegates with. */
export const DELEGATE_TOOL = 'delegate_task_to_member';

function memberList(members: readonly Agent[]): string {
  return members
    .map((m) => (m.options.description ? `- ${m.name}: ${m.options.description}` : `- ${m.name}`))
    .join('\n');
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

/** The leader of a coordinate team: the leader's agent plus a delegation tool. */
class Coordinator {
  readonly agent: Agent;
  /** The leader's step context, by the id of the leader's agent run. */
  private readonly runs = new Map<string, StepContext>();
  private readonly byName: Map<string, Agent>;

  constructor(leader: Agent, members: readonly Agent[]) {
    this.byName = new Map(members.map((m) => [m.name, m]));
    const tool: Tool<{ member: string; task: string }, string> = {
      name: DELEGATE_TOOL,
      description: `Give a task to one member of your team and get their answer. Members:\n${memberList(members)}`,
      parameters: {
        type: 'object',
        properties: {
          member: { type: 'string', enum: members.map((m) => m.name), description: 'The member to ask.' },
          task: { type: 'string', description: 'The task, with everything the member needs to know.' },
        },
        required: ['member', 'task'],
        additionalProperties: false,
      },
      execute: (args, context) => this.delegate(args, context),
    };
    this.agent = new Agent({
      ...leader.options,
      name: leader.name,
      tools: [...(leader.options.tools ?? []), tool],
    });
  }

  /** Registers the leader's agent run so that its delegations run as sub-steps of the leader's step. */
  onRun(runId: string, ctx: StepContext): () => void {
    this.runs.set(runId, ctx);
    return () => this.runs.delete(runId);
  }

  private async delegate(args: { member: string; task: string }, context: ToolContext): Promise<string> {
    const ctx = this.runs.get(context.runId);
    if (ctx === undefined) throw new Error('delegation works only inside a run of the team');
    const member = this.byName.get(args?.member);
    if (member === undefined) {
      throw new Error(
        `no member is named "${String(args?.member)}"; members: ${[...this.byName.keys()].join(', ')}`,
      );
    }
    const result = await ctx.runAgent(member, String(args.task ?? ''), { signal: context.signal });
    return result.text;
  }
}

function mergeInput(ctx: StepContext, members: readonly Agent[]): string {
  const answers = (ctx.previous ?? {}) as Record<string, unknown>;
  const parts: string[] = [`The task was:\n${asText(ctx.input)}`, 'Your team members answered:'];
  for (const m of members) {
    const has = Object.hasOwn(answers, m.name);
    parts.push(`[${m.name}]\n${has ? asText(answers[m.name]) : '(no answer: this member failed)'}`);
  }
  parts.push('Merge these answers into one final answer to the task.');
  return parts.join('\n\n');
}

/** A leader agent and member agents working in one of three modes. */
export class Team implements StepSource<unknown> {
  /** The team's name. */
  readonly name: string;
  /** The options given at construction. */
  readonly options: TeamOptions;
  /** The workflow the team runs (its runs, store and events are the team's). */
  readonly workflow: Workflow<unknown, unknown>;

  constructor(options: TeamOptions) {
    const name = checkName(options?.name, 'a team');
    this.name = name;
    this.options = options;
    const { mode, leader, members } = options;
    if (!isAgent(leader)) throw buildError('invalid_option', `team "${name}" needs a leader agent`);
    if (!Array.isArray(members) || members.length === 0) {
      throw buildError('empty_workflow', `team "${name}" has no members`);
    }
    const names = new Set<string>([leader.name]);
    for (const m of members) {
      if (!isAgent(m)) throw buildError('invalid_option', `team "${name}": every member must be an agent`);
      if (names.has(m.name)) {
        throw buildError(
          'duplicate_step',
          `team "${name}": two of its agents are named "${m.name}"; leader and members need distinct names`,
        );
      }
      names.add(m.name);
    }
    const memberOptions = options.memberOptions ?? {};
    let steps: Step[];
    switch (mode) {
      case 'route':
        steps = [
          router('route', {
            routes: members.map((m) =>
              agentNode(m, { ...memberOptions, description: m.options.description }),
            ),
            agent: leader,
            instructions:
              options.instructions ?? `You lead the team "${name}": pick the member who should answer.`,
          }),
        ];
        break;
      case 'collaborate':
        steps = [
          parallel(
            'members',
            members.map((m) => agentNode(m, { onFailure: 'skip', ...memberOptions })),
          ),
          agentNode(leader, {
            input: (ctx) => mergeInput(ctx, members),
            runOptions:
              options.instructions === undefined
                ? undefined
                : { additionalInstructions: options.instructions },
          }),
        ];
        break;
      case 'coordinate': {
        const coordinator = new Coordinator(leader, members);
        const extra =
          `You lead the team "${name}". Use the ${DELEGATE_TOOL} tool to give members the subtasks they are ` +
          'suited for (several at once when they do not depend on each other), then compose the final answer ' +
          'from their results.';
        steps = [
          agentNode(coordinator.agent, {
            runOptions: {
              additionalInstructions:
                options.instructions === undefined ? extra : `${extra}\n\n${options.instructions}`,
            },
            hooks: coordinator,
          }),
        ];
        break;
      }
      default:
        throw buildError('invalid_option', `team "${name}": mode must be route, coordinate or collaborate`);
    }
    this.workflow = new Workflow<unknown, unknown>({
      name,
      description: options.description,
      steps,
      store: options.store,
    });
  }

  /** Runs the team on `input`. Rejects with a {@link WorkflowError} whose `result` keeps what completed. */
  async run(input: unknown, options: WorkflowRunOptions = {}): Promise<TeamResult> {
    return this.view(await this.workflow.run(input, options));
  }

  /** Runs the team and yields its events: members' events arrive as `agent-event`s tagged with the member. */
  stream(input: unknown, options: WorkflowStreamOptions = {}): TeamStream {
    return this.wrap(this.workflow.stream(input, options));
  }

  /** Continues a paused, failed or interrupted team run (see {@link Workflow.resume}). */
  async resume(
    run: string | WorkflowRunSnapshot,
    answers: ResumeAnswers = {},
    options: WorkflowRunOptions = {},
  ): Promise<TeamResult> {
    return this.view(await this.workflow.resume(run, answers, options));
  }

  /** {@link resume}, streamed. */
  resumeStream(
    run: string | WorkflowRunSnapshot,
    answers: ResumeAnswers = {},
    options: WorkflowStreamOptions = {},
  ): TeamStream {
    return this.wrap(this.workflow.resumeStream(run, answers, options));
  }

  /** Stored runs of this team, most recent first. */
  listRuns(
    options: { limit?: number; offset?: number; store?: DocumentStore } = {},
  ): Promise<WorkflowRunSummary[]> {
    return this.workflow.listRuns(options);
  }

  /** This team as a step of a workflow. */
  asStep(options: WorkflowStepOptions<unknown> = {}): Step<unknown> {
    return this.workflow.asStep({ description: this.options.description, ...options });
  }

  private wrap(stream: ReturnType<Workflow<unknown, unknown>['stream']>): TeamStream {
    const result = stream.result.then((r) => this.view(r));
    result.catch(() => {});
    return {
      result,
      runId: stream.runId,
      abort: () => stream.abort(),
      [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
    };
  }

  /** The team's view of a workflow result. */
  private view(result: WorkflowResult<unknown>): TeamResult {
    const memberNames = new Set(this.options.members.map((m) => m.name));
    const leaderName = this.options.leader.name;
    const members: MemberRun[] = [];
    let leader: AgentRunSummary | undefined;
    for (const s of result.steps) {
      const run = s.agentRun;
      if (run === undefined) {
        // a member that failed before its agent ran (not one a router passed over)
        if (
          s.kind === 'agent' &&
          memberNames.has(s.name) &&
          s.skipReason !== 'router' &&
          s.skipReason !== 'condition'
        ) {
          members.push(memberRun(s, undefined));
        }
        continue;
      }
      if (run.agent === leaderName) leader = run;
      else if (memberNames.has(run.agent)) members.push(memberRun(s, run));
    }
    return { ...result, mode: this.options.mode, text: asText(result.output), members, leader };
  }
}

function memberRun(s: StepResult, run: AgentRunSummary | undefined): MemberRun {
  const out: MemberRun = {
    member: run?.agent ?? s.name,
    path: s.path,
    status: s.status,
    output: s.output,
    usage: s.usage,
    durationMs: s.durationMs,
    run,
  };
  if (s.error !== undefined) out.error = s.error;
  return out;
}
