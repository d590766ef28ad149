/**
 * Token and cost budgets, per run and per user. Before each model call the call's largest
 * likely spend is reserved; a call that would pass a limit is blocked before it starts, and once
 * the call returns the reservation is replaced by what it really used.
 */
import type { Guardrail, GuardrailContext, ModelCallVerdict, ModelRequest, Usage } from '@agno/core';
import { ConfigError } from '@agno/core';
import {
  type BudgetLedger,
  InMemoryLedger,
  type Spend,
  type SpendLimit,
  withinLimit,
} from './budget-ledger.js';

/** Prices per million tokens (in any currency: costs are in the same unit). */
export interface Pricing {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Price of cached input tokens (default: the input price). */
  cachedInputPerMillion?: number;
}

/** Tokens one model call may use, for its reservation. */
export interface CallEstimate {
  inputTokens: number;
  outputTokens: number;
}

/** Options of {@link budgetGuardrail}. */
export interface BudgetGuardrailOptions {
  /** Named in errors. Default `budget`. */
  name?: string;
  /** Limits on one run's spend. */
  perRun?: SpendLimit;
  /** Limits on a user's spend across runs (kept in `ledger`). */
  perUser?: SpendLimit;
  /** Needed for cost limits. */
  pricing?: Pricing;
  /** Where per-user spend is kept. Default: an {@link InMemoryLedger} of this guardrail. */
  ledger?: BudgetLedger;
  /** The ledger key of a run. Default: its user id, or `anonymous`. Add a period for daily budgets. */
  key?: (ctx: GuardrailContext) => string;
  /**
   * The most one model call may use, reserved before it runs. Default: an upper bound of its
   * input (the UTF-8 size of its messages and tools: a token is at least a byte) and its
   * `maxTokens` (else `assumedOutputTokens`) as output. Give runs a `maxTokens` for a strict
   * bound: a call that uses more than its reservation can pass a limit.
   */
  estimate?: (request: ModelRequest) => CallEstimate;
  /** Output tokens assumed for a request without `maxTokens`. Default 1024. */
  assumedOutputTokens?: number;
}

const encoder = new TextEncoder();
/** Tokens of framing counted per message (role, separators), on top of its content. */
const PER_MESSAGE = 8;

/**
 * An upper bound of a request's tokens: byte-level tokenizers make at least one byte per token,
 * so the UTF-8 size of the messages (plus framing) and tools bounds the input; `maxTokens`, else
 * `assumed`, the output.
 */
function defaultEstimate(assumed: number): (request: ModelRequest) => CallEstimate {
  return (request) => {
    let bytes = 0;
    for (const m of request.messages) {
      const text = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
      bytes += encoder.encode(text).length + PER_MESSAGE;
      if (m.role === 'assistant' && m.toolCalls !== undefined)
        bytes += encoder.encode(JSON.stringify(m.toolCalls)).length;
    }
    if (request.tools !== undefined) bytes += encoder.encode(JSON.stringify(request.tools)).length;
    return { inputTokens: bytes, outputTokens: request.maxTokens ?? assumed };
  };
}

function costOf(
  u: { inputTokens?: number; outputTokens?: number; cachedInputTokens?: number },
  p: Pricing | undefined,
): number {
  if (p === undefined) return 0;
  const cached = u.cachedInputTokens ?? 0;
  const input = (u.inputTokens ?? 0) - cached;
  return (
    (input * p.inputPerMillion +
      cached * (p.cachedInputPerMillion ?? p.inputPerMillion) +
      (u.outputTokens ?? 0) * p.outputPerMillion) /
    1e6
  );
}

function spendOf(u: Partial<Usage>, p: Pricing | undefined): Spend {
  return { tokens: u.totalTokens ?? (u.inputTokens ?? 0) + (u.outputTokens ?? 0), cost: costOf(u, p) };
}

/**
 * A guardrail that keeps runs within token and cost budgets, per run and per user. The per-user
 * check is atomic (see the ledgers): concurrent runs of one user never overspend together, as
 * long as no call uses more than its reservation. A call that fails keeps its reservation
 * charged (a provider may bill a call that failed part-way).
 */
export function budgetGuardrail(options: BudgetGuardrailOptions): Guardrail {
  const { perRun, perUser, pricing } = options;
  if (perRun === undefined && perUser === undefined)
    throw new ConfigError('budgetGuardrail needs perRun or perUser limits');
  if ((perRun?.cost !== undefined || perUser?.cost !== undefined) && pricing === undefined) {
    throw new ConfigError('budgetGuardrail needs pricing for a cost limit');
  }
  const ledger = options.ledger ?? new InMemoryLedger();
  const keyOf = options.key ?? ((ctx: GuardrailContext) => ctx.userId ?? 'anonymous');
  const estimate = options.estimate ?? defaultEstimate(options.assumedOutputTokens ?? 1024);
  /** Reservations of calls in flight, by run and round. */
  const reserved = new Map<string, { key: string; spend: Spend }>();
  return {
    name: options.name ?? 'budget',
    async beforeModel(ctx): Promise<ModelCallVerdict> {
      const est = estimate(ctx.request);
      const spend = { tokens: est.inputTokens + est.outputTokens, cost: costOf(est, pricing) };
      if (perRun !== undefined) {
        const run = spendOf(ctx.usage, pricing);
        if (!withinLimit({ tokens: run.tokens + spend.tokens, cost: run.cost + spend.cost }, perRun)) {
          return {
            block: 'the run would exceed its budget',
            details: { scope: 'run', limit: perRun, spent: run },
          };
        }
      }
      if (perUser !== undefined) {
        const key = keyOf(ctx);
        if (!(await ledger.tryCharge(key, spend, perUser))) {
          return { block: 'the user would exceed their budget', details: { scope: 'user', limit: perUser } };
        }
        reserved.set(`${ctx.runId}\u0000${ctx.round}`, { key, spend });
      }
    },
    async afterModel(ctx) {
      const id = `${ctx.runId}\u0000${ctx.round}`;
      const r = reserved.get(id);
      if (r === undefined) return;
      reserved.delete(id);
      if (ctx.callUsage === undefined) return;
      const used = spendOf(ctx.callUsage, pricing);
      await ledger.charge(r.key, { tokens: used.tokens - r.spend.tokens, cost: used.cost - r.spend.cost });
    },
  };
}
