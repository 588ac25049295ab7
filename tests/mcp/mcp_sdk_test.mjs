#!/usr/bin/env node
// End-to-end test of `parley mcp` (docs/mcp.md) through the official MCP TypeScript SDK:
// the SDK's Client and StdioClientTransport start the server, list its tools and call every one
// of them with valid arguments, checking real values against the command line (`parley solve
// --json`, `robust --json`, `divide --json`, `solve --proofs`) and against utilities computed
// here, independently, from the scenario files; then play negotiation sessions (deadline,
// acceptance, walk-away) checking that the caller only ever sees its own utilities; then bad
// arguments, which must give isError results with messages naming the argument.
//
// Usage: node mcp_sdk_test.mjs --parley PATH --examples DIR [--shared DIR] [--verbose]
// Exit code: 0 when every check passed, 1 when one failed, 2 on bad usage.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { EmptyResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import { mulberry32 } from '../support/seeded_random.mjs';

// --- Arguments ---

function parseArgs(argv) {
  const out = { verbose: false };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--verbose') out.verbose = true;
    else if (['--parley', '--examples', '--shared'].includes(a) && i + 1 < argv.length)
      out[a.slice(2)] = argv[++i];
    else usage(`unknown or incomplete argument '${a}'`);
  }
  if (!out.parley || !out.examples) usage('--parley and --examples are required');
  return out;
}

function usage(message) {
  console.error(`mcp_sdk_test: ${message}`);
  console.error('usage: node mcp_sdk_test.mjs --parley PATH --examples DIR [--shared DIR] [--verbose]');
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
const PARLEY = path.resolve(args.parley);
const EXAMPLES = path.resolve(args.examples);
const SHARED = args.shared ? path.resolve(args.shared) : null;
if (!fs.existsSync(PARLEY)) usage(`--parley ${PARLEY}: no such file`);
if (!fs.statSync(EXAMPLES, { throwIfNoEntry: false })?.isDirectory())
  usage(`--examples ${EXAMPLES}: not a folder`);

// --- Checking ---

class CheckFailure extends Error {}
const failures = [];
let checksRun = 0;

function fail(message) {
  throw new CheckFailure(message);
}

function assert(condition, message) {
  ++checksRun;
  if (!condition) fail(typeof message === 'function' ? message() : message);
}

// The first path where two JSON values differ, for messages.
function firstDifference(a, b, where = '$') {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a === 'string' && typeof b === 'string') {
    let i = 0;
    while (i < a.length && a[i] === b[i]) ++i;
    const from = Math.max(0, i - 60);
    return `${where}: texts differ at character ${i}: ${short(a.slice(from, i + 60))} vs ${short(b.slice(from, i + 60))}`;
  }
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null ||
      typeof a !== 'object')
    return `${where}: ${short(a)} vs ${short(b)}`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${where}: arrays of ${a.length} and ${b.length} items`;
    for (let i = 0; i < a.length; ++i) {
      const d = firstDifference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return `${where}: differ`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!(k in a)) return `${where}.${k}: missing on the left (right: ${short(b[k])})`;
    if (!(k in b)) return `${where}.${k}: missing on the right (left: ${short(a[k])})`;
    const d = firstDifference(a[k], b[k], `${where}.${k}`);
    if (d) return d;
  }
  return `${where}: differ`;
}

function short(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 160 ? text.slice(0, 160) + '...' : text;
}

function assertEqual(actual, expected, what) {
  ++checksRun;
  const d = firstDifference(actual, expected);
  if (d) fail(`${what}: differs at ${d}`);
}

function assertClose(actual, expected, what, tolerance = 1e-9) {
  ++checksRun;
  if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tolerance))
    fail(`${what}: found ${actual}, expected ${expected} (within ${tolerance})`);
}

const log = (...m) => console.log(...m);
const detail = (...m) => args.verbose && console.log('   ', ...m);

async function section(name, body) {
  const started = Date.now();
  try {
    await body();
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    const message = e instanceof CheckFailure ? e.message : `${e?.stack ?? e}`;
    failures.push(`${name}: ${message}`);
    log(`FAIL ${name} (${Date.now() - started} ms)\n     ${message.replace(/\n/g, '\n     ')}`);
    if (noteExit()) {
      log(`the server is gone (${serverExit}); stopping`);
      await finish();
    }
  }
}

// --- The command line, for the reference answers ---

function cli(...cliArgs) {
  try {
    return execFileSync(PARLEY, cliArgs, { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    fail(`parley ${cliArgs.join(' ')} failed (exit ${e.status}): ${e.stderr}`);
  }
}
const cliJson = (...cliArgs) => JSON.parse(cli(...cliArgs));

// --- Seeded randomness ---

const random = mulberry32(20240611);
const pick = (list) => list[Math.floor(random() * list.length)];

// --- Utilities computed independently from a native scenario file (docs/scenario-format.md) ---

function optionName(option) {
  return typeof option === 'object' && option !== null ? String(option.name) : String(option);
}

// `labels`: the option labels of each issue in order (the server's, checked against the file here).
function scenarioModel(doc, labels) {
  const issues = doc.issues.map((issue, i) => {
    let values = null;  // the number of each option, numeric issues only
    let expected = null;
    if (issue.options) {
      expected = issue.options.map(optionName);
    } else if (issue.range) {
      const [lo, hi] = issue.range;
      expected = [];
      for (let x = lo; x <= hi; ++x) expected.push(String(x));
      values = expected.map(Number);
    } else if (issue.real) {
      const [lo, hi] = issue.real;
      const steps = issue.steps ?? 11;
      values = labels[i].map(Number);
      assert(values.length === (lo === hi ? 1 : steps),
             `${doc.name}: issue ${issue.name} has ${values.length} options, expected ${steps}`);
      values.forEach((x, k) =>
        assertClose(x, lo + ((hi - lo) * k) / (steps - 1), `${doc.name}: ${issue.name} option ${k}`, 1e-9));
      expected = labels[i];
    } else {
      fail(`${doc.name}: issue ${issue.name} of an unknown kind`);
    }
    assertEqual(labels[i], expected, `${doc.name}: the options of issue ${issue.name}`);
    const lower = issue.range ? issue.range[0] : issue.real ? issue.real[0] : 0;
    return { name: issue.name, labels: labels[i], values, lower };
  });

  const valueFunction = (party, issue) => {
    const key = issue.name;
    if (party.scores?.[key]) {
      const table = Object.fromEntries(Object.entries(party.scores[key]).map(([k, v]) => [String(k), v]));
      const best = Math.max(...Object.values(table));
      return (label) => (best > 0 ? table[label] / best : 0);
    }
    if (party.utilities?.[key]) {
      const table = Object.fromEntries(Object.entries(party.utilities[key]).map(([k, v]) => [String(k), v]));
      return (label) => table[label];
    }
    const f = party.functions?.[key];
    if (f) {
      const x = (label) => issue.values[issue.labels.indexOf(label)];
      if (f.linear) {
        const { slope = 0, offset = 0, origin = issue.lower, clip = true } = f.linear;
        return (label) => {
          const v = offset + slope * (x(label) - origin);
          return clip ? Math.min(1, Math.max(0, v)) : v;
        };
      }
      if (f.triangular) {
        const { lower: a, upper: b, top: c } = f.triangular;
        return (label) => {
          const v = x(label);
          if (v < a || v > b) return 0;
          if (v <= c) return c === a ? 1 : (v - a) / (c - a);
          return b === c ? 1 : (b - v) / (b - c);
        };
      }
      if ('constant' in f) return () => f.constant;
    }
    return null;
  };

  const parties = doc.parties.map((party) => {
    if (!party.weights) return { name: party.name, utility: null };  // nonlinear: not modelled here
    const total = Object.values(party.weights).reduce((s, w) => s + w, 0);
    const terms = issues.map((issue) => {
      const w = (party.weights[issue.name] ?? 0) / total;
      if (w === 0) return null;
      const e = valueFunction(party, issue);
      if (!e) fail(`${doc.name}: no value function for ${party.name}.${issue.name}`);
      return { issue: issue.name, w, e };
    }).filter(Boolean);
    const utility = (pkg) => terms.reduce((s, t) => s + t.w * t.e(String(pkg[t.issue])), 0);
    let walkAway = 0;
    if (typeof party.walk_away === 'number') walkAway = party.walk_away;
    else if (party.walk_away === 'status_quo') walkAway = utility(doc.status_quo);
    else if (party.walk_away_package) walkAway = utility(party.walk_away_package);
    return { name: party.name, utility, walkAway };
  });

  const size = issues.reduce((n, i) => n * i.labels.length, 1);
  function* all() {
    const index = issues.map(() => 0);
    for (let n = 0; n < size; ++n) {
      yield Object.fromEntries(issues.map((issue, i) => [issue.name, issue.labels[index[i]]]));
      for (let i = issues.length - 1; i >= 0; --i) {
        if (++index[i] < issues[i].labels.length) break;
        index[i] = 0;
      }
    }
  }
  const randomPackage = () =>
    Object.fromEntries(issues.map((issue) => [issue.name, pick(issue.labels)]));
  const packageOf = (values) =>
    Object.fromEntries(issues.map((issue, i) => [issue.name, issue.labels[values[i]]]));
  return { name: doc.name, issues, parties, size, all, randomPackage, packageOf };
}

// --- The server ---

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-mcp-sdk-'));
const transport = new StdioClientTransport({
  command: PARLEY,
  args: ['mcp'],
  cwd: workDir,
  stderr: 'pipe',
});
let serverStderr = '';
transport.stderr?.on('data', (chunk) => { serverStderr += chunk; });
let serverExit = null;  // "exit code N" / "signal S" once the process ended
let exitWaiters = [];
const client = new Client({ name: 'parley-mcp-sdk-test', version: '1.0.0' });
const TIMEOUT = { timeout: 180_000 };
const TIMEOUT_CONNECT = { timeout: 30_000 };

async function tool(name, toolArgs) {
  const result = await client.callTool({ name, arguments: toolArgs }, undefined, TIMEOUT);
  const where = `${name}(${short(toolArgs)})`;
  assert(Array.isArray(result.content) && result.content.length === 1 &&
         result.content[0].type === 'text' && typeof result.content[0].text === 'string',
         `${where}: expected one text item, found ${short(result.content)}`);
  assert(result.isError !== true, () => `${where}: isError: ${result.content[0].text}`);
  assert(result.structuredContent && typeof result.structuredContent === 'object',
         `${where}: no structuredContent`);
  if (name !== 'certify')
    assertEqual(JSON.parse(result.content[0].text), result.structuredContent,
                `${where}: the text item and structuredContent`);
  return result.structuredContent;
}

// A call that must answer isError with a message matching every pattern.
async function toolError(name, toolArgs, ...patterns) {
  const result = await client.callTool({ name, arguments: toolArgs }, undefined, TIMEOUT);
  const where = `${name}(${short(toolArgs)})`;
  assert(result.isError === true, () => `${where}: expected isError, found ${short(result)}`);
  assert(Array.isArray(result.content) && result.content[0]?.type === 'text',
         `${where}: an error result without a text item`);
  const message = result.content[0].text;
  for (const p of patterns)
    assert(p.test(message), `${where}: the message '${message}' does not match ${p}`);
  detail(`${name}: ${message}`);
  return message;
}

async function finish() {
  const started = Date.now();
  await client.close().catch(() => {});
  if (!noteExit() && watchedChild)
    await new Promise((resolve) => {
      exitWaiters.push(resolve);
      setTimeout(resolve, 5000);
    });
  noteExit();
  if (serverExit !== 'exit code 0')
    failures.push(`the server did not exit 0 at the end of its input: ${serverExit ?? 'still running'}`);
  if (serverStderr.trim()) log(`server stderr:\n${serverStderr.trim()}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  log(`closed (${Date.now() - started} ms): ${serverExit}`);
  if (failures.length) {
    log(`\n${failures.length} FAILED (${checksRun} checks):`);
    for (const f of failures) log(`  - ${f}`);
    process.exit(1);
  }
  log(`\nall ${checksRun} checks passed`);
  process.exit(0);
}

// --- The tests ---

const TOOLS = {
  load_scenario: [],
  analyse: ['scenario'],
  evaluate: ['scenario', 'party', 'package'],
  equal_value_packages: ['scenario', 'party', 'package'],
  robust: ['scenario'],
  certify: ['scenario'],
  divide: ['scenario'],
  negotiation_start: ['scenario', 'party'],
  negotiation_act: ['session', 'action'],
  negotiation_close: ['session'],
};

const started = Date.now();
const examples = [];  // {file, id, doc, model, analysis}

// The SDK keeps the child process in transport._process: only used here to see how it ended.
let watchedChild = null;
function noteExit() {
  if (!serverExit && watchedChild && (watchedChild.exitCode !== null || watchedChild.signalCode !== null))
    serverExit = watchedChild.signalCode ? `signal ${watchedChild.signalCode}` : `exit code ${watchedChild.exitCode}`;
  return serverExit;
}
function watchChild() {
  if (watchedChild || !transport._process) return;
  watchedChild = transport._process;
  watchedChild.on('exit', () => {
    noteExit();
    for (const w of exitWaiters) w();
  });
  noteExit();
}

// Sections that everything after them needs: when one fails, the run stops.
async function essential(name, body) {
  const before = failures.length;
  await section(name, body);
  if (failures.length > before) {
    log('an essential step failed; stopping');
    await finish();
  }
}

await essential('initialize (SDK Client + StdioClientTransport)', async () => {
  const connecting = client.connect(transport, TIMEOUT_CONNECT);
  watchChild();
  await connecting;
  watchChild();
  const info = client.getServerVersion();
  assertEqual(info?.name, 'parley', 'serverInfo.name');
  const version = cli('--version').trim().replace(/^parley\s+/, '');
  assertEqual(info?.version, version, 'serverInfo.version (parley --version)');
  assert(client.getServerCapabilities()?.tools, 'the server does not declare the tools capability');
  assert((client.getInstructions() ?? '').length > 20, 'no instructions');
  await client.ping(TIMEOUT);
});

await section('tools/list: the exact set, each with an inputSchema', async () => {
  const { tools } = await client.listTools(undefined, TIMEOUT);
  assertEqual(tools.map((t) => t.name).sort(), Object.keys(TOOLS).sort(), 'tool names');
  for (const t of tools) {
    assert(typeof t.description === 'string' && t.description.length > 10, `${t.name}: no description`);
    const s = t.inputSchema;
    assert(s && s.type === 'object' && typeof s.properties === 'object',
           `${t.name}: inputSchema is not an object schema: ${short(s)}`);
    assertEqual([...(s.required ?? [])].sort(), [...TOOLS[t.name]].sort(), `${t.name}: required arguments`);
    for (const r of s.required ?? [])
      assert(r in s.properties, `${t.name}: required ${r} is not a property`);
  }
});

await essential('load_scenario: every example', async () => {
  const files = fs.readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f)).sort();
  assert(files.length >= 3, `only ${files.length} example scenarios in ${EXAMPLES}`);
  for (const f of files) {
    const file = path.join(EXAMPLES, f);
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    if (doc?.parley === undefined) continue;  // not a scenario (tournament files live in a subfolder)
    const loaded = await tool('load_scenario', { path: file });
    assert(/^s\d+$/.test(loaded.scenario), `${f}: scenario id ${short(loaded.scenario)}`);
    assertEqual(loaded.name, doc.name ?? path.basename(f).replace(/\.ya?ml$/, ''), `${f}: name`);
    assert(Array.isArray(loaded.warnings), `${f}: warnings is not a list`);
    assert(loaded.description && typeof loaded.description === 'object', `${f}: no description`);
    examples.push({ file, base: f, id: loaded.scenario, doc });
  }
  assertEqual(new Set(examples.map((e) => e.id)).size, examples.length, 'distinct scenario ids');
});

await section('analyse == parley solve --json (all, zone, none, default) on every example', async () => {
  for (const ex of examples) {
    for (const frontier of ['all', 'zone', 'none', undefined]) {
      const got = await tool('analyse', frontier ? { scenario: ex.id, frontier } : { scenario: ex.id });
      const expected = cliJson('solve', '--json', '--frontier', frontier ?? 'all', ex.file);
      assertEqual(got, expected, `${ex.base}: analyse frontier=${frontier ?? '(default)'}`);
      if (frontier === 'all') ex.analysis = got;
    }
    ex.model = scenarioModel(ex.doc, ex.analysis.scenario.issues.map((i) => i.labels));
    detail(`${ex.base}: ${ex.analysis.solutions.length} solutions, frontier ${ex.analysis.frontier.size}`);
  }
});

async function evaluate(id, party, pkg) {
  return tool('evaluate', { scenario: id, party, package: pkg });
}

await section('evaluate == independent utilities from the files, and == analyse', async () => {
  for (const ex of examples) {
    const { model, analysis } = ex;
    for (const [p, party] of model.parties.entries()) {
      assert(party.utility, `${ex.base}: party ${party.name} is not linear-additive`);
      const packages = Array.from({ length: 12 }, () => model.randomPackage());
      for (const pkg of packages) {
        const r = await evaluate(ex.id, party.name, pkg);
        const expected = party.utility(pkg);
        assertClose(r.utility, expected, `${ex.base}: ${party.name}'s utility of ${short(pkg)}`);
        assertEqual(r.party, party.name, 'evaluate: party');
        assertEqual(r.package, pkg, 'evaluate: package echoed');
        assertClose(r.walk_away, party.walkAway, `${ex.base}: ${party.name}'s walk-away`, 1e-12);
        assertEqual(r.acceptable, r.utility >= r.walk_away, `${ex.base}: acceptable of ${short(pkg)}`);
      }
      // Every solution's packages: the utilities analyse reports.
      for (const solution of analysis.solutions) {
        for (const sp of solution.packages) {
          const pkg = model.packageOf(sp.values);
          const r = await evaluate(ex.id, party.name, pkg);
          assertClose(r.utility, sp.utilities[p], `${ex.base}: ${solution.kind}: ${party.name}'s utility`, 1e-12);
          assertClose(r.utility, party.utility(pkg), `${ex.base}: ${solution.kind}: independent`);
        }
      }
    }
  }
  // Options of numeric issues may be given as JSON numbers.
  const job = examples.find((e) => e.model.issues.some((i) => i.values && i.labels.includes('70')));
  if (job) {
    const issue = job.model.issues.find((i) => i.labels.includes('70'));
    const pkg = job.model.randomPackage();
    pkg[issue.name] = '70';
    const asNumber = { ...pkg, [issue.name]: 70 };
    const a = await evaluate(job.id, job.model.parties[0].name, pkg);
    const b = await evaluate(job.id, job.model.parties[0].name, asNumber);
    assertEqual(b.utility, a.utility, 'an integer option given as a JSON number');
  }
});

await section('equal_value_packages: within tolerance, closest first, never the package itself', async () => {
  for (const ex of examples) {
    const { model } = ex;
    if (model.size > 20000) continue;  // the independent enumeration below stays small
    const all = [...model.all()];
    const nash = ex.analysis.solutions.find((s) => s.kind === 'nash');
    const given = nash ? model.packageOf(nash.packages[0].values) : model.randomPackage();
    for (const party of model.parties) {
      for (const [tolerance, limit] of [[undefined, undefined], [0.05, 10], [0, 100], [0.2, 3]]) {
        const callArgs = { scenario: ex.id, party: party.name, package: given };
        if (tolerance !== undefined) callArgs.tolerance = tolerance;
        if (limit !== undefined) callArgs.limit = limit;
        const r = await tool('equal_value_packages', callArgs);
        const tol = tolerance ?? 0.02;
        const lim = limit ?? 10;
        const what = `${ex.base}: ${party.name}, tolerance ${tol}, limit ${lim}`;
        const target = (await evaluate(ex.id, party.name, given)).utility;
        assertEqual(r.party, party.name, `${what}: party`);
        assertClose(r.utility, target, `${what}: the package's utility`, 0);
        assertClose(r.tolerance, tol, `${what}: tolerance`, 0);
        // Independently: every other package's distance to the target.
        const others = all.filter((p) => !isDeepStrictEqual(p, given))
          .map((p) => Math.abs(party.utility(p) - party.utility(given)))
          .sort((a, b) => a - b);
        const surely = others.filter((d) => d <= tol - 1e-9).length;
        const maybe = others.filter((d) => d <= tol + 1e-9).length;
        assert(r.found >= surely && r.found <= maybe,
               `${what}: found ${r.found}, expected ${surely}..${maybe} packages within tolerance`);
        assertEqual(r.packages.length, Math.min(lim, r.found), `${what}: packages listed`);
        let previous = -1;
        const seen = new Set();
        for (const [k, item] of r.packages.entries()) {
          assert(!isDeepStrictEqual(item.package, given), `${what}: lists the given package itself`);
          const key = JSON.stringify(item.package);
          assert(!seen.has(key), `${what}: lists ${key} twice`);
          seen.add(key);
          const checked = await evaluate(ex.id, party.name, item.package);
          assertClose(item.utility, checked.utility, `${what}: utility of ${key} (evaluate)`, 0);
          const distance = Math.abs(checked.utility - target);
          assert(distance <= tol + 1e-12, `${what}: ${key} is ${distance} away`);
          assert(distance >= previous - 1e-12, `${what}: not closest first at item ${k}`);
          assertClose(distance, others[k], `${what}: item ${k} is not the ${k + 1}th closest`, 1e-9);
          previous = distance;
        }
      }
    }
  }
});

await section('robust == parley robust --json (defaults; samples/seed) on every example', async () => {
  let uncertain = 0;
  for (const ex of examples) {
    const got = await tool('robust', { scenario: ex.id });
    assertEqual(got, cliJson('robust', '--json', ex.file), `${ex.base}: robust (defaults)`);
    const hasUncertainty = ex.doc.parties.some((p) => p.uncertainty);
    if (hasUncertainty) {
      ++uncertain;
      assert(got.parties.some((p) => p.statements?.length > 0),
             `${ex.base}: robust shows none of the declared uncertainty`);
      const got2 = await tool('robust', { scenario: ex.id, samples: 500, seed: 7 });
      assertEqual(got2, cliJson('robust', '--json', '--samples', '500', '--seed', '7', ex.file),
                  `${ex.base}: robust samples=500 seed=7`);
      assertEqual([got2.samples, got2.seed], [500, 7], `${ex.base}: robust echoes samples and seed`);
    }
  }
  assert(uncertain > 0, 'no example declares uncertainty: robust was not tested on one');
});

await section('certify: the proofs of parley solve --proofs', async () => {
  let certified = 0;
  for (const ex of examples) {
    const result = await client.callTool({ name: 'certify', arguments: { scenario: ex.id } }, undefined, TIMEOUT);
    assert(!result.isError, `${ex.base}: certify: ${result.content?.[0]?.text}`);
    const text = result.content[0].text;
    assertEqual(result.structuredContent, { proofs: text }, `${ex.base}: certify structuredContent`);
    const reference = cli('solve', '--proofs', ex.file);
    if (text.startsWith('No certificate: ')) {
      // A scenario the certificates do not cover (real issues): the same words as the CLI.
      assert(reference.trimEnd().endsWith(text.trim()), `${ex.base}: certify: '${text.trim()}' is not what parley solve --proofs says`);
      detail(`${ex.base}: ${text.trim()}`);
      continue;
    }
    ++certified;
    const m = /^Certificate for .*: (\d+) claims, (\d+) proved/.exec(text);
    assert(m, `${ex.base}: certify text does not start with the certificate line: ${short(text)}`);
    assert(Number(m[1]) >= 1 && m[1] === m[2], `${ex.base}: not every claim proved: ${m[0]}`);
    const at = reference.indexOf('Certificate for ');
    assert(at >= 0, `${ex.base}: parley solve --proofs printed no certificate`);
    // The CLI may print more after the proofs (a division scenario's fair division).
    const proofs = reference.slice(at, at + text.trim().length);
    assertEqual(text.trim(), proofs, `${ex.base}: certify vs parley solve --proofs`);
    assert(/^\s*($|\n\n)/.test(reference.slice(at + proofs.length)),
           `${ex.base}: parley solve --proofs goes on with more proofs than certify gives`);
    for (const s of ex.analysis.solutions.filter((s) => ['nash', 'utilitarian'].includes(s.kind)))
      assert(text.toLowerCase().includes(s.kind), `${ex.base}: no ${s.kind} claim in the proofs`);
  }
  assert(certified > 0, 'no example was certified');
});

const isDivision = (ex) =>
  ex.doc.issues.every((i) => i.options &&
    isDeepStrictEqual(i.options.map(optionName).sort(), ex.doc.parties.map((p) => p.name).sort()));

await section('divide == parley divide --json on a division scenario; refused otherwise', async () => {
  const divisions = examples.filter(isDivision);
  assert(divisions.length > 0, 'no division scenario among the examples');
  for (const ex of divisions)
    assertEqual(await tool('divide', { scenario: ex.id }), cliJson('divide', '--json', ex.file),
                `${ex.base}: divide`);
  const other = examples.find((e) => !isDivision(e));
  await toolError('divide', { scenario: other.id }, /not a division scenario/);
});

// A three-party scenario given as JSON text (load_scenario's `text`).
const THREE = {
  parley: 1,
  name: 'Three-way test',
  issues: [
    { name: 'site', options: ['north', 'south', 'east'] },
    { name: 'budget', range: [0, 4] },
    { name: 'rate', real: [1, 2], steps: 5 },
  ],
  parties: [
    { name: 'p1', walk_away: 0.2, weights: { site: 0.5, budget: 0.3, rate: 0.2 },
      scores: { site: { north: 10, south: 5, east: 0 } },
      functions: { budget: { linear: { slope: 0.25, offset: 0 } }, rate: { linear: { slope: -1, offset: 1 } } } },
    { name: 'p2', walk_away: 0.25, weights: { site: 3, budget: 1, rate: 1 },
      utilities: { site: { north: 0, south: 0.5, east: 1 } },
      functions: { budget: { linear: { slope: -0.25, offset: 1 } }, rate: { constant: 0.5 } } },
    { name: 'p3', walk_away: 0.1, weights: { site: 0.2, budget: 0.8, rate: 0 },
      scores: { site: { north: 3, south: 10, east: 0 } },
      functions: { budget: { triangular: { lower: 0, upper: 4, top: 2 } } } },
  ],
};

await section('load_scenario from text (3 parties): analyse, evaluate on every package', async () => {
  const text = JSON.stringify(THREE);
  const loaded = await tool('load_scenario', { text });
  assertEqual(loaded.name, THREE.name, 'name of the text scenario');
  assert(loaded.warnings.some((w) => /sum/.test(JSON.stringify(w))),
         `weights summing to 5 give no warning: ${short(loaded.warnings)}`);
  const file = path.join(workDir, 'three.yaml');
  fs.writeFileSync(file, text);
  const analysis = await tool('analyse', { scenario: loaded.scenario });
  assertEqual(analysis, cliJson('solve', '--json', file), 'three-party analyse vs parley solve --json');
  const model = scenarioModel(THREE, analysis.scenario.issues.map((i) => i.labels));
  for (const pkg of model.all())
    for (const party of model.parties)
      assertClose((await evaluate(loaded.scenario, party.name, pkg)).utility, party.utility(pkg),
                  `three-party: ${party.name}'s utility of ${short(pkg)}`);
  examples.push({ base: 'three (text)', id: loaded.scenario, doc: THREE, model, analysis, file });
});

await section('load_scenario of corpus folders (GENIUS, GeniusWeb): analyse == solve --json', async () => {
  if (!SHARED) {
    log('     (skipped: no --shared)');
    return;
  }
  const folders = ['scenarios/genius/anac2011/Laptop', 'scenarios/geniusweb/anac2020/FlightBooking']
    .map((f) => path.join(SHARED, f)).filter((f) => fs.existsSync(f));
  assert(folders.length > 0, `no corpus folder found under ${SHARED}/scenarios`);
  for (const folder of folders) {
    const loaded = await tool('load_scenario', { path: folder });
    for (const frontier of ['all', 'none'])
      assertEqual(await tool('analyse', { scenario: loaded.scenario, frontier }),
                  cliJson('solve', '--json', '--frontier', frontier, folder), `${folder}: analyse ${frontier}`);
  }
});

// --- Negotiation sessions ---

const STATE_KEYS = new Set(['events', 'opponent', 'round', 'rounds', 'session', 'standing_offer',
  'standing_offer_your_utility', 'status', 'time', 'you', 'you_may', 'your_walk_away', 'agreement',
  'reason', 'last_round', 'your_utility', 'error', 'failure']);
const EVENT_KEYS = new Set(['action', 'actor', 'package', 'round', 'your_utility']);

// Every session answer: only the caller's own utilities, each equal to evaluate's.
async function checkPrivate(ex, me, state, what) {
  const model = ex.model;
  const issueNames = model.issues.map((i) => i.name).sort();
  const others = model.parties.filter((p) => p.name !== me);
  const own = [];  // the numbers the answer may legitimately hold
  const packages = [];
  const checkPackage = (pkg, where) => {
    assertEqual(Object.keys(pkg).sort(), issueNames, `${what}: ${where} is not a package`);
    for (const v of Object.values(pkg)) assert(typeof v === 'string', `${what}: ${where} holds ${short(v)}`);
    packages.push(pkg);
  };
  for (const key of Object.keys(state))
    assert(STATE_KEYS.has(key), `${what}: unexpected field '${key}' in a session answer`);
  assertEqual(state.you, me, `${what}: you`);
  assertClose(state.your_walk_away, model.parties.find((p) => p.name === me).walkAway, `${what}: your_walk_away`, 1e-12);
  own.push(state.your_walk_away);
  for (const [k, e] of (state.events ?? []).entries()) {
    for (const key of Object.keys(e))
      assert(EVENT_KEYS.has(key), `${what}: unexpected field '${key}' in event ${k}`);
    assert(model.parties.some((p) => p.name === e.actor), `${what}: event ${k}: actor ${short(e.actor)}`);
    assert(['offer', 'accept', 'end'].includes(e.action), `${what}: event ${k}: action ${short(e.action)}`);
    if (e.package) {
      checkPackage(e.package, `event ${k}`);
      const mine = (await evaluate(ex.id, me, e.package)).utility;
      assertClose(e.your_utility, mine, `${what}: event ${k} your_utility (evaluate)`, 0);
      own.push(mine);
    } else {
      assert(!('your_utility' in e), `${what}: event ${k} has a utility but no package`);
    }
  }
  if (state.standing_offer) {
    checkPackage(state.standing_offer, 'standing_offer');
    const mine = (await evaluate(ex.id, me, state.standing_offer)).utility;
    assertClose(state.standing_offer_your_utility, mine, `${what}: standing_offer_your_utility`, 0);
    own.push(mine);
  }
  if (state.agreement) {
    checkPackage(state.agreement, 'agreement');
    const mine = (await evaluate(ex.id, me, state.agreement)).utility;
    assertClose(state.your_utility, mine, `${what}: your_utility of the agreement (evaluate)`, 0);
    own.push(mine);
  }
  // No number about another party: no opponent's utility of a package shown may appear among
  // the answer's numbers, unless it equals one of my own numbers or a round/time count.
  const numbers = [];
  const walk = (value, key) => {
    if (typeof value === 'number') numbers.push({ key, value });
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? key : k);
  };
  walk(state, '');
  for (const { key, value } of numbers) {
    if (['round', 'rounds', 'time', 'last_round'].includes(key)) own.push(value);
    else assert(['your_utility', 'standing_offer_your_utility', 'your_walk_away'].includes(key),
                `${what}: a number under '${key}'`);
  }
  for (const pkg of packages) {
    for (const other of others) {
      const theirs = (await evaluate(ex.id, other.name, pkg)).utility;
      if (own.includes(theirs)) continue;
      assert(!numbers.some((n) => n.value === theirs),
             `${what}: the answer holds ${theirs}, ${other.name}'s utility of ${short(pkg)}: ${short(state)}`);
    }
  }
}

async function play(ex, me, opponent, rounds, decide, what) {
  let state = await tool('negotiation_start', { scenario: ex.id, party: me, opponent, rounds, seed: 3 });
  const session = state.session;
  assert(typeof session === 'string' && session.length > 0, `${what}: session id ${short(session)}`);
  assert(typeof state.opponent === 'string' && state.opponent.startsWith(opponent.replace(/\(.*/, '')),
         `${what}: opponent ${short(state.opponent)}`);
  const seat = ex.model.parties.findIndex((p) => p.name === me);
  const n = ex.model.parties.length;
  let turns = 0;
  let lastRound = -1;
  const history = [];
  let accepted = null;
  while (true) {
    await checkPrivate(ex, me, state, `${what}, turn ${turns}`);
    assertEqual(state.session, session, `${what}: session id`);
    if (state.status === 'finished') break;
    assertEqual(state.status, 'your_turn', `${what}: status`);
    assert(state.round > lastRound,
           `${what}: round ${state.round} after ${lastRound}`);
    assert(state.round < rounds, `${what}: round ${state.round} of ${rounds}`);
    assertEqual(state.rounds, rounds, `${what}: rounds`);
    assertClose(state.time, (state.round + seat / n) / rounds, `${what}: time`, 1e-12);
    assertEqual(state.you_may, state.standing_offer ? ['accept', 'offer', 'end'] : ['offer'], `${what}: you_may`);
    lastRound = state.round;
    const move = decide(state, turns++);
    history.push(move);
    if (move.action === 'accept') accepted = state.standing_offer;
    state = await tool('negotiation_act', { session, ...move });
    if (move.action === 'offer') {
      const mine = state.events.find((e) => e.actor === me && e.action === 'offer');
      assert(mine && isDeepStrictEqual(mine.package, move.offer),
             `${what}: my offer is not the first of my events: ${short(state.events)}`);
    }
  }
  assert(turns <= rounds, `${what}: ${turns} turns in ${rounds} rounds`);
  assert(Number.isInteger(state.last_round) && state.last_round < rounds,
         `${what}: last_round ${state.last_round}`);
  await toolError('negotiation_act', { session, action: 'accept' }, /over/);
  assertEqual(await tool('negotiation_close', { session }), { session, closed: true }, `${what}: close`);
  await toolError('negotiation_close', { session }, /session/, new RegExp(session));
  await toolError('negotiation_act', { session, action: 'offer', offer: ex.model.randomPackage() }, /session/);
  return { state, turns, accepted, history };
}

function best(model, name) {
  const party = model.parties.find((p) => p.name === name);
  let top = null;
  for (const pkg of model.all()) if (!top || party.utility(pkg) > party.utility(top)) top = pkg;
  return top;
}

await section('negotiation sessions: deadline, acceptance, walk-away (own utilities only)', async () => {
  const ex = examples.find((e) => /job-offer/.test(e.base)) ??
             examples.find((e) => e.model.parties.length === 2 && e.model.size <= 20000);
  const [a, b] = ex.model.parties.map((p) => p.name);
  // 1. The deadline: I keep asking for my best package; a Boulware agent never takes it.
  const mineA = best(ex.model, a);
  const deadline = await play(ex, a, 'boulware', 8, () => ({ action: 'offer', offer: mineA }), 'deadline session');
  assertEqual(deadline.state.reason, 'deadline', 'deadline session: reason');
  assertEqual(deadline.state.agreement, null, 'deadline session: agreement');
  assertClose(deadline.state.your_utility, ex.model.parties[0].walkAway, 'deadline session: your_utility is the walk-away', 1e-12);
  assertEqual(deadline.turns, 8, 'deadline session: one turn a round');
  // 2. An acceptance: the second party offers its best, then accepts the conceder's standing offer.
  const mineB = best(ex.model, b);
  const accept = await play(ex, b, 'conceder', 20,
    (s, turn) => (turn >= 2 && s.standing_offer ? { action: 'accept' } : { action: 'offer', offer: mineB }),
    'acceptance session');
  assertEqual(accept.state.reason, 'agreement', 'acceptance session: reason');
  assertEqual(accept.state.agreement, accept.accepted, 'acceptance session: the agreement is the offer accepted');
  assertEqual(accept.history.at(-1).action, 'accept', 'acceptance session: ended by my acceptance');
  // 3. A walk-away: answer the first standing offer with end.
  const end = await play(ex, a, 'boulware(e=0.5)', 30,
    (s) => (s.standing_offer ? { action: 'end' } : { action: 'offer', offer: mineA }), 'walk-away session');
  assertEqual(end.state.reason, 'walk-away', 'walk-away session: reason');
  assertEqual(end.state.agreement, null, 'walk-away session: agreement');
  assertClose(end.state.your_utility, ex.model.parties[0].walkAway, 'walk-away session: your_utility', 1e-12);
  assertEqual(end.turns, 2, 'walk-away session: turns');
  // 4. Three parties, as the middle one, against two agents of the library.
  const three = examples.find((e) => e.doc === THREE);
  if (three) {
    const r = await play(three, 'p2', 'linear', 12,
      (s, turn) => (turn >= 3 && s.standing_offer ? { action: 'accept' } : { action: 'offer', offer: best(three.model, 'p2') }),
      'three-party session');
    assert(['agreement', 'deadline'].includes(r.state.reason), `three-party session: reason ${r.state.reason}`);
  }
});

await section('bad arguments: isError with a message naming the argument', async () => {
  const ex = examples.find((e) => /job-offer/.test(e.base)) ?? examples[0];
  const party = ex.model.parties[0].name;
  const pkg = ex.model.randomPackage();
  const issue = ex.model.issues[0].name;
  await toolError('analyse', { scenario: 's999' }, /^scenario: /, /'s999'/, /load_scenario/);
  await toolError('analyse', { scenario: ex.id, frontier: 'some' }, /^frontier: /, /all, zone or none/);
  await toolError('analyse', {}, /^scenario: found nothing/);
  await toolError('analyse', { scenario: 7 }, /^scenario: found number/);
  await toolError('evaluate', { scenario: ex.id, party: 'nobody', package: pkg }, /^party: /, /'nobody'/,
                  new RegExp(ex.model.parties.map((p) => p.name).join(', ')));
  await toolError('evaluate', { scenario: ex.id, party, package: { ...pkg, [issue]: 'no_such_option' } },
                  new RegExp(`^package\\.${issue}: `), /'no_such_option'/);
  const missing = { ...pkg };
  delete missing[issue];
  await toolError('evaluate', { scenario: ex.id, party, package: missing }, /^package: /, /every issue/);
  await toolError('evaluate', { scenario: ex.id, party, package: { ...pkg, extra: 'x' } }, /^package/);
  await toolError('evaluate', { scenario: ex.id, party, package: [1, 2] }, /^package: found array/);
  await toolError('evaluate', { scenario: ex.id, party, package: { ...pkg, [issue]: [] } },
                  new RegExp(`^package\\.${issue}: found array`));
  await toolError('equal_value_packages', { scenario: ex.id, party, package: pkg, tolerance: 2 }, /^tolerance: /);
  await toolError('equal_value_packages', { scenario: ex.id, party, package: pkg, limit: 0 }, /^limit: /);
  await toolError('equal_value_packages', { scenario: ex.id, party, package: pkg, limit: 2.5 }, /^limit: /);
  await toolError('robust', { scenario: ex.id, samples: 5 }, /^samples: /);
  await toolError('robust', { scenario: ex.id, seed: -1 }, /^seed: /);
  await toolError('load_scenario', {}, /^path: /);
  await toolError('load_scenario', { path: ex.file, text: 'parley: 1' }, /^path: /);
  await toolError('load_scenario', { path: path.join(workDir, 'missing.yaml') }, /missing\.yaml/);
  await toolError('load_scenario', { path: ex.file, colour: 'red' }, /colour/);
  await toolError('load_scenario', { text: 'parley: 1\nissues: [' }, /text/);
  await toolError('negotiation_start', { scenario: ex.id, party: 'nobody' }, /^party: /);
  await toolError('negotiation_start', { scenario: ex.id, party, opponent: 'nobody' }, /opponent/, /boulware/);
  await toolError('negotiation_start', { scenario: ex.id, party, opponent: 'exec:/bin/sh' }, /^opponent: /);
  await toolError('negotiation_start', { scenario: ex.id, party, rounds: 0 }, /^rounds: /);
  await toolError('negotiation_act', { session: 'n999', action: 'accept' }, /^session: /, /'n999'/);
  // Bad action order: the first mover has nothing to accept or end.
  const first = ex.model.parties[0].name;
  const s = await tool('negotiation_start', { scenario: ex.id, party: first, rounds: 5 });
  assertEqual(s.standing_offer, null, 'the first mover has no standing offer');
  await toolError('negotiation_act', { session: s.session, action: 'accept' }, /accept/, /no standing offer/);
  await toolError('negotiation_act', { session: s.session, action: 'end' }, /end/);
  await toolError('negotiation_act', { session: s.session, action: 'offer' }, /^offer: /);
  await toolError('negotiation_act', { session: s.session, action: 'dance' }, /^action: /, /'dance'/);
  await toolError('negotiation_act', { session: s.session, action: 'offer', offer: { [issue]: 'x' } }, /^offer/);
  // The session still works after the refused moves.
  const next = await tool('negotiation_act', { session: s.session, action: 'offer', offer: pkg });
  assert(['your_turn', 'finished'].includes(next.status), 'the session goes on after refused moves');
  await tool('negotiation_close', { session: s.session });
  // An unknown tool is a protocol error (MCP: JSON-RPC -32602), not a tool's isError result.
  let unknownCode = null;
  try {
    await client.callTool({ name: 'no_such_tool', arguments: {} }, undefined, TIMEOUT);
  } catch (error) {
    unknownCode = error.code;
    assert(/unknown tool/.test(error.message) && /'no_such_tool'/.test(error.message),
           `unknown tool: the message '${error.message}'`);
  }
  assert(unknownCode === -32602, `unknown tool: expected JSON-RPC -32602, found ${unknownCode}`);
  // A protocol error, not a tool error: an unknown method.
  let code = null;
  try {
    await client.request({ method: 'no/such/method', params: {} }, EmptyResultSchema, TIMEOUT);
  } catch (e) {
    code = e instanceof McpError ? e.code : `${e}`;
  }
  assertEqual(code, -32601, 'an unknown method: JSON-RPC error -32601');
  await client.ping(TIMEOUT);
});

log(`all sections done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await finish();
