#!/usr/bin/env node
// A Boulware agent for parley, speaking the parley-agent/1 protocol (docs/remote-agents.md).
// Plain Node (no npm packages). It behaves exactly like parley's in-process boulware(e=E): the
// same bids, the same answers, so a session's trace is identical byte for byte.
//
//   node boulware.mjs [--e 0.2]             one session on standard input and output (exec:)
//   node boulware.mjs [--e 0.2] --ws PORT   a long-lived WebSocket agent on 127.0.0.1:PORT
//                                            (one session per connection; --host to change;
//                                            ws://HOST:PORT/?e=0.5 sets e for one connection)
//
// The tactic (parley src/negotiate/agents/time_dependent.cpp, Faratin et al. 1998):
//   target(t) = Pmin + (Pmax - Pmin) * (1 - t^(1/e)), Pmax the best utility, Pmin the larger of
//   the worst utility and the reservation value; it bids the package whose utility is nearest to
//   the target and accepts an offer worth at least the bid it would make now.
import http from 'node:http';
import crypto from 'node:crypto';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';

const PROTOCOL = 'parley-agent/1';
// parley indexes every package of spaces up to this size (OfferIndexOptions::enumeration_limit);
// above it, its agents bid from a greedy catalogue that this example does not reproduce.
const ENUMERATION_LIMIT = 4_000_000;

// ---------------------------------------------------------------------------------------------
// pow(t, y) rounded to the nearest double. parley calls the C library's pow (glibc's on Linux),
// which rounds to nearest but for about 1 result in 1,200 (within a few thousandths of a unit of a
// rounding boundary). V8's Math.pow is one unit in the last place off for about 1 result in 10
// for t in [0,1), which would move a bid now and then. Integer exponents are computed exactly
// (BigInt); others in double-double arithmetic (about 106 bits) and rounded once. See README.md.

const SPLITTER = 134217729; // 2^27 + 1
function twoSum(a, b) {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function quickTwoSum(a, b) {
  const s = a + b;
  return [s, b - (s - a)];
}
function split(a) {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}
function twoProd(a, b) {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
// Double-double operations on [hi, lo] pairs (Hida, Li & Bailey's QD library algorithms).
function ddAdd(a, b) {
  let [s1, s2] = twoSum(a[0], b[0]);
  let [t1, t2] = twoSum(a[1], b[1]);
  s2 += t1;
  [s1, s2] = quickTwoSum(s1, s2);
  s2 += t2;
  return quickTwoSum(s1, s2);
}
function ddMul(a, b) {
  let [p1, p2] = twoProd(a[0], b[0]);
  p2 += a[0] * b[1] + a[1] * b[0];
  return quickTwoSum(p1, p2);
}
function ddMulD(a, b) {
  let [p1, p2] = twoProd(a[0], b);
  p2 += a[1] * b;
  return quickTwoSum(p1, p2);
}
const LN2 = [6.931471805599452862e-01, 2.319046813846299558e-17];
// 1/n! for n = 3.., as double-doubles.
const INV_FACT = [];
{
  let n = 2;
  for (let k = 3; k <= 12; k++) {
    n *= k;
    const hi = 1 / n;
    const [p, e] = twoProd(hi, n);
    INV_FACT.push([hi, ((1 - p) - e) / n]);
  }
}
function ddExp(a) {
  if (a[0] === 0) return [1, 0];
  const m = Math.floor(a[0] / LN2[0] + 0.5);
  // r = (a - m ln2) / 1024, then exp(r) - 1 by Taylor series, squared back 10 times.
  const mln2 = ddMulD(LN2, m);
  let r = ddAdd(a, [-mln2[0], -mln2[1]]);
  r = [r[0] / 1024, r[1] / 1024];
  let p = ddMul(r, r);
  let s = ddAdd(r, [p[0] / 2, p[1] / 2]);
  for (let i = 0; i < INV_FACT.length; i++) {
    p = ddMul(p, r);
    const t = ddMul(p, INV_FACT[i]);
    s = ddAdd(s, t);
    if (Math.abs(t[0]) < 1e-40) break;
  }
  for (let i = 0; i < 10; i++) s = ddAdd([s[0] * 2, s[1] * 2], ddMul(s, s));
  s = ddAdd(s, [1, 0]);
  // Scale by 2^m in two steps (m may be below -1022).
  const m1 = Math.trunc(m / 2), m2 = m - m1;
  const f1 = 2 ** m1, f2 = 2 ** m2;
  return [s[0] * f1 * f2, s[1] * f1 * f2];
}
function ddLog(x) {
  // One Newton step from Math.log: l1 = l0 + x exp(-l0) - 1.
  const l0 = Math.log(x);
  const e = ddMulD(ddExp([-l0, 0]), x);
  return ddAdd([l0, 0], ddAdd(e, [-1, 0]));
}
// x^n for a positive double x and an integer n >= 1, rounded to nearest (ties to even), exactly.
function powExactInteger(x, n) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp2;
  if (biased === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  // x = mant * 2^exp2, x^n = mant^n * 2^(n exp2).
  let num = mant ** BigInt(n);
  let e = exp2 * n;
  const length = num.toString(2).length;
  // Keep 53 significant bits (fewer for subnormals), round to nearest even.
  let shift = length - 53;
  if (e + shift < -1074) shift = -1074 - e;
  if (shift > 0) {
    const s = BigInt(shift);
    const rest = num & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    num >>= s;
    if (rest > half || (rest === half && (num & 1n) === 1n)) num += 1n;
    e += shift;
  }
  // num < 2^54 here: exact as a Number; the scaling by 2^e is exact unless it overflows.
  let value = Number(num);
  while (e > 0) {
    const step = Math.min(e, 1000);
    value *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.min(-e, 1000);
    value /= 2 ** step;
    e += step;
  }
  return value;
}
export function roundedPow(x, y) {
  if (y === 1) return x;
  if (x === 0) return y > 0 ? 0 : y < 0 ? Infinity : 1;
  if (y === 0 || x === 1) return 1;
  if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(y)) return Math.pow(x, y);
  if (Number.isInteger(y) && y > 0 && y <= 64) return powExactInteger(x, y);
  const l = ddMulD(ddLog(x), y);
  if (l[0] > 709.7 || l[0] < -745.2) return Math.pow(x, y); // overflow, or deep underflow
  const r = ddExp(l);
  return r[0] + r[1];
}

// ---------------------------------------------------------------------------------------------
// The agent's own index of packages, as parley's OfferIndex (src/negotiate/offer_index.cpp)
// orders it: by utility, ties by the package's index (last issue fastest).

class ProtocolError extends Error {}

function lowerBound(sorted, x) {
  let first = 0, count = sorted.length;
  while (count > 0) {
    const half = count >>> 1;
    if (sorted[first + half] < x) {
      first += half + 1;
      count -= half + 1;
    } else count = half;
  }
  return first;
}

class PackageIndex {
  constructor(contributions) {
    const cards = contributions.map((table) => table.length);
    const issues = cards.length;
    let n = 1;
    for (const c of cards) n *= c;
    if (issues === 0 || n === 0) throw new ProtocolError('the outcome space is empty');
    if (n > ENUMERATION_LIMIT)
      throw new ProtocolError(
        `${n} packages: this example indexes at most ${ENUMERATION_LIMIT} (as parley's agents ` +
          'do; a larger space needs a catalogue)',
      );
    this.cards = cards;
    this.size = n;
    // Utilities in index order: running sums 0.0 + c0 + c1 + ..., as parley adds them.
    const utilities = new Float64Array(n);
    const last = issues - 1;
    const lastTable = Float64Array.from(contributions[last]);
    const lastCard = cards[last];
    const outcome = new Array(issues).fill(0);
    const partial = new Float64Array(issues);
    for (let i = 1; i < issues; i++) partial[i] = partial[i - 1] + contributions[i - 1][0];
    let k = 0;
    for (;;) {
      const base = partial[last];
      for (let v = 0; v < lastCard; v++) utilities[k++] = base + lastTable[v];
      if (last === 0) break;
      let i = last;
      let done = false;
      for (;;) {
        --i;
        if (++outcome[i] < cards[i]) break;
        outcome[i] = 0;
        if (i === 0) {
          done = true;
          break;
        }
      }
      if (done) break;
      for (let j = i; j < last; j++) partial[j + 1] = partial[j] + contributions[j][outcome[j]];
    }
    // The distinct utilities in ascending order, and the first package (smallest index) of
    // each: the first entry of that utility in parley's index.
    const sorted = Float64Array.from(utilities).sort();
    let m = 0;
    for (let j = 0; j < n; j++) if (j === 0 || sorted[j] !== sorted[m - 1]) sorted[m++] = sorted[j];
    this.values = sorted.slice(0, m);
    this.first = new Int32Array(m).fill(-1);
    for (let id = 0; id < n; id++) {
      const at = lowerBound(this.values, utilities[id]);
      if (this.first[at] < 0) this.first[at] = id;
    }
    this.minUtility = this.values[0];
    this.maxUtility = this.values[m - 1];
  }

  // OfferIndex::nearest: the entry closest to target; ties to the higher utility; among equal
  // utilities the smallest package index. Returns the position in `values`.
  nearest(target) {
    const m = this.values.length;
    const above = lowerBound(this.values, target);
    if (above === m) return m - 1;
    if (above === 0) return 0;
    const below = this.values[above - 1];
    if (target - below < this.values[above] - target) return above - 1;
    return above;
  }

  outcome(position) {
    let id = this.first[position];
    const out = new Array(this.cards.length);
    for (let i = this.cards.length - 1; i >= 0; i--) {
      out[i] = id % this.cards[i];
      id = Math.floor(id / this.cards[i]);
    }
    return out;
  }
}

// std::min / std::max as parley calls them (the first argument unless the second is smaller
// / larger).
const stdMin = (a, b) => (b < a ? b : a);
const stdMax = (a, b) => (a < b ? b : a);

// ---------------------------------------------------------------------------------------------
// One session: messages in, answers out (null for none).

function isObject(x) {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
function need(condition, what) {
  if (!condition) throw new ProtocolError(what);
}
function finiteNumber(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

export class BoulwareSession {
  constructor(e) {
    this.e = e;
    this.ready = false;
    this.cachedTime = -1;
    this.cachedPosition = 0;
  }

  settings(message) {
    need(message.protocol === PROTOCOL, `settings: protocol ${JSON.stringify(message.protocol)}, expected "${PROTOCOL}"`);
    need(Array.isArray(message.issues) && message.issues.length > 0, 'settings: no issues');
    const profile = message.profile;
    need(isObject(profile), 'settings: no profile');
    need(profile.type === 'linear-additive', `settings: profile type ${JSON.stringify(profile.type)}, expected "linear-additive"`);
    need(Array.isArray(profile.contributions) && profile.contributions.length === message.issues.length,
      'settings: profile.contributions must hold one table per issue');
    need(finiteNumber(profile.reservation_value), 'settings: profile.reservation_value must be a number');
    this.names = [];
    this.labels = [];
    this.valueOf = [];
    message.issues.forEach((issue, i) => {
      need(isObject(issue) && typeof issue.name === 'string', `settings: issue ${i} has no name`);
      need(Array.isArray(issue.values) && issue.values.length > 0 && issue.values.every((v) => typeof v === 'string'),
        `settings: issue '${issue.name}' needs a list of value labels`);
      const table = profile.contributions[i];
      need(Array.isArray(table) && table.length === issue.values.length && table.every(finiteNumber),
        `settings: profile.contributions[${i}] must hold one number per value of issue '${issue.name}'`);
      this.names.push(issue.name);
      this.labels.push(issue.values);
      this.valueOf.push(new Map(issue.values.map((label, v) => [label, v])));
    });
    this.contributions = profile.contributions.map((table) => Float64Array.from(table));
    this.index = new PackageIndex(this.contributions);
    // ConcessionRange::from.
    this.max = this.index.maxUtility;
    this.min = stdMin(this.max, stdMax(this.index.minUtility, profile.reservation_value));
    this.cachedTime = -1;
    this.ready = true;
    return { type: 'ready', agent: `boulware(e=${this.e})-node` };
  }

  // time_dependent_target with k = 0, then OfferIndex::nearest.
  bid(t) {
    if (t !== this.cachedTime) {
      const e = this.e, k = 0.0;
      const f = e === 0.0 ? k : k + (1.0 - k) * roundedPow(t, 1.0 / e);
      const target = this.min + (this.max - this.min) * (1.0 - f);
      this.cachedTime = t;
      this.cachedPosition = this.index.nearest(target);
    }
    return this.cachedPosition;
  }

  utility(offer, what) {
    need(isObject(offer), `${what}: the offer is not an object`);
    let sum = 0.0;
    for (let i = 0; i < this.names.length; i++) {
      const label = offer[this.names[i]];
      const v = typeof label === 'string' ? this.valueOf[i].get(label) : undefined;
      need(v !== undefined, `${what}: no known value for issue '${this.names[i]}' (${JSON.stringify(label)})`);
      sum += this.contributions[i][v];
    }
    return sum;
  }

  handle(message) {
    need(isObject(message), 'a message that is not a JSON object');
    const type = message.type;
    if (type === 'settings') return this.settings(message);
    if (type === 'finished' || type === 'observe') return null;
    if (type === 'propose' || type === 'respond') {
      need(this.ready, `${type} before settings`);
      need(finiteNumber(message.time), `${type}: no time`);
      const position = this.bid(message.time);
      if (type === 'propose') {
        const outcome = this.index.outcome(position);
        const offer = {};
        for (let i = 0; i < outcome.length; i++) offer[this.names[i]] = this.labels[i][outcome[i]];
        return { type: 'offer', offer };
      }
      const standing = this.utility(message.offer, 'respond');
      return { type: standing >= this.index.values[position] ? 'accept' : 'reject' };
    }
    throw new ProtocolError(`unknown message type ${JSON.stringify(type)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Command line.

function usage(problem) {
  process.stderr.write(
    `boulware.mjs: ${problem}\nusage: node boulware.mjs [--e E] [--ws PORT [--host HOST]]\n`,
  );
  process.exit(2);
}

function parseArguments(argv) {
  const options = { e: 0.2, ws: null, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--e') {
      const text = value();
      const e = Number(text);
      if (text.trim() === '' || !Number.isFinite(e) || e < 0) usage(`--e ${text}: expected a number >= 0`);
      options.e = e;
    } else if (flag === '--ws') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port < 0 || port > 65535) usage(`--ws ${text}: expected a port number`);
      options.ws = port;
    } else if (flag === '--host') options.host = value();
    else if (flag === '-h' || flag === '--help') {
      process.stdout.write('usage: node boulware.mjs [--e E] [--ws PORT [--host HOST]]\n');
      process.exit(0);
    } else usage(`unknown argument ${argv[i]}`);
  }
  return options;
}

function errorMessage(error) {
  return error instanceof ProtocolError || error instanceof SyntaxError
    ? error.message
    : `internal error: ${error && error.stack ? error.stack : error}`;
}

// exec: one session on standard input and output.
function runExec(options) {
  const session = new BoulwareSession(options.e);
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let failed = false;
  input.on('line', (line) => {
    if (failed || line.trim() === '') return;
    let message;
    try {
      message = JSON.parse(line);
    } catch (error) {
      fail(`malformed input ${JSON.stringify(line.slice(0, 80))}: ${error.message}`);
      return;
    }
    try {
      const answer = session.handle(message);
      if (answer) process.stdout.write(JSON.stringify(answer) + '\n');
    } catch (error) {
      fail(errorMessage(error));
    }
  });
  input.on('close', () => {
    if (!failed) process.exit(0);
  });
  process.stdout.on('error', () => process.exit(failed ? 1 : 0)); // parley went away
  function fail(text) {
    failed = true;
    process.stderr.write(`boulware.mjs: ${text}\n`);
    process.stdout.write(JSON.stringify({ type: 'error', message: text }) + '\n', () => process.exit(1));
    input.close();
  }
}

// --ws: a WebSocket server (RFC 6455) with Node's standard library only.
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_MESSAGE = 16 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

function frame(opcode, payload) {
  const length = payload.length;
  let header;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

class Connection {
  constructor(socket, e, id) {
    this.socket = socket;
    this.id = id;
    this.session = new BoulwareSession(e);
    this.buffer = Buffer.alloc(0);
    this.fragments = null; // the parts of a fragmented text message
    this.closing = false;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.data(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closing = true;
    });
  }

  send(opcode, payload) {
    if (!this.socket.destroyed) this.socket.write(frame(opcode, payload));
  }

  close(code, reason) {
    if (this.closing) return;
    this.closing = true;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.send(0x8, payload);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  data(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (!this.closing) {
      const b = this.buffer;
      if (b.length < 2) return;
      const fin = (b[0] & 0x80) !== 0;
      const opcode = b[0] & 0x0f;
      const masked = (b[1] & 0x80) !== 0;
      let length = b[1] & 0x7f;
      let offset = 2;
      if (b[0] & 0x70) return this.close(1002, 'reserved bits set');
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        const big = b.readBigUInt64BE(2);
        if (big > BigInt(MAX_MESSAGE)) return this.close(1009, 'message too big');
        length = Number(big);
        offset = 10;
      }
      if (!masked) return this.close(1002, 'client frames must be masked');
      if (length > MAX_MESSAGE) return this.close(1009, 'message too big');
      if (b.length < offset + 4 + length) return;
      const mask = b.subarray(offset, offset + 4);
      const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < length; i++) payload[i] ^= mask[i & 3];
      this.buffer = b.subarray(offset + 4 + length);
      this.frame(fin, opcode, payload);
    }
  }

  frame(fin, opcode, payload) {
    if (opcode >= 0x8) {
      if (!fin || payload.length > 125) return this.close(1002, 'bad control frame');
      if (opcode === 0x8) return this.close(1000, '');
      if (opcode === 0x9) return this.send(0xa, payload); // ping: pong
      if (opcode === 0xa) return; // pong
      return this.close(1002, `unknown opcode ${opcode}`);
    }
    if (opcode === 0x0) {
      if (!this.fragments) return this.close(1002, 'continuation without a first frame');
      this.fragments.push(payload);
    } else if (opcode === 0x1) {
      if (this.fragments) return this.close(1002, 'a new message inside a fragmented one');
      this.fragments = [payload];
    } else if (opcode === 0x2) {
      return this.close(1003, 'parley-agent/1 uses text frames');
    } else return this.close(1002, `unknown opcode ${opcode}`);
    if (!fin) {
      if (this.fragments.reduce((n, p) => n + p.length, 0) > MAX_MESSAGE)
        this.close(1009, 'message too big');
      return;
    }
    const text = (this.fragments.length === 1 ? this.fragments[0] : Buffer.concat(this.fragments)).toString('utf8');
    this.fragments = null;
    this.message(text);
  }

  message(text) {
    let answer;
    try {
      answer = this.session.handle(JSON.parse(text));
    } catch (error) {
      const problem =
        error instanceof SyntaxError
          ? `malformed input ${JSON.stringify(text.slice(0, 80))}: ${error.message}`
          : errorMessage(error);
      process.stderr.write(`boulware.mjs: connection ${this.id}: ${problem}\n`);
      this.send(0x1, Buffer.from(JSON.stringify({ type: 'error', message: problem })));
      this.close(1008, 'protocol error');
      return;
    }
    if (answer) this.send(0x1, Buffer.from(JSON.stringify(answer)));
    // A message that needs no answer (observe, finished) gets an unsolicited pong (RFC 6455
    // 5.5.3: allowed, and ignored by the client). It carries the TCP acknowledgement at once: a
    // client that leaves Nagle's algorithm on would otherwise hold its next message (respond
    // right after observe) until our delayed acknowledgement, up to 40 ms on Linux.
    else this.send(0xa, EMPTY);
  }
}

function runWebSocket(options) {
  let connections = 0;
  const server = http.createServer((request, response) => {
    response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
    response.end('a parley-agent/1 WebSocket endpoint: connect with ws://\n');
  });
  server.on('upgrade', (request, socket) => {
    const key = request.headers['sec-websocket-key'];
    const upgrade = (request.headers.upgrade || '').toLowerCase();
    if (upgrade !== 'websocket' || typeof key !== 'string' || request.headers['sec-websocket-version'] !== '13') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    // The path may choose the exponent for this connection: ws://HOST:PORT/?e=0.5.
    let e = options.e;
    const wanted = new URL(request.url, 'http://agent').searchParams.get('e');
    if (wanted !== null) {
      e = Number(wanted);
      if (wanted.trim() === '' || !Number.isFinite(e) || e < 0) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return;
      }
    }
    const accept = crypto.createHash('sha1').update(key + WS_GUID).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    new Connection(socket, e, ++connections);
  });
  server.on('clientError', (error, socket) => socket.destroy());
  server.on('error', (error) => {
    process.stderr.write(`boulware.mjs: cannot listen on ${options.host}:${options.ws}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(options.ws, options.host, () => {
    const { port } = server.address();
    process.stderr.write(`boulware.mjs: boulware(e=${options.e}) listening on ws://${options.host}:${port}/\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
}

function isMain() {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const options = parseArguments(process.argv.slice(2));
  if (options.ws !== null) runWebSocket(options);
  else runExec(options);
}
