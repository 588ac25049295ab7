#!/usr/bin/env node
// Load test of `parley serve` on loopback: N concurrent negotiations whose parties all act at
// once (read the view, check a ranking, submit preferences, wait for the proposals, accept the
// draft, download the agreement), through at most C HTTP requests in flight. Bounded in time and
// in request count. Reports throughput and p50/p99 latency per endpoint, and every error.
// Only 127.0.0.1 is ever targeted.
//
//   node bench/service-load.mjs --parley build/parley [--negotiations 200] [--parties 3]
//        [--concurrency 32] [--time-limit 120] [--max-requests 40000]
//   node bench/service-load.mjs --port 8080 ...   (a server already running on 127.0.0.1)
import http from 'node:http';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const options = { negotiations: 200, parties: 3, concurrency: 32, 'time-limit': 120, 'max-requests': 40000 };
for (let i = 2; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const key of ['negotiations', 'parties', 'concurrency', 'time-limit', 'max-requests']) options[key] = Number(options[key]);
const HOST = '127.0.0.1';

let server;
let work;
let port = Number(options.port || 0);
if (!port) {
  if (!options.parley) throw new Error('give --parley BINARY (starts a server) or --port PORT (127.0.0.1)');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-load-'));
  const portFile = path.join(work, 'port');
  // Every client here shares one address: lift the per-address limit for the bench.
  server = spawn(options.parley, ['serve', '--host', HOST, '--port', '0', '--port-file', portFile, '--db', path.join(work, 'load.db'),
    '--rate', '100000', '--burst', '100000', '--create-rate', '1000000', '--create-burst', '100000', '--threads', String(options.concurrency + 8)], { stdio: ['ignore', 'ignore', 'ignore'] });
  for (let i = 0; i < 200 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  port = Number(fs.readFileSync(portFile, 'utf8'));
}

const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
const latencies = new Map();
const errors = [];
let requests = 0;
let inFlight = 0;
const waiting = [];
const deadline = Date.now() + options['time-limit'] * 1000;

async function slot() {
  if (inFlight < options.concurrency) { inFlight++; return; }
  await new Promise((resolve) => waiting.push(resolve));
}
function release() {
  const next = waiting.shift();
  if (next) next(); else inFlight--;
}

// `tolerated`: statuses that are part of the protocol (a stale draft version), returned as {status}.
async function request(method, urlPath, token, body, label = `${method} ${urlPath}`, tolerated = []) {
  if (Date.now() > deadline) throw new Error('time limit reached');
  if (++requests > options['max-requests']) throw new Error('request budget exhausted');
  await slot();
  const started = process.hrtime.bigint();
  try {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await new Promise((resolve, reject) => {
      const req = http.request({ host: HOST, port, method, path: urlPath, agent, headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
      } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => { data += chunk; });
        res.on('end', () => resolve({ status: res.statusCode, text: data }));
      });
      req.on('error', reject);
      req.end(payload);
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (!latencies.has(label)) latencies.set(label, []);
    latencies.get(label).push(elapsed);
    if (tolerated.includes(status)) return { status };
    if (status >= 300) {
      errors.push(`${label}: ${status} ${text.slice(0, 120)}`);
      throw new Error(`${label}: ${status}`);
    }
    return text.startsWith('{') ? JSON.parse(text) : text;
  } finally {
    release();
  }
}

const issues = [
  { name: 'Location', options: ['centre', 'suburbs', 'remote', 'hybrid'] },
  { name: 'Budget', options: ['low', 'medium', 'high'] },
  { name: 'Start', options: ['June', 'September', 'January'] },
  { name: 'Parking', options: ['none', 'some', 'all'] },
];

// Deterministic preferences per (negotiation, party): a small LCG (Knuth's MMIX constants).
function preferences(seed) {
  let state = BigInt(seed) * 6364136223846793005n + 1442695040888963407n;
  const next = () => { state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return Number(state >> 40n) / 2 ** 24; };
  return {
    weights: Object.fromEntries(issues.map((i) => [i.name, 1 + Math.round(next() * 99)])),
    scores: Object.fromEntries(issues.map((i) => [i.name, Object.fromEntries(i.options.map((o, k) => [o, k === 0 ? 100 : Math.round(next() * 100)]))])),
    walk_away: Math.round(next() * 30) / 100,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function party(token, seed) {
  let view = await request('GET', '/api/party', token, undefined, 'GET /api/party');
  const prefs = preferences(seed);
  await request('POST', '/api/party/evaluate', token, { preferences: prefs, packages: view.sample_packages });
  view = await request('PUT', '/api/party/preferences', token, prefs);
  // The analysis runs on a worker after the last submission: wait for the draft.
  while (view.negotiation.phase === 'collecting' || view.negotiation.phase === 'analysing') {
    await sleep(100);
    view = await request('GET', '/api/party', token, undefined, 'GET /api/party');
  }
  // Accept the current draft; a newer version (someone's change) means vote again.
  while (view.negotiation.phase === 'drafting' && view.my_vote !== 'accept') {
    const voted = await request('POST', '/api/party/vote', token, { version: view.draft.version, accept: true },
      'POST /api/party/vote', [409]);
    view = voted.status === 409 ? await request('GET', '/api/party', token, undefined, 'GET /api/party') : voted;
  }
  while (view.negotiation.phase !== 'agreed') {
    await sleep(100);
    view = await request('GET', '/api/party', token, undefined, 'GET /api/party');
  }
  return request('GET', '/api/agreement', token);
}

async function negotiation(n) {
  const created = await request('POST', '/api/negotiations', undefined, {
    title: `Load ${n}`, issues, parties: Array.from({ length: options.parties }, (_, p) => `Party ${p}`),
  });
  const documents = await Promise.all(created.parties.map((p, k) => party(p.token, n * 100 + k)));
  const mediatorView = await request('GET', '/api/mediator', created.mediator_token);
  if (mediatorView.negotiation.phase !== 'agreed' || !documents.every((d) => d.startsWith('# Agreement')))
    throw new Error(`negotiation ${n} did not end in an agreement`);
  return 1;
}

const started = Date.now();
const results = await Promise.allSettled(Array.from({ length: options.negotiations }, (_, n) => negotiation(n)));
const seconds = (Date.now() - started) / 1000;
agent.destroy();
if (server) server.kill('SIGTERM');
if (work) fs.rmSync(work, { recursive: true, force: true });

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const all = [...latencies.values()].flat().sort((a, b) => a - b);
const agreed = results.filter((r) => r.status === 'fulfilled').length;
console.log(`parley serve load test on ${HOST}:${port}: ${options.negotiations} concurrent negotiations x ${options.parties} parties, ${options.concurrency} requests in flight at most`);
console.log(`agreements: ${agreed}/${options.negotiations}; requests: ${all.length} in ${seconds.toFixed(2)} s = ${(all.length / seconds).toFixed(0)} req/s; errors: ${errors.length}`);
console.log(`latency all: p50 ${percentile(all, 0.5).toFixed(2)} ms, p99 ${percentile(all, 0.99).toFixed(2)} ms`);
for (const [label, values] of [...latencies.entries()].sort()) {
  values.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(28)} n=${String(values.length).padStart(6)}  p50 ${percentile(values, 0.5).toFixed(2).padStart(7)} ms  p99 ${percentile(values, 0.99).toFixed(2).padStart(7)} ms`);
}
for (const error of errors.slice(0, 10)) console.log(`error: ${error}`);
for (const r of results.filter((x) => x.status === 'rejected').slice(0, 5)) console.log(`failed: ${r.reason.message}`);
process.exit(errors.length === 0 && agreed === options.negotiations ? 0 : 1);
