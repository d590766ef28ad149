import { afterAll, describe } from 'vitest';
import { dropSchemas, pgTestTarget, testSchema } from '../fixtures/pg-env.js';
import { describeMemoryStoreConformance } from '../testing/index.js';
import { PostgresStore } from './postgres-store.js';

const { connectionString, skipReason } = pgTestTarget();
const schema = testSchema('conformance');

describe.skipIf(skipReason !== undefined)(`PostgresStore ${skipReason ?? `(schema ${schema})`}`, () => {
  afterAll(() => dropSchemas(connectionString, [schema]));
  describeMemoryStoreConformance('PostgresStore', (options) =>
    PostgresStore.connect({ connectionString, schema, ...options }),
  );
});
