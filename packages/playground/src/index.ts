/**
 * @agno/playground: the agno dev playground — a page to chat with a server's agents, teams and
 * workflows, approve tool calls, browse sessions, state, memories and run timelines — served in
 * front of an `@agno/server` (`withPlayground`, `playground`) or by the `agno dev app.ts` bin.
 * The page talks only to the server's public API, through `@agno/server/client`.
 */
export { type PlaygroundHandler, playground, type WithPlayground, withPlayground } from './handler.js';
export { checkPrices, type PageConfig, type PlaygroundOptions } from './options.js';
export { costOf, type ModelPrice, type PriceTable, type TokenCounts } from './prices.js';
