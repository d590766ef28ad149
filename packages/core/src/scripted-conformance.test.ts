import { ScriptedModel } from './fixtures/index.js';
import { ModelError } from './index.js';
import { CONFORMANCE, describeModelConformance } from './testing/index.js';

// The scripted model keeps the same contract as a real provider.
describeModelConformance('ScriptedModel', {
  model(scenario) {
    const call = (args: { city: string }, id: string) => ({ name: CONFORMANCE.toolName, args, id });
    switch (scenario) {
      case 'text':
        return new ScriptedModel({ turns: [CONFORMANCE.text] });
      case 'tool-call':
        return new ScriptedModel({ turns: [{ toolCalls: [call(CONFORMANCE.args[0], 'a')] }] });
      case 'parallel-tool-calls':
        return new ScriptedModel({
          turns: [{ toolCalls: [call(CONFORMANCE.args[0], 'a'), call(CONFORMANCE.args[1], 'b')] }],
        });
      case 'tool-loop':
        return new ScriptedModel({
          turns: [{ toolCalls: [call(CONFORMANCE.args[0], 'a')] }, CONFORMANCE.text],
        });
      case 'slow':
        return new ScriptedModel({ turns: [{ text: 'late', delayMs: 2000 }] });
      case 'rate-limit':
        return new ScriptedModel({
          turns: [
            { error: new ModelError('rate limited', { code: 'rate_limited', status: 429, retryable: true }) },
          ],
        });
      case 'auth':
        return new ScriptedModel({
          turns: [
            {
              error: new ModelError(`invalid key ${CONFORMANCE.apiKey}`, { code: 'auth_error', status: 401 }),
            },
          ],
        });
      case 'stream-cut':
        return new ScriptedModel({ turns: [{ text: CONFORMANCE.text, chunkSize: 5, breakAfterChunks: 2 }] });
    }
  },
});
