/**
 * `__fn__Toolkit()`: the __Title__ tools. Each tool is a zod schema and a function; `strict: true`
 * sends the schema in OpenAI strict form (the test checks Anthropic accepts it too).
 */
import type { Toolkit } from '@agno/core';
import { Toolkit as Kit, tool } from '@agno/tools';
import { z } from 'zod';

/** Options of {@link __fn__Toolkit}. */
export interface __Class__Options {
  /** Text put before every greeting. Default `Hello`. TODO: replace with the toolkit's real options. */
  greeting?: string;
}

/** The __Title__ toolkit. */
export function __fn__Toolkit(options: __Class__Options = {}): Toolkit {
  const greeting = options.greeting ?? 'Hello';
  return new Kit({
    name: '__name__',
    tools: [
      tool({
        name: 'greet',
        description: 'Greets a person by name',
        parameters: z.object({ name: z.string(), excited: z.boolean().optional() }),
        strict: true,
        execute: ({ name, excited }) => `${greeting}, ${name}${excited ? '!' : '.'}`,
      }),
    ],
  });
}
