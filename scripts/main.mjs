#!/usr/bin/env node
/** The main job (placeholder until the benchmarks land): install, build, run the example. */
import { installAndBuild, pnpm } from './pnpm.mjs';

installAndBuild();
pnpm(['--filter', '@agno/core', 'exec', 'node', '../../examples/quickstart.mjs'], { allowFail: false });
