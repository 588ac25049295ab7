#!/usr/bin/env node
// Fuzzer of `parley mcp` (docs/mcp.md): many seeded calls against ONE server process, over raw
// stdio JSON lines and, interleaved on the same pipe, through the official MCP SDK's Client.
//
// It sends random tool names, valid and mutated arguments (wrong types, huge strings, deep
// nesting, unicode, negative and huge numbers, NaN-like strings, unknown fields, valid edge
// values), malformed JSON lines, wrong jsonrpc versions, ids of odd types, notifications,
// batches, and random sequences of negotiation session starts, moves and closes. It checks:
//   - every output line is valid UTF-8 and a JSON-RPC 2.0 response object;
//   - every request with a valid id (a string or an integer) gets exactly one response with that
//     id, in order (the server answers one line at a time); a line that is not a valid request
//     (not JSON, not an object, a bad jsonrpc, an id of another type) gets one error with id
//     null; a notification gets nothing;
//   - error codes: -32700 not JSON, -32600 invalid request, -32601 unknown method, -32602 bad
//     tools/call params; a tools/call never gives -32603 (an exception escaping a tool);
//   - tool results: one text item, isError a boolean, the text item equal to structuredContent;
//     calls built valid succeed, with plausible values; session answers hold only the caller's
//     fields;
//   - no response takes longer than --timeout-ms (default 5000), the process stays alive to the
//     end, and exits 0 when its input closes.
// The run is a function of --seed (the server is deterministic): the same seed, the same lines.
//
// Usage: node mcp_fuzz_test.mjs --parley PATH --examples DIR [--seed N] [--calls N]
//          [--timeout-ms MS] [--skip CATEGORY,...] [--log FILE] [--verbose]
// Categories that --skip can leave out (to look past a known bug): jsonrpc-type (a jsonrpc
// member that is not a string), deep-nesting (arguments nested 150,000+ levels deep, within the
// server's 8 MiB line limit), nul-path (accept the empty isError message that load_scenario gives
// for a path with a NUL character), huge-line (lines over 8 MiB), sdk (the SDK client).
// Exit code: 0 when every check passed, 1 on a failure (the report names the line), 2 on bad usage.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { mulberry32 } from '../support/seeded_random.mjs';

// --- Arguments ---

function usage(message) {
  console.error(`mcp_fuzz_test: ${message}`);
  console.error('usage: node mcp_fuzz_test.mjs --parley PATH --examples DIR [--seed N] [--calls N] ' +
                '[--timeout-ms MS] [--skip CATEGORY,...] [--log FILE] [--verbose]');
  process.exit(2);
}

const opts = { seed: 1, calls: 10000, timeoutMs: 5000, skip: new Set(), log: null, verbose: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--parley') opts.parley = path.resolve(value());
    else if (a === '--examples') opts.examples = path.resolve(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--calls') opts.calls = Number(value());
    else if (a === '--timeout-ms') opts.timeoutMs = Number(value());
    else if (a === '--skip') value().split(',').filter(Boolean).forEach((c) => opts.skip.add(c));
    else if (a === '--log') opts.log = value();
    else if (a === '--verbose') opts.verbose = true;
    else usage(`unknown argument '${a}'`);
  }
  if (!opts.parley || !opts.examples) usage('--parley and --examples are required');
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) usage('--seed: a whole number');
  if (!Number.isSafeInteger(opts.calls) || opts.calls < 1) usage('--calls: a positive whole number');
  if (!(opts.timeoutMs > 0)) usage('--timeout-ms: a positive number');
  for (const c of opts.skip)
    if (!['jsonrpc-type', 'deep-nesting', 'nul-path', 'huge-line', 'sdk'].includes(c)) usage(`--skip: unknown category '${c}'`);
  if (!fs.existsSync(opts.parley)) usage(`--parley ${opts.parley}: no such file`);
}

// --- Seeded randomness ---

const rng = mulberry32((opts.seed * 2654435761 + 12345) >>> 0);
const rand = () => rng();
const int = (n) => Math.floor(rand() * n);
const chance = (p) => rand() < p;
const pick = (list) => list[int(list.length)];
function weighted(table) {
  const total = table.reduce((s, [w]) => s + w, 0);
  let r = rand() * total;
  for (const [w, v] of table) if ((r -= w) < 0) return v;
  return table.at(-1)[1];
}

// --- JSON text with raw number tokens ---

// A number written exactly as given (big integers, -0, 1.0...).
class Raw {
  constructor(text) { this.text = text; }
}
function ser(value) {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(ser).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${ser(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

// --- Failure reporting ---

let failure = null;
let inBurst = false;  // lines written without waiting for the answers to the ones before
let sdk = null;  // the SDK client (below)
const stats = { lines: 0, requests: 0, notifications: 0, nullErrors: 0, results: 0, errors: {},
  isError: 0, toolCalls: {}, sdkCalls: 0, categories: {}, maxLatency: 0, slowest: '' };
const recent = [];  // the last lines sent, for the report
let logStream = opts.log ? fs.createWriteStream(opts.log) : null;

function describeLine(text, most = 400) {
  // Long runs of one character are shown as <N × 'c'>; the rest is cut after `most` characters.
  const s = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  let out = '';
  let i = 0;
  while (i < s.length && out.length <= most) {
    let j = i + 1;
    while (j < s.length && s[j] === s[i]) ++j;
    out += j - i >= 64 ? `<${j - i} × '${s[i]}'>` : s.slice(i, j);
    i = j;
  }
  return out.length > most || i < s.length ? `${out.slice(0, most)}... (${s.length} characters)` : out;
}

function fail(message) {
  if (failure) return;
  failure = message;
  stopped = true;
  for (const w of waiters.splice(0)) w();
  sdk?.close().catch(() => {});  // rejects the SDK's pending requests
}

// --- The server process and its lines ---

const child = spawn(opts.parley, ['mcp'], { stdio: ['pipe', 'pipe', 'pipe'] });
let exited = null;  // "exit code N" / "signal S"
let closingInput = false;
let stderrText = '';
child.stderr.on('data', (d) => { stderrText += d; if (stderrText.length > 100000) stderrText = stderrText.slice(-50000); });
const exitPromise = new Promise((resolve) => {
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
    if (!closingInput) {
      const head = pending.slice(0, 3).map((e) => `#${e.seq} [${e.category}] ${describeLine(e.line)}`);
      fail(`the server died (${exited}) while the fuzzer was still writing; the lines it had not ` +
           `answered yet (the first is the likely culprit):\n  ${head.join('\n  ') || '(none)'}\n` +
           `the last lines sent:\n  ${recent.map((r) => describeLine(r, 300)).join('\n  ')}\n` +
           `server stderr: ${stderrText.trim() || '(empty)'}`);
    }
    resolve();
  });
});
child.stdin.on('error', () => {});  // EPIPE after a crash: reported through 'exit'

// Each line sent waits in `pending` for its answer: {seq, line, category, expect, request,
// sentAt, onResponse}. expect: 'id' (one response with `key`), 'null' (one error with id null),
// 'none' (nothing), 'maybe' (nothing or one error with id null). The server answers in order.
const pending = [];
const usedIds = new Set();
let seq = 0;
let lastResponseAt = Date.now();
let stopped = false;
const waiters = [];

// code: null any answer (a tools/call: no -32603), 0 a result, < 0 that JSON-RPC error. valid: a
// call built valid (it must succeed); expectIsError: a pattern the isError message must match.
function send(line, { category, expect, key = null, code = null, request = null, onResponse = null,
                      valid = false, expectIsError = null }) {
  if (stopped) return null;
  // An answer to a 'maybe' line could be taken for the answer to a later line: a fence first.
  if (pending.at(-1)?.expect === 'maybe' && expect !== 'id') ping();
  const entry = { seq: ++seq, line, category, expect, key, code, request, onResponse, valid, expectIsError,
                  sentAt: Date.now() };
  if (expect === 'id') {
    if (usedIds.has(key)) throw new Error(`fuzzer bug: id ${key} reused`);
    usedIds.add(key);
  }
  pending.push(entry);
  ++stats.lines;
  stats.categories[category] = (stats.categories[category] ?? 0) + 1;
  recent.push(`#${entry.seq} [${category}] ${describeLine(line, 300)}`);
  if (recent.length > 6) recent.shift();
  logStream?.write(`> #${entry.seq} [${category}] expect ${expect}${key !== null ? ' ' + describeLine(key, 200) : ''}: ${describeLine(line, 4000)}\n`);
  const ok = child.stdin.write(typeof line === 'string' ? line + '\n' : Buffer.concat([Buffer.from(line), Buffer.from('\n')]));
  if (!ok) return new Promise((resolve) => child.stdin.once('drain', resolve));
  return null;
}

// Responses: split stdout into lines, check each and match it to the oldest line waiting.
let outBuffer = Buffer.alloc(0);
const utf8 = new TextDecoder('utf-8', { fatal: true });
child.stdout.on('data', (chunk) => {
  outBuffer = Buffer.concat([outBuffer, chunk]);
  let at;
  while ((at = outBuffer.indexOf(0x0a)) >= 0) {
    const raw = outBuffer.subarray(0, at);
    outBuffer = outBuffer.subarray(at + 1);
    onLine(raw);
  }
});

function onLine(raw) {
  if (failure) return;
  const now = Date.now();
  let text;
  try {
    text = utf8.decode(raw);
  } catch {
    return fail(`a response is not valid UTF-8: ${describeLine(raw.toString('latin1'))}`);
  }
  logStream?.write(`< ${describeLine(text, 2000)}\n`);
  let msg;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    return fail(`a response is not JSON (${e.message}): ${describeLine(text)}\nthe last lines sent:\n  ${recent.join('\n  ')}`);
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg) || msg.jsonrpc !== '2.0' || !('id' in msg) ||
      ('result' in msg) === ('error' in msg))
    return fail(`not a JSON-RPC 2.0 response: ${describeLine(text)}`);
  if ('error' in msg && (!Number.isInteger(msg.error?.code) || typeof msg.error?.message !== 'string' ||
      !msg.error.message))
    return fail(`a malformed error object: ${describeLine(text)}`);
  const key = msg.id === null ? null : JSON.stringify(msg.id);
  // Lines answered with nothing are done once a later line is answered.
  while (pending.length) {
    const e = pending[0];
    if (e.expect === 'none' || (e.expect === 'maybe' && key !== null)) {
      pending.shift();
      continue;
    }
    break;
  }
  const entry = pending[0];
  if (!entry) return fail(`a response nothing was waiting for: ${describeLine(text)}\nthe last lines sent:\n  ${recent.join('\n  ')}`);
  const what = `#${entry.seq} [${entry.category}] ${describeLine(entry.line)}`;
  if (key === null) {
    if (entry.expect === 'id')
      return fail(`the line ${what}\nexpected a response with id ${entry.key}, found one with id null: ${describeLine(text)}`);
  } else if (entry.expect !== 'id' || entry.key !== key) {
    return fail(`the line ${what}\nexpected ${entry.expect === 'id' ? `a response with id ${entry.key}` : 'an error with id null'}, ` +
                `found a response with id ${key}: ${describeLine(text)}`);
  }
  pending.shift();
  const latency = now - Math.max(entry.sentAt, lastResponseAt);
  lastResponseAt = now;
  if (latency > stats.maxLatency) {
    stats.maxLatency = latency;
    stats.slowest = what;
  }
  if (latency > opts.timeoutMs)
    return fail(`the line ${what}\ntook ${latency} ms to answer (more than ${opts.timeoutMs})`);
  if ('error' in msg) {
    stats.errors[msg.error.code] = (stats.errors[msg.error.code] ?? 0) + 1;
    if (key === null) ++stats.nullErrors;
    if (msg.error.code === -32603 && entry.request?.method === 'tools/call')
      return fail(`the line ${what}\nan internal error (an exception escaped the tool): ${describeLine(text)}`);
    if (entry.code === 0)
      return fail(`the line ${what}\nexpected a result, found an error: ${describeLine(text)}`);
    if (entry.code !== null && msg.error.code !== entry.code)
      return fail(`the line ${what}\nexpected error code ${entry.code}, found ${describeLine(text)}`);
  } else {
    ++stats.results;
    if (entry.code !== null && entry.code !== 0)
      return fail(`the line ${what}\nexpected error ${entry.code}, found a result: ${describeLine(text)}`);
  }
  try {
    checkResponse(entry, msg);
    entry.onResponse?.(msg);
  } catch (e) {
    return fail(`the line ${what}\n${e.message}\nresponse: ${describeLine(text, 1500)}`);
  }
  if (!pending.some((e) => e.expect === 'id' || e.expect === 'null'))
    for (const w of waiters.splice(0)) w();
}

// Waits until every line sent has been answered (the last line sent must expect an answer).
function settle() {
  if (failure || !pending.some((e) => e.expect === 'id' || e.expect === 'null')) return Promise.resolve();
  return new Promise((resolve) => waiters.push(resolve));
}

// A hang: the oldest line waiting for an answer got none for too long.
const watchdog = setInterval(() => {
  const head = pending.find((e) => e.expect === 'id' || e.expect === 'null');
  if (!head || failure) return;
  const waited = Date.now() - Math.max(head.sentAt, lastResponseAt);
  if (waited > opts.timeoutMs)
    fail(`no answer for ${waited} ms (more than ${opts.timeoutMs}) to the line #${head.seq} [${head.category}] ` +
         `${describeLine(head.line)}\n(lines before it that expect nothing: ` +
         `${pending.slice(0, pending.indexOf(head)).map((e) => `#${e.seq} ${describeLine(e.line, 200)}`).join('; ') || 'none'})`);
}, 100);

// --- What the fuzzer knows of the server's state ---

const scenarios = [];  // {id, name, parties: [names], issues: [{name, values}], division, big}
let loadedCount = 0;   // successful loads: at most 64 are kept
const sessions = new Map();  // id -> {scenario, party, status, youMay}
let sessionsOpen = 0;
const MAX_SCENARIOS = 64;
const MAX_SESSIONS = 32;
const TOOL_NAMES = ['load_scenario', 'analyse', 'evaluate', 'equal_value_packages', 'robust', 'certify',
  'divide', 'negotiation_start', 'negotiation_act', 'negotiation_close'];
const STATE_KEYS = new Set(['events', 'opponent', 'round', 'rounds', 'session', 'standing_offer',
  'standing_offer_your_utility', 'status', 'time', 'you', 'you_may', 'your_walk_away', 'agreement',
  'reason', 'last_round', 'your_utility', 'error', 'failure']);
const EVENT_KEYS = new Set(['action', 'actor', 'package', 'round', 'your_utility']);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Checks every answer; `entry.valid` marks a call built valid, which must succeed.
function checkResponse(entry, msg) {
  const req = entry.request;
  if (!req || !('result' in msg)) {
    if (entry.valid && 'error' in msg) throw new Error(`a valid call got a JSON-RPC error`);
    return;
  }
  const r = msg.result;
  check(r && typeof r === 'object' && !Array.isArray(r), 'the result is not an object');
  if (req.method === 'ping') check(isDeepStrictEqual(r, {}), 'ping: a result other than {}');
  if (req.method === 'initialize') {
    check(['2025-06-18', '2025-03-26', '2024-11-05'].includes(r.protocolVersion), 'initialize: protocolVersion');
    check(r.serverInfo?.name === 'parley' && r.capabilities?.tools, 'initialize: serverInfo/capabilities');
  }
  if (req.method === 'tools/list') {
    check(Array.isArray(r.tools) && isDeepStrictEqual(r.tools.map((t) => t.name).sort(), [...TOOL_NAMES].sort()),
          'tools/list: not the ten tools');
    check(r.tools.every((t) => t.inputSchema?.type === 'object'), 'tools/list: a tool without an object inputSchema');
  }
  if (req.method !== 'tools/call') return;
  const name = req.params.name;
  const bucket = TOOL_NAMES.includes(name) ? name : '(not a tool)';
  stats.toolCalls[bucket] = (stats.toolCalls[bucket] ?? 0) + 1;
  const knownEmpty = opts.skip.has('nul-path') && name === 'load_scenario' &&
    String(req.params.arguments?.path ?? '').includes('\u0000');
  check(Array.isArray(r.content) && r.content.length >= 1 &&
        r.content.every((c) => c?.type === 'text' && typeof c.text === 'string' && (c.text.length > 0 || knownEmpty)),
        'the content is not a list of non-empty text items');
  check(typeof r.isError === 'boolean', 'isError is not a boolean');
  if (r.isError) {
    ++stats.isError;
    check(!('structuredContent' in r), 'an error result with structuredContent');
    if (entry.valid) throw new Error(`a valid call was refused: ${r.content[0].text}`);
    if (entry.expectIsError) check(entry.expectIsError.test(r.content[0].text),
                                   `the error message does not match ${entry.expectIsError}`);
    return;
  }
  if (entry.expectIsError) throw new Error(`expected isError (${entry.expectIsError}), found a result`);
  const s = r.structuredContent;
  check(s && typeof s === 'object' && !Array.isArray(s), 'no structuredContent object');
  if (name === 'certify') check(s.proofs === r.content[0].text, 'certify: proofs != the text');
  else check(isDeepStrictEqual(JSON.parse(r.content[0].text), s), 'the text item differs from structuredContent');
  const a = req.params.arguments ?? {};
  switch (name) {
    case 'load_scenario':
      check(/^s\d+$/.test(s.scenario) && Array.isArray(s.warnings), 'load_scenario: id/warnings');
      break;
    case 'analyse':
      check(s.schema === 'parley-solve/2' && Array.isArray(s.solutions), 'analyse: not a parley-solve/2 document');
      break;
    case 'evaluate':
      check(Number.isFinite(s.utility) && Number.isFinite(s.walk_away) &&
            s.acceptable === (s.utility >= s.walk_away) && s.party === a.party, 'evaluate: inconsistent answer');
      break;
    case 'equal_value_packages': {
      const limit = typeof a.limit === 'number' ? a.limit : 10;
      const tol = typeof a.tolerance === 'number' ? a.tolerance : 0.02;
      check(Array.isArray(s.packages) && s.packages.length <= limit && s.packages.length <= s.found,
            'equal_value_packages: more packages than the limit or found');
      let previous = -1;
      for (const p of s.packages) {
        const d = Math.abs(p.utility - s.utility);
        check(d <= tol + 1e-12 && d >= previous - 1e-12, 'equal_value_packages: not within tolerance, closest first');
        const given = a.package && typeof a.package === 'object'
          ? Object.fromEntries(Object.entries(a.package).map(([k, v]) => [k, String(v)])) : null;
        check(!isDeepStrictEqual(p.package, given), 'equal_value_packages: lists the package itself');
        previous = d;
      }
      break;
    }
    case 'robust':
      check(s.schema === 'parley-robust/1', 'robust: not a parley-robust/1 document');
      break;
    case 'divide':
      check(s.schema === 'parley-divide/1', 'divide: not a parley-divide/1 document');
      break;
    case 'negotiation_start':
    case 'negotiation_act':
      for (const k of Object.keys(s)) check(STATE_KEYS.has(k), `${name}: unexpected field '${k}'`);
      for (const e of s.events ?? [])
        for (const k of Object.keys(e)) check(EVENT_KEYS.has(k), `${name}: unexpected event field '${k}'`);
      check(['your_turn', 'finished'].includes(s.status), `${name}: status ${s.status}`);
      check(typeof s.session === 'string', `${name}: no session id`);
      if (s.status === 'your_turn')
        check(isDeepStrictEqual(s.you_may, s.standing_offer ? ['accept', 'offer', 'end'] : ['offer']),
              `${name}: you_may ${JSON.stringify(s.you_may)}`);
      else
        check(['agreement', 'deadline', 'walk-away'].includes(s.reason), `${name}: reason ${s.reason}`);
      break;
    case 'negotiation_close':
      check(s.closed === true && s.session === a.session, 'negotiation_close: answer');
      break;
  }
}

// State updates from the answers to tools/call (raw or through the SDK).
function observe(request, msg) {
  if (request?.method !== 'tools/call' || !msg.result || msg.result.isError) return;
  const s = msg.result.structuredContent;
  const a = request.params.arguments;
  switch (request.params.name) {
    case 'load_scenario': {
      ++loadedCount;
      const d = s.description;
      const parties = d.parties.map((p) => p.name);
      const issues = d.issues.map((i) => ({ name: i.name, values: i.values }));
      scenarios.push({
        id: s.scenario, name: s.name, parties, issues, big: !(Number(d.outcomes) <= 200000),
        division: issues.every((i) => isDeepStrictEqual([...i.values].sort(), [...parties].sort())),
        expensive: s.name === 'Russia-Japan peace treaty',
      });
      break;
    }
    case 'negotiation_start':
      ++sessionsOpen;
      sessions.set(s.session, { scenario: scenarios.find((x) => x.id === a.scenario), party: a.party,
                                status: s.status, youMay: s.you_may });
      break;
    case 'negotiation_act': {
      const live = sessions.get(a.session);
      if (live) Object.assign(live, { status: s.status, youMay: s.you_may });
      break;
    }
    case 'negotiation_close':
      if (sessions.delete(a.session)) --sessionsOpen;
      break;
  }
}

// --- Building lines ---

let nextIntId = 1_000_000;  // raw integer ids stay clear of the SDK's (0, 1, 2...)
function freshId() {
  // A valid id: a string or an integer, unique in the run.
  const kind = weighted([[6, 'int'], [4, 'string'], [1, 'neg'], [1, 'big'], [1, 'odd-string']]);
  let raw;
  if (kind === 'int') raw = String(nextIntId++);
  else if (kind === 'neg') raw = String(-(nextIntId++));
  else if (kind === 'big') raw = pick(['9223372036854775807', '-9223372036854775808', '18446744073709551615',
    '9007199254740993', '4611686018427387904']);
  else if (kind === 'string') raw = JSON.stringify(`r-${nextIntId++}`);
  else raw = JSON.stringify(pick(['', ' ', '0', 'null', '😀', 'ид', '\u0000', 'a"b\\c', 'x'.repeat(5000), '\u202e']) + `#${nextIntId++}`);
  const key = JSON.stringify(JSON.parse(raw));
  if (usedIds.has(key)) return { raw: String(nextIntId), key: String(nextIntId++) };
  return { raw, key };
}

// An id that is not a valid id (not a string or an integer): answered with id null.
function badId() {
  return pick(['1.5', '1.0', '1e3', '-0.0', 'true', 'false', 'null', '[]', '{}', '[1]', '{"a":1}',
    '18446744073709551616', '-9223372036854775809', '123456789012345678901234567890', '0.0001']);
}

// A request line: {"jsonrpc":"2.0","id":...,"method":...,"params":...}.
// A request with a fresh valid id; a result is expected unless `code` says otherwise.
function request(method, params, { category, code = 0, valid = false, expectIsError = null, onResponse = null } = {}) {
  const id = freshId();
  const message = { jsonrpc: '2.0', id: new Raw(id.raw), method };
  if (params !== undefined) message.params = params;
  const line = ser(message);
  const parsed = { method, params: params === undefined ? undefined : JSON.parse(ser(params)) };
  return send(line, { category, expect: 'id', key: id.key, code, request: parsed, valid, expectIsError,
                      onResponse: (msg) => { observe(parsed, msg); onResponse?.(msg); } });
}

function toolCall(name, args, options = {}) {
  return request('tools/call', args === undefined ? { name } : { name, arguments: args },
                 { category: options.category ?? `call:${name}`, ...options });
}

// --- Values ---

const WEIRD_STRINGS = ['', ' ', 'NaN', '-NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e999', '-0', '0x1F',
  '007', 'null', 'true', '[]', '{}', '\u0000', 'a\u0000b', '\u202eمرحبا', 'Ω≈ç√∫˜µ≤', '😀', '👨‍👩‍👧‍👦',
  'e\u0301'.repeat(40), '\t\n\r', '\\', '"', "'", '../../../../etc/passwd', '/dev/stdin', '/dev/zero',
  '/proc/self/fd/0', '/', '/proc', '/nonexistent/x.yaml', 'x.yaml', '%s%s%n', '${HOME}', '$(reboot)',
  "'; DROP TABLE s;--", 's0', 's-1', 's01', 'S1', ' s1', 's1 ', 's99999999999999999999', 'n0', 'n01',
  'exec:/bin/sh', 'ws://localhost:1', 'boulware(', 'boulware(e=)', 'boulware(e=nan)', 'boulware(e=1e999)',
  'conceder(e=-1)', 'boa(bidding=boa)', '(((((', 'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ'];

function weirdString() {
  return weighted([
    [10, () => pick(WEIRD_STRINGS)],
    [2, () => 'x'.repeat(pick([200, 4095, 4096, 4097, 20000]))],
    [1, () => 'é'.repeat(pick([2048, 2049, 30000]))],
    [1, () => '😀'.repeat(pick([1024, 1025, 5000]))],
    [3, () => Array.from({ length: 1 + int(30) }, () => String.fromCodePoint(
      pick([0x20 + int(95), 0xa0 + int(0x500), 0x4e00 + int(0x5000), 0x1f300 + int(0x300), int(0x20)]))).join('')],
  ])();
}

function weirdNumber() {
  return pick([0, -1, 1, 2, 0.5, -0.5, 1e308, -1e308, 5e-324, 1e-7, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 99, 100,
    101, 1000, 100000, 100001, 10000, 10001, 64, 32, new Raw('-0'), new Raw('1.0'), new Raw('1e2'),
    new Raw('100.0'), new Raw('1E+2'), new Raw('9223372036854775807'), new Raw('9223372036854775808'),
    new Raw('18446744073709551615'), new Raw('18446744073709551616'), new Raw('-9223372036854775808'),
    new Raw('123456789012345678901234567890'), new Raw('0.1e-400'), new Raw('2.5e-310')]);
}

function nested(depth, leaf) {
  let v = leaf;
  for (let i = 0; i < depth; ++i) v = chance(0.5) ? [v] : { k: v };
  return v;
}

function weirdValue(depth = 0) {
  return weighted([
    [4, () => weirdString()],
    [4, () => weirdNumber()],
    [2, () => pick([null, true, false])],
    [1, () => []],
    [1, () => ({})],
    [depth < 2 ? 2 : 0, () => Array.from({ length: int(5) }, () => weirdValue(depth + 1))],
    [depth < 2 ? 2 : 0, () => Object.fromEntries(Array.from({ length: int(5) }, () => [weirdString(), weirdValue(depth + 1)]))],
    [1, () => nested(1 + int(pick([10, 100, 1000])), weirdValue(2))],
    [0.3, () => Array.from({ length: 10000 }, (_, i) => i)],
    [0.3, () => Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))],
  ])();
}

// --- Valid arguments, from what the fuzzer knows ---

const OPPONENTS = ['boulware', 'conceder', 'linear', 'hardliner', 'relative_tit_for_tat', 'absolute_tit_for_tat',
  'random', 'nash_seeker', 'boa', 'boulware(e=0.5)', 'conceder(e=2)', 'random(p_accept=1)', 'random(p_accept=0)',
  'relative_tit_for_tat(delta=2)'];

function randomPackage(sc, numeric = false) {
  return Object.fromEntries(sc.issues.map((i) => {
    const v = pick(i.values);
    return [i.name, numeric && /^-?\d+$/.test(v) && chance(0.5) ? Number(v) : v];
  }));
}

// Scenarios small enough for every tool (a fuzzed load may add a big one).
const usable = () => scenarios.filter((s) => !s.big);

function validArgs(name) {
  const sc = pick(usable());
  switch (name) {
    case 'load_scenario':
      return chance(0.7) ? { path: pick(EXAMPLE_FILES) } : { text: JSON.stringify(THREE) };
    case 'analyse':
      return chance(0.3) ? { scenario: sc.id } : { scenario: sc.id, frontier: pick(['all', 'zone', 'none']) };
    case 'evaluate':
      return { scenario: sc.id, party: pick(sc.parties), package: randomPackage(sc, true) };
    case 'equal_value_packages': {
      const a = { scenario: sc.id, party: pick(sc.parties), package: randomPackage(sc) };
      if (chance(0.6)) a.tolerance = pick([0, 1, 0.02, 0.5, 1e-300, 5e-324, 0.999999]);
      if (chance(0.6)) a.limit = pick([1, 2, 100, 50]);
      return a;
    }
    case 'robust': {
      const a = { scenario: sc.id, samples: sc.expensive ? pick([100, 101, 300]) : pick([100, 1000, 20000]) };
      if (chance(0.5)) a.seed = pick([0, 1, 2 ** 53 - 1, new Raw('9223372036854775807')]);
      return a;
    }
    case 'certify':
      return { scenario: sc.id };
    case 'divide':
      return { scenario: (scenarios.find((s) => s.division) ?? sc).id };
    case 'negotiation_start': {
      const a = { scenario: sc.id, party: pick(sc.parties) };
      if (chance(0.7)) a.opponent = pick(OPPONENTS);
      if (chance(0.7)) a.rounds = pick([1, 2, 3, 5, 10, 100, 10000]);
      if (chance(0.3)) a.seed = pick([0, 7, new Raw('9223372036854775807')]);
      return a;
    }
    case 'negotiation_act': {
      const open = [...sessions.entries()];
      if (!open.length) return { session: 'n0', action: 'accept' };
      const [id, live] = pick(open);
      const action = live.status === 'your_turn' ? pick(live.youMay) : pick(['offer', 'accept', 'end']);
      const a = { session: id, action };
      if (action === 'offer') a.offer = randomPackage(live.scenario);
      return a;
    }
    case 'negotiation_close': {
      const open = [...sessions.keys()];
      return { session: open.length ? pick(open) : 'n0' };
    }
  }
  return {};
}

// Would this valid call succeed, given the state? null: yes; a pattern: isError matching it.
function predict(name, a) {
  switch (name) {
    case 'load_scenario':
      return loadedCount >= MAX_SCENARIOS ? /64 scenarios/ : null;
    case 'divide':
      return scenarios.find((s) => s.id === a.scenario)?.division ? null : /not a division scenario/;
    case 'negotiation_start':
      return sessionsOpen >= MAX_SESSIONS ? /32 sessions/ : null;
    case 'negotiation_act': {
      const live = sessions.get(a.session);
      if (!live) return /^session: /;
      if (live.status === 'finished') return /session is over/;
      return null;
    }
    case 'negotiation_close':
      return sessions.has(a.session) ? null : /^session: /;
  }
  return null;
}

const clone = (v) => (v instanceof Raw ? v : Array.isArray(v) ? v.map(clone)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) : v);
// An own key, even '__proto__'.
const setKey = (o, k, v) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

function mutateArgs(a, name) {
  const out = clone(a);
  const n = 1 + int(3);
  for (let k = 0; k < n; ++k) {
    const keys = Object.keys(out);
    const m = weighted([
      [3, 'drop'], [5, 'retype'], [2, 'unknown'], [1, 'rename'], [3, 'package'], [1, 'null'], [1, 'swap-scenario'],
    ]);
    if (m === 'drop' && keys.length) delete out[pick(keys)];
    else if (m === 'retype' && keys.length) out[pick(keys)] = weirdValue();
    else if (m === 'unknown') setKey(out, pick(['extra', 'Scenario', '__proto__', 'constructor', weirdString()]), weirdValue());
    else if (m === 'rename' && keys.length) {
      const key = pick(keys);
      const value = out[key];
      delete out[key];
      setKey(out, key.toUpperCase() + (chance(0.5) ? ' ' : ''), value);
    } else if (m === 'null' && keys.length) out[pick(keys)] = null;
    else if (m === 'swap-scenario') out.scenario = pick(['s0', 's999', `s${scenarios.length + 1 + int(100)}`, 'n1', weirdString()]);
    else if (m === 'package') {
      const field = name === 'negotiation_act' ? 'offer' : 'package';
      const sc = pick(usable());
      const p = out[field] && typeof out[field] === 'object' && !Array.isArray(out[field]) && !(out[field] instanceof Raw)
        ? out[field] : randomPackage(sc);
      const pk = Object.keys(p);
      const pm = pick(['drop', 'unknown-option', 'retype', 'extra', 'empty', 'huge', 'case', 'array']);
      if (pm === 'drop' && pk.length) delete p[pick(pk)];
      else if (pm === 'unknown-option' && pk.length) p[pick(pk)] = weirdString();
      else if (pm === 'retype' && pk.length) p[pick(pk)] = weirdValue();
      else if (pm === 'extra') setKey(p, weirdString() || 'extra', 'x');
      else if (pm === 'case' && pk.length) p[pick(pk)] = String(p[pick(pk)]).toUpperCase();
      out[field] = pm === 'empty' ? {} : pm === 'huge' ? Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`i${i}`, 'x']))
        : pm === 'array' ? Object.values(p) : p;
    }
  }
  // Keep the expensive robust runs rare: a mutated robust call on the big scenario stays small.
  if (name === 'robust' && scenarios.find((s) => s.id === out.scenario)?.expensive &&
      !(typeof out.samples === 'number' && out.samples <= 2000) && !(out.samples instanceof Raw))
    out.samples = 100;
  return out;
}

// --- Lines of each kind ---

function envelopeLine() {
  // Wrong versions, odd ids, odd methods and params, notifications.
  const kind = weighted([
    [3, 'jsonrpc'], [opts.skip.has('jsonrpc-type') ? 0 : 1, 'jsonrpc-type'], [3, 'bad-id'], [3, 'notification'],
    [2, 'no-method'], [2, 'method-type'], [3, 'unknown-method'], [2, 'params'], [2, 'initialize'],
    [1, 'tools/list'], [1, 'ping'], [1, 'call-shape'], [1, 'duplicate-keys'], [1, 'extra-members'],
  ]);
  const id = freshId();
  const base = () => ({ jsonrpc: '2.0', id: new Raw(id.raw), method: 'ping' });
  switch (kind) {
    case 'jsonrpc': {
      const m = base();
      const v = pick(['1.0', '2', '2.00', '', ' 2.0', '2.0 ', 'two', 'JSONRPC', '3.0', undefined]);
      if (v === undefined) delete m.jsonrpc; else m.jsonrpc = v;
      return send(ser(m), { category: 'jsonrpc-version', expect: 'id', key: id.key, code: -32600 });
    }
    case 'jsonrpc-type': {
      const m = base();
      m.jsonrpc = pick([2, new Raw('2.0'), null, true, [], {}, ['2.0'], { v: '2.0' }]);
      return send(ser(m), { category: 'jsonrpc-type', expect: 'id', key: id.key, code: -32600 });
    }
    case 'bad-id': {
      const m = { jsonrpc: '2.0', id: new Raw(badId()), method: pick(['ping', 'tools/list', 'tools/call']) };
      return send(ser(m), { category: 'bad-id', expect: 'null', code: -32600 });
    }
    case 'notification': {
      const method = pick(['notifications/initialized', 'notifications/cancelled', 'notifications/progress',
        'notifications/roots/list_changed', 'ping', 'tools/call', 'initialize', 'no/such', weirdString()]);
      const m = { jsonrpc: '2.0', method };
      if (method === 'tools/call') m.params = { name: pick(TOOL_NAMES), arguments: validArgs(pick(TOOL_NAMES)) };
      else if (chance(0.5)) m.params = pick([{ requestId: 1 }, { requestId: 'x', reason: 'y' }, weirdValue()]);
      return send(ser(m), { category: 'notification', expect: 'none' });
    }
    case 'no-method': {
      if (chance(0.3)) {  // no id either: a notification without a method (answered or not)
        const m = { jsonrpc: '2.0' };
        if (chance(0.5)) m.params = {};
        return send(ser(m), { category: 'no-method-no-id', expect: 'maybe', code: -32600 });
      }
      return send(ser({ jsonrpc: '2.0', id: new Raw(id.raw) }), { category: 'no-method', expect: 'id', key: id.key, code: -32600 });
    }
    case 'method-type': {
      const m = base();
      m.method = pick([1, null, true, [], {}, ['ping'], new Raw('1.5')]);
      return send(ser(m), { category: 'method-type', expect: 'id', key: id.key, code: -32600 });
    }
    case 'unknown-method': {
      const m = base();
      m.method = pick(['resources/list', 'prompts/list', 'logging/setLevel', 'completion/complete', '', 'rpc.discover',
        'tools/call/', 'TOOLS/LIST', 'tools/list ', 'Ping', weirdString()]);
      if (['ping', 'initialize', 'tools/list', 'tools/call'].includes(m.method)) m.method += '!';
      return send(ser(m), { category: 'unknown-method', expect: 'id', key: id.key, code: -32601 });
    }
    case 'params': {
      const method = pick(['ping', 'tools/list', 'initialize', 'tools/call']);
      const m = { jsonrpc: '2.0', id: new Raw(id.raw), method, params: weirdValue() };
      if (method === 'tools/call') {
        m.params = pick([null, [], 'x', 1, {}, { name: 1 }, { name: null }, { arguments: {} }, { name: 'analyse', arguments: [] },
          { name: 'analyse', arguments: 'x' }, { name: 'analyse', arguments: 5 }, { name: ['analyse'] },
          { name: 'analyse', arguments: null }]);
        // null params count as none ({}): no name either way.
        return send(ser(m), { category: 'tools/call-params', expect: 'id', key: id.key, code: -32602 });
      }
      const entry = { category: `params:${method}`, expect: 'id', key: id.key, code: 0, request: { method } };
      return send(ser(m), entry);
    }
    case 'initialize': {
      const params = { protocolVersion: pick(['2025-06-18', '2025-03-26', '2024-11-05', '2025-11-25', '1.0', '', 5, null]),
        capabilities: pick([{}, { roots: {} }, null, 'x']), clientInfo: pick([{ name: 'fuzz', version: '1' }, {}, null]) };
      if (chance(0.2)) delete params.protocolVersion;
      return send(ser({ jsonrpc: '2.0', id: new Raw(id.raw), method: 'initialize', params }),
                  { category: 'initialize', expect: 'id', key: id.key, code: 0, request: { method: 'initialize' } });
    }
    case 'tools/list':
      return send(ser({ jsonrpc: '2.0', id: new Raw(id.raw), method: 'tools/list', params: pick([{}, { cursor: 'x' }, { cursor: 5 }]) }),
                  { category: 'tools/list', expect: 'id', key: id.key, code: 0, request: { method: 'tools/list' } });
    case 'ping':
      return send(ser(base()), { category: 'ping', expect: 'id', key: id.key, code: 0, request: { method: 'ping' } });
    case 'call-shape': {
      // tools/call whose name is not a tool: JSON-RPC -32602 (MCP: unknown tools are protocol errors).
      const name = pick(['', 'ANALYSE', 'analyse ', ' analyse', 'evaluate\u0000', 'x'.repeat(5000), 'tools/list',
        'negotiation', 'load-scenario', '😀', weirdString()]);
      if (TOOL_NAMES.includes(name)) return ping('call-shape');
      const parsed = { method: 'tools/call', params: { name, arguments: {} } };
      return send(ser({ jsonrpc: '2.0', id: new Raw(id.raw), method: 'tools/call', params: parsed.params }),
                  { category: 'unknown-tool', expect: 'id', key: id.key, code: -32602, request: parsed });
    }
    case 'duplicate-keys':
      // The last of two ids counts (as in JavaScript).
      return send(`{"jsonrpc":"2.0","id":"dup-${nextIntId++}","method":"ping","id":${id.raw}}`,
                  { category: 'duplicate-keys', expect: 'id', key: id.key, code: 0, request: { method: 'ping' } });
    case 'extra-members': {
      const m = base();
      m[pick(['result', 'error', 'extra', 'ID', 'Method'])] = weirdValue();
      return send(ser(m), { category: 'extra-members', expect: 'id', key: id.key, code: 0, request: { method: 'ping' } });
    }
  }
  return null;
}

function ping(category = 'fence') {
  const id = freshId();
  return send(ser({ jsonrpc: '2.0', id: new Raw(id.raw), method: 'ping' }),
              { category, expect: 'id', key: id.key, code: 0, request: { method: 'ping' } });
}

function malformedLine() {
  const kind = weighted([
    [4, 'truncated'], [3, 'garbage'], [2, 'trailing'], [1, 'two'], [1, 'comment'], [1, 'surrogate'], [1, 'bad-utf8'],
    [1, 'overflow'], [1, 'single-quotes'], [1, 'nan'], [1, 'control-char'], [2, 'blank'], [1, 'scalar'], [2, 'batch'],
  ]);
  const valid = ser({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'analyse', arguments: { scenario: 's1' } } });
  switch (kind) {
    case 'truncated':
      return send(valid.slice(0, 1 + int(valid.length - 2)), { category: 'malformed', expect: 'null', code: -32700 });
    case 'garbage': {
      const bytes = Buffer.from(Array.from({ length: 1 + int(200) }, () => { let b; do b = int(256); while (b === 10); return b; }));
      bytes[0] = pick([0x7d, 0x23, 0x3c, 0xff, 0x2c]);  // '}', '#', '<', a bad byte, ',': never JSON
      return send(bytes, { category: 'garbage', expect: 'null', code: -32700 });
    }
    case 'trailing':
      return send(valid + pick([' x', ',', '}', ']', '\u0001', ' {}', '\v', '\f']), { category: 'malformed', expect: 'null', code: -32700 });
    case 'two':
      return send(valid + valid, { category: 'malformed', expect: 'null', code: -32700 });
    case 'comment':
      return send(pick(['// x', '/* */ ' + valid, valid.replace(',', ',/*c*/')]), { category: 'malformed', expect: 'null', code: -32700 });
    case 'surrogate':
      return send(`{"jsonrpc":"2.0","id":"${pick(['\\ud800', '\\udc00', '\\ud800\\u0041', '\\udbff'])}","method":"ping"}`,
                  { category: 'malformed', expect: 'null', code: -32700 });
    case 'bad-utf8':
      return send(Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":"'), Buffer.from(pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80]])),
        Buffer.from('","method":"ping"}')]), { category: 'bad-utf8', expect: 'null', code: -32700 });
    case 'overflow':
      return send(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":${pick(['1e400', '-1e400', '1e99999'])}}}`,
                  { category: 'malformed', expect: 'null', code: -32700 });
    case 'single-quotes':
      return send(valid.replace(/"/g, "'"), { category: 'malformed', expect: 'null', code: -32700 });
    case 'nan':
      return send(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":${pick(['NaN', 'Infinity', '-Infinity', 'nan', '+1', '01', '.5', '1.', '0x10'])}}}`,
                  { category: 'malformed', expect: 'null', code: -32700 });
    case 'control-char':
      return send(`{"jsonrpc":"2.0","id":"a${String.fromCharCode(pick([0, 1, 9, 13, 31]))}b","method":"ping"}`,
                  { category: 'malformed', expect: 'null', code: -32700 });
    case 'blank':
      return send(pick(['', ' ', '\t', '   \t ', '\r', ' \r']), { category: 'blank', expect: 'none' });
    case 'scalar':
      return send(pick(['1', '"ping"', 'null', 'true', '-5', '"{}"', '0.5']), { category: 'scalar', expect: 'null', code: -32600 });
    case 'batch': {
      const inner = ser({ jsonrpc: '2.0', id: 5, method: 'ping' });
      return send(pick(['[]', `[${inner}]`, `[${inner},${inner}]`, '[1,2,3]', '[[]]', `[${inner}, "x"]`]),
                  { category: 'batch', expect: 'null', code: -32600 });
    }
  }
  return null;
}

// --- Tool calls ---

function fuzzCall() {
  if (!usable().length) return ping();
  const name = weighted([
    [4, 'load_scenario'], [8, 'analyse'], [14, 'evaluate'], [8, 'equal_value_packages'], [1.2, 'robust'],
    [3, 'certify'], [3, 'divide'], [10, 'negotiation_start'], [22, 'negotiation_act'], [6, 'negotiation_close'],
  ]);
  let args;
  let valid = true;
  if (name === 'load_scenario' && chance(0.8)) {
    args = invalidLoad();
    valid = false;
  } else {
    args = validArgs(name);
    if (name !== 'load_scenario' && chance(0.45)) {
      args = mutateArgs(args, name);
      valid = false;
    }
  }
  // A valid call succeeds unless the state says otherwise (limits, a finished session...). In a
  // burst, the answers to the lines before are not in yet: no prediction from the state then.
  if (inBurst && ['load_scenario', 'negotiation_start', 'negotiation_act', 'negotiation_close'].includes(name))
    return toolCall(name, args, {});
  const expectIsError = valid ? predict(name, args) : null;
  return toolCall(name, args, { valid: valid && !expectIsError, expectIsError });
}

function invalidLoad() {
  return weighted([
    [3, () => ({ path: pick([...WEIRD_STRINGS.filter((s) => s), path.join(opts.examples, 'missing.yaml'),
      opts.examples, path.join(opts.examples, 'estate-points.csv'), '/etc/passwd', '/dev/null', '/tmp'].filter(Boolean)) })],
    [3, () => ({ text: pick(['parley: 1', 'parley: 2\nissues: []', 'issues: [', '{}', '[]', 'null', '---\n...',
      '&a [*a]', 'a: &a\n  b: *a', JSON.stringify({ ...THREE, parties: [THREE.parties[0]] }),
      JSON.stringify({ ...THREE, issues: [{ name: 'x', range: [0, 16777216] }] }),
      JSON.stringify({ ...THREE, issues: [...THREE.issues, { name: 'huge', real: [0, 1], steps: 1e9 }] }),
      'parley: 1\nname: ' + 'x'.repeat(70000), weirdString(), '['.repeat(5000), '{a: '.repeat(3000),
      'parley: 1\nissues:\n' + '  - name: i\n    options: [a]\n'.repeat(3), 'x: ' + '\\u0000'.repeat(10)]) })],
    [1, () => ({ path: pick(EXAMPLE_FILES), text: 'parley: 1' })],
    [1, () => ({})],
    [1, () => ({ path: pick(EXAMPLE_FILES), [pick(['other', 'Path'])]: 1 })],
    [1, () => ({ path: weirdValue() })],
    [1, () => ({ text: weirdValue() })],
  ])();
}

// --- Session sequences ---

async function sessionSequence() {
  if (!scenarios.length) return ping();
  // Start one (or pick an open one) and play a few moves, valid or not, maybe closing it.
  let id = null;
  if (sessions.size && chance(0.5)) id = pick([...sessions.keys()]);
  else {
    const a = validArgs('negotiation_start');
    const expected = predict('negotiation_start', a);
    await toolCall('negotiation_start', a, { category: 'session', valid: expected === null, expectIsError: expected,
      onResponse: (msg) => { id = msg.result?.structuredContent?.session ?? null; } });
    await settle();
    if (!id) return null;
  }
  const moves = 1 + int(6);
  for (let k = 0; k < moves && !failure; ++k) {
    const live = sessions.get(id);
    if (!live) break;
    let a;
    let valid = false;
    let expectIsError = null;
    if (live.status === 'your_turn' && chance(0.8)) {
      const action = pick(live.youMay);
      a = { session: id, action };
      if (action === 'offer') a.offer = randomPackage(live.scenario, true);
      valid = true;
    } else {
      a = pick([
        { session: id, action: 'accept' }, { session: id, action: 'end' }, { session: id, action: 'offer' },
        { session: id, action: 'offer', offer: randomPackage(pick(usable())) }, { session: id, action: 'pass' },
        { session: id, action: weirdValue() }, { session: id, action: 'offer', offer: weirdValue() },
      ]);
      if (live.status === 'finished') expectIsError = /over|^action: |^offer/;
      else if (a.action === 'accept' && !live.youMay.includes('accept')) expectIsError = /no standing offer/;
      else if (a.action === 'end' && !live.youMay.includes('end')) expectIsError = /^action: end/;
    }
    await toolCall('negotiation_act', a, { category: 'session', valid, expectIsError });
    await settle();
  }
  if (chance(0.6) && sessions.has(id)) {
    await toolCall('negotiation_close', { session: id }, { category: 'session', valid: true });
    if (chance(0.3)) await toolCall('negotiation_close', { session: id }, { category: 'session', expectIsError: /^session: / });
    await settle();
  }
  return null;
}

// --- The SDK client on the same pipe ---

class PipeTransport {
  async start() {}
  async send(message) {
    const isRequest = 'id' in message && 'method' in message;
    if (!isRequest) {
      await send(JSON.stringify(message), { category: 'sdk', expect: 'none' });
      return;
    }
    const key = JSON.stringify(message.id);
    const parsed = { method: message.method, params: message.params };
    // A tools/call naming no tool is a protocol error (-32602); everything else a result.
    const unknownTool = message.method === 'tools/call' && !TOOL_NAMES.includes(message.params?.name);
    await send(JSON.stringify(message), {
      category: 'sdk', expect: 'id', key, request: parsed,
      code: unknownTool ? -32602 : 0,
      onResponse: (msg) => { observe(parsed, msg); this.onmessage?.(msg); },
    });
  }
  async close() { this.onclose?.(); }
}

sdk = new Client({ name: 'parley-mcp-fuzz', version: '1.0.0' });
const SDK_TIMEOUT = { timeout: Math.max(60_000, opts.timeoutMs * 4) };

async function sdkCall() {
  ++stats.sdkCalls;
  const op = weighted([[1, 'ping'], [1, 'list'], [8, 'call']]);
  try {
    if (op === 'ping') await sdk.ping(SDK_TIMEOUT);
    else if (op === 'list') {
      const { tools } = await sdk.listTools(undefined, SDK_TIMEOUT);
      if (tools.length !== TOOL_NAMES.length) fail(`SDK listTools: ${tools.length} tools`);
    } else {
      const name = chance(0.9) ? pick(TOOL_NAMES) : weirdString();
      let args = TOOL_NAMES.includes(name) && !(name === 'load_scenario' && loadedCount >= MAX_SCENARIOS - 8)
        ? validArgs(name) : {};
      if (chance(0.5)) args = mutateArgs(args, name);
      args = JSON.parse(ser(args));  // the SDK writes with JSON.stringify: no raw tokens
      const result = await sdk.callTool({ name, arguments: args }, undefined, SDK_TIMEOUT);
      if (typeof result.isError !== 'boolean' && result.isError !== undefined) fail('SDK: isError not a boolean');
    }
  } catch (e) {
    if (failure) return;
    if (e instanceof McpError && e.code !== -32001 && e.code !== -32000) return;  // a JSON-RPC error answer
    fail(`the SDK client failed (${op}): ${e?.stack ?? e}\nthe last lines sent:\n  ${recent.join('\n  ')}`);
  }
}

// --- Rare, expensive lines at seeded places ---

function deepNestingLine() {
  // Arguments nested 150,000 to 400,000 levels: at most 800 KB, within the 8 MiB line limit.
  const depth = 150000 + int(250000);
  const deep = '['.repeat(depth) + ']'.repeat(depth);
  const id = freshId();
  const line = `{"jsonrpc":"2.0","id":${id.raw},"method":"tools/call","params":{"name":"evaluate","arguments":{"scenario":"s1","party":"x","package":${deep}}}}`;
  return send(line, { category: 'deep-nesting', expect: 'id', key: id.key,
                      request: { method: 'tools/call', params: { name: 'evaluate', arguments: {} } } });
}

function hugeLine() {
  // Over the 8 MiB line limit: one error, id null.
  const id = freshId();
  const line = `{"jsonrpc":"2.0","id":${id.raw},"method":"tools/call","params":{"name":"load_scenario","arguments":{"text":"${'y'.repeat(8 * 1024 * 1024 + 10)}"}}}`;
  return send(line, { category: 'huge-line', expect: 'null', code: -32600 });
}

function bigValidLine() {
  // Just under the limit: a 4 MiB + 1 text argument (refused by the tool, not the transport).
  const text = 'z'.repeat(4 * 1024 * 1024 + 1);
  return toolCall('load_scenario', { text }, { category: 'big-line', expectIsError: /^text: / });
}

// --- The run ---

const EXAMPLE_FILES = fs.readdirSync(opts.examples).filter((f) => /\.ya?ml$/.test(f)).sort()
  .map((f) => path.join(opts.examples, f));
if (!EXAMPLE_FILES.length) usage(`--examples ${opts.examples}: no .yaml scenario`);
const THREE = {
  parley: 1, name: 'Three-way fuzz',
  issues: [{ name: 'site', options: ['north', 'south', 'east'] }, { name: 'budget', range: [0, 4] },
           { name: 'rate', real: [1, 2], steps: 5 }],
  parties: [
    { name: 'p1', walk_away: 0.2, weights: { site: 0.5, budget: 0.3, rate: 0.2 }, scores: { site: { north: 10, south: 5, east: 0 } },
      functions: { budget: { linear: { slope: 0.25, offset: 0 } }, rate: { linear: { slope: -1, offset: 1 } } } },
    { name: 'p2', walk_away: 0.25, weights: { site: 3, budget: 1, rate: 1 }, utilities: { site: { north: 0, south: 0.5, east: 1 } },
      functions: { budget: { linear: { slope: -0.25, offset: 1 } }, rate: { constant: 0.5 } } },
    { name: 'p3', walk_away: 0.1, weights: { site: 0.2, budget: 0.8, rate: 0 }, scores: { site: { north: 3, south: 10, east: 0 } },
      functions: { budget: { triangular: { lower: 0, upper: 4, top: 2 } } } },
  ],
};

const started = Date.now();
console.log(`parley mcp fuzz: seed ${opts.seed}, ${opts.calls} calls, timeout ${opts.timeoutMs} ms` +
            (opts.skip.size ? `, skipping ${[...opts.skip].join(', ')}` : ''));

// Seeded places of the rare lines.
const specials = new Map();
const place = (what) => { let at; do at = 50 + int(Math.max(1, opts.calls - 100)); while (specials.has(at)); specials.set(at, what); };
if (!opts.skip.has('deep-nesting')) place('deep');
if (!opts.skip.has('huge-line')) place('huge');
place('big');

async function run() {
  // Start: the handshake, every example and a three-party text scenario.
  request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
          { category: 'setup', valid: true });
  send(ser({ jsonrpc: '2.0', method: 'notifications/initialized' }), { category: 'setup', expect: 'none' });
  request('tools/list', {}, { category: 'setup', valid: true });
  for (const file of EXAMPLE_FILES) toolCall('load_scenario', { path: file }, { category: 'setup', valid: true });
  toolCall('load_scenario', { text: JSON.stringify(THREE) }, { category: 'setup', valid: true });
  await settle();
  if (failure) return;
  if (!opts.skip.has('sdk')) {
    await sdk.connect(new PipeTransport());
    await settle();
  }
  let calls = seq;
  while (calls < opts.calls && !failure) {
    const special = specials.get(calls);
    if (special) {
      specials.delete(calls);
      await (special === 'deep' ? deepNestingLine() : special === 'huge' ? hugeLine() : bigValidLine());
    } else {
      const what = weighted([
        [55, 'call'], [12, 'envelope'], [12, 'malformed'], [8, 'session'], [opts.skip.has('sdk') ? 0 : 6, 'sdk'],
        [4, 'burst'],
      ]);
      if (what === 'call') await fuzzCall();
      else if (what === 'envelope') await envelopeLine();
      else if (what === 'malformed') await malformedLine();
      else if (what === 'session') await sessionSequence();
      else if (what === 'sdk') await sdkCall();
      else {
        // Several lines written at once, before any answer.
        const n = 2 + int(8);
        inBurst = true;
        for (let k = 0; k < n && !failure; ++k) {
          const w = weighted([[6, 'call'], [2, 'envelope'], [2, 'malformed']]);
          await (w === 'call' ? fuzzCall() : w === 'envelope' ? envelopeLine() : malformedLine());
        }
        inBurst = false;
      }
    }
    // A line that expects an answer ends every step, so that the step's lines are all settled.
    if (pending.length && ['none', 'maybe'].includes(pending.at(-1).expect)) await ping();
    await settle();
    calls = seq;
    if (opts.verbose && calls % 1000 < 10) process.stdout.write(`  ${calls} lines, ${((Date.now() - started) / 1000).toFixed(1)} s\r`);
  }
}

try {
  await run();
} catch (e) {
  fail(`the fuzzer failed: ${e?.stack ?? e}`);
}

// The end of the input: the server must exit 0, every line answered.
closingInput = true;
if (!exited) child.stdin.end();
const closeStarted = Date.now();
await Promise.race([exitPromise, new Promise((r) => setTimeout(r, Math.max(10000, opts.timeoutMs * 2)))]);
clearInterval(watchdog);
if (!failure) {
  if (!exited) fail(`the server did not exit within ${Date.now() - closeStarted} ms of the end of its input`);
  else if (exited !== 'exit code 0') fail(`the server ended with ${exited} at the end of its input (expected exit code 0)`);
  else {
    const unanswered = pending.filter((e) => e.expect === 'id' || e.expect === 'null');
    if (unanswered.length) fail(`${unanswered.length} lines never answered, the first: #${unanswered[0].seq} ${describeLine(unanswered[0].line)}`);
  }
}
if (!exited) child.kill('SIGKILL');
logStream?.end();

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const top = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`${stats.lines} lines in ${seconds} s: ${stats.results} results (${stats.isError} isError), ` +
            `errors by code {${top(stats.errors)}}, ${stats.nullErrors} with id null; ${stats.sdkCalls} SDK operations`);
console.log(`tool calls: ${top(stats.toolCalls)}`);
console.log(`categories: ${top(stats.categories)}`);
console.log(`slowest answer: ${stats.maxLatency} ms, to ${describeLine(stats.slowest, 200)}`);
console.log(`server: ${exited ?? 'still running (killed)'}; ${loadedCount} scenarios loaded, ${sessionsOpen} sessions left open`);
if (stderrText.trim()) console.log(`server stderr:\n${stderrText.trim().slice(0, 2000)}`);
if (failure) {
  console.log(`\nFAIL (seed ${opts.seed}): ${failure}`);
  process.exit(1);
}
console.log('\nok: every check passed');
process.exit(0);
