/**
 * The mapping from agno events to UI message stream chunks, one event at a time. It keeps what
 * the protocol needs across events: the text part open per agent run (so two team members
 * streaming at once write two parts), the tool calls the browser already knows, and whether the
 * message has started and finished. `uiChunks` drives it; it is exported for servers that
 * write chunks some other way.
 */
import type { AgentEvent, ToolCall, ToolDecision, Usage } from '@agno/core';
import type { AgentStepEvent, WorkflowPause } from '@agno/workflow';
import { formatApprovalId } from './approval-id.js';
import { closeText, FINISH_REASONS, type Source, stepChunk, withTag, withToolTag } from './chunk-parts.js';
import { safeErrorText, toolOutput } from './chunk-values.js';
import type { AgnoEvent, AgnoMessageMetadata, JSONValue, UIChunk, UIFinishReason } from './types.js';

/** Options of `uiChunks`. */
export interface UIChunksOptions {
  /**
   * Id of the assistant message. When continuing a paused run, pass the id of the message being
   * continued (the request's `messageId`) so that the browser appends to it. Default: a new UUID.
   */
  messageId?: string;
  /** Extra metadata for the `start` chunk (for example `{ sessionId }`). */
  metadata?: Record<string, unknown>;
  /**
   * The decisions a continued run was given: their tool calls are already in the browser's
   * message (not announced again) and rejected ones are sent as `tool-output-denied`.
   */
  decisions?: Record<string, ToolDecision>;
  /** Send transient `data-agno-step` chunks for workflow and team steps. Default true. */
  steps?: boolean;
}

/** A sub-agent's event nested in its caller's stream (core's `agent-event`, from `agent.asTool`). */
type AgentToolEvent = Extract<AgentEvent, { type: 'agent-event' }>;

const START_STEP: UIChunk = { type: 'start-step' };
const FINISH_STEP: UIChunk = { type: 'finish-step' };

/** Turns agno events into UI message stream chunks; see the module documentation. */
export class UIChunkMapper {
  /** True once the `finish` chunk was written: later events are ignored. */
  finished = false;
  private started = false;
  private readonly root: Source = { textId: undefined, tag: undefined };
  /** Member runs by their agent run id (removed when the run ends). */
  private readonly members = new Map<string, Source>();
  /** Tool calls whose part the browser has (announced, or continued from an earlier request). */
  private readonly announced = new Set<string>();
  private readonly textPrefix = `t${globalThis.crypto.randomUUID().slice(0, 8)}-`;
  private texts = 0;
  private finishReason: UIFinishReason = 'stop';

  constructor(private readonly options: UIChunksOptions = {}) {
    if (options.decisions !== undefined) for (const id in options.decisions) this.announced.add(id);
  }

  /** Appends the chunks of `event` to `out`. */
  push(event: AgnoEvent, out: UIChunk[]): void {
    if (this.finished) return;
    if (!this.started) this.start(event, out);
    switch (event.type) {
      case 'workflow-started':
      case 'step-paused':
        return;
      case 'step-started':
      case 'step-completed':
      case 'step-skipped':
      case 'step-error':
        if (this.options.steps !== false) out.push(stepChunk(event));
        return;
      case 'workflow-paused':
        this.closeTexts(out);
        for (const pause of event.pauses) this.requestStepApproval(event.runId, pause, out);
        this.finish(out, 'tool-calls', 'paused', event.result.usage);
        return;
      case 'workflow-completed':
        this.closeTexts(out);
        this.finish(out, 'stop', 'completed', event.result.usage);
        return;
      case 'workflow-error':
        this.fail(event.error, out, event.partial?.usage);
        return;
      default:
        this.agentEvent(event, this.root, out, true);
        return;
    }
  }

  /** Appends the chunks that end a message whose events stopped without a terminal event. */
  end(out: UIChunk[]): void {
    if (this.finished) return;
    if (!this.started) this.start(undefined, out);
    this.closeTexts(out);
    this.finish(out, 'other', undefined, undefined);
  }

  /** Appends the chunks that end the message with `error` (its code and scrubbed message only). */
  fail(error: unknown, out: UIChunk[], usage?: Usage): void {
    if (this.finished) return;
    if (!this.started) this.start(undefined, out);
    this.closeTexts(out);
    out.push({ type: 'error', errorText: safeErrorText(error) });
    this.finish(out, 'error', 'error', usage);
  }

  private start(event: AgnoEvent | undefined, out: UIChunk[]): void {
    this.started = true;
    const metadata: AgnoMessageMetadata = {};
    if (event !== undefined) {
      metadata.runId = event.runId;
      if (event.type === 'run-started') {
        metadata.agent = event.agentName;
        if (event.sessionId !== undefined) metadata.sessionId = event.sessionId;
      } else if (event.type === 'workflow-started') metadata.agent = event.workflow;
    }
    if (this.options.metadata !== undefined) Object.assign(metadata, this.options.metadata);
    out.push({
      type: 'start',
      messageId: this.options.messageId ?? globalThis.crypto.randomUUID(),
      messageMetadata: metadata,
    });
    const decisions = this.options.decisions;
    if (decisions === undefined) return;
    for (const id in decisions) {
      if (decisions[id]!.approved !== true) out.push({ type: 'tool-output-denied', toolCallId: id });
    }
  }

  private agentEvent(event: AgentEvent | AgentStepEvent, src: Source, out: UIChunk[], top: boolean): void {
    switch (event.type) {
      case 'agent-event':
        // A team or workflow member's event, or a sub-agent's (`agent.asTool`), nested under its caller.
        this.agentEvent(event.event, this.member(event, src), out, false);
        return;
      case 'handoff':
        closeText(src, out);
        out.push({ type: 'data-agno-handoff', data: { from: event.from, to: event.to } });
        return;
      case 'text-delta':
        if (src.reasoningId !== undefined) closeText(src, out);
        if (src.textId === undefined) {
          src.textId = this.textPrefix + this.texts++;
          out.push(withTag({ type: 'text-start', id: src.textId }, src.tag));
        }
        out.push(withTag({ type: 'text-delta', id: src.textId, delta: event.text }, src.tag));
        src.streamed = true;
        return;
      case 'model-call-started':
        closeText(src, out);
        src.streamed = false;
        out.push(START_STEP);
        return;
      case 'model-call-completed':
        closeText(src, out);
        out.push(FINISH_STEP);
        if (top) this.finishReason = FINISH_REASONS[event.finishReason] ?? 'other';
        return;
      case 'tool-call-started':
        closeText(src, out);
        this.announce(event.toolCall, src, out);
        return;
      case 'tool-call-completed': {
        closeText(src, out);
        const toolCallId = event.toolCall.id;
        const toolMetadata = src.tag;
        if (event.isError) {
          const errorText = event.errorCode ? `${event.errorCode}: ${event.result}` : event.result;
          out.push(withToolTag({ type: 'tool-output-error', toolCallId, errorText }, toolMetadata));
        } else {
          out.push(
            withToolTag(
              { type: 'tool-output-available', toolCallId, output: toolOutput(event.result) },
              toolMetadata,
            ),
          );
        }
        return;
      }
      case 'tool-progress': {
        const { toolCallId, toolName, progress, total, message } = event;
        out.push({
          type: 'data-agno-tool-progress',
          id: toolCallId,
          data: { toolCallId, toolName, progress, total, message },
          transient: true,
        });
        return;
      }
      case 'run-paused':
        closeText(src, out);
        if (!top) return void this.endMember(event.runId);
        for (const p of event.pending) {
          this.requestApproval(
            p.toolCall,
            src,
            formatApprovalId({ runId: event.runId, toolCallId: p.toolCall.id }),
            out,
          );
        }
        this.finish(out, 'tool-calls', 'paused', event.result.usage);
        return;
      case 'run-completed':
        closeText(src, out);
        // A run that did not stream its answer (a member continued with `continueRun`) sends it whole.
        if (src.streamed === false && event.result.text !== '') this.wholeText(src, event.result.text, out);
        if (!top) return void this.endMember(event.runId);
        this.closeTexts(out);
        this.finish(out, this.finishReason, 'completed', event.result.usage);
        return;
      case 'run-error':
        closeText(src, out);
        if (!top) return void this.endMember(event.runId);
        this.fail(event.error, out, event.partial.usage);
        return;
      case 'reasoning-delta':
        this.reasoningDelta(src, event.text, out);
        return;
      default:
        return;
    }
  }

  /** One text part holding `text`. */
  private wholeText(src: Source, text: string, out: UIChunk[]): void {
    const id = this.textPrefix + this.texts++;
    out.push(withTag({ type: 'text-start', id }, src.tag));
    out.push(withTag({ type: 'text-delta', id, delta: text }, src.tag));
    out.push(withTag({ type: 'text-end', id }, src.tag));
  }

  /**
   * Reasoning: writes `text` into the source's reasoning part (opened on first use, closed when
   * the text part opens or the call ends).
   */
  private reasoningDelta(src: Source, text: string, out: UIChunk[]): void {
    if (src.textId !== undefined) closeText(src, out);
    if (src.reasoningId === undefined) {
      src.reasoningId = `${this.textPrefix}r${this.texts++}`;
      out.push(withTag({ type: 'reasoning-start', id: src.reasoningId }, src.tag));
    }
    out.push(withTag({ type: 'reasoning-delta', id: src.reasoningId, delta: text }, src.tag));
  }

  /** The source of a member's or sub-agent's run, tagged with its name and where it runs. */
  private member(event: AgentStepEvent | AgentToolEvent, parent: Source): Source {
    const runId = event.event.runId;
    let src = this.members.get(runId);
    if (src === undefined) {
      const tag: Record<string, JSONValue> =
        'path' in event
          ? { member: event.agent, path: event.path }
          : { member: event.agent, toolCallId: event.toolCallId };
      const parentPath = parent.tag?.agno?.path;
      if (!('path' in event) && parentPath !== undefined) tag.path = parentPath;
      src = { textId: undefined, tag: { agno: tag } };
      this.members.set(runId, src);
    }
    return src;
  }

  private endMember(runId: string): void {
    this.members.delete(runId);
  }

  /** Writes the tool part (input start and input) unless the browser has it already. */
  private announce(call: ToolCall, src: Source, out: UIChunk[]): void {
    if (this.announced.has(call.id)) return;
    this.announced.add(call.id);
    const toolCallId = call.id;
    const toolName = call.name;
    out.push(withToolTag({ type: 'tool-input-start', toolCallId, toolName }, src.tag));
    out.push(withToolTag({ type: 'tool-input-available', toolCallId, toolName, input: call.args }, src.tag));
  }

  /** Writes the call's tool part (unless the browser has it) and asks for its approval. */
  private requestApproval(call: ToolCall, src: Source, approvalId: string, out: UIChunk[]): void {
    this.announce(call, src, out);
    out.push({ type: 'tool-approval-request', approvalId, toolCallId: call.id });
  }

  private requestStepApproval(runId: string, pause: WorkflowPause, out: UIChunk[]): void {
    if (pause.kind !== 'confirmation') {
      out.push({ type: 'data-agno-input-request', id: pause.id, data: pause });
      return;
    }
    const src: Source = { textId: undefined, tag: { agno: { member: pause.agent, path: pause.path } } };
    for (const p of pause.pending) {
      this.requestApproval(
        p.toolCall,
        src,
        formatApprovalId({ runId, toolCallId: p.toolCall.id, step: pause.id }),
        out,
      );
    }
  }

  private closeTexts(out: UIChunk[]): void {
    closeText(this.root, out);
    for (const src of this.members.values()) closeText(src, out);
  }

  private finish(
    out: UIChunk[],
    finishReason: UIFinishReason,
    status: AgnoMessageMetadata['status'],
    usage: Usage | undefined,
  ): void {
    this.finished = true;
    const metadata: AgnoMessageMetadata = {};
    if (status !== undefined) metadata.status = status;
    if (usage !== undefined) {
      const { inputTokens, outputTokens, totalTokens } = usage;
      metadata.usage = { inputTokens, outputTokens, totalTokens };
    }
    out.push({ type: 'finish', finishReason, messageMetadata: metadata });
  }
}

/** The core event that becomes the UI stream's reasoning parts. */
export const REASONING_EVENT = 'reasoning-delta';
