#!/usr/bin/env node
/**
 * Checks the public packages as a user receives them:
 *
 *   pnpm check-packs                 # every public package under packages/
 *   pnpm check-packs models-ollama   # some of them (folder names)
 *   pnpm check-packs --no-build      # skip `pnpm build` (dist must be current)
 *   pnpm check-packs --json          # the results as JSON on stdout
 *   pnpm check-packs --with @agno/models-mock   # also install a package the README forgot
 *
 * For each package: `pnpm pack`; `publint` on the tarball; `@arethetypeswrong/cli` on the tarball
 * (profile `esm-only`: types for `moduleResolution: node16` (ESM) and `bundler`); then an empty
 * project in a temp folder installs the tarball alone, with only its declared dependencies (the
 * other @agno/* packages it needs come from their tarballs, since they are not on the registry),
 * imports every entry point of its exports map, and runs its README quick-start example with tsx.
 * Model calls in examples go to the repository's local wire-format servers (OpenAI, Anthropic,
 * Ollama through OPENAI_BASE_URL / ANTHROPIC_BASE_URL / OLLAMA_HOST), which answer every call with
 * one text reply; no provider is ever called. An example that still fails only because no model
 * answered (or another server, such as Redis, is missing) counts as "needs a server", not as a
 * packaging problem.
 * Exit code 1 when a package fails to pack, install, lint, resolve types or import.
 * Network: only the npm registry (for the dependencies' installs).
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { withRequired } from './pack-all.mjs';

const exec = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const tsx = join(
  dirname(createRequire(join(root, 'benchmarks', 'package.json')).resolve('tsx/package.json')),
  'dist',
  'cli.mjs',
);
/** Where model calls of README examples go when no local server could start: a port nothing listens on. */
const CLOSED = 'http://127.0.0.1:9';
/** What the local wire-format servers answer every model call of a README example with. */
const REPLY = 'Reply from the check-packs local server.';

/**
 * Starts the repository's own wire-format servers (OpenAI and Anthropic, from the built
 * `testing` entries) answering every call with {@link REPLY}, so README examples run offline.
 * Returns the environment that points the examples at them, and a stop function.
 */
async function startModelServers() {
  const env = {
    OPENAI_API_KEY: 'sk-check-packs',
    OPENAI_BASE_URL: `${CLOSED}/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-check-packs',
    ANTHROPIC_BASE_URL: CLOSED,
    OLLAMA_HOST: CLOSED,
  };
  const servers = [];
  const load = (dir) =>
    import(join(root, 'packages', dir, 'dist', 'testing', 'index.js')).catch(() => undefined);
  const openai = await load('models-openai');
  if (openai?.FakeOpenAIServer) {
    const server = await openai.FakeOpenAIServer.start({ respond: { text: REPLY }, record: false });
    servers.push(server);
    env.OPENAI_BASE_URL = server.baseURL;
    env.OLLAMA_HOST = server.baseURL.replace(/\/v1$/, '');
  }
  const anthropic = await load('models-anthropic');
  if (anthropic?.FakeAnthropicServer) {
    const server = await anthropic.FakeAnthropicServer.start({ respond: () => ({ text: REPLY }) });
    servers.push(server);
    env.ANTHROPIC_BASE_URL = server.url;
  }
  const google = await load('models-google');
  if (google?.FakeGoogleServer) {
    const server = await google.FakeGoogleServer.start({ respond: () => ({ text: REPLY }) });
    servers.push(server);
    env.GOOGLE_API_KEY = 'check-packs-google-key';
    env.GOOGLE_GEMINI_BASE_URL = server.url;
  }
  return { env, stop: () => Promise.all(servers.map((server) => server.close())) };
}

/** Runs a command; never throws: `{ ok, out }` with stdout and stderr together. */
async function run(cmd, args, options = {}) {
  try {
    const { stdout, stderr } = await exec(cmd, args, { maxBuffer: 2 ** 26, ...options });
    return { ok: true, out: `${stdout}${stderr}` };
  } catch (error) {
    return { ok: false, out: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message };
  }
}

function publicPackages(only) {
  return readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
    .map((dir) => ({
      dir,
      pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
    }))
    .filter(({ dir, pkg }) => !pkg.private && (only.length === 0 || only.includes(dir)));
}

/** The README example to run: the block marked `example=quick-start`, else the first ```ts block. */
export function readmeExample(readme) {
  const marked = /```ts example=quick-start\n([\s\S]*?)```/.exec(readme);
  return (marked ?? /```ts[^\n]*\n([\s\S]*?)```/.exec(readme))?.[1];
}

/**
 * The packages the README's install block names: every `pnpm add …` / `npm install …` line of
 * the first code block that has one (what a user following the README installs).
 */
export function readmeInstall(readme) {
  const first = /^(?:pnpm add|npm install|npm i)\s/m.exec(readme);
  if (first === null) return [];
  const end = readme.indexOf('```', first.index);
  const block = readme.slice(first.index, end < 0 ? undefined : end);
  const words = [];
  for (const match of block.matchAll(/^(?:pnpm add|npm install|npm i)\s+([^#\n]+)/gm)) {
    for (const word of match[1].split(/\s+/)) if (word !== '' && !word.startsWith('-')) words.push(word);
  }
  return [...new Set(words)];
}

const firstLines = (text, n = 6) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .join('\n');

/** The line of `out` that says what went wrong (node prints its stack frame header first). */
function errorLine(out) {
  return (
    out
      .split('\n')
      .find((l) => /^\w*(Error|Exception)\b|^\s*\w+Error[:[]/.test(l))
      ?.trim() ?? firstLines(out, 4)
  );
}

async function check({ dir, pkg }, tarballs, all, work, extra, modelEnv) {
  const result = { name: pkg.name, pack: true, publint: '', attw: '', install: '', imports: [], example: '' };
  const problems = [];
  const tarball = tarballs.get(pkg.name);

  const lint = await run(bin('publint'), ['run', tarball, '--level', 'warning']);
  result.publint =
    lint.ok && !/warning|error/i.test(lint.out.replace(/^.*All good.*$/m, ''))
      ? 'ok'
      : firstLines(lint.out, 12);
  if (!lint.ok) problems.push('publint');

  const types = await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
  result.attw = types.ok ? 'ok' : firstLines(types.out, 20);
  if (!types.ok) problems.push('attw');

  const project = join(work, `project-${dir}`);
  mkdirSync(project);
  const readmePath = join(root, 'packages', dir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  // What the README tells the user to install beside the package (as they would, by name).
  const alongside = [...new Set([...readmeInstall(readme), ...extra])].filter((name) => name !== pkg.name);
  const needed = withRequired([pkg.name, ...alongside], all);
  const overrides = Object.fromEntries(needed.map((n) => [n, `file:${tarballs.get(n)}`]));
  const dependencies = { [pkg.name]: `file:${tarball}` };
  // A peer on @agno/core is what every plugin has; the user installs core beside it.
  if (pkg.peerDependencies?.['@agno/core']) dependencies['@agno/core'] = `file:${tarballs.get('@agno/core')}`;
  for (const name of alongside) {
    dependencies[name] = all.has(name)
      ? `file:${tarballs.get(name)}`
      : (pkg.peerDependencies?.[name] ?? pkg.devDependencies?.[name] ?? 'latest');
  }
  result.installed = Object.keys(dependencies);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'check-packs-project',
      private: true,
      type: 'module',
      dependencies,
      // Native addons build as a user's `pnpm approve-builds` would let them.
      pnpm: { overrides, onlyBuiltDependencies: ['better-sqlite3', 'esbuild'] },
    }),
  );
  const install = await run(
    'pnpm',
    ['install', '--ignore-workspace', '--reporter=append-only', '--config.auto-install-peers=true'],
    {
      cwd: project,
    },
  );
  result.install = install.ok ? 'ok' : firstLines(install.out, 12);
  if (!install.ok) return { ...result, problems: [...problems, 'install'] };

  const optionalPeers = Object.keys(pkg.peerDependenciesMeta ?? {}).filter(
    (p) => pkg.peerDependenciesMeta[p].optional,
  );
  for (const entry of Object.keys(pkg.exports ?? { '.': null })) {
    if (entry === './package.json') continue;
    const spec = entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`;
    const loaded = await run(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(spec)})`],
      {
        cwd: project,
      },
    );
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec(loaded.out)?.[1];
    const peer = optionalPeers.find((p) => missing === p || missing?.startsWith(`${p}/`));
    const status = loaded.ok ? 'ok' : peer ? `needs optional peer ${peer}` : firstLines(loaded.out, 4);
    result.imports.push({ entry: spec, status });
    if (!loaded.ok && !peer) problems.push(`import ${spec}`);
  }

  // A CommonJS app's `require()` of the main entry: Node 20.19+ loads ES modules synchronously
  // through the exports map's `default` condition.
  const required = await run(process.execPath, ['-e', `require(${JSON.stringify(pkg.name)})`], {
    cwd: project,
  });
  result.require = required.ok ? 'ok' : firstLines(required.out, 4);
  if (!required.ok) problems.push('require');

  const example = readmeExample(readme);
  if (example === undefined) result.example = 'no ```ts example in README.md';
  else {
    writeFileSync(join(project, 'example.ts'), example);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...modelEnv };
    const ran = await run(process.execPath, [tsx, 'example.ts'], { cwd: project, env, timeout: 60_000 });
    const packaging =
      /ERR_MODULE_NOT_FOUND|ERR_PACKAGE_PATH_NOT_EXPORTED|Cannot find (package|module)|SyntaxError/.test(
        ran.out,
      );
    // A README that calls a hosted provider needs its network or its key, and one that reads the
    // user's files needs them: not a packaging problem.
    const needsModel =
      /could not reach|ECONNREFUSED|Connection error|fetch failed|needs an API key|no usable credentials|is not a readable folder/i.test(
        ran.out,
      );
    result.example = ran.ok
      ? ran.out.includes(REPLY)
        ? 'ran (its model calls answered by the local server)'
        : 'ran'
      : needsModel && !packaging
        ? `needs a provider's server or key, or files, it does not have (not a packaging problem): ${errorLine(ran.out)}`
        : `failed: ${errorLine(ran.out)}`;
    if (!ran.ok && !needsModel) problems.push('README example');
  }
  return { ...result, problems };
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const extra = [];
  for (let i = args.indexOf('--with'); i >= 0; i = args.indexOf('--with'))
    extra.push(...args.splice(i, 2).slice(1));
  const only = args.filter((a) => !a.startsWith('--'));
  const started = performance.now();
  const log = json ? () => {} : (line) => console.log(line);

  if (!args.includes('--no-build')) {
    log('building (turbo, cached)...');
    const built = await run('pnpm', ['build'], { cwd: root });
    if (!built.ok) {
      console.error(firstLines(built.out, 40));
      return 1;
    }
  }

  const all = new Map(publicPackages([]).map((p) => [p.pkg.name, p]));
  const selected = publicPackages(only);
  const work = mkdtempSync(join(tmpdir(), 'agno-check-packs-'));
  const tarballs = new Map();
  const results = [];
  const servers = await startModelServers();
  try {
    const packDir = join(work, 'tarballs');
    mkdirSync(packDir);
    for (const { dir, pkg } of all.values()) {
      const packed = await run('pnpm', ['pack', '--pack-destination', packDir], {
        cwd: join(root, 'packages', dir),
      });
      const file = readdirSync(packDir).find((f) =>
        f.startsWith(`${pkg.name.replace('@', '').replace('/', '-')}-`),
      );
      if (!packed.ok || file === undefined) {
        results.push({ name: pkg.name, pack: false, problems: ['pack'], error: firstLines(packed.out) });
        continue;
      }
      tarballs.set(pkg.name, join(packDir, file));
    }
    for (const p of selected) {
      if (!tarballs.has(p.pkg.name)) continue;
      const t0 = performance.now();
      log(`checking ${p.pkg.name}...`);
      const r = await check(p, tarballs, all, work, extra, servers.env);
      results.push({ ...r, seconds: Math.round((performance.now() - t0) / 100) / 10 });
    }
  } finally {
    await servers.stop();
    if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }

  const seconds = Math.round((performance.now() - started) / 1000);
  if (json) console.log(JSON.stringify({ seconds, results }, null, 2));
  else {
    for (const r of results) {
      console.log(`\n${r.problems.length === 0 ? '✓' : '✗'} ${r.name}${r.seconds ? ` (${r.seconds}s)` : ''}`);
      if (!r.pack) {
        console.log(`  pack: ${r.error}`);
        continue;
      }
      console.log(`  publint: ${r.publint.replaceAll('\n', '\n    ')}`);
      console.log(`  attw (node16 ESM, bundler): ${r.attw.replaceAll('\n', '\n    ')}`);
      if (r.require !== undefined) console.log(`  require() (CommonJS, Node 20.19+): ${r.require}`);
      console.log(
        `  install alone (${(r.installed ?? []).join(' ')}): ${r.install.replaceAll('\n', '\n    ')}`,
      );
      for (const i of r.imports) console.log(`  import ${i.entry}: ${i.status.replaceAll('\n', '\n    ')}`);
      console.log(`  README example: ${r.example.replaceAll('\n', '\n    ')}`);
    }
    const failed = results.filter((r) => r.problems.length > 0);
    console.log(
      `\n${results.length - failed.length}/${results.length} packages pass (${seconds}s)` +
        (failed.length
          ? `; problems: ${failed.map((r) => `${r.name} [${r.problems.join(', ')}]`).join('; ')}`
          : ''),
    );
  }
  return results.some((r) => r.problems.length > 0) ? 1 : 0;
}

if (basename(process.argv[1] ?? '') === 'check-packs.mjs') process.exitCode = await main();
