/**
 * @agno/test-utils: test helpers shared by the workspace packages (private, not published).
 * Run a README's examples against the current sources and capture what they print.
 */
export { type CapturedOutput, captureOutput, formatArgs } from './capture-output.js';
export { CHROMIUM_ARGS, chromiumPath, launchChromium } from './chromium.js';
export {
  type DescribeExampleFilesOptions,
  describeExampleFiles,
  type ExampleFile,
} from './describe-example-files.js';
export { exampleFiles, verbatimMismatches } from './example-files.js';
export { findBlock, type ReadmeBlock, readmeBlocks, readReadmeBlocks } from './readme-blocks.js';
export { type RunReadmeExampleOptions, runReadmeExample } from './run-readme-example.js';
export { serviceFromEnv, uniqueName } from './service-env.js';
export { PACKAGES_DIR, sourceEntry, toSourceImports } from './source-imports.js';
