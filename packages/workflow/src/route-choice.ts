/**
 * Letting an agent pick a route: the instructions it gets, and reading a route name out of
 * its answer (a bare name, a quoted or formatted one, or JSON such as `{"route": "name"}`).
 */
import type { Step } from './step-types.js';

/** Instructions that tell an agent how to pick one of `routes`. */
export function routingInstructions(routes: readonly Step[], noun = 'route'): string {
  const lines = routes.map((r) => {
    const description = r.options.description ?? describe(r);
    return description ? `- ${r.name}: ${description}` : `- ${r.name}`;
  });
  return (
    `Choose the one ${noun} best suited to handle the request. The ${noun}s are:\n${lines.join('\n')}\n` +
    `Answer with only the ${noun}'s name, exactly as written above.`
  );
}

function describe(step: Step): string | undefined {
  const agent = (step as { agent?: { options?: { description?: string } } }).agent;
  return agent?.options?.description;
}

function clean(text: string): string {
  return text
    .trim()
    .replace(/^[`"'*\s]+|[`"'*.!\s]+$/g, '')
    .trim();
}

/** The route named by `answer`, or `undefined` when it names none (or several) of `names`. */
export function parseRouteChoice(answer: string, names: readonly string[]): string | undefined {
  const text = answer.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['route', 'member', 'step', 'name', 'choice']) {
        const v = json[key];
        if (typeof v === 'string') return parseRouteChoice(v, names);
      }
    } catch {
      // not JSON after all: read it as text
    }
  }
  const c = clean(text);
  if (names.includes(c)) return c;
  const lower = c.toLowerCase();
  const ci = names.filter((n) => n.toLowerCase() === lower);
  if (ci.length === 1) return ci[0];
  // A sentence that mentions exactly one route by name, as a whole word.
  const mentioned = names.filter((n) =>
    new RegExp(`(^|[^\\w-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`, 'i').test(text),
  );
  return mentioned.length === 1 ? mentioned[0] : undefined;
}
