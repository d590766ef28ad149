/**
 * Graph checks for DAG steps: finding a cycle among dependencies.
 */

/**
 * A cycle in a dependency graph (`deps[i]` lists what `i` waits for), as the node indices
 * along it with the first repeated at the end, or `undefined` when there is none.
 * Iterative DFS, so deep graphs do not overflow the stack.
 */
export function findCycle(deps: readonly (readonly number[])[]): number[] | undefined {
  const n = deps.length;
  // 0 = unvisited, 1 = on the current path, 2 = done
  const color = new Uint8Array(n);
  const next = new Int32Array(n);
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (color[start] !== 0) continue;
    stack.push(start);
    color[start] = 1;
    while (stack.length > 0) {
      const v = stack[stack.length - 1]!;
      const list = deps[v]!;
      if (next[v]! < list.length) {
        const w = list[next[v]!++]!;
        if (color[w] === 1) {
          const from = stack.indexOf(w);
          const cycle = stack.slice(from);
          cycle.push(w);
          // deps point from a step to what it waits for; report in running order
          return cycle.reverse();
        }
        if (color[w] === 0) {
          color[w] = 1;
          stack.push(w);
        }
      } else {
        color[v] = 2;
        stack.pop();
      }
    }
  }
  return undefined;
}
