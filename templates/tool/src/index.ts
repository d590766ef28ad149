/**
 * __pkg__: __Title__ tools for agno-ts agents, as one toolkit.
 */
export * from './toolkit.js';
