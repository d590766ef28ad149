/**
 * Workflow and team: a workflow whose steps are a function, three agents in parallel and a team
 * of agents that routes a question to the right member; events streamed step by step.
 * Run: node scripts/examples.mjs workflow-team
 */
import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { parallel, step, Team, Workflow } from '@agno/workflow';

const agent = (name: string, reply: string, description?: string) =>
  new Agent({ name, description, model: new ScriptedModel({ turns: [reply] }) });

// A team in route mode: the leader names the member that answers.
const support = new Team({
  name: 'support',
  mode: 'route',
  leader: agent('lead', 'billing'),
  members: [
    agent('billing', 'A refund of 42 EUR is on its way.', 'invoices and refunds'),
    agent('tech', 'Restart the router.', 'bugs and outages'),
  ],
});

const triage = new Workflow({
  name: 'triage',
  steps: [
    step('normalize', (ctx) => String(ctx.input).trim().toLowerCase()),
    // Three reviewers at once; the group's output maps each one's name to its answer.
    parallel('reviewers', [
      agent('sentiment', 'angry'),
      agent('urgency', 'high'),
      agent('language', 'english'),
    ]),
    support, // a team is a step
    step('reply', (ctx) => {
      const review = ctx.output('reviewers') as Record<string, string>;
      return `[${review.sentiment}/${review.urgency}] ${ctx.previous}`;
    }),
  ],
});

const stream = triage.stream('  I was CHARGED twice!  ');
for await (const event of stream) {
  if (event.type === 'step-completed') console.log(`step ${event.path} completed`);
}
const result = await stream.result;
console.log(`workflow ${result.status}: ${result.output}`);
console.log(`usage: ${result.usage.totalTokens} tokens over ${result.steps.length} steps`);
