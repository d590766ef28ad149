/**
 * Loading the optional peer dependencies of `@agno/knowledge` (`unpdf`, `linkedom`, `openai`...)
 * on first use: core's one mechanism for optional peers, re-exported for the package's modules.
 */
export { loadPeer, missingPeer } from '@agno/core/utils';
