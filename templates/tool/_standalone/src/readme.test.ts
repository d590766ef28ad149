/** Runs the README's examples as written. */
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from './run-readme-example.js';

describe('README examples', () => {
  it('quick start', async () => {
    expect(await runReadmeExample('quick-start')).toEqual([[['Hi, Ada.']]]);
  });
});
