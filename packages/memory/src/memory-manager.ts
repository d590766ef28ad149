/**
 * The memory manager: after each run of an agent it asks a model what the run taught about the
 * user, and stores that as user memories (in the background, off the stream's path); before each
 * run it puts the user's relevant memories into the system prompt.
 */
import {
  type Agent,
  type InstructionContext,
  type JSONSchema,
  type Message,
  type Model,
  type ModelRequest,
  type RunResult,
  ValidationError,
} from '@agno/core';
import { KeyedQueue } from './keyed-queue.js';
import { transcript } from './transcript.js';
import type { UserMemory, UserMemoryStore } from './types.js';

/** Options of {@link MemoryManager}. */
export interface MemoryManagerOptions {
  /** Where the memories are kept (any `@agno/memory` store). */
  store: UserMemoryStore;
  /** The model that reads finished runs and decides what to remember. */
  model: Model;
  /** How many memories go into the system prompt. Default 20. */
  maxInPrompt?: number;
  /** How many of the user's memories the extractor is shown, so it updates rather than repeats. Default 50. */
  maxShown?: number;
  /** Extra guidance for the extractor: what is worth remembering in your application. */
  guidance?: string;
  /**
   * Chooses the text that selects memories for a run's prompt (searched by meaning when the store
   * has an embedder, else by words). Without it, or when it gives nothing, the newest memories go in.
   */
  query?: (ctx: InstructionContext) => string | undefined | Promise<string | undefined>;
}

/** What one extraction changed. */
export interface MemoryChanges {
  added: UserMemory[];
  updated: UserMemory[];
  deleted: string[];
  /** Ids the model named that are not among the user's memories (left alone). */
  ignored: string[];
}

/** A system prompt, fixed or built per run (what `AgentOptions.instructions` takes). */
export type Instructions = string | ((ctx: InstructionContext) => string | Promise<string>);

const CHANGES_SCHEMA: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['add', 'update', 'delete'],
  properties: {
    add: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['memory', 'topics'],
        properties: { memory: { type: 'string' }, topics: { type: 'array', items: { type: 'string' } } },
      },
    },
    update: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'memory', 'topics'],
        properties: {
          id: { type: 'string' },
          memory: { type: 'string' },
          topics: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    delete: { type: 'array', items: { type: 'string' } },
  },
};

const EXTRACTOR_PROMPT = `You keep a list of facts about a user, taken from their conversations with an assistant.
Read the conversation and decide what to remember: lasting facts about the user (who they are, their preferences, plans, circumstances, what they asked to be remembered). Skip small talk, one-off requests and anything about the assistant.
Reply with JSON only: {"add": [{"memory": "...", "topics": ["..."]}], "update": [{"id": "...", "memory": "...", "topics": ["..."]}], "delete": ["id"]}.
Write each memory as one short sentence in the third person ("Prefers tea to coffee"). Update a known memory instead of adding a duplicate; delete one the user contradicts or asks to forget. Use empty lists when nothing changes.`;

/** Extracts memories about users from runs and adds them to the system prompt. See the module doc. */
export class MemoryManager {
  /** The options given at construction. */
  readonly options: MemoryManagerOptions;
  private readonly queue = new KeyedQueue();

  constructor(options: MemoryManagerOptions) {
    this.options = options;
  }

  /**
   * Extracts memories after every completed run of `agent`, in the background (`agent.close()`
   * waits for it; a failure becomes a `background-error` event with task `memory-extraction`).
   * The run's user is the one its stored run record names, else the agent's default user; runs
   * without a user are skipped. Returns a function that detaches the manager.
   */
  attach(agent: Agent): () => void {
    return agent.events.on('run-completed', (event) => {
      // Tracked from now, so that idle() covers it; it starts on the next microtask, off the run's path.
      const work = this.queue.track(Promise.resolve().then(() => this.afterRun(agent, event.result)));
      agent.runInBackground(event.runId, 'memory-extraction', () => work);
    });
  }

  private async afterRun(agent: Agent, result: RunResult<unknown>): Promise<void> {
    const userId = await userOfRun(agent, result);
    if (userId === undefined) return;
    if (!result.messages.some((m) => m.role === 'user')) return;
    await this.extract(userId, result.messages);
  }

  /**
   * Asks the model what `messages` teach about the user and applies its answer to the store.
   * Extractions for one user run one at a time. Fails with a `ValidationError` when the model's
   * reply is not the JSON asked for.
   */
  extract(userId: string, messages: readonly Message[]): Promise<MemoryChanges> {
    return this.queue.run(userId, () => this.extractNow(userId, messages));
  }

  private async extractNow(userId: string, messages: readonly Message[]): Promise<MemoryChanges> {
    const store = this.options.store;
    const known = await store.listMemories(userId, { limit: this.options.maxShown ?? 50 });
    const knownList = known.map((m) => `- [${m.memoryId}] ${m.memory}`).join('\n') || '(none)';
    const system = this.options.guidance
      ? `${EXTRACTOR_PROMPT}\n\n${this.options.guidance}`
      : EXTRACTOR_PROMPT;
    const request: ModelRequest = {
      messages: [
        { role: 'system', content: system },
        {
          role: 'user',
          content: `Known memories about the user:\n${knownList}\n\nConversation:\n${transcript(messages, false)}`,
        },
      ],
      responseFormat: { type: 'json_schema', name: 'memory_changes', schema: CHANGES_SCHEMA, strict: true },
      temperature: 0,
    };
    const response = await this.options.model.generate(request);
    const plan = parseChanges(response.text);
    const ids = new Set(known.map((m) => m.memoryId));
    const out: MemoryChanges = { added: [], updated: [], deleted: [], ignored: [] };
    for (const a of plan.add)
      out.added.push(await store.addMemory({ userId, memory: a.memory, topics: a.topics }));
    for (const u of plan.update) {
      if (!ids.has(u.id)) out.ignored.push(u.id);
      else out.updated.push(await store.updateMemory(u.id, { memory: u.memory, topics: u.topics }));
    }
    for (const id of plan.delete) {
      if (!ids.has(id)) out.ignored.push(id);
      else {
        await store.deleteMemory(id);
        out.deleted.push(id);
      }
    }
    return out;
  }

  /** The memories for a prompt: the best matches of `query` when one is given, else the newest. */
  async relevant(userId: string, query?: string): Promise<UserMemory[]> {
    const limit = this.options.maxInPrompt ?? 20;
    if (query !== undefined && query.trim() !== '') {
      const hits = await this.options.store.searchMemories(userId, query, { limit });
      if (hits.length > 0) return hits;
    }
    return this.options.store.listMemories(userId, { limit });
  }

  /** The system-prompt block that lists `memories` (empty when there are none). */
  format(memories: readonly UserMemory[]): string {
    if (memories.length === 0) return '';
    const lines = memories.map((m) => `- ${m.memory}`).join('\n');
    return `What you remember about the user (use it when it helps; do not recite it):\n<user_memories>\n${lines}\n</user_memories>`;
  }

  /**
   * Instructions for `AgentOptions.instructions`: `base` (text or a function of the run) followed
   * by the memories of the run's user.
   */
  instructions(base?: Instructions): (ctx: InstructionContext) => Promise<string> {
    return async (ctx) => {
      const text = typeof base === 'function' ? await base(ctx) : (base ?? '');
      if (ctx.userId === undefined) return text;
      const query = this.options.query === undefined ? undefined : await this.options.query(ctx);
      const block = this.format(await this.relevant(ctx.userId, query));
      return block === '' ? text : text === '' ? block : `${text}\n\n${block}`;
    };
  }

  /** Resolves when every extraction started so far (by runs or by calls) has finished. */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}

/** The user of a finished run: from the agent's store when it keeps runs, else the agent's default user. */
export async function userOfRun(agent: Agent, result: RunResult<unknown>): Promise<string | undefined> {
  const store = agent.options.store as {
    getRun?: (runId: string) => Promise<{ userId?: string } | undefined>;
  };
  if (result.sessionId !== undefined && typeof store?.getRun === 'function') {
    const userId = (await store.getRun(result.runId))?.userId;
    if (userId !== undefined && userId !== null) return userId;
  }
  return agent.options.defaults?.userId;
}

interface ChangePlan {
  add: { memory: string; topics: string[] }[];
  update: { id: string; memory: string; topics: string[] }[];
  delete: string[];
}

/** Reads the extractor's reply (code fences allowed); a `ValidationError` when it is not the JSON asked for. */
export function parseChanges(text: string): ChangePlan {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ValidationError(`the memory model's reply is not JSON: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  const issues: string[] = [];
  const obj = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    issues.push('the reply is not an object');
  const list = (key: string): unknown[] => {
    const v = obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      issues.push(`"${key}" is not a list`);
      return [];
    }
    return v;
  };
  const topics = (v: unknown, where: string): string[] => {
    if (v === undefined) return [];
    if (Array.isArray(v) && v.every((t) => typeof t === 'string')) return v;
    issues.push(`${where}.topics is not a list of strings`);
    return [];
  };
  const plan: ChangePlan = { add: [], update: [], delete: [] };
  list('add').forEach((a, i) => {
    const e = a as Record<string, unknown>;
    if (typeof e?.memory !== 'string' || e.memory.trim() === '')
      issues.push(`add[${i}].memory is not a text`);
    else plan.add.push({ memory: e.memory.trim(), topics: topics(e.topics, `add[${i}]`) });
  });
  list('update').forEach((u, i) => {
    const e = u as Record<string, unknown>;
    if (typeof e?.id !== 'string') issues.push(`update[${i}].id is not a text`);
    else if (typeof e.memory !== 'string' || e.memory.trim() === '')
      issues.push(`update[${i}].memory is not a text`);
    else plan.update.push({ id: e.id, memory: e.memory.trim(), topics: topics(e.topics, `update[${i}]`) });
  });
  list('delete').forEach((d, i) => {
    if (typeof d !== 'string') issues.push(`delete[${i}] is not an id`);
    else plan.delete.push(d);
  });
  if (issues.length > 0) {
    throw new ValidationError(`the memory model's reply does not match the expected shape`, issues);
  }
  return plan;
}
