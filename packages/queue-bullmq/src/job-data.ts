/** What a job carries: which registered agent or workflow runs, on what. */

/** Options a queued run passes to the agent's run (JSON only: no signals, hooks or schemas). */
export interface QueuedRunOptions {
  maxTokens?: number;
  temperature?: number;
  historyLimit?: number;
  historyUnit?: 'messages' | 'runs';
  maxToolRounds?: number;
  timeoutMs?: number;
  additionalInstructions?: string;
  metadata?: Record<string, unknown>;
  /** Provider-specific options keyed by provider name (`{ openai: {...} }`), as core's run options take them. */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/** The data of a job (JSON). */
export interface RunJobData {
  kind: 'agent' | 'workflow';
  /** Registered name of the agent or workflow. */
  name: string;
  input: unknown;
  sessionId?: string;
  userId?: string;
  options?: QueuedRunOptions;
}
