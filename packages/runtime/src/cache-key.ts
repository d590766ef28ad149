/**
 * The cache key of a model request: a SHA-256 digest of the canonical JSON of everything
 * that shapes the reply (provider, model id, endpoint, messages, tools, tool choice and
 * options), never the signal.
 */
/** `crypto.hash`, loaded on the first key (importing node:crypto up front costs ~5 ms of start-up). */
let sha: typeof import('node:crypto').hash | undefined;

function hash(algorithm: string, data: string, encoding: 'base64url'): string {
  sha ??= (process.getBuiltinModule('node:crypto') as typeof import('node:crypto')).hash;
  return sha(algorithm, data, encoding);
}

import { canonicalJSON, type Model, type ModelRequest } from '@agno/core';

/**
 * The key of `request` sent to `model`: equal requests give equal keys whatever their key
 * order; any difference in messages, tools, tool choice or options gives another key, and so
 * does another endpoint (`model.endpoint`: base URL, deployment) of the same model id.
 * `namespace` separates caches that share one backend.
 */
export function requestKey(
  model: Pick<Model, 'provider' | 'modelId' | 'endpoint'>,
  request: ModelRequest,
  namespace = '',
): string {
  const text = canonicalJSON({
    ns: namespace,
    provider: model.provider,
    model: model.modelId,
    endpoint: model.endpoint,
    messages: request.messages,
    tools: request.tools,
    toolChoice: request.toolChoice,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    stop: request.stop,
    responseFormat: request.responseFormat,
    providerOptions: request.providerOptions,
  });
  return hash('sha256', text, 'base64url');
}
