import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeMemoryStoreConformance } from '../testing/index.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'agno-sqlite-conformance-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeMemoryStoreConformance('SqliteStore (file)', (options) =>
  SqliteStore.open(join(dir, `store-${++n}.db`), options),
);
describeMemoryStoreConformance('SqliteStore (:memory:)', (options) => SqliteStore.open(':memory:', options));
