#!/usr/bin/env node
// End-to-end test of remote agents (docs/remote-agents.md) with the example Boulware agents
// (examples/agents/boulware.py and boulware.mjs). Node standard library only.
//
//   node tests/remote/remote_agents_test.mjs --parley build/parley --examples examples \
//        --shared /work/shared [--sessions 1000] [--jobs N] [--seed 1] [--python python3] [--keep]
//
// (a) Identity: many sessions, each played twice, once with parley's in-process agent
//     (boulware(e=E), or linear for e = 1, hardliner for e = 0, conceder(e=E) for e > 1) and
//     once with a remote client in its seat, over the corpus scenarios and the examples, against
//     various opponents, in every seat, with various deadlines, exponents and seeds. The two
//     traces must be identical byte for byte once the remote seat's `agent` field (its name: the
//     address) is blanked in the session line. Transports: the Node WebSocket server (one
//     long-lived process) for most sessions, exec: with Python and with Node for a few hundred,
//     and the Python WebSocket server for a few.
// (b) Failures: agents that hang (--turn-budget 0.5; exec: and ws://), crash, drop the
//     connection, send garbage, offer an unknown value, report an error, a command that does not
//     exist and a ws:// address with nothing listening: each session must end
//     with the agent's failure recorded and a clear message, parley exiting with 0; and a
//     `parley tournament` with such agents must complete with the failures recorded.
// (c) The example WebSocket servers speak RFC 6455: the handshake's Sec-WebSocket-Accept, ping
//     and pong, a fragmented message with a ping between its frames, a 16-bit length, close;
//     binary, unmasked and malformed messages are refused with the right close codes.
//
// Exits 1 with the details of every mismatch or failed check, 0 when everything holds.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// Arguments.

function usage(problem) {
  process.stderr.write(
    `remote_agents_test: ${problem}\n` +
      'usage: node remote_agents_test.mjs --parley PATH --examples DIR --shared DIR ' +
      '[--sessions N] [--jobs N] [--seed N] [--python PATH] [--keep]\n',
  );
  process.exit(2);
}

const args = { sessions: 1000, jobs: 0, seed: 1, python: 'python3', keep: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${flag} needs a value`));
    if (flag === '--parley') args.parley = path.resolve(value());
    else if (flag === '--examples') args.examples = path.resolve(value());
    else if (flag === '--shared') args.shared = path.resolve(value());
    else if (flag === '--sessions') args.sessions = Number(value());
    else if (flag === '--jobs') args.jobs = Number(value());
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--python') args.python = value();
    else if (flag === '--keep') args.keep = true;
    else usage(`unknown argument ${flag}`);
  }
  if (!args.parley || !args.examples || !args.shared) usage('--parley, --examples and --shared are required');
  if (!Number.isInteger(args.sessions) || args.sessions < 0) usage('--sessions: expected a count');
  for (const [what, file] of [
    ['--parley', args.parley],
    ['the Python agent', path.join(args.examples, 'agents/boulware.py')],
    ['the Node agent', path.join(args.examples, 'agents/boulware.mjs')],
    ['the example scenario', path.join(args.examples, 'russia-japan.yaml')],
    ['the scenario corpus', path.join(args.shared, 'scenarios/INDEX.md')],
  ])
    if (!fs.existsSync(file)) usage(`${what}: ${file} does not exist`);
  if (!args.jobs) args.jobs = Math.max(2, os.availableParallelism ? os.availableParallelism() : os.cpus().length);
}

const NODE = process.execPath;
// The interpreter itself, not a wrapper (a pyenv shim costs 0.3 s a start).
let PYTHON;
try {
  PYTHON = execFileSync(args.python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
} catch (error) {
  usage(`--python ${args.python}: cannot run it (${error.message.split('\n')[0]})`);
}
const PY_AGENT = path.join(args.examples, 'agents/boulware.py');
const NODE_AGENT = path.join(args.examples, 'agents/boulware.mjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-remote-test-'));
const problems = [];
const started = Date.now();

function problem(text) {
  problems.push(text);
  process.stderr.write(`MISMATCH/FAIL: ${text}\n`);
}

// A shell word for exec: commands.
const sh = (word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

// Runs a command; resolves {code, signal, stdout, stderr, seconds} once it has exited and its
// output is read (at most 1 s after its exit: a process it left behind may hold its pipes).
function run(command, argv, { timeout = 300_000, cwd = work } = {}) {
  return new Promise((resolve) => {
    const begin = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    let settled = false, seconds = 0;
    const finish = (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        seconds: seconds || Number(process.hrtime.bigint() - begin) / 1e9,
      });
    };
    child.on('exit', (code, signal) => {
      seconds = Number(process.hrtime.bigint() - begin) / 1e9;
      setTimeout(() => finish(code, signal), 1000).unref();
    });
    child.on('close', finish);
  });
}

// Running (a zombie is dead: killed, waiting for an init that may never reap it).
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// Runs `count` jobs on `jobs` workers.
async function pool(count, jobs, job) {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, worker));
}

// A long-lived WebSocket agent; resolves its port once it listens.
function startServer(command, argv, name) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start listening within 20 s: ${text}`)), 20_000);
    child.stderr.on('data', (d) => {
      text += d;
      const found = /listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
      if (found && !child.port) {
        child.port = Number(found[1]);
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      child.exited = true;
      if (!child.port) reject(new Error(`${name} exited (${code}) before listening: ${text}`));
    });
    child.log = () => text;
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A small deterministic generator (SplitMix64 on BigInt, 53-bit outputs).
function generator(seed) {
  let state = BigInt.asUintN(64, BigInt(seed));
  const next = () => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const unit = () => Number(next() >> 11n) / 2 ** 53;
  return {
    u64: next,
    below: (n) => Math.floor(unit() * n),
    pick: (list) => list[Math.floor(unit() * list.length)],
    weighted: (list) => {
      const total = list.reduce((s, x) => s + x.weight, 0);
      let r = unit() * total;
      for (const x of list) if ((r -= x.weight) < 0) return x;
      return list[list.length - 1];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// (a) Identity.

const corpus = (p) => path.join(args.shared, 'scenarios', p);
const example = (p) => path.join(args.examples, p);
// name, parley arguments, parties, weight, the longest deadline to use (big spaces: shorter).
const SCENARIOS = [
  { name: 'russia-japan', argv: [example('russia-japan.yaml')], weight: 12 },
  { name: 'job-offer', argv: [example('job-offer.yaml')], weight: 3 },
  { name: 'business-contract', argv: [example('business-contract.yaml')], weight: 3 },
  { name: 'divorce-settlement', argv: [example('divorce-settlement.yaml')], weight: 3 },
  { name: 'ItexvsCypress', argv: [corpus('genius/anac2010/ItexvsCypress')], weight: 4 },
  { name: 'EnglandZimbabwe', argv: [corpus('genius/anac2010/EnglandZimbabwe')], weight: 4 },
  { name: 'Laptop (discount)', argv: [corpus('genius/anac2011/Laptop')], weight: 3 },
  { name: 'Grocery (discount)', argv: [corpus('genius/anac2011/Grocery')], weight: 3 },
  { name: 'AcquisitionC (reservation)', argv: [corpus('genius/anac2012/AcquisitionC')], weight: 3 },
  { name: 'AirportSiteSelectionA', argv: [corpus('genius/anac2012/AirportSiteSelectionA')], weight: 3 },
  { name: 'CarB (15,625)', argv: [corpus('genius/anac2012/CarB')], weight: 4 },
  { name: 'Fifty2013 (1 issue)', argv: [corpus('genius/anac2013/Fifty2013')], weight: 2 },
  { name: 'Ultimatum (9)', argv: [corpus('genius/anac2013/Ultimatum')], weight: 2 },
  { name: 'SmartPhone (12,000)', argv: [corpus('genius/anac2013/SmartPhone')], weight: 3 },
  { name: 'Wholesaler (56,700)', argv: [corpus('genius/anac2013/Wholesaler')], weight: 3, maxRounds: 500 },
  { name: 'Party (GeniusWeb)', argv: [corpus('geniusweb/anac2020/Party')], weight: 3 },
  { name: 'IntegerDomain (integer)', argv: [corpus('genius/other/IntegerDomain')], weight: 3 },
  { name: 'web_service (2,001 integers)', argv: [corpus('genius/other/web_service')], weight: 2 },
  { name: 'pie (1,001)', argv: [corpus('genius/other/pie')], weight: 2 },
  {
    name: 'testIntDomain (2 of 4 profiles)',
    argv: [corpus('genius/other/testIntDomain'), '--profile', 'test_util1.xml', '--profile', 'test_util3.xml'],
    weight: 2,
  },
  { name: '2nd_hand_car (real issue)', argv: [corpus('genius/other/2nd_hand_car'), '--real-steps', '21'], weight: 2 },
  { name: 'LunchTime (3 parties)', argv: [corpus('converted/anac2017/LunchTime'), '--parties', '3'], parties: 3, weight: 4 },
  { name: 'Travel (188,160)', argv: [corpus('genius/anac2010/Travel')], weight: 1.2, maxRounds: 200, big: true },
];
const OPPONENTS = [
  'conceder', 'conceder(e=5)', 'linear', 'hardliner', 'boulware', 'boulware(e=0.05)', 'random',
  'random', 'relative_tit_for_tat', 'absolute_tit_for_tat', 'nash_seeker', 'boa',
];
const ROUNDS = [1, 2, 3, 7, 10, 25, 50, 100, 100, 200, 200, 300, 500, 1000];
// e as written on both sides; parley's in-process equivalent.
const EXPONENTS = ['0.2', '0.2', '0.2', '0.05', '0.1', '0.35', '0.5', '0.8', '0.123456789', '0.3333333333333333', '0.01', '1', '0', '2', '5'];
function inProcess(e) {
  const x = Number(e);
  if (x === 0) return 'hardliner';
  if (x === 1) return 'linear';
  return x > 1 ? `conceder(e=${e})` : `boulware(e=${e})`;
}

function makeSpecs(count, seed) {
  const g = generator(seed);
  const specs = [];
  for (let i = 0; i < count; i++) {
    const slot = i % 20;
    const transport = slot < 13 ? 'ws-node' : slot < 16 ? 'exec-python' : slot < 19 ? 'exec-node' : 'ws-python';
    let scenario = g.weighted(SCENARIOS);
    // Python builds its index in pure Python: the 188,160 packages of Travel only now and then.
    if (scenario.big && transport !== 'ws-node' && transport !== 'exec-node' && g.below(4) !== 0)
      scenario = SCENARIOS[0];
    const parties = scenario.parties || 2;
    const seat = g.below(parties);
    const others = Array.from({ length: parties - 1 }, () => g.pick(OPPONENTS));
    let rounds = g.pick(ROUNDS);
    if (scenario.maxRounds) rounds = Math.min(rounds, scenario.maxRounds);
    const e = g.pick(EXPONENTS);
    const seed = g.below(5) === 0 ? (g.u64()).toString() : String(g.below(1_000_000));
    const budget = g.below(8) === 0 ? ['--turn-budget', '20'] : [];
    specs.push({ index: i, transport, scenario, seat, others, rounds, e, seed, budget });
  }
  return specs;
}

function remoteAddress(spec, servers) {
  const e = spec.e;
  switch (spec.transport) {
    case 'ws-node':
      return e === '0.2' ? `ws://127.0.0.1:${servers.node.port}/` : `ws://127.0.0.1:${servers.node.port}/?e=${e}`;
    case 'ws-python':
      return `ws://127.0.0.1:${servers.python.port}/?e=${e}`;
    case 'exec-node':
      return `exec:${sh(NODE)} ${sh(NODE_AGENT)}` + (e === '0.2' ? '' : ` --e ${e}`);
    case 'exec-python':
      return `exec:${sh(PYTHON)} ${sh(PY_AGENT)} --e ${e}`;
  }
  throw new Error(spec.transport);
}

function agentsList(spec, own) {
  const list = [...spec.others];
  list.splice(spec.seat, 0, own);
  return list.join(',');
}

// The trace with the `agent` field of party `seat` in the session line blanked.
function normalise(text, seat) {
  const end = text.indexOf('\n');
  const first = text.slice(0, end);
  let k = 0;
  const blanked = first.replace(/"agent":"(?:[^"\\]|\\.)*"/g, (match) => (k++ === seat ? '"agent":"<seat>"' : match));
  if (k === 0) throw new Error('no "agent" field in the session line');
  return blanked + text.slice(end);
}

function firstDifference(a, b) {
  const la = a.split('\n'), lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++)
    if (la[i] !== lb[i])
      return `line ${i + 1}:\n      in-process: ${(la[i] ?? '<none>').slice(0, 400)}\n      remote:     ${(lb[i] ?? '<none>').slice(0, 400)}`;
  return 'no line differs';
}

async function identity(servers) {
  const specs = makeSpecs(args.sessions, args.seed);
  const counts = {};
  let turns = 0, done = 0, agreements = 0;
  const commands = (spec, agents, trace) => [
    'negotiate', ...spec.scenario.argv, '--agents', agents, '--rounds', String(spec.rounds), '--seed', spec.seed,
    ...spec.budget, '--no-analysis', '--trace', trace,
  ];
  await pool(specs.length, args.jobs, async (i) => {
    const spec = specs[i];
    const local = path.join(work, `s${i}-local.jsonl`), remote = path.join(work, `s${i}-remote.jsonl`);
    const localArgs = commands(spec, agentsList(spec, inProcess(spec.e)), local);
    const remoteArgs = commands(spec, agentsList(spec, remoteAddress(spec, servers)), remote);
    const [a, b] = await Promise.all([run(args.parley, localArgs), run(args.parley, remoteArgs)]);
    const label = `session ${i} (${spec.transport}, ${spec.scenario.name}, seat ${spec.seat}, e=${spec.e}, ` +
      `vs ${spec.others.join('+')}, ${spec.rounds} rounds, seed ${spec.seed})`;
    const show = (argv) => [args.parley, ...argv].map(sh).join(' ');
    counts[spec.transport] = (counts[spec.transport] || 0) + 1;
    if (a.code !== 0 || b.code !== 0) {
      problem(`${label}: exit codes ${a.code}/${b.code}\n    ${show(localArgs)}\n    ${a.stderr.trim()}\n    ${show(remoteArgs)}\n    ${b.stderr.trim()}`);
      return;
    }
    const x = fs.readFileSync(local, 'utf8'), y = fs.readFileSync(remote, 'utf8');
    const named = JSON.parse(y.slice(0, y.indexOf('\n'))).parties[spec.seat].agent;
    if (named !== remoteAddress(spec, servers)) {
      problem(`${label}: the remote trace names seat ${spec.seat} ${JSON.stringify(named)}, expected the address`);
      return;
    }
    let nx, ny;
    try {
      nx = normalise(x, spec.seat);
      ny = normalise(y, spec.seat);
    } catch (error) {
      problem(`${label}: ${error.message}`);
      return;
    }
    if (nx !== ny) {
      problem(`${label}: traces differ at ${firstDifference(nx, ny)}\n    ${show(localArgs)}\n    ${show(remoteArgs)}\n    (kept: ${local} ${remote})`);
      return;
    }
    const result = JSON.parse(y.trimEnd().split('\n').pop());
    if (result.reason === 'failure') {
      problem(`${label}: both sessions failed (${JSON.stringify(result.failure)})`);
      return;
    }
    if (result.reason === 'agreement') agreements++;
    turns += result.turns;
    fs.rmSync(local);
    fs.rmSync(remote);
    if (++done % 100 === 0)
      process.stderr.write(`  ${done}/${specs.length} sessions identical (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  });
  return { sessions: specs.length, identical: done, counts, turns, agreements };
}

// ---------------------------------------------------------------------------------------------
// (b) Failures.

// Misbehaving agents, as small Node programs: each answers settings with ready, then misbehaves
// at its first turn.
const MISBEHAVING = {
  // Never answers; ignores the end of its input and SIGTERM too (parley must kill it). Writes
  // its process id to the file named by its argument.
  'hang.mjs': `
import readline from 'node:readline';
import fs from 'node:fs';
fs.writeFileSync(process.argv[2], String(process.pid));
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => { if (JSON.parse(line).type === 'settings') process.stdout.write('{"type":"ready"}\\n'); });
rl.on('close', () => {});
process.stdin.on('error', () => {});
setInterval(() => {}, 1000);
process.on('SIGTERM', () => {});
`,
  // Never answers, but exits when its input closes (for tournaments, whose workers get killed).
  'hang-polite.mjs': `
import readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => { if (JSON.parse(line).type === 'settings') process.stdout.write('{"type":"ready"}\\n'); });
rl.on('close', () => process.exit(0));
`,
  // Exits with status 3 at its first turn.
  'crash.mjs': `
import readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'settings') process.stdout.write('{"type":"ready"}\\n');
  else if (m.type === 'propose' || m.type === 'respond') process.exit(3);
});
`,
  // Answers its first turn with text that is not JSON.
  'garbage.mjs': `
import readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'settings') process.stdout.write('{"type":"ready"}\\n');
  else if (m.type === 'propose' || m.type === 'respond') process.stdout.write('this is not json {\\n');
});
rl.on('close', () => process.exit(0));
process.stdout.on('error', () => process.exit(0));
`,
  // Offers a value the first issue does not have (and rejects every offer).
  'unknown-value.mjs': `
import readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
let issues;
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'settings') { issues = m.issues; process.stdout.write('{"type":"ready"}\\n'); }
  else if (m.type === 'respond') process.stdout.write('{"type":"reject"}\\n');
  else if (m.type === 'propose') {
    const offer = {};
    issues.forEach((issue, i) => { offer[issue.name] = i === 0 ? 'no-such-value' : issue.values[0]; });
    process.stdout.write(JSON.stringify({ type: 'offer', offer }) + '\\n');
  }
});
rl.on('close', () => process.exit(0));
process.stdout.on('error', () => process.exit(0));
`,
  // Reports that it cannot act.
  'error.mjs': `
import readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'settings') process.stdout.write('{"type":"ready"}\\n');
  else if (m.type === 'propose' || m.type === 'respond')
    process.stdout.write(JSON.stringify({ type: 'error', message: 'out of ideas' }) + '\\n');
});
rl.on('close', () => process.exit(0));
process.stdout.on('error', () => process.exit(0));
`,
};

async function failures(servers) {
  const dir = path.join(work, 'misbehaving');
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(MISBEHAVING)) fs.writeFileSync(path.join(dir, name), text);
  const agent = (name) => `exec:${sh(NODE)} ${sh(path.join(dir, name))}`;
  const deadPort = await freePort();
  const scenario = example('russia-japan.yaml');
  // A misbehaving WebSocket agent: answers settings with ready, then on /hang never answers and
  // on /drop closes the connection (without a close frame) at the next message.
  const misbehaving = http.createServer((request, response) => response.writeHead(426).end());
  misbehaving.on('upgrade', (request, socket) => {
    const accept = crypto.createHash('sha1').update(request.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    let messages = 0;
    socket.on('error', () => {});
    socket.on('data', () => {
      if (messages++ === 0) {
        const ready = Buffer.from('{"type":"ready"}');
        socket.write(Buffer.concat([Buffer.from([0x81, ready.length]), ready]));
      } else if (request.url === '/drop') socket.destroy();
    });
  });
  await new Promise((resolve) => misbehaving.listen(0, '127.0.0.1', resolve));
  const wsPort = misbehaving.address().port;
  const cases = [
    { what: 'a ws:// agent that hangs', address: `ws://127.0.0.1:${wsPort}/hang`, budget: 0.5, message: /no (offer|answer) within 0\.5 s/, maxSeconds: 5 },
    { what: 'a ws:// agent that drops the connection', address: `ws://127.0.0.1:${wsPort}/drop`, message: /(offer|answer) failed: / },
    { what: 'an agent that hangs', address: `${agent('hang.mjs')} ${sh(path.join(dir, 'hang.pid'))}`, budget: 0.5, message: /no (offer|answer) within 0\.5 s/, maxSeconds: 8, pidFile: path.join(dir, 'hang.pid') },
    { what: 'an agent that crashes', address: agent('crash.mjs'), message: /closed its output before its (offer|answer) \(exit status 3\)/ },
    { what: 'an agent that sends garbage', address: agent('garbage.mjs'), message: /sent 'this is not json \{' where a JSON object/ },
    { what: 'an agent that offers an unknown value', address: agent('unknown-value.mjs'), message: /offered 'no-such-value' for issue 'habomai', which has no such value/, seat: 0 },
    { what: 'an agent that reports an error', address: agent('error.mjs'), message: /reported an error: 'out of ideas'/ },
    { what: 'a ws:// address with nothing listening', address: `ws://127.0.0.1:${deadPort}/`, message: /connection failed: Connection refused/, start: true },
    { what: 'an exec: command that does not exist', address: 'exec:/nonexistent/agent --x', message: /closed its output before its ready \(exit status 127\)|no ready/, start: true },
  ];
  let checked = 0;
  for (const c of cases) {
    for (const seat of c.seat === undefined ? [0, 1] : [c.seat]) {
      const trace = path.join(work, `fail-${checked}.jsonl`);
      const agents = seat === 0 ? `${c.address},conceder` : `conceder,${c.address}`;
      const argv = ['negotiate', scenario, '--agents', agents, '--rounds', '50', '--no-analysis', '--trace', trace];
      if (c.budget) argv.push('--turn-budget', String(c.budget));
      if (c.pidFile) fs.rmSync(c.pidFile, { force: true });
      const r = await run(args.parley, argv, { timeout: 60_000 });
      checked++;
      const label = `${c.what} (seat ${seat})`;
      if (c.pidFile && fs.existsSync(c.pidFile)) {
        // docs/remote-agents.md: "an exec: program that does not exit within 2 s of the end of
        // its input is killed".
        const pid = Number(fs.readFileSync(c.pidFile, 'utf8'));
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (alive(pid)) {
          problem(`${label}: the agent's program (pid ${pid}) still runs after parley exited: parley killed ` +
            `/bin/sh, not the program it started (it should kill the process group); killed by the test`);
          process.kill(pid, 'SIGKILL');
        }
      }
      const party = seat === 0 ? 'japan' : 'russia';
      if (r.code !== 0) {
        problem(`${label}: parley exited with ${r.code} (${r.signal || ''}), expected 0\n${r.stdout}${r.stderr}`);
        continue;
      }
      const outcome = /Outcome: (.*)/.exec(r.stdout);
      if (!outcome || !outcome[1].startsWith(`failure of ${party} (${c.address})`) || !c.message.test(outcome[1])) {
        problem(`${label}: expected "Outcome: failure of ${party} (${c.address}) ..." matching ${c.message}, got:\n${r.stdout}${r.stderr}`);
        continue;
      }
      const lines = fs.readFileSync(trace, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      const result = lines[lines.length - 1];
      const action = lines[lines.length - 2];
      if (result.reason !== 'failure' || result.failure?.party !== party || !c.message.test(result.failure?.message || '') ||
          action.action !== 'failure' || action.actor !== party || action.message !== result.failure.message) {
        problem(`${label}: the trace does not record the failure as expected:\n  ${JSON.stringify(action)}\n  ${JSON.stringify(result)}`);
        continue;
      }
      if (c.maxSeconds && r.seconds > c.maxSeconds)
        problem(`${label}: took ${r.seconds.toFixed(1)} s (the budget is ${c.budget} s; at most ${c.maxSeconds} s expected)`);
    }
  }
  misbehaving.close();
  misbehaving.closeAllConnections?.();
  // The example agents on malformed input: an error answer, a message, a non-zero exit.
  for (const [name, command, argv] of [
    ['boulware.mjs', NODE, [NODE_AGENT]],
    ['boulware.py', PYTHON, [PY_AGENT]],
  ]) {
    const r = await runWithInput(command, argv, 'not json\n');
    checked++;
    if (r.code === 0 || !/"type":"error"/.test(r.stdout) || !/malformed input/.test(r.stderr))
      problem(`${name} on malformed input: expected an error answer, a message on stderr and a non-zero exit; got ${r.code}, ${JSON.stringify(r.stdout)}, ${JSON.stringify(r.stderr)}`);
  }
  return { checked };
}

function runWithInput(command, argv, input) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function tournament(servers) {
  const dir = path.join(work, 'misbehaving');
  const agent = (name) => `exec:${sh(NODE)} ${sh(path.join(dir, name))}`;
  const deadPort = await freePort();
  const yamlString = (s) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
  const agents = [
    'boulware(e=0.2)',
    `ws://127.0.0.1:${servers.node.port}/`,
    `exec:${sh(PYTHON)} ${sh(PY_AGENT)} --e 0.5`,
    agent('hang-polite.mjs'),
    agent('crash.mjs'),
    agent('garbage.mjs'),
    agent('unknown-value.mjs'),
    `ws://127.0.0.1:${deadPort}/`,
  ];
  const file = path.join(work, 'tournament.yaml');
  fs.writeFileSync(
    file,
    [
      'tournament: remote-agents-failures',
      'seed: 5',
      'repetitions: 1',
      'deadline: {rounds: 40}',
      'roles: fixed',
      'self_play: false',
      'agents:',
      ...agents.map((a) => `  - ${yamlString(a)}`),
      'scenarios:',
      `  - ${yamlString(example('russia-japan.yaml'))}`,
      'limits: {seconds: 2}',
      '',
    ].join('\n'),
  );
  const out = path.join(work, 'tournament-out');
  const r = await run(args.parley, ['tournament', file, '--out', out, '--threads', '2', '--no-plot', '--quiet'], { timeout: 180_000 });
  const label = 'tournament with misbehaving remote agents';
  if (r.code !== 0) {
    problem(`${label}: parley exited with ${r.code}, expected 0\n${r.stdout}${r.stderr}`);
    return { rows: 0 };
  }
  const rows = fs.readFileSync(path.join(out, 'results.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  const n = agents.length;
  if (rows.length !== (n * (n - 1)) / 2) problem(`${label}: ${rows.length} rows, expected ${(n * (n - 1)) / 2}`);
  const failing = new Set(agents.slice(3));
  let recorded = 0;
  for (const row of rows) {
    const seats = row.agents;
    const bad = seats.filter((a) => failing.has(a));
    if (bad.length === 0) {
      if (row.end === 'failure') problem(`${label}: row ${row.index} (${seats.join(' vs ')}) failed: ${row.failure}`);
      continue;
    }
    // A worker killed at the hard time limit cannot say whose agent hung.
    const killed = bad.includes(agents[3]) && /^time limit: /.test(row.failure) && row.failed_agent === '';
    if (row.end !== 'failure' || !row.failure || !(killed || bad.includes(row.failed_agent))) {
      problem(`${label}: row ${row.index} (${seats.join(' vs ')}): expected a failure of ${bad.join(' or ')}, got end=${row.end} failure=${JSON.stringify(row.failure)} failed_agent=${JSON.stringify(row.failed_agent)}`);
      continue;
    }
    recorded++;
    if (bad.length === 1 && !killed && row.failed_agent !== bad[0]) problem(`${label}: row ${row.index}: failure blamed on ${row.failed_agent}`);
  }
  // Every failing agent against boulware: its own failure, with its kind of message.
  const expect = {
    [agents[3]]: /time limit|no (offer|answer) within/,
    [agents[4]]: /exit status 3/,
    [agents[5]]: /this is not json/,
    [agents[6]]: /no such value/,
    [agents[7]]: /Connection refused/,
  };
  for (const [who, pattern] of Object.entries(expect)) {
    const row = rows.find((x) => x.agents[0] === agents[0] && x.agents[1] === who);
    if (!row || !pattern.test(row.failure)) problem(`${label}: boulware vs ${who}: expected a failure matching ${pattern}, got ${JSON.stringify(row?.failure)}`);
  }
  return { rows: rows.length, recorded, seconds: r.seconds };
}

// ---------------------------------------------------------------------------------------------
// (c) The WebSocket servers.

// A raw WebSocket client: resolves {send(opcode, payload, {fin, mask}), next(), end()} once the
// handshake (and its Sec-WebSocket-Accept) checked out.
function wsClient(port, target) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const key = crypto.randomBytes(16).toString('base64');
    let buffer = Buffer.alloc(0), shaken = false;
    const frames = [], waiting = [];
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const api = {
      send(opcode, payload, { fin = true, mask = true } = {}) {
        const body = Buffer.from(payload);
        const m = crypto.randomBytes(4);
        let head;
        if (body.length < 126) head = Buffer.from([(fin ? 0x80 : 0) | opcode, (mask ? 0x80 : 0) | body.length]);
        else {
          head = Buffer.alloc(4);
          head[0] = (fin ? 0x80 : 0) | opcode;
          head[1] = (mask ? 0x80 : 0) | 126;
          head.writeUInt16BE(body.length, 2);
        }
        if (mask) for (let i = 0; i < body.length; i++) body[i] ^= m[i & 3];
        socket.write(Buffer.concat(mask ? [head, m, body] : [head, body]));
      },
      next: () => (frames.length ? Promise.resolve(frames.shift()) : new Promise((r) => waiting.push(r))),
      end: () => socket.destroy(),
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!shaken) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 4);
        shaken = true;
        const accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
        if (!head.startsWith('HTTP/1.1 101') || !head.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`))
          return reject(new Error(`bad handshake answer: ${JSON.stringify(head)}`));
        resolve(api);
      }
      while (buffer.length >= 2) {
        let length = buffer[1] & 0x7f, offset = 2;
        if (length === 126) {
          if (buffer.length < 4) break;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) break;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) break;
        const frame = { opcode: buffer[0] & 0x0f, masked: (buffer[1] & 0x80) !== 0, data: buffer.subarray(offset, offset + length) };
        buffer = buffer.subarray(offset + length);
        const w = waiting.shift();
        if (w) w(frame);
        else frames.push(frame);
      }
    });
    socket.on('close', () => {
      if (!shaken) reject(new Error('closed during the handshake'));
      for (const w of waiting.splice(0)) w(null);
    });
  });
}

async function webSocketServers(servers) {
  let checked = 0;
  const settings = (values) => JSON.stringify({
    type: 'settings', protocol: 'parley-agent/1', party: 'a', position: 0, parties: ['a', 'b'], rounds: 10,
    seed: 1, turn_seconds: 30, issues: [{ name: 'issue', values: values.map((v) => `v${v}`) }],
    profile: { type: 'linear-additive', contributions: [values.map((v) => v / values.length)], weights: [1],
      reservation_value: 0, discount_factor: 1 },
  });
  for (const [name, server] of Object.entries(servers)) {
    const fail = (what, frame) => problem(`the ${name} WebSocket agent: ${what}: got ${frame ? `opcode ${frame.opcode} ${JSON.stringify(frame.data.toString())}` : 'the connection closed'}`);
    const text = (f) => f && f.opcode === 1 && !f.masked ? JSON.parse(f.data.toString()) : null;
    const closeCode = (f) => (f && f.opcode === 8 && f.data.length >= 2 ? f.data.readUInt16BE(0) : null);
    try {
      let c = await wsClient(server.port, '/?e=0.5');
      c.send(9, 'hello');
      let f = await c.next();
      if (!f || f.opcode !== 10 || f.data.toString() !== 'hello') fail('a ping must get a pong with its payload', f);
      const message = settings([0, 1, 2]);
      c.send(1, message.slice(0, 25), { fin: false });
      c.send(9, 'between');
      c.send(0, message.slice(25));
      f = await c.next();
      if (!f || f.opcode !== 10 || f.data.toString() !== 'between') fail('a ping between the frames of a message must be answered at once', f);
      f = await c.next();
      if (text(f)?.type !== 'ready' || text(f)?.agent !== 'boulware(e=0.5)-' + name) fail('a fragmented settings message with ?e=0.5 must get ready from boulware(e=0.5)', f);
      c.send(1, JSON.stringify({ type: 'propose', round: 0, time: 0 }));
      f = await c.next();
      if (text(f)?.offer?.issue !== 'v2') fail('propose at t = 0 must get the best package (v2)', f);
      c.send(1, JSON.stringify({ type: 'observe', actor: 'b', action: 'offer', round: 0, time: 0.5, offer: { issue: 'v0' } }));
      f = await c.next();
      if (!f || f.opcode !== 10 || f.data.length !== 0) fail('observe must get an empty unsolicited pong', f);
      c.send(1, JSON.stringify({ type: 'respond', round: 1, time: 0.55, offer: { issue: 'v0' } }));
      f = await c.next();
      if (text(f)?.type !== 'reject') fail('respond with the worst package must get reject', f);
      c.send(8, Buffer.from([0x03, 0xe8]));
      f = await c.next();
      if (closeCode(f) !== 1000) fail('close must be answered with close 1000', f);
      c.end();
      c = await wsClient(server.port, '/');
      c.send(1, settings(Array.from({ length: 1500 }, (_, i) => i))); // 40 kB: a 16-bit length
      f = await c.next();
      if (text(f)?.type !== 'ready' || text(f)?.agent !== 'boulware(e=0.2)-' + name) fail('a settings message with a 16-bit length must get ready from boulware(e=0.2)', f);
      c.end();
      for (const [what, act, code] of [
        ['a binary message must be refused with close 1003', (x) => x.send(2, 'binary'), 1003],
        ['an unmasked frame must be refused with close 1002', (x) => x.send(1, '{}', { mask: false }), 1002],
      ]) {
        c = await wsClient(server.port, '/');
        act(c);
        f = await c.next();
        if (closeCode(f) !== code) fail(what, f);
        c.end();
      }
      c = await wsClient(server.port, '/');
      c.send(1, '{not json');
      f = await c.next();
      if (text(f)?.type !== 'error' || !/malformed input/.test(text(f)?.message)) fail('malformed JSON must get an error answer', f);
      f = await c.next();
      if (closeCode(f) !== 1008) fail('then close 1008', f);
      c.end();
      checked++;
    } catch (error) {
      problem(`the ${name} WebSocket agent: ${error.message}`);
    }
  }
  return { checked };
}

// ---------------------------------------------------------------------------------------------

let servers = {};
let exitCode = 0;
try {
  servers.node = await startServer(NODE, [NODE_AGENT, '--ws', '0'], 'the Node WebSocket agent');
  servers.python = await startServer(PYTHON, [PY_AGENT, '--ws', '0'], 'the Python WebSocket agent');
  process.stderr.write(
    `remote agents test: ${args.sessions} sessions on ${args.jobs} workers; WebSocket agents on ports ` +
      `${servers.node.port} (Node) and ${servers.python.port} (Python); work folder ${work}\n`,
  );
  const a = await identity(servers);
  const aSeconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `(a) identity: ${a.identical}/${a.sessions} sessions with identical traces ` +
      `(${Object.entries(a.counts).map(([k, v]) => `${k} ${v}`).join(', ')}; ${a.turns} turns, ` +
      `${a.agreements} agreements) in ${aSeconds.toFixed(1)} s\n`,
  );
  const b = await failures(servers);
  const t = await tournament(servers);
  process.stdout.write(
    `(b) failures: ${b.checked} misbehaving-agent checks; tournament: ${t.rows} negotiations, ` +
      `${t.recorded} failures recorded as expected` + (t.seconds ? ` in ${t.seconds.toFixed(1)} s` : '') + '\n',
  );
  const c = await webSocketServers(servers);
  process.stdout.write(`(c) WebSocket servers: ${c.checked} of ${Object.keys(servers).length} pass the protocol checks\n`);
  for (const [name, server] of Object.entries(servers))
    if (server.exited) problem(`the ${name} WebSocket agent died during the test:\n${server.log()}`);
} catch (error) {
  problem(`the test itself failed: ${error.stack || error}`);
} finally {
  for (const server of Object.values(servers)) if (server && !server.exited) server.kill('SIGTERM');
}
const total = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length) {
  process.stdout.write(`FAILED: ${problems.length} problem(s) (see above); files kept in ${work}; ${total} s\n`);
  exitCode = 1;
} else {
  process.stdout.write(`PASSED in ${total} s\n`);
  if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
