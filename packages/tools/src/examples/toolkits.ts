import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { Toolkit, ToolRegistry, tool } from '@agno/tools';
import { calculatorToolkit, filesToolkit } from '@agno/tools/builtins';
import { z } from 'zod';

// A toolkit: shared options for its tools, per-tool overrides, filters.
export const notes = new Map<string, string>();
const notesKit = new Toolkit({
  name: 'notes',
  instructions: 'Keep notes short.',
  timeoutMs: 2_000,
  tools: [
    tool({
      name: 'save_note',
      description: 'Save a note',
      parameters: z.object({ id: z.string(), text: z.string() }),
      execute: ({ id, text }) => {
        notes.set(id, text);
        return 'saved';
      },
    }),
    tool({
      name: 'delete_note',
      description: 'Delete a note',
      parameters: z.object({ id: z.string() }),
      execute: ({ id }) => (notes.delete(id) ? 'deleted' : 'no such note'),
    }),
  ],
  overrides: { delete_note: { requiresConfirmation: true } },
});

// A registry: factories run only when an agent first needs the tools.
const registry = new ToolRegistry()
  .register('math', () => calculatorToolkit())
  .register('workspace', () => filesToolkit({ root: process.cwd(), readOnly: true }));

const model = new ScriptedModel({
  turns: [
    {
      toolCalls: [
        { id: 'c1', name: 'calculate', args: { expression: '19.99 * 3' } },
        { id: 'c2', name: 'save_note', args: { id: 'total', text: '59.97' } },
        { id: 'c3', name: 'delete_note', args: { id: 'old' } },
      ],
    },
    'Saved the total.',
  ],
});
const agent = new Agent({ model, tools: [notesKit, registry.toolkit('math')] });

const paused = await agent.run('Add up three items at 19.99 and note the total.');
const waiting = paused.pending?.map((p) => p.toolName);
console.log(paused.status, waiting); // paused [ 'delete_note' ]
export const result = await agent.continueRun(paused.paused!, { c3: { approved: false, reason: 'keep it' } });
console.log(result.toolCalls.map((c) => `${c.name}: ${c.result}`));
// [ 'calculate: 59.97', 'save_note: saved', 'delete_note: the user rejected this call: keep it' ]
await agent.close();
