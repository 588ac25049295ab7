#!/usr/bin/env node
// Load benchmark of `parley serve` while a large analysis runs (issue 12): a negotiation of
// 10 parties x 20 issues x 30 options (the documented limits) is analysed on the service's
// worker, and meanwhile C clients each drive negotiations of their own over loopback HTTP, one
// request every --pace ms per client (a person's pace, quickened; the page polls every 2 s):
// create a negotiation, read the party view, submit preferences, read the party view, read the
// mediator view, --rounds times. Reports p50 / p99 / max per request, overall and per endpoint,
// checks that the analysis was still running when the last request finished, then cancels it.
// Only 127.0.0.1 is ever targeted.
//
//   node bench/service-load-during-analysis.mjs --parley build/parley [--clients 64] [--rounds 20]
//        [--pace 50] [--budget 100000000000] [--runs 1] [--db-dir /dev/shm]
//   node bench/service-load-during-analysis.mjs --port 8080 ...   (a server already running)
//
// Clients keep their connection alive and send without Nagle's delay (TCP_NODELAY), as browsers
// do. The database goes in a fresh folder under --db-dir (default: the system temporary folder,
// on disk; /dev/shm takes the disk's fsync out of the figures). With --runs N the whole measurement (fresh server and database each time) is repeated and
// each run reported, then the median of the runs' p99.
import http from 'node:http';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const options = { clients: 64, rounds: 20, pace: 50, budget: 100000000000, runs: 1 };
for (let i = 2; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const key of ['clients', 'rounds', 'pace', 'budget', 'runs']) options[key] = Number(options[key]);
const HOST = '127.0.0.1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  if (options.port) return { port: Number(options.port), stop: async () => {} };
  if (!options.parley) throw new Error('give --parley BINARY (starts a server) or --port PORT (127.0.0.1)');
  const work = fs.mkdtempSync(path.join(options['db-dir'] || os.tmpdir(), 'parley-analysis-load-'));
  const portFile = path.join(work, 'port');
  // Every client shares one address: lift the per-address limit for the bench.
  const server = spawn(options.parley, ['serve', '--host', HOST, '--port', '0', '--port-file', portFile,
    '--db', path.join(work, 'load.db'), '--rate', '100000', '--burst', '100000', '--create-rate', '1000000', '--create-burst', '100000',
    '--threads', String(options.clients + 8), '--analysis-budget', String(options.budget),
    '--analysis-seconds', '600'], { stdio: ['ignore', 'ignore', 'ignore'] });
  for (let i = 0; i < 200 && !fs.existsSync(portFile); i++) await sleep(50);
  const port = Number(fs.readFileSync(portFile, 'utf8'));
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

function client(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, noDelay: true });
  const call = (method, urlPath, token, body) => new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: HOST, port, method, path: urlPath, agent, headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
    } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { data += chunk; });
      res.on('end', () => {
        if (res.statusCode >= 300) reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${data.slice(0, 120)}`));
        else resolve(data.startsWith('{') ? JSON.parse(data) : data);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
  return { call, close: () => agent.destroy() };
}

// Deterministic preferences (a small LCG, Knuth's MMIX constants): scores 0..100, one 100 per issue.
function preferences(issues, seed) {
  let state = BigInt(seed) * 6364136223846793005n + 1442695040888963407n;
  const next = () => { state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return Number(state >> 40n) / 2 ** 24; };
  return {
    weights: Object.fromEntries(issues.map((i) => [i.name, 1 + Math.round(next() * 99)])),
    scores: Object.fromEntries(issues.map((i) => [i.name, Object.fromEntries(i.options.map((o, k) => [o, k === 0 ? 100 : Math.round(next() * 100)]))])),
    walk_away: 0.3,
  };
}

const office = {
  title: 'Office move',
  issues: [{ name: 'Location', options: ['centre', 'suburbs', 'remote'] }, { name: 'Budget', options: ['low', 'high'] }],
  parties: ['Staff', 'Management'],
};
const staff = { weights: { Location: 60, Budget: 40 }, scores: { Location: { centre: 100, suburbs: 50, remote: 0 }, Budget: { low: 0, high: 100 } }, walk_away: 0.2 };

async function run(index) {
  const server = await startServer();
  const setup = client(server.port);
  // The large negotiation: the last submission returns at once, in the analysing phase.
  const issues = Array.from({ length: 20 }, (_, i) => ({ name: `I${i}`, options: Array.from({ length: 30 }, (_, o) => `o${o}`) }));
  const large = await setup.call('POST', '/api/negotiations', undefined,
    { title: 'Large', issues, parties: Array.from({ length: 10 }, (_, p) => `P${p}`) });
  let view;
  for (const [k, party] of large.parties.entries()) view = await setup.call('PUT', '/api/party/preferences', party.token, preferences(issues, k + 1));
  if (view.negotiation.phase !== 'analysing') throw new Error(`the last submission left the phase ${view.negotiation.phase}`);
  const mediatorView = () => setup.call('GET', '/api/mediator', large.mediator_token);
  for (let i = 0; i < 400 && (await mediatorView()).analysis.state !== 'running'; i++) await sleep(25);

  const latencies = new Map();
  const errors = [];
  const started = Date.now();
  await Promise.all(Array.from({ length: options.clients }, async (_, c) => {
    // Clients are not in step: each starts at its own offset within the pace.
    await sleep((c * options.pace) / options.clients);
    const { call, close } = client(server.port);
    const timed = async (label, ...args) => {
      await sleep(options.pace);
      const begin = process.hrtime.bigint();
      try {
        const result = await call(...args);
        const elapsed = Number(process.hrtime.bigint() - begin) / 1e6;
        if (!latencies.has(label)) latencies.set(label, []);
        latencies.get(label).push(elapsed);
        return result;
      } catch (error) {
        errors.push(error.message);
        throw error;
      }
    };
    try {
      for (let r = 0; r < options.rounds; r++) {
        const created = await timed('POST /api/negotiations', 'POST', '/api/negotiations', undefined, office);
        const token = created.parties[0].token;
        await timed('GET /api/party', 'GET', '/api/party', token);
        await timed('PUT /api/party/preferences', 'PUT', '/api/party/preferences', token, staff);
        await timed('GET /api/party', 'GET', '/api/party', token);
        await timed('GET /api/mediator', 'GET', '/api/mediator', created.mediator_token);
      }
    } catch {
      // counted in errors
    } finally {
      close();
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  const after = await mediatorView();
  await setup.call('POST', '/api/mediator/analysis/cancel', large.mediator_token);
  setup.close();
  await server.stop();

  const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const line = (values) => `p50 ${percentile(values, 0.5).toFixed(2).padStart(6)} ms  p99 ${percentile(values, 0.99).toFixed(2).padStart(6)} ms  max ${values[values.length - 1].toFixed(2).padStart(6)} ms`;
  console.log(`run ${index + 1}: ${all.length} requests from ${options.clients} clients in ${seconds.toFixed(2)} s, errors ${errors.length}; ` +
    `analysis ${after.analysis.state} at the end (${(100 * (after.analysis.fraction || 0)).toFixed(0)}% of its budget)`);
  console.log(`  all                          n=${String(all.length).padStart(5)}  ${line(all)}`);
  for (const [label, values] of [...latencies.entries()].sort()) {
    values.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(28)} n=${String(values.length).padStart(5)}  ${line(values)}`);
  }
  for (const error of errors.slice(0, 10)) console.log(`  error: ${error}`);
  return { p99: percentile(all, 0.99), ok: errors.length === 0 && after.analysis.state === 'running' };
}

const results = [];
for (let i = 0; i < options.runs; i++) results.push(await run(i));
const p99s = results.map((r) => r.p99).sort((a, b) => a - b);
console.log(`p99 of the ${options.runs} run(s): ${p99s.map((p) => p.toFixed(2)).join(', ')} ms; median ${p99s[Math.floor(p99s.length / 2)].toFixed(2)} ms`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
