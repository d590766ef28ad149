/**
 * The shape of a workflow's or a team's steps, for a client to draw: each step's name, kind and
 * path (as its `step-*` events name it), its children, and, in a DAG, the siblings it waits for.
 * Read from the step tree of `@agno/workflow` by shape, so the server needs no import of it.
 */

/** One step of a {@link FlowGraph}. */
export interface FlowGraphNode {
  name: string;
  /** `function`, `agent`, `workflow`, `sequence`, `parallel`, `dag`, `condition`, `loop`, `router`. */
  kind: string;
  /** The step's path in a run's events (loop iterations add `[n]` to the loop's segment there). */
  path: string;
  description?: string;
  /** The steps inside a group (a condition's are its `true` branch, then its `false` one). */
  children?: FlowGraphNode[];
  /** In a DAG: the names of the sibling steps this one waits for. */
  after?: string[];
  /** In a condition: which branch this child is. */
  branch?: 'true' | 'false';
}

/** The steps of a workflow or a team (`GET /workflows/:name/graph`, `GET /teams/:name/graph`). */
export interface FlowGraph {
  name: string;
  kind: 'workflow' | 'team';
  description?: string;
  steps: FlowGraphNode[];
}

/** The structural shape of a step node of `@agno/workflow`. */
interface NodeShape {
  kind: string;
  name: string;
  options?: { description?: string };
  steps?: readonly NodeShape[];
  deps?: readonly (readonly number[])[];
  whenTrue?: NodeShape;
  whenFalse?: NodeShape;
  routes?: readonly NodeShape[];
  workflow?: { root?: NodeShape };
}

function rootOf(flow: unknown): NodeShape | undefined {
  const f = flow as { root?: NodeShape; workflow?: { root?: NodeShape } } | null;
  const root = f?.root ?? f?.workflow?.root;
  return root !== undefined && Array.isArray(root.steps) ? root : undefined;
}

function describeNode(node: NodeShape, parent: string, depth: number): FlowGraphNode {
  const path = parent === '' ? node.name : `${parent}/${node.name}`;
  const out: FlowGraphNode = { name: node.name, kind: node.kind, path };
  const description = node.options?.description;
  if (typeof description === 'string') out.description = description;
  if (depth > 32) return out;
  const list = (nodes: readonly NodeShape[]) => nodes.map((n) => describeNode(n, path, depth + 1));
  if (node.kind === 'condition' && node.whenTrue !== undefined) {
    const yes: FlowGraphNode = { ...describeNode(node.whenTrue, path, depth + 1), branch: 'true' };
    out.children = [yes];
    if (node.whenFalse !== undefined)
      out.children.push({ ...describeNode(node.whenFalse, path, depth + 1), branch: 'false' });
  } else if (node.kind === 'router' && Array.isArray(node.routes)) {
    out.children = list(node.routes);
  } else if (node.kind === 'workflow' && Array.isArray(node.workflow?.root?.steps)) {
    out.children = list(node.workflow.root.steps);
  } else if (Array.isArray(node.steps)) {
    out.children = list(node.steps);
    const deps = node.deps;
    if (node.kind === 'dag' && Array.isArray(deps)) {
      out.children.forEach((child, i) => {
        const mine = deps[i] ?? [];
        if (mine.length > 0) child.after = mine.map((j: number) => node.steps![j]!.name);
      });
    }
  }
  return out;
}

/** The graph of `flow`, or `undefined` when it has no step tree this server can read. */
export function flowGraph(
  kind: 'workflow' | 'team',
  name: string,
  flow: unknown,
  description: string | undefined,
): FlowGraph | undefined {
  const root = rootOf(flow);
  if (root === undefined) return undefined;
  const graph: FlowGraph = { name, kind, steps: root.steps!.map((n) => describeNode(n, '', 0)) };
  if (description !== undefined) graph.description = description;
  return graph;
}
