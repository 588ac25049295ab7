#!/usr/bin/env node
// kill -9 at every step of every deal-closing mechanism of `parley serve` (issue 20;
// docs/mechanisms.md): nothing acknowledged is lost, nothing is ever half there.
//
// A real `parley serve` process on one SQLite database (synchronous=FULL) drives, one request at
// a time, each mechanism: sealed acceptances (3 parties, and 10), the mediator's proposal,
// improvements after agreement, final-offer arbitration with the mediator's close, the pre-agreed
// rule with close, closing without a deal-closer, blind bidding over several rounds with the
// neutral and then a crossing, and the quorum rule n-1 with a veto holder in the single-text
// votes. Every scenario is played twice, on fresh negotiations:
//
//  - acknowledged: after each step answered 200, the server is killed with SIGKILL and restarted
//    on the same database; the views (the mediator's and every party's) must show the step's
//    effect and every earlier one (each party's own marks / answer / approvals / final offer /
//    bids as it sees them, the results, the phase, the agreement), and the signed record
//    (GET /api/record) must pass `parley replay`. The state after each step (views without ids
//    and times, and the record's events) is kept as the reference.
//  - in flight: each step is sent and the server killed while it is in flight (at 0 to 100% of
//    the step's own acknowledged latency, after the request left); after the restart the state
//    must be exactly the state before the step (absent: the step is then sent again) or exactly
//    the reference state after it (present), views and record events alike, never anything
//    else; a step answered 200 before the kill must be present; the record must replay.
//
// Then: ten parties' sealed marks sent at once and the server killed in the middle (each mark is
// there or not, all-or-nothing with the match); negotiations whose deadline passes while the
// server is down (deadline_seconds 2, at_deadline nash; also final-offer and a negotiation
// without proposals) are closed by the restarted server's deadline watcher; and at the end every
// negotiation, after one more restart, is exactly as it was left and its record replays with
// every party's reveal (analyses and certificates computed again).
//
//   node tests/service/mechanisms_crash_test.mjs --parley build/parley [--only TEXT] [--keep]
//        [--verbose]
// --only: run the scenarios whose name contains TEXT; --keep: keep the temporary folder (the
// database, server log, records).
import http from 'node:http';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const HOST = '127.0.0.1';
const options = { parley: '', only: '', keep: false, verbose: false };
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i].replace(/^--/, '');
  if (name === 'keep' || name === 'verbose') options[name] = true;
  else if (name in options) options[name] = process.argv[++i] ?? '';
  else {
    console.error(`unknown option ${process.argv[i]} (expected --parley PATH [--only TEXT] [--keep] [--verbose])`);
    process.exit(2);
  }
}
if (!options.parley || !fs.existsSync(options.parley)) {
  console.error(`give --parley PATH to the parley executable (found: "${options.parley}")`);
  process.exit(2);
}
const PARLEY = path.resolve(options.parley);

// --- Cleanup on every exit path ---

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-mechanisms-crash-'));
const children = new Set(); // processes started here, killed at exit
function cleanup() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
  if (options.keep) console.log(`kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`interrupted (${signal})`);
    process.exit(130);
  });
}

// --- Failures ---

class TestFailure extends Error {}
let where = ''; // the scenario, mode and step being run, for the failure message
function fail(message) {
  throw new TestFailure(message);
}
function show(value) {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 400 ? `${text.slice(0, 400)}...` : text;
}
function expectEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) fail(`${what}: expected ${show(expected)}, found ${show(actual)}`);
}
function expect(condition, what) {
  if (!condition) fail(what);
}
// The first place two JSON values differ: "path: a vs b".
function difference(a, b, at = '') {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = difference(a[key], b[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at || '(whole)'}: ${show(a)} vs ${show(b)}`;
}

// --- The server ---

const database = path.join(work, 'mechanisms.db');
const serverLog = path.join(work, 'server.log');
function logTail(lines = 15) {
  if (!fs.existsSync(serverLog)) return '(no server log)';
  return fs.readFileSync(serverLog, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `  server: ${l}`).join('\n');
}

class Server {
  child = null;
  port = 0;
  starts = 0;
  exited = null;

  async start() {
    const portFile = path.join(work, 'port');
    fs.rmSync(portFile, { force: true });
    const log = fs.openSync(serverLog, 'a');
    const child = spawn(PARLEY, ['serve', '--db', database, '--host', HOST, '--port', '0', '--port-file', portFile,
      '--rate', '1000000', '--burst', '1000000', '--create-rate', '1000000', '--create-burst', '1000000'],
    { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    children.add(child);
    this.child = child;
    this.unexpected = null;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      children.delete(child);
      if (this.child === child && !this.killing) this.unexpected = `code ${code}, signal ${signal}`;
      resolve();
    }));
    this.killing = false;
    const started = Date.now();
    while (!fs.existsSync(portFile)) {
      if (this.unexpected) fail(`parley serve exited at start (${this.unexpected})\n${logTail()}`);
      if (Date.now() - started > 15000) fail(`parley serve did not write its port file within 15 s\n${logTail()}`);
      await sleep(5);
    }
    this.port = Number(fs.readFileSync(portFile, 'utf8'));
    this.starts++;
  }

  // SIGKILL, and wait until the process is gone.
  async kill() {
    if (!this.child) return;
    if (this.unexpected) fail(`parley serve exited by itself (${this.unexpected})\n${logTail()}`);
    this.killing = true;
    this.child.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  async restart() {
    await this.kill();
    await this.start();
  }
}
const server = new Server();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Waits `ms` milliseconds (sub-millisecond too) while letting I/O run.
function spin(ms) {
  const until = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  return new Promise((resolve) => {
    const poll = () => (process.hrtime.bigint() >= until ? resolve() : setImmediate(poll));
    poll();
  });
}

// --- HTTP (a new connection per request: the server is killed often) ---

// hooks.sent: the request has left (its body handed to the socket); hooks.answered(response).
function call(method, urlPath, token, body, hooks = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request({
      host: HOST, port: server.port, method, path: urlPath, agent: false, headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
      },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => {
        let json = null;
        try {
          json = text.startsWith('{') ? JSON.parse(text) : null;
        } catch {
          // not JSON (a record, a reveal)
        }
        const answer = { status: response.statusCode, text, json };
        hooks.answered?.(answer);
        resolve(answer);
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.setTimeout(30000, () => request.destroy(new Error(`${method} ${urlPath}: no answer within 30 s`)));
    request.end(payload, () => hooks.sent?.());
  });
}

async function get(urlPath, token) {
  const answer = await call('GET', urlPath, token);
  if (answer.status !== 200) fail(`GET ${urlPath}: status ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer;
}

// --- Observing a negotiation ---

// Every role's view, once no analysis is pending (a kill during one re-runs it on the restart).
async function readViews(negotiation) {
  const started = Date.now();
  let mediator;
  for (;;) {
    mediator = (await get('/api/mediator', negotiation.mediator)).json;
    if (mediator.negotiation.phase !== 'analysing') break;
    if (Date.now() - started > 30000) fail(`the analysis did not finish within 30 s: ${show(mediator.analysis)}`);
    await sleep(20);
  }
  const parties = [];
  for (const token of negotiation.tokens) parties.push((await get('/api/party', token)).json);
  return { mediator, parties };
}

// The views without what differs from one run to the next (ids, times, salts, samples).
function normalised(views) {
  const strip = (view) => {
    const copy = structuredClone(view);
    delete copy.negotiation.id;
    delete copy.negotiation.created_at;
    delete copy.record;
    delete copy.sample_packages;
    delete copy.warnings;
    if (copy.mechanisms) delete copy.mechanisms.deadline;
    if (copy.agreement) delete copy.agreement.agreed_at;
    return copy;
  };
  return { mediator: strip(views.mediator), parties: views.parties.map(strip) };
}

async function readRecord(negotiation) {
  const answer = await get('/api/record', negotiation.mediator);
  const lines = answer.text.split('\n').filter((line) => line.length > 0);
  const parsed = lines.map((line) => JSON.parse(line));
  return { text: answer.text, lines: parsed, events: parsed.map((line) => line.event).filter((e) => e !== 'signature') };
}

let replays = 0;
function runParley(args) {
  return new Promise((resolve) => {
    const child = execFile(PARLEY, args, { timeout: 60000 }, (error, stdout, stderr) => {
      children.delete(child);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr, error });
    });
    children.add(child);
  });
}

// `parley replay` on the downloaded record (with every party's reveal when `reveals`).
async function replay(negotiation, record, reveals = false) {
  const file = path.join(work, `record-${negotiation.id}.jsonl`);
  fs.writeFileSync(file, record.text);
  const args = ['replay', file];
  if (reveals) {
    for (let p = 0; p < negotiation.tokens.length; p++) {
      const reveal = await get('/api/reveal', negotiation.tokens[p]);
      const revealFile = path.join(work, `reveal-${negotiation.id}-${p}.jsonl`);
      fs.writeFileSync(revealFile, reveal.text);
      args.push('--reveal', revealFile);
    }
  }
  const result = await runParley(args);
  replays++;
  if (result.code !== 0 || !result.stdout.includes('record verified and replayed'))
    fail(`parley ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
}

// Views, record and its replay: what a step left.
async function observe(negotiation) {
  const views = await readViews(negotiation);
  const record = await readRecord(negotiation);
  await replay(negotiation, record);
  return { views, record, snapshot: normalised(views), events: record.events };
}

// --- Scenarios' data ---

function spec(title, parties, issues = 3, options = 3, extra = {}) {
  return {
    title,
    issues: Array.from({ length: issues }, (_, i) => ({ name: `I${i}`, options: Array.from({ length: options }, (_, o) => `o${o}`) })),
    parties: Array.from({ length: parties }, (_, p) => `P${p}`),
    ...extra,
  };
}

// Seeded preferences (a 64-bit LCG, Knuth's MMIX constants): one score of 100 per issue.
function preferences(seed, issues = 3, options = 3, walkAway = 0.2) {
  let state = BigInt(seed) * 6364136223846793005n + 1442695040888963407n;
  const next = () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(state >> 40n) / 2 ** 24;
  };
  const weights = {};
  const scores = {};
  for (let i = 0; i < issues; i++) {
    weights[`I${i}`] = 1 + Math.floor(next() * 99);
    const best = Math.floor(next() * options);
    scores[`I${i}`] = Object.fromEntries(Array.from({ length: options }, (_, o) => [`o${o}`, o === best ? 100 : Math.floor(next() * 101)]));
  }
  return { weights, scores, walk_away: walkAway };
}

// The linear-additive utility of the submitted preferences, computed here with no library.
function utility(prefs, pkg) {
  const weightSum = Object.values(prefs.weights).reduce((a, b) => a + b, 0);
  let total = 0;
  for (const [issue, weight] of Object.entries(prefs.weights)) {
    const best = Math.max(...Object.values(prefs.scores[issue]));
    total += (weight / weightSum) * (prefs.scores[issue][pkg[issue]] / best);
  }
  return total;
}

function everyPackage(issues, options) {
  let packages = [{}];
  for (let i = 0; i < issues; i++)
    packages = packages.flatMap((p) => Array.from({ length: options }, (_, o) => ({ ...p, [`I${i}`]: `o${o}` })));
  return packages;
}

const sealedItem = (views, label) => views.mediator.mechanisms.sealed.items.find((item) => item.item === label);
const proposal = (views, kind) => views.mediator.proposals.find((p) => p.kind === kind);
const phaseOf = (views) => views.mediator.negotiation.phase;
function expectPhase(views, phase) {
  expectEqual(phaseOf(views), phase, 'phase (mediator view)');
  views.parties.forEach((view, p) => expectEqual(view.negotiation.phase, phase, `phase (P${p}'s view)`));
}
function expectAgreement(views, pkg, by, item) {
  expectPhase(views, 'agreed');
  expectEqual(views.mediator.agreement?.package, pkg, 'agreement (mediator view)');
  views.parties.forEach((view, p) => expectEqual(view.agreement?.package, pkg, `agreement (P${p}'s view)`));
  expectEqual(views.mediator.mechanisms.agreed_by, by, 'mechanisms.agreed_by');
  if (item !== undefined) expectEqual(views.mediator.mechanisms.agreed_item, item, 'mechanisms.agreed_item');
}

// --- Running a scenario ---

const totals = { steps: 0, restarts: 0, present: 0, absent: 0, acknowledgedInFlight: 0 };
const finals = []; // {name, negotiation, snapshot, events}: re-checked at the end

class Run {
  // mode: 'acknowledged' (kill after each 200; `reference` is filled) or 'in flight'.
  constructor(name, mode, reference) {
    this.name = name;
    this.mode = mode;
    this.reference = reference;
    this.k = 0;
    this.last = null;
    this.negotiation = null;
    this.views = null;
    this.counts = { present: 0, absent: 0 };
  }

  at(label) {
    where = `${this.name} / ${this.mode} / step ${this.k} "${label}"`;
    if (options.verbose) console.log(`  ${where}`);
  }

  // Creates the negotiation (always acknowledged: its answer holds the tokens), then kill -9.
  async create(body) {
    this.at('create the negotiation');
    const answer = await call('POST', '/api/negotiations', undefined, body);
    if (answer.status !== 201) fail(`POST /api/negotiations: status ${answer.status} ${answer.text.slice(0, 300)}`);
    this.negotiation = {
      id: answer.json.id,
      mediator: answer.json.mediator_token,
      tokens: answer.json.parties.map((p) => p.token),
      names: answer.json.parties.map((p) => p.name),
    };
    await server.restart();
    totals.restarts++;
    const state = await observe(this.negotiation);
    expectPhase(state.views, 'collecting');
    this.settle(state, 'create the negotiation', 0);
    return this.negotiation;
  }

  // Records the state after step k (the reference in the acknowledged run, compared in flight).
  settle(state, label, latency) {
    if (this.mode === 'acknowledged') {
      this.reference[this.k] = { label, snapshot: state.snapshot, events: state.events, latency };
    } else {
      const ref = this.reference[this.k];
      if (!ref || ref.label !== label) fail(`the in-flight run's step is "${label}", the acknowledged run's "${ref?.label}"`);
      const diff = difference(state.snapshot, ref.snapshot);
      if (diff) fail(`the state after the step differs from the acknowledged run's: ${diff}`);
      expectEqual(state.events, ref.events, 'record events after the step (against the acknowledged run)');
    }
    this.last = state;
    this.views = state.views;
    this.k++;
    totals.steps++;
  }

  // One step: `as` (a token) sends `method path body`; `check(views)` asserts its effect (and
  // every earlier one) in the views after the restart.
  async step(label, as, method, urlPath, body, check) {
    this.at(label);
    if (this.mode === 'acknowledged') {
      const started = process.hrtime.bigint();
      const answer = await call(method, urlPath, as, body);
      const latency = Number(process.hrtime.bigint() - started) / 1e6;
      if (answer.status !== 200) fail(`${method} ${urlPath} ${show(body)}: status ${answer.status} ${answer.text.slice(0, 300)}`);
      await server.restart();
      totals.restarts++;
      const state = await observe(this.negotiation);
      check(state.views);
      this.settle(state, label, latency);
      return;
    }
    // In flight: kill at a fraction of the step's acknowledged latency after the request left.
    const ref = this.reference[this.k];
    if (!ref || ref.label !== label) fail(`the in-flight run's step is "${label}", the acknowledged run's "${ref?.label}"`);
    const fractions = [0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0];
    const delay = fractions[(this.k * 5 + this.name.length) % fractions.length] * ref.latency;
    let answered = null;
    let sent;
    const left = new Promise((resolve) => { sent = resolve; });
    const pending = call(method, urlPath, as, body, { sent, answered: (a) => { answered = a; } }).catch((error) => ({ error }));
    await left;
    await spin(delay);
    const acknowledged = answered !== null && answered.status === 200;
    if (answered !== null && answered.status !== 200)
      fail(`${method} ${urlPath} ${show(body)}: status ${answered.status} ${answered.text.slice(0, 300)}`);
    await server.kill();
    await pending;
    await server.start();
    totals.restarts++;
    if (acknowledged) totals.acknowledgedInFlight++;
    const state = await observe(this.negotiation);
    const present = isDeepStrictEqual(state.snapshot, ref.snapshot) && isDeepStrictEqual(state.events, ref.events);
    const absent = isDeepStrictEqual(state.snapshot, this.last.snapshot) && isDeepStrictEqual(state.events, this.last.events);
    if (acknowledged && !present)
      fail(`answered 200 before the kill, but after the restart the step is not there: ${difference(state.snapshot, ref.snapshot) ?? `record events ${show(state.events)}, expected ${show(ref.events)}`}`);
    if (!present && !absent)
      fail(`half there after a kill in flight (${delay.toFixed(2)} ms after sending): neither the state before the step ` +
        `(${difference(state.snapshot, this.last.snapshot) ?? 'record events differ'}) nor the state after it ` +
        `(${difference(state.snapshot, ref.snapshot) ?? 'record events differ'}); record events ${show(state.events)}`);
    if (present) {
      this.counts.present++;
      totals.present++;
      check(state.views);
      this.settle(state, label, ref.latency);
      return;
    }
    // Absent: the step was lost with the process, as a client sees it (no answer): send it again.
    this.counts.absent++;
    totals.absent++;
    const again = await call(method, urlPath, as, body);
    if (again.status !== 200) fail(`${method} ${urlPath} ${show(body)} sent again: status ${again.status} ${again.text.slice(0, 300)}`);
    const redone = await observe(this.negotiation);
    check(redone.views);
    this.settle(redone, label, ref.latency);
  }

  // Every party submits its preferences, one step each; the last starts the analysis.
  async submitAll(prefs) {
    const n = prefs.length;
    for (let p = 0; p < n; p++) {
      await this.step(`P${p} submits its preferences`, this.negotiation.tokens[p], 'PUT', '/api/party/preferences', prefs[p], (v) => {
        for (let q = 0; q <= p; q++) {
          expectEqual(v.parties[q].me.submitted, true, `P${q} submitted`);
          expectEqual(v.parties[q].preferences?.scores, prefs[q].scores, `P${q}'s own submitted scores`);
        }
        for (let q = p + 1; q < n; q++) expectEqual(v.parties[q].me.submitted, false, `P${q} submitted`);
        expectPhase(v, p + 1 < n ? 'collecting' : 'drafting');
      });
    }
  }

  // The end of the scenario: kept for the final check; the record replays with every reveal.
  async finish() {
    where = `${this.name} / ${this.mode} / the end`;
    await replay(this.negotiation, this.last.record, true);
    finals.push({ name: `${this.name} (${this.mode})`, negotiation: this.negotiation, snapshot: this.last.snapshot, events: this.last.events });
  }
}

// --- The scenarios: each drives one mechanism, step by step ---

// Sealed acceptances: each party marks privately; the match is the agreement.
async function sealedAcceptances(run, n) {
  const prefs = Array.from({ length: n }, (_, p) => preferences(1000 * n + p));
  const { tokens } = await run.create(spec(`Sealed acceptances, ${n} parties`, n));
  await run.submitAll(prefs);
  const items = run.views.mediator.mechanisms.sealed.items.map((item) => item.item);
  expect(items.includes('draft 1') && items.includes('nash'), `sealed items ${show(items)} include nash and draft 1`);
  const common = 'draft 1';
  const other = 'nash';
  const marks = Array(n).fill(null);
  const check = (agreed) => (v) => {
    v.parties.forEach((view, p) => {
      expectEqual(view.mechanisms.sealed.my_marks, marks[p], `P${p}'s own sealed marks`);
      expect(!('marked' in view.mechanisms.sealed), `P${p}'s view shows who marked`);
    });
    expectEqual(v.mediator.mechanisms.sealed.marked, marks.flatMap((m, p) => (m ? [`P${p}`] : [])), 'parties the mediator sees as marked');
    if (agreed) {
      expectAgreement(v, sealedItem(v, common).package, 'sealed-acceptances', common);
      v.parties.forEach((view, p) => expectEqual(view.mechanisms.sealed.match, common, `the match in P${p}'s view`));
    } else {
      expectPhase(v, 'drafting');
      expectEqual(v.mediator.mechanisms.sealed.match, null, 'the match');
    }
  };
  // P1 accepts only the common item; the others also `other`; the last marks nothing first, then
  // replaces its marks with the common item (the match).
  for (let p = 0; p + 1 < n; p++) {
    marks[p] = p === 1 ? [common] : [other, common];
    await run.step(`P${p} marks ${show(marks[p])}`, tokens[p], 'PUT', '/api/party/sealed', { accept: marks[p] }, check(false));
  }
  marks[n - 1] = [];
  await run.step(`P${n - 1} marks nothing`, tokens[n - 1], 'PUT', '/api/party/sealed', { accept: [] }, check(false));
  marks[n - 1] = [common];
  await run.step(`P${n - 1} marks ${show([common])}: the match`, tokens[n - 1], 'PUT', '/api/party/sealed', { accept: [common] }, check(true));
  await run.finish();
}

// The mediator's proposal: a refusal fails it for everyone alike; all yes is the agreement.
async function mediatorsProposal(run) {
  const n = 3;
  const prefs = Array.from({ length: n }, (_, p) => preferences(2000 + p));
  const { tokens, mediator } = await run.create(spec("The mediator's proposal", n));
  await run.submitAll(prefs);
  const answers = Array(n).fill(null);
  let id = 0;
  let kind = '';
  const check = (result) => (v) => {
    const block = v.mediator.mechanisms.mediator_proposal;
    expectEqual(block?.id, id, "the mediator's proposal id");
    expectEqual(block.source, kind, "the proposal's source");
    expectEqual(block.package, proposal(v, kind).package, "the proposal's package");
    expectEqual(block.result, result, 'the result (mediator view)');
    expectEqual(block.answered, answers.filter((a) => a !== null).length, 'answers counted by the mediator');
    v.parties.forEach((view, p) => {
      const mine = view.mechanisms.mediator_proposal;
      expectEqual(mine.id, id, `proposal id in P${p}'s view`);
      expectEqual(mine.my_answer, answers[p], `P${p}'s own answer`);
      expectEqual(mine.result, result, `the result in P${p}'s view`);
      expect(!('answered' in mine), `P${p}'s view counts the answers`);
    });
    if (result === 'passed') expectAgreement(v, proposal(v, kind).package, 'mediator-proposal', `proposal ${id}`);
    else expectPhase(v, 'drafting');
  };
  id = 1;
  kind = 'nash';
  await run.step('the mediator proposes nash', mediator, 'POST', '/api/mediator/proposal', { kind }, check('open'));
  const first = [true, false, true];
  for (let p = 0; p < n; p++) {
    answers[p] = first[p];
    await run.step(`P${p} answers ${first[p] ? 'yes' : 'no'} to proposal 1`, tokens[p], 'POST', '/api/party/proposal',
      { id: 1, accept: first[p] }, check(p + 1 < n ? 'open' : 'not passed'));
  }
  id = 2;
  kind = 'kalai-smorodinsky';
  answers.fill(null);
  await run.step('the mediator proposes kalai-smorodinsky', mediator, 'POST', '/api/mediator/proposal', { kind }, check('open'));
  for (let p = 0; p < n; p++) {
    answers[p] = true;
    await run.step(`P${p} answers yes to proposal 2`, tokens[p], 'POST', '/api/party/proposal', { id: 2, accept: true },
      check(p + 1 < n ? 'open' : 'passed'));
  }
  await run.finish();
}

// Improvements after agreement: the agreement is a dominated package (I0 = o0 is everyone's
// worst option); a round that some party does not approve leaves it standing, so does the
// mediator's close; a round everyone approves adopts the first improvement all approved.
async function improvements(run) {
  const n = 3;
  const prefs = Array.from({ length: n }, (_, p) => {
    const prefs = preferences(3000 + p);
    prefs.scores.I0 = { o0: 0, o1: 100, o2: 40 + 10 * p };
    return prefs;
  });
  const { tokens, mediator } = await run.create(spec('Improvements after agreement', n));
  await run.submitAll(prefs);
  // The dominated package of lowest utility sum.
  let worst = null;
  let worstSum = Infinity;
  for (const pkg of everyPackage(3, 3)) {
    if (pkg.I0 !== 'o0') continue;
    const sum = prefs.reduce((total, prefs) => total + utility(prefs, pkg), 0);
    if (sum < worstSum) [worst, worstSum] = [pkg, sum];
  }
  const answers = Array(n).fill(null);
  const agreedCheck = (result) => (v) => {
    expectEqual(v.mediator.mechanisms.mediator_proposal.result, result, "the mediator's proposal result");
    v.parties.forEach((view, p) => expectEqual(view.mechanisms.mediator_proposal.my_answer, answers[p], `P${p}'s own answer`));
    if (result === 'passed') expectAgreement(v, worst, 'mediator-proposal', 'proposal 1');
    else expectPhase(v, 'drafting');
  };
  await run.step('the mediator proposes a dominated package', mediator, 'POST', '/api/mediator/proposal', { package: worst }, agreedCheck('open'));
  for (let p = 0; p < n; p++) {
    answers[p] = true;
    await run.step(`P${p} answers yes`, tokens[p], 'POST', '/api/party/proposal', { id: 1, accept: true }, agreedCheck(p + 1 < n ? 'open' : 'passed'));
  }
  let round = 0;
  let offered = null; // the packages of the current round, as offered
  let agreement = worst;
  const approvals = Array(n).fill(null);
  const check = (result, adopted = null) => (v) => {
    const block = v.mediator.mechanisms.improvements;
    expectEqual(block?.round, round, 'improvement round');
    expectEqual(block.result, result, 'improvement round result');
    expectEqual(block.agreed, worst, 'the agreement the round improves');
    expectEqual(block.packages.map((e) => e.package), offered, 'the offered improvements');
    expectEqual(block.answered, approvals.filter((a) => a !== null).length, 'approvals counted by the mediator');
    expectEqual(block.adopted, adopted, 'the adopted improvement');
    v.parties.forEach((view, p) => {
      expectEqual(view.mechanisms.improvements.my_approvals, approvals[p], `P${p}'s own approvals`);
      expectEqual(view.mechanisms.improvements.result, result, `the result in P${p}'s view`);
    });
    expectAgreement(v, agreement, 'mediator-proposal');
  };
  const offer = async () => {
    round++;
    approvals.fill(null);
    await run.step(`the mediator offers improvements (round ${round})`, mediator, 'POST', '/api/mediator/improvements', {}, (v) => {
      offered = v.mediator.mechanisms.improvements.packages.map((e) => e.package);
      check('open')(v);
    });
    if (round === 1) {
      expect(offered.length >= 1, 'at least one improvement is offered');
      for (const pkg of offered) {
        const gains = prefs.map((prefs) => utility(prefs, pkg) - utility(prefs, worst));
        expect(gains.every((g) => g >= -1e-9) && gains.some((g) => g > 1e-9), `${show(pkg)} is a strict Pareto improvement (gains ${show(gains)})`);
      }
    }
  };
  const approve = (p, labels, result, adopted) => {
    approvals[p] = labels;
    return run.step(`P${p} approves ${show(labels)} (round ${round})`, tokens[p], 'PUT', '/api/party/improvements', { round, approve: labels }, check(result, adopted));
  };
  // Round 1: the last approves nothing: the agreement stands.
  await offer();
  await approve(0, ['improvement 1'], 'open');
  await approve(1, ['improvement 1'], 'open');
  await approve(2, [], 'stands');
  // Round 2: closed by the mediator before the last answer: it stands.
  await offer();
  await approve(0, ['improvement 1'], 'open');
  await approve(2, ['improvement 1'], 'open');
  await run.step('the mediator closes the round', mediator, 'POST', '/api/mediator/improvements/close', undefined, check('stands'));
  // Round 3: every party approves improvement 1 (P0 more): adopted.
  await offer();
  const both = offered.length >= 2 ? ['improvement 2', 'improvement 1'] : ['improvement 1'];
  await approve(0, both, 'open');
  await approve(1, ['improvement 1'], 'open');
  agreement = offered[0];
  await approve(2, ['improvement 1'], 'adopted', 'improvement 1');
  await run.finish();
}

// Final-offer arbitration: sealed final offers (one before the analysis, one replaced); the
// mediator's close picks the offer nearest the Nash proposal's utilities.
async function finalOffer(run) {
  const n = 2;
  const prefs = Array.from({ length: n }, (_, p) => preferences(4000 + p));
  const { tokens, mediator } = await run.create(spec('Final-offer arbitration', n, 3, 3, { deadline_seconds: 3600, at_deadline: 'final-offer' }));
  const offers = Array(n).fill(null);
  const check = (phase) => (v) => {
    v.parties.forEach((view, p) => expectEqual(view.mechanisms.final_offer.mine, offers[p], `P${p}'s own final offer`));
    expectEqual(v.mediator.mechanisms.final_offer.offers, offers.filter((o) => o !== null).length, 'final offers counted by the mediator');
    if (phase) expectPhase(v, phase);
  };
  const all = (option) => ({ I0: option, I1: option, I2: option });
  offers[0] = all('o0');
  await run.step('P0 seals a final offer (before preferences)', tokens[0], 'PUT', '/api/party/final-offer', { package: offers[0] }, check('collecting'));
  await run.submitAll(prefs);
  offers[1] = all('o2');
  await run.step('P1 seals a final offer', tokens[1], 'PUT', '/api/party/final-offer', { package: offers[1] }, check('drafting'));
  offers[0] = all('o1');
  await run.step('P0 replaces its final offer', tokens[0], 'PUT', '/api/party/final-offer', { package: offers[0] }, check('drafting'));
  await run.step('the mediator closes: arbitration', mediator, 'POST', '/api/mediator/close', undefined, (v) => {
    check()(v);
    const nash = proposal(v, 'nash').package;
    let chosen = 0;
    let best = Infinity;
    offers.forEach((offer, p) => {
      const distance = prefs.reduce((sum, prefs) => sum + (utility(prefs, offer) - utility(prefs, nash)) ** 2, 0);
      if (distance < best - 1e-12) [best, chosen] = [distance, p];
    });
    expectAgreement(v, offers[chosen], 'final-offer-arbitration', `P${chosen}`);
  });
  await run.finish();
}

// The pre-agreed rule: the mediator's close adopts the rule's proposal.
async function preAgreedRule(run) {
  const n = 3;
  const prefs = Array.from({ length: n }, (_, p) => preferences(5000 + p));
  const { mediator } = await run.create(spec('Pre-agreed rule', n, 3, 3, { deadline_seconds: 3600, at_deadline: 'egalitarian' }));
  await run.submitAll(prefs);
  await run.step('the mediator closes: the egalitarian proposal', mediator, 'POST', '/api/mediator/close', undefined, (v) => {
    expectAgreement(v, proposal(v, 'egalitarian').package, 'pre-agreed-rule', 'egalitarian');
  });
  await run.finish();
}

// No deal-closer: the mediator's close ends the negotiation without agreement.
async function noDealCloser(run) {
  const n = 2;
  const prefs = Array.from({ length: n }, (_, p) => preferences(6000 + p));
  const { mediator } = await run.create(spec('No deal-closer', n, 2, 3, { deadline_seconds: 3600, at_deadline: 'none' }));
  await run.submitAll(prefs.map((p) => ({ ...p, weights: { I0: p.weights.I0, I1: p.weights.I1 }, scores: { I0: p.scores.I0, I1: p.scores.I1 } })));
  await run.step('the mediator closes without agreement', mediator, 'POST', '/api/mediator/close', undefined, (v) => {
    expectPhase(v, 'closed');
    expectEqual(v.mediator.agreement, null, 'agreement');
    expectEqual(v.mediator.mechanisms.closed_reason, 'no agreement when the mediator closed the negotiation', 'closed_reason');
  });
  await run.finish();
}

// Blind bidding: three rounds without settlement, the neutral's range and decision; then a new
// bidding settled by crossing bids. P1 is no side.
async function blindBidding(run) {
  const n = 3;
  const prefs = Array.from({ length: n }, (_, p) => preferences(7000 + p));
  const { tokens, mediator } = await run.create(spec('Blind bidding', n));
  await run.submitAll(prefs);
  const low = 0;
  const high = n - 1;
  let rules = null;
  const bids = { low: [], high: [] }; // [{round, secret, visible}]
  const log = [];
  let settlement = null;
  let settledBy = null;
  let neutralRange = null;
  const check = (v) => {
    const block = v.mediator.mechanisms.blind_bidding;
    for (const [key, value] of Object.entries(rules)) expectEqual(block?.[key], value, `blind bidding ${key}`);
    expectEqual(block.log, log, 'the rounds (mediator view)');
    expectEqual(block.settlement, settlement, 'the settlement');
    expectEqual(block.settled_by, settledBy, 'settled_by');
    const over = settlement !== null || log.length >= rules.rounds;
    expectEqual(block.round, over ? null : log.length + 1, 'the open round');
    expectEqual(block.neutral_range, neutralRange, "the neutral's range (mediator view)");
    const visible = { low: rules.lower, high: rules.upper };
    for (const side of ['low', 'high']) for (const b of bids[side]) if (b.visible !== null) visible[side] = b.visible;
    expectEqual(block.visible, visible, 'the visible proposals');
    v.parties.forEach((view, p) => {
      const mine = view.mechanisms.blind_bidding;
      const side = p === low ? 'low' : p === high ? 'high' : null;
      expectEqual(mine.my_side, side, `P${p}'s side`);
      expectEqual(mine.my_bids, side ? bids[side] : [], `P${p}'s own bids`);
      expectEqual(mine.log, log, `the rounds in P${p}'s view`);
      expectEqual(mine.settlement, settlement, `the settlement in P${p}'s view`);
      expect(!('neutral_range' in mine), `P${p}'s view shows the neutral's range`);
      const placed = side !== null && !over && bids[side].some((b) => b.round === log.length + 1);
      expectEqual(mine.placed_this_round, placed, `P${p} placed a bid this round`);
    });
  };
  const open = async (body) => {
    rules = { issue: body.issue, unit: body.unit ?? '', low: `P${low}`, high: `P${high}`, lower: body.lower, upper: body.upper, rounds: body.rounds, step: body.step ?? 1 };
    bids.low = [];
    bids.high = [];
    log.length = 0;
    settlement = null;
    settledBy = null;
    neutralRange = null;
    await run.step(`the mediator opens blind bidding on ${body.issue}`, mediator, 'POST', '/api/mediator/blind-bidding', body, check);
  };
  const bid = async (side, secret, visible, outcome = {}) => {
    const p = side === 'low' ? low : high;
    const round = log.length + 1;
    bids[side].push({ round, secret, visible: visible ?? null });
    if (outcome.closes) log.push({ round, settled: outcome.settles !== undefined, value: outcome.settles ?? null });
    if (outcome.settles !== undefined) [settlement, settledBy] = [outcome.settles, 'crossing'];
    if (outcome.range) neutralRange = outcome.range;
    await run.step(`P${p} (${side}) bids ${secret}${visible === undefined ? '' : ` visible ${visible}`} in round ${round}`,
      tokens[p], 'POST', '/api/party/blind-bid', visible === undefined ? { secret } : { secret, visible }, check);
  };
  await open({ issue: 'compensation', unit: 'kUSD', low: `P${low}`, high: `P${high}`, lower: 0, upper: 100, rounds: 3, step: 1 });
  await bid('low', 40, 30);
  await bid('high', 70, 80, { closes: true });
  await bid('low', 45, 35);
  await bid('high', 65, 75, { closes: true });
  await bid('low', 51, 49);
  // Smartsettle's example: visible 49 / 60, secret 51 / 57: the neutral sees 49 ... 59.
  await bid('high', 57, 60, { closes: true, range: { from: 49, to: 59, values: Array.from({ length: 11 }, (_, k) => 49 + k) } });
  [settlement, settledBy, neutralRange] = [57, 'neutral', null];
  await run.step('the neutral judges 55 fair', mediator, 'POST', '/api/mediator/blind-bidding/neutral', { fair: 55 }, check);
  await open({ issue: 'fee', low: `P${low}`, high: `P${high}`, lower: 0, upper: 10, rounds: 2 });
  await bid('low', 4);
  await bid('high', 6, undefined, { closes: true });
  await bid('low', 7);
  await bid('high', 5, undefined, { closes: true, settles: 6 });
  await run.finish();
}

// Quorum n-1 with a veto holder (P0) in the single-text votes.
async function quorumVotes(run) {
  const n = 3;
  const prefs = Array.from({ length: n }, (_, p) => preferences(8000 + p));
  const { tokens } = await run.create(spec('Quorum n-1 with a veto', n, 3, 3, { rule: { required: 'n-1', veto: ['P0'] } }));
  await run.submitAll(prefs);
  const rule = run.views.mediator.mechanisms.rule;
  expectEqual(rule.required, 2, 'rule.required');
  expectEqual(rule.veto, ['P0'], 'rule.veto');
  const version = run.views.mediator.draft.version;
  const draft = run.views.mediator.draft.package;
  const votes = Array(n).fill(null);
  const check = (agreed) => (v) => {
    const names = Object.fromEntries(votes.map((vote, p) => [`P${p}`, vote]));
    if (!agreed) {
      expectEqual(v.mediator.draft.votes, names, 'the votes (mediator view)');
      expectEqual(v.mediator.draft.accepted_count, votes.filter((x) => x === 'accept').length, 'accepted_count');
      v.parties.forEach((view, p) => expectEqual(view.my_vote, votes[p], `P${p}'s own vote`));
      expectPhase(v, 'drafting');
    } else {
      expectAgreement(v, draft, 'single-text');
      expectEqual(v.mediator.agreement.version, version, 'the agreed draft version');
    }
  };
  const vote = (p, accept, agreed = false) => {
    votes[p] = accept ? 'accept' : 'reject';
    return run.step(`P${p} votes ${votes[p]}`, tokens[p], 'POST', '/api/party/vote', { version, accept }, check(agreed));
  };
  await vote(1, true);
  await vote(2, true); // 2 of 3, but not the veto holder: no agreement
  await vote(2, false);
  await vote(0, true, true); // P0 and P1: 2 of 3 including P0
  await run.finish();
}

const scenarios = [
  { name: 'sealed acceptances, 3 parties', run: (r) => sealedAcceptances(r, 3) },
  { name: 'sealed acceptances, 10 parties', run: (r) => sealedAcceptances(r, 10) },
  { name: "mediator's proposal", run: mediatorsProposal },
  { name: 'improvements after agreement', run: improvements },
  { name: 'final-offer arbitration', run: finalOffer },
  { name: 'pre-agreed rule', run: preAgreedRule },
  { name: 'no deal-closer', run: noDealCloser },
  { name: 'blind bidding', run: blindBidding },
  { name: 'quorum n-1 with a veto', run: quorumVotes },
];

// --- Ten marks in flight at once ---

async function concurrentMarks() {
  const n = 10;
  const delays = [0, 3, 6, 9, 12, 30];
  const outcomes = [];
  for (const delay of delays) {
    where = `concurrent marks / kill ${delay} ms after sending`;
    const created = await call('POST', '/api/negotiations', undefined, spec(`Concurrent marks ${delay}`, n, 3, 2));
    if (created.status !== 201) fail(`POST /api/negotiations: ${created.status}`);
    const negotiation = { id: created.json.id, mediator: created.json.mediator_token, tokens: created.json.parties.map((p) => p.token) };
    for (let p = 0; p < n; p++) {
      const answer = await call('PUT', '/api/party/preferences', negotiation.tokens[p], preferences(9000 + p, 3, 2));
      if (answer.status !== 200) fail(`P${p}'s preferences: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    await readViews(negotiation);
    const before = await readRecord(negotiation);
    const marks = ['draft 1'];
    const acknowledged = Array(n).fill(false);
    const refused = [];
    let sent = 0;
    let allSent;
    const left = new Promise((resolve) => { allSent = resolve; });
    const pending = negotiation.tokens.map((token, p) => call('PUT', '/api/party/sealed', token, { accept: marks }, {
      sent: () => { if (++sent === n) allSent(); },
      answered: (a) => {
        if (a.status === 200) acknowledged[p] = true;
        else refused.push(`P${p}'s mark: status ${a.status} ${a.text.slice(0, 200)}`);
      },
    }).catch((error) => ({ error })));
    await left;
    await spin(delay);
    const seen = [...acknowledged];
    await server.kill();
    await Promise.all(pending);
    if (refused.length) fail(refused.join('; '));
    await server.start();
    totals.restarts++;
    const state = await observe(negotiation);
    const marked = state.views.parties.map((view) => view.mechanisms.sealed.my_marks);
    marked.forEach((m, p) => {
      expect(m === null || isDeepStrictEqual(m, marks), `P${p}'s marks after the restart: ${show(m)} (expected null or ${show(marks)})`);
      if (seen[p]) expect(m !== null, `P${p}'s mark was answered 200 before the kill but is gone`);
    });
    const present = marked.filter((m) => m !== null).length;
    expectEqual(state.views.mediator.mechanisms.sealed.marked, marked.flatMap((m, p) => (m ? [`P${p}`] : [])), 'parties the mediator sees as marked');
    const added = state.events.slice(before.events.length);
    expectEqual(state.events.slice(0, before.events.length), before.events, 'the record before the marks');
    expectEqual(added.filter((e) => e === 'sealed_mark').length, present, 'sealed_mark lines against the marks there');
    if (present === n) {
      expectPhase(state.views, 'agreed');
      expectEqual(added.filter((e) => e !== 'sealed_mark'), ['sealed_match', 'outcome', 'certificate'], 'the match in the record');
    } else {
      expectPhase(state.views, 'drafting');
      expectEqual(added.filter((e) => e !== 'sealed_mark'), [], 'record lines other than the marks');
    }
    // The rest mark now, acknowledged: the match.
    for (let p = 0; p < n; p++) {
      if (marked[p] !== null) continue;
      const answer = await call('PUT', '/api/party/sealed', negotiation.tokens[p], { accept: marks });
      if (answer.status !== 200) fail(`P${p}'s mark sent again: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    const end = await observe(negotiation);
    expectPhase(end.views, 'agreed');
    await replay(negotiation, end.record, true);
    outcomes.push(`${delay} ms: ${present}/${n} there (${seen.filter(Boolean).length} answered before the kill)`);
  }
  return outcomes;
}

// --- Deadlines that pass while the server is down ---

async function deadlinesWhileDown() {
  where = 'deadline passes while the server is down';
  const make = async (title, parties, extra, submitting, finalOffers = []) => {
    const created = await call('POST', '/api/negotiations', undefined, spec(title, parties, 2, 3, extra));
    if (created.status !== 201) fail(`POST /api/negotiations: ${created.status} ${created.text.slice(0, 200)}`);
    const negotiation = { id: created.json.id, mediator: created.json.mediator_token, tokens: created.json.parties.map((p) => p.token), finalOffers, prefs: [] };
    for (const [p, pkg] of finalOffers.entries()) {
      const answer = await call('PUT', '/api/party/final-offer', negotiation.tokens[p], { package: pkg });
      if (answer.status !== 200) fail(`final offer: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    for (let p = 0; p < submitting; p++) {
      const prefs = preferences(11000 + p, 2, 3);
      negotiation.prefs.push(prefs);
      const answer = await call('PUT', '/api/party/preferences', negotiation.tokens[p], prefs);
      if (answer.status !== 200) fail(`preferences: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    return negotiation;
  };
  // Set up before the first deadline passes, or again (a busy machine can delay the analysis,
  // which runs at nice 19): the watcher of the running server must not be the one that closes.
  let setup = null;
  for (let attempt = 1; attempt <= 3 && !setup; attempt++) {
    const all = {
      unanalysed: await make('Deadline before the analysis', 2, { deadline_seconds: 4, at_deadline: 'nash' }, 1),
      arbitrated: await make('Deadline with final offers', 2, { deadline_seconds: 4, at_deadline: 'final-offer' }, 2,
        [{ I0: 'o0', I1: 'o1' }, { I0: 'o2', I1: 'o2' }]),
    };
    // At the start of a second, so that the deadline (whole seconds) is 2 s away.
    await sleep(1020 - (Date.now() % 1000));
    all.nash = await make('Deadline with the Nash rule', 2, { deadline_seconds: 2, at_deadline: 'nash' }, 2);
    const before = {};
    let latest = 0;
    let late = false;
    for (const [key, negotiation] of Object.entries(all)) {
      const views = await readViews(negotiation);
      before[key] = views;
      const deadline = Date.parse(views.mediator.mechanisms.deadline);
      latest = Math.max(latest, deadline);
      if (Date.now() >= deadline - 100) {
        late = true;
        break;
      }
      expectPhase(views, key === 'unanalysed' ? 'collecting' : 'drafting');
    }
    if (late) {
      console.log(`  deadlines: the set-up took until a deadline on attempt ${attempt} (busy machine): again`);
      continue;
    }
    setup = { ...all, before, latest };
  }
  if (!setup) fail('three attempts could not set the negotiations up before their deadlines (2 s)');
  const { unanalysed, arbitrated, nash, before, latest } = setup;
  await server.kill();
  const killedAt = Date.now();
  // Down until every deadline has passed by more than a second.
  await sleep(Math.max(0, latest + 1500 - Date.now()));
  const downFor = (Date.now() - killedAt) / 1000;
  await server.start();
  totals.restarts++;
  const restartedAt = Date.now();
  const closedWithin = {};
  for (const [key, negotiation] of Object.entries({ unanalysed, arbitrated, nash })) {
    let views;
    for (;;) {
      views = await readViews(negotiation);
      if (['agreed', 'closed'].includes(phaseOf(views))) break;
      if (Date.now() - restartedAt > 10000) fail(`${key}: still ${phaseOf(views)} 10 s after the restart (deadline ${views.mediator.mechanisms.deadline})`);
      await sleep(50);
    }
    closedWithin[key] = (Date.now() - restartedAt) / 1000;
    if (key === 'nash') expectAgreement(views, proposal(before.nash, 'nash').package, 'pre-agreed-rule', 'nash');
    if (key === 'unanalysed') {
      expectPhase(views, 'closed');
      expect(/no nash proposal to adopt by the deadline/.test(views.mediator.mechanisms.closed_reason), `closed_reason: ${views.mediator.mechanisms.closed_reason}`);
    }
    if (key === 'arbitrated') {
      const nashPackage = proposal(before.arbitrated, 'nash').package;
      let chosen = 0;
      let best = Infinity;
      negotiation.finalOffers.forEach((offer, p) => {
        const distance = negotiation.prefs.reduce((sum, prefs) => sum + (utility(prefs, offer) - utility(prefs, nashPackage)) ** 2, 0);
        if (distance < best - 1e-12) [best, chosen] = [distance, p];
      });
      expectAgreement(views, negotiation.finalOffers[chosen], 'final-offer-arbitration', `P${chosen}`);
    }
    const record = await readRecord(negotiation);
    const deadline = record.lines.find((line) => line.event === 'deadline');
    expectEqual(deadline?.by, 'the deadline', `${key}: the record's deadline line`);
    expect(Date.parse(deadline.at) >= Math.floor(restartedAt / 1000) * 1000,
      `${key}: the deadline line is dated ${deadline.at}, before the restart: the server closed it before it was killed`);
    await replay(negotiation, record, key !== 'unanalysed');
    finals.push({ name: `deadline: ${key}`, negotiation: { ...negotiation, names: [] }, snapshot: normalised(views), events: record.events });
  }
  return { downFor, closedWithin };
}

// --- Main ---

async function main() {
  const started = Date.now();
  await server.start();
  const summary = [];
  for (const scenario of scenarios) {
    if (options.only && !scenario.name.includes(options.only)) continue;
    const reference = [];
    const timings = [];
    const runs = [];
    for (const mode of ['acknowledged', 'in flight']) {
      const t0 = Date.now();
      const run = new Run(scenario.name, mode, reference);
      await scenario.run(run);
      timings.push((Date.now() - t0) / 1000);
      runs.push(run);
    }
    const line = `${scenario.name}: ${reference.length} steps x 2 (acknowledged ${timings[0].toFixed(1)} s; in flight ${timings[1].toFixed(1)} s, ` +
      `${runs[1].counts.present} there / ${runs[1].counts.absent} lost unanswered)`;
    console.log(`ok  ${line}`);
    summary.push(line);
  }
  if (!options.only || 'concurrent marks'.includes(options.only)) {
    const t0 = Date.now();
    const outcomes = await concurrentMarks();
    console.log(`ok  10 marks in flight at once, killed: ${outcomes.join('; ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  if (!options.only || 'deadline'.includes(options.only)) {
    const t0 = Date.now();
    const { downFor, closedWithin } = await deadlinesWhileDown();
    console.log(`ok  deadlines passed while down ${downFor.toFixed(1)} s: closed ${Object.entries(closedWithin).map(([k, s]) => `${k} ${s.toFixed(2)} s`).join(', ')} after the restart (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  // Everything is as it was left, after one more kill -9.
  where = 'final check after one more restart';
  await server.restart();
  totals.restarts++;
  for (const final of finals) {
    where = `final check: ${final.name}`;
    const views = await readViews(final.negotiation);
    const diff = difference(normalised(views), final.snapshot);
    if (diff) fail(`changed since the scenario ended: ${diff}`);
    const record = await readRecord(final.negotiation);
    expectEqual(record.events, final.events, 'record events since the scenario ended');
    await replay(final.negotiation, record);
  }
  await server.kill();
  console.log(`ok  ${finals.length} negotiations unchanged after a last restart; records replay`);
  console.log(`PASS: ${totals.steps} steps, ${totals.restarts} kill -9 and restarts, ${replays} replays; in flight: ` +
    `${totals.present} steps there after the kill (${totals.acknowledgedInFlight} answered before it), ${totals.absent} lost unanswered; ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (error) {
  console.error(`FAIL [${where}]: ${error instanceof TestFailure ? error.message : error.stack}`);
  if (!(error instanceof TestFailure)) console.error(logTail());
  process.exit(1); // the exit handler kills the server and removes the temporary folder
}
