// Browser test of the deal-closing mechanisms of `parley serve` (ctest label `browser`;
// docs/mechanisms.md): Debian's chromium driven by playwright-core, one `parley serve`, one
// browser. A few cases run at once (--jobs, 3), each worker with four contexts of its own (the
// mediator, party A on a phone-sized screen, party B, a third party) whose pages move from case
// to case by link. Each mechanism runs with 2, 3 and 10 parties:
//
//   sealed       sealed acceptances: no match, then a match; only the match is revealed
//   proposal     the mediator's proposal: "not passed" (nobody learns who said no), then passed
//   improve      improvements after agreement: a round where the agreement stands, one adopted
//   final-offer  final-offer arbitration at the deadline (the mediator's close button): the
//                offer nearest the Nash proposal in everyone's utilities, computed here
//   rule         the pre-agreed rule at the deadline (Nash, Kalai-Smorodinsky, egalitarian)
//   rule-none    no deal-closer: closed without agreement (2 parties only)
//   blind        blind bidding: Smartsettle's example (visible 49 / 60, secret 51 / 57, one
//                round: the neutral sees 49 ... 59, judges 55 fair: settlement 57), then a
//                crossing (4 / 6 no settlement, 7 / 5 settles at 6)
//   quorum       the single text under "n-1 including a veto holder"
//
// Preferences go in through the API (fast); every mechanism is driven through the pages of the
// mediator and of two parties (with 10 parties the other eight answer through the API). The
// negotiations of the final-offer (2 parties) and quorum (3 parties) cases are created through the
// page's create form. The pages' values are checked against what the API views say and against
// utilities computed here from the submitted preferences. Screenshots go to --artifacts.
//
// node browser_mechanisms_test.mjs --parley BUILD/parley --web BUILD/web --modules web/node_modules
//     --chromium /usr/bin/chromium --artifacts BUILD/test-artifacts/browser-mechanisms
//     [--only sealed,blind] [--parties 2,3] [--jobs 3]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 as random } from '../support/seeded_random.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, i, all) => (i % 2 ? pairs : [...pairs, [value.replace(/^--/, ''), all[i + 1]]]), []),
);
for (const key of ['parley', 'web', 'modules', 'chromium', 'artifacts'])
  if (!args[key]) throw new Error(`missing --${key}`);
const require = createRequire(path.join(path.resolve(args.modules), 'index.js'));
const { chromium } = require('playwright-core');

const started = Date.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-browser-mechanisms-'));
fs.mkdirSync(args.artifacts, { recursive: true });
const portFile = path.join(work, 'port');
// Many negotiations come from one address here: raise the creation limit (not the API's).
const server = spawn(args.parley, ['serve', '--db', path.join(work, 'mechanisms.db'), '--port', '0', '--port-file', portFile,
  '--web', args.web, '--create-rate', '600', '--create-burst', '100'], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (chunk) => { serverLog = (serverLog + chunk).slice(-100000); });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForPort() {
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(portFile)) {
      const text = fs.readFileSync(portFile, 'utf8').trim();
      if (text) return Number(text);
    }
    await sleep(50);
  }
  throw new Error('parley serve did not start');
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// The API (preferences, the other parties' answers, the expected values).

let base = '';

async function api(method, route, token, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(base + route.replace(/^\//, ''), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (response.status === 429 && attempt < 20) { await sleep(250); continue; }
    let payload;
    try { payload = JSON.parse(text); } catch { payload = text; }
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${payload.error || text}`);
    return payload;
  }
}

const ISSUES = [
  { name: 'Location', options: ['centre', 'suburbs', 'remote'] },
  { name: 'Budget', options: ['low', 'medium', 'high'] },
  { name: 'Start', options: ['June', 'September', 'January'] },
];
const ISSUES_TEXT = ISSUES.map((i) => `${i.name}: ${i.options.join(', ')}`).join('\n');
const NAMES = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Kai'];

// Every package, in a fixed order.
const PACKAGES = ISSUES.reduce((packages, issue) =>
  packages.flatMap((p) => issue.options.map((o) => ({ ...p, [issue.name]: o }))), [{}]);


// Seeded preferences: weights 1..100, scores 0..100 with one 100 per issue.
function preferences(seed, walkAway = 0.1) {
  const next = random(seed);
  const weights = {};
  const scores = {};
  for (const issue of ISSUES) {
    weights[issue.name] = 1 + Math.floor(next() * 100);
    const best = Math.floor(next() * issue.options.length);
    scores[issue.name] = Object.fromEntries(issue.options.map((o, k) => [o, k === best ? 100 : Math.floor(next() * 101)]));
  }
  return { weights, scores, walk_away: walkAway };
}

// The linear-additive utility, computed here from the submitted preferences.
function utility(prefs, pkg) {
  const total = Object.values(prefs.weights).reduce((a, b) => a + b, 0);
  let sum = 0;
  for (const issue of ISSUES) {
    const best = Math.max(...Object.values(prefs.scores[issue.name]));
    sum += (prefs.weights[issue.name] / total) * (prefs.scores[issue.name][pkg[issue.name]] / best);
  }
  return sum;
}

const same = (a, b) => JSON.stringify(ISSUES.map((i) => a && a[i.name])) === JSON.stringify(ISSUES.map((i) => b && b[i.name]));
const describe = (pkg) => ISSUES.map((i) => `${i.name}: ${pkg[i.name]}`).join(', ');

async function waitForPhase(negotiation, phases) {
  let view;
  for (let i = 0; i < 600; i++) {
    view = await api('GET', '/api/mediator', negotiation.mediator);
    if (phases.includes(view.negotiation.phase)) return view;
    await sleep(50);
  }
  throw new Error(`the negotiation stays ${view.negotiation.phase}, expected ${phases.join(' or ')}`);
}

// A negotiation through the API: its tokens, names and the preferences submitted for each party.
async function createByApi(n, extra = {}) {
  const names = NAMES.slice(0, n);
  const created = await api('POST', '/api/negotiations', undefined, { title: extra.title || 'Office move', issues: ISSUES, parties: names, ...extra.spec });
  return { mediator: created.mediator_token, tokens: created.parties.map((p) => p.token), names };
}

async function submitAll(negotiation, prefsOf = (p) => preferences(1000 * negotiation.names.length + p)) {
  negotiation.prefs = negotiation.names.map((_, p) => prefsOf(p));
  for (const [p, token] of negotiation.tokens.entries()) await api('PUT', '/api/party/preferences', token, negotiation.prefs[p]);
  const view = await waitForPhase(negotiation, ['drafting']);
  check(view.proposals.length >= 3, `the analysis proposed packages (${JSON.stringify(view.proposals)})`);
  return view;
}

// ---------------------------------------------------------------------------------------------
// Pages.

let browser;
const pageErrors = [];
const labels = new WeakMap();

// One worker's pages, kept from case to case (a new link is a new hash: no reload): the mediator's,
// A's (phone-sized: the panels must work on a small screen too), B's and a third party's.
async function stage() {
  const pages = {};
  const contexts = [];
  for (const role of ['mediator', 'a', 'b', 'third']) {
    const context = await browser.newContext(role === 'a'
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1000, height: 900 } });
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${labels.get(page) || role}: ${error.message}`));
    contexts.push(context);
    pages[role] = page;
  }
  return {
    pages,
    // Shows the mediator's page (p null) or party p's page of `negotiation`; waits for it (its title).
    async open(role, negotiation, p, name) {
      const page = pages[role];
      const link = p === null ? `#/mediator/${negotiation.mediator}` : `#/party/${negotiation.tokens[p]}`;
      labels.set(page, `${p === null ? 'mediator' : negotiation.names[p]} (${name})`);
      await page.goto(base + link);
      await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, name, { timeout: 20000, polling: 100 });
      return page;
    },
    close: () => Promise.all(contexts.map((c) => c.close())),
  };
}

// Waits until the element's text includes `expected` (a string) or matches it (a RegExp); polls
// inside the page. Returns the text.
async function waitText(page, testid, expected, timeout = 20000) {
  const pattern = expected instanceof RegExp ? { source: expected.source, flags: expected.flags } : { text: expected };
  try {
    const handle = await page.waitForFunction(({ id, want }) => {
      const element = document.querySelector(`[data-testid="${id}"]`);
      if (!element) return false;
      const shown = element.textContent;
      const ok = want.text !== undefined ? shown.includes(want.text) : new RegExp(want.source, want.flags).test(shown);
      return ok ? shown : false;
    }, { id: testid, want: pattern }, { timeout, polling: 150 });
    return await handle.jsonValue();
  } catch (error) {
    const last = await page.getByTestId(testid).first().textContent({ timeout: 200 }).catch(() => null);
    throw new Error(`${labels.get(page)}: [data-testid=${testid}] should show ${expected} (it shows ${JSON.stringify(last)}; ${error.message.split('\n')[0]})`);
  }
}

async function text(page, testid) {
  return page.getByTestId(testid).first().textContent({ timeout: 20000 });
}

// The package a table on the page shows, {issue: option}.
async function shownPackage(page, testid) {
  return page.getByTestId(testid).first().evaluate((table) => Object.fromEntries(
    [...table.querySelectorAll('tr')].map((row) => [row.querySelector('th').textContent, row.querySelector('td').textContent])), undefined, { timeout: 20000 });
}

// Waits for the agreement on `page` and checks its package.
async function expectAgreement(page, expected, by) {
  await page.getByTestId('agreement').waitFor({ timeout: 20000 });
  const end = Date.now() + 20000;
  let shown;
  while (Date.now() < end) {
    shown = await shownPackage(page, 'agreement-package').catch(() => null);
    if (same(shown, expected)) break;
    await sleep(150);
  }
  check(same(shown, expected), `${labels.get(page)}: the agreement shown is ${describe(expected)} (shows ${shown && describe(shown)})`);
  if (by) await waitText(page, 'agreed-by', by);
}

function near(shownText, value, what) {
  const shown = Number(String(shownText).replace('−', '-').replace('+', '').trim());
  check(Math.abs(shown - value) <= 0.0006, `${what}: shows ${shownText}, computed ${value.toFixed(4)}`);
}

// A screenshot; a phone's page must not be wider than the phone.
async function shot(page, name) {
  if (name.endsWith('-phone')) {
    const [width, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    check(width <= viewport + 1, `${labels.get(page)}: the page fits the phone's width (${width} > ${viewport} pixels)`);
  }
  await page.screenshot({ path: path.join(args.artifacts, `${name}.png`), fullPage: true });
}

// Creates a negotiation through the page's create form; returns its tokens.
async function createByPage(page, names, { rule, veto, deadlineHours, atDeadline, title }) {
  await page.goto(base);
  await page.getByTestId('title').fill(title);
  await page.getByTestId('issues').fill(ISSUES_TEXT);
  await page.getByTestId('parties').fill(names.join(', '));
  if (rule) await page.getByTestId('rule-required').selectOption(rule);
  if (veto) await page.getByTestId('rule-veto').fill(veto.join(', '));
  if (deadlineHours) {
    await page.getByTestId('deadline-kind').selectOption('in');
    await page.getByTestId('deadline-hours').fill(String(deadlineHours));
    await page.getByTestId('at-deadline-select').selectOption(atDeadline);
  }
  await page.getByTestId('create').click();
  await page.getByTestId('links').waitFor({ timeout: 10000 });
  const token = async (testid) => (await page.getByTestId(testid).getAttribute('href')).split('/').pop();
  const tokens = [];
  for (let p = 0; p < names.length; p++) tokens.push(await token(`party-link-${p}`));
  return { mediator: await token('mediator-link'), tokens, names };
}

// The two driven parties: the first (A) and the last (B); the others answer through the API.
const others = (negotiation) => negotiation.tokens.slice(1, -1);

// ---------------------------------------------------------------------------------------------
// The mechanisms.

// Sealed acceptances: everyone but B marks "nash" and "draft 1"; B first marks another item (no
// match: nothing revealed), then "draft 1": the match is the agreement.
async function sealed(stage, n, name) {
  const negotiation = await createByApi(n, { title: name });
  await submitAll(negotiation);
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  const items = (await api('GET', '/api/party', negotiation.tokens[0])).mechanisms.sealed.items;
  const itemLabels = items.map((i) => i.item);
  check(itemLabels.includes('nash') && itemLabels.includes('draft 1') && itemLabels.includes('kalai-smorodinsky'), `sealed items ${itemLabels}`);
  // A sees its own utility of each item, as computed from its preferences.
  await a.getByTestId('sealed').waitFor({ timeout: 20000 });
  for (const entry of items)
    near(await text(a, `sealed-utility-${entry.item.replace(/[^A-Za-z0-9]+/g, '-')}`), utility(negotiation.prefs[0], entry.package), `${name}: A's utility of ${entry.item}`);
  for (const token of others(negotiation)) await api('PUT', '/api/party/sealed', token, { accept: ['nash', 'draft 1'] });
  await a.getByTestId('sealed-check-nash').check();
  await a.getByTestId('sealed-check-draft-1').check();
  await a.getByTestId('seal-marks').click();
  await waitText(a, 'sealed-status', 'Your sealed choices: Nash bargaining solution; Single text, version 1');
  await b.getByTestId('sealed-check-kalai-smorodinsky').check();
  await b.getByTestId('seal-marks').click();
  await waitText(b, 'sealed-status', 'Your sealed choices: Kalai-Smorodinsky solution. No match yet.');
  // No match: still drafting; B's page shows only B's marks, the mediator only who marked.
  await waitText(mediator, 'sealed-marked', `Marked so far (${n} of ${n})`);
  const marked = await text(mediator, 'sealed-marked');
  for (const who of negotiation.names) check(marked.includes(who), `${name}: the mediator sees that ${who} marked`);
  for (const label of ['Nash', 'Single text', 'Kalai']) check(!marked.includes(label), `${name}: the mediator never sees what was marked (${marked})`);
  check(!(await b.getByTestId('sealed-check-nash').isChecked()) && !(await b.getByTestId('sealed-check-draft-1').isChecked()),
    `${name}: B's page does not show the others' marks`);
  check(await a.getByTestId('sealed-check-nash').isChecked() && !(await a.getByTestId('sealed-check-kalai-smorodinsky').isChecked()),
    `${name}: A's page shows A's own marks`);
  check((await api('GET', '/api/party', negotiation.tokens[0])).negotiation.phase === 'drafting', 'no match yet');
  await shot(b, `sealed-${n}-1-no-match-party`);
  await shot(mediator, `sealed-${n}-2-no-match-mediator`);
  // B changes its marks to "draft 1" only: the match.
  await b.getByTestId('sealed-check-kalai-smorodinsky').uncheck();
  await b.getByTestId('sealed-check-draft-1').check();
  await b.getByTestId('seal-marks').click();
  const expected = items.find((i) => i.item === 'draft 1').package;
  for (const page of [a, b, mediator]) await expectAgreement(page, expected, 'Reached by sealed acceptances');
  await waitText(a, 'agreed-by', '"Single text, version 1"');
  const view = await api('GET', '/api/party', negotiation.tokens[0]);
  check(view.mechanisms.sealed.match === 'draft 1' && view.mechanisms.agreed_by === 'sealed-acceptances', `${name}: the match is draft 1`);
  await shot(a, `sealed-${n}-3-agreement-party-phone`);
}

// The mediator's proposal: the first is refused by B (not passed, nobody learns who), the second
// is accepted by everyone.
async function proposal(stage, n, name) {
  const negotiation = await createByApi(n, { title: name });
  const start = await submitAll(negotiation);
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  const first = { 2: 'nash', 3: 'hardest-to-manipulate', 10: 'egalitarian' }[n] || 'nash';
  const second = { 2: 'draft', 3: 'kalai-smorodinsky', 10: 'hardest-to-manipulate' }[n] || 'kalai-smorodinsky';
  const put = async (kind, id) => {
    await mediator.getByTestId('mp-kind').selectOption(kind);
    await mediator.getByTestId('put-proposal').click();
    await waitText(mediator, 'mp-status', `Proposal no. ${id}`);
    const view = await api('GET', '/api/mediator', negotiation.mediator);
    const expected = kind === 'draft' ? start.draft.package
      : kind === 'hardest-to-manipulate' ? view.mechanisms.mediator_proposal.package
        : start.proposals.find((p) => p.kind === kind).package;
    check(same(view.mechanisms.mediator_proposal.package, expected), `${name}: proposal ${id} is the ${kind} package`);
    for (const page of [a, b]) {
      await waitText(page, 'mediator-proposal', `no. ${id}`);
      check(same(await shownPackage(page, 'mp-package'), expected), `${name}: ${labels.get(page)} sees proposal ${id}'s package`);
    }
    near(await text(a, 'mp-utility'), utility(negotiation.prefs[0], expected), `${name}: A's utility of proposal ${id}`);
    near(await text(b, 'mp-utility'), utility(negotiation.prefs[n - 1], expected), `${name}: B's utility of proposal ${id}`);
    return expected;
  };
  await put(first, 1);
  await a.getByTestId('mp-yes').click();
  await waitText(a, 'mp-my-answer', 'You answered yes');
  for (const token of others(negotiation)) await api('POST', '/api/party/proposal', token, { id: 1, accept: true });
  await waitText(mediator, 'mp-answered', `${n - 1} of ${n} parties have answered`);
  await b.getByTestId('mp-no').click();
  for (const page of [a, b, mediator]) await waitText(page, 'mp-result', 'Not passed — nobody learns who said no');
  const panel = await text(a, 'mediator-proposal');
  check(!panel.includes(negotiation.names[n - 1]), `${name}: A's page does not name who said no`);
  check((await api('GET', '/api/party', negotiation.tokens[0])).negotiation.phase === 'drafting', 'not passed: still drafting');
  await shot(a, `proposal-${n}-1-not-passed-party-phone`);
  await shot(mediator, `proposal-${n}-2-not-passed-mediator`);
  const expected = await put(second, 2);
  await a.getByTestId('mp-yes').click();
  for (const token of others(negotiation)) await api('POST', '/api/party/proposal', token, { id: 2, accept: true });
  await b.getByTestId('mp-yes').click();
  for (const page of [a, b, mediator]) await expectAgreement(page, expected, "Reached by the mediator's proposal (proposal 2)");
  await waitText(b, 'mp-result', 'Passed');
  await shot(b, `proposal-${n}-3-passed-party`);
}

// Improvements after agreement: the parties agree (the mediator's proposal) on a package everyone
// can improve on; round 1 ends with the agreement standing, round 2 adopts improvement 1.
async function improve(stage, n, name) {
  const negotiation = await createByApi(n, { title: name });
  // Location "centre" is everyone's worst, "suburbs" everyone's best.
  await submitAll(negotiation, (p) => {
    const prefs = preferences(5000 + 10 * n + p, 0);
    prefs.scores.Location = { centre: 0, suburbs: 100, remote: prefs.scores.Location.remote % 100 };
    return prefs;
  });
  const sum = (pkg) => negotiation.prefs.reduce((total, prefs) => total + utility(prefs, pkg), 0);
  const worst = PACKAGES.filter((p) => p.Location === 'centre').reduce((w, p) => (sum(p) < sum(w) ? p : w));
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  // The mediator proposes that package (a package of its own choice); everyone accepts.
  await mediator.getByTestId('mp-kind').selectOption('custom');
  for (const [i, issue] of ISSUES.entries()) await mediator.getByTestId(`mp-custom-${i}`).selectOption(worst[issue.name]);
  await mediator.getByTestId('put-proposal').click();
  await waitText(mediator, 'mp-status', 'A package the mediator chose');
  await a.getByTestId('mp-yes').click();
  await b.getByTestId('mp-yes').click();
  for (const token of others(negotiation)) await api('POST', '/api/party/proposal', token, { id: 1, accept: true });
  for (const page of [a, b, mediator]) await expectAgreement(page, worst, "mediator's proposal");
  // Round 1.
  await mediator.getByTestId('improve-limit').fill('3');
  await mediator.getByTestId('offer-improvements').click();
  await waitText(mediator, 'improve-answered', `0 of ${n} parties have answered`);
  const offered = (await api('GET', '/api/party', negotiation.tokens[0])).mechanisms.improvements;
  check(offered.packages.length >= 1 && offered.packages.length <= 3, `${name}: 1 to 3 improvements offered (${offered.packages.length})`);
  for (const entry of offered.packages) {
    const gains = negotiation.prefs.map((prefs) => utility(prefs, entry.package) - utility(prefs, worst));
    check(gains.every((g) => g >= -1e-9) && gains.some((g) => g > 1e-9), `${name}: ${entry.label} is a Pareto improvement (${gains})`);
  }
  await a.getByTestId('improvements').waitFor({ timeout: 20000 });
  for (const [k, entry] of offered.packages.entries()) {
    const gain = utility(negotiation.prefs[0], entry.package) - utility(negotiation.prefs[0], worst);
    const shown = await text(a, `improve-gain-${k + 1}`);
    if (Math.abs(gain) < 0.0005) check(shown === 'no change for you', `${name}: A's gain of ${entry.label} is none (${shown})`);
    else near(shown, gain, `${name}: A's gain of ${entry.label}`);
    check((await text(a, `improve-package-${k + 1}`)) === describe(entry.package), `${name}: A sees ${entry.label}`);
  }
  await a.getByTestId('improve-check-1').check();
  await a.getByTestId('approve-improvements').click();
  await waitText(a, 'improve-mine', 'You approved: improvement 1.');
  for (const token of others(negotiation)) await api('PUT', '/api/party/improvements', token, { round: 1, approve: ['improvement 1'] });
  await shot(a, `improve-${n}-1-offered-party-phone`);
  if (n === 3) {
    // B does not answer: the mediator ends the round.
    await waitText(mediator, 'improve-answered', `${n - 1} of ${n} parties have answered`);
    await mediator.getByTestId('close-improvements').click();
  } else {
    // B approves none of them.
    await b.getByTestId('improvements').waitFor({ timeout: 20000 });
    await b.getByTestId('approve-improvements').click();
  }
  for (const page of [a, b, mediator]) await waitText(page, 'improve-result', 'the agreement stands');
  for (const page of [a, b]) await expectAgreement(page, worst);
  await shot(mediator, `improve-${n}-2-stands-mediator`);
  // Round 2: everyone approves improvement 1.
  await mediator.getByTestId('offer-improvements').click();
  await waitText(a, 'improvements', 'round 2');
  const round2 = (await api('GET', '/api/party', negotiation.tokens[0])).mechanisms.improvements;
  await a.getByTestId('improve-check-1').check();
  await a.getByTestId('approve-improvements').click();
  for (const token of others(negotiation)) await api('PUT', '/api/party/improvements', token, { round: 2, approve: ['improvement 1'] });
  await waitText(b, 'improvements', 'round 2');
  await b.getByTestId('improve-check-1').check();
  await b.getByTestId('approve-improvements').click();
  for (const page of [a, b, mediator]) {
    await waitText(page, 'improve-result', 'Adopted: every party approved improvement 1');
    await expectAgreement(page, round2.packages[0].package, 'approved improvement 1');
  }
  await shot(b, `improve-${n}-3-adopted-party`);
}

// Final-offer arbitration: every party seals a final offer; the mediator closes now; the offer
// nearest the Nash proposal in everyone's utilities (computed here) is the agreement.
async function finalOffer(stage, n, name) {
  const names = NAMES.slice(0, n);
  let negotiation;
  if (n === 2) {
    const creator = stage.pages.mediator;
    labels.set(creator, `creator (${name})`);
    negotiation = await createByPage(creator, names, { title: name, deadlineHours: 1, atDeadline: 'final-offer' });
    await shot(creator, `final-offer-${n}-0-created`);
  } else {
    negotiation = await createByApi(n, { title: name, spec: { deadline_seconds: 3600, at_deadline: 'final-offer' } });
  }
  const start = await submitAll(negotiation);
  check(start.mechanisms.at_deadline === 'final-offer', `${name}: final-offer at the deadline`);
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  await waitText(a, 'at-deadline', 'final-offer arbitration');
  await waitText(a, 'at-deadline', 'closest to the Nash compromise');
  await waitText(a, 'deadline', start.mechanisms.deadline.replace('T', ' ').replace('Z', ''));
  const offers = names.map((_, p) => PACKAGES[(p * 7 + 3 + n) % PACKAGES.length]);
  const seal = async (page, offer) => {
    await page.getByTestId('final-offer').waitFor({ timeout: 20000 });
    for (const [i, issue] of ISSUES.entries()) await page.getByTestId(`final-offer-select-${i}`).selectOption(offer[issue.name]);
    await page.getByTestId('seal-final-offer').click();
    await waitText(page, 'final-offer-mine', `Your sealed final offer: ${describe(offer)}.`);
  };
  await seal(a, offers[0]);
  for (const [k, token] of others(negotiation).entries()) await api('PUT', '/api/party/final-offer', token, { package: offers[k + 1] });
  await seal(b, offers[n - 1]);
  near(await waitText(b, 'final-offer-utility', /^\d\.\d{3}$/), utility(negotiation.prefs[n - 1], offers[n - 1]), `${name}: B's utility of its offer`);
  await waitText(mediator, 'final-offers-count', `${n} of ${n} parties have sealed a final offer`);
  if (!same(offers[0], offers[n - 1]))
    check(!(await text(a, 'final-offer')).includes(describe(offers[n - 1])), `${name}: A's page never shows B's offer`);
  await shot(b, `final-offer-${n}-1-sealed-party`);
  // The expected choice: the offer nearest the Nash proposal (first on a tie).
  const nash = start.proposals.find((p) => p.kind === 'nash').package;
  let chosen = 0;
  let best = Infinity;
  for (const [p, offer] of offers.entries()) {
    const distance = negotiation.prefs.reduce((total, prefs) => total + (utility(prefs, offer) - utility(prefs, nash)) ** 2, 0);
    if (distance < best - 1e-12) { best = distance; chosen = p; }
  }
  await mediator.getByTestId('close-now').click();
  await waitText(mediator, 'close-now-confirmation', 'final-offer arbitration');
  await shot(mediator, `final-offer-${n}-2-close-mediator`);
  await mediator.getByTestId('close-now-confirm').click();
  for (const page of [a, b, mediator])
    await expectAgreement(page, offers[chosen], `the arbitrator chose ${names[chosen]}'s final offer`);
  await shot(a, `final-offer-${n}-3-agreement-party-phone`);
}

// The pre-agreed rule at the deadline: the mediator closes now; the rule's proposal is adopted
// ("none": the negotiation closes without agreement).
async function rule(stage, n, name, closer) {
  const negotiation = await createByApi(n, { title: name, spec: { deadline_seconds: 3600, at_deadline: closer } });
  const start = await submitAll(negotiation);
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  const words = { nash: 'the Nash bargaining proposal', 'kalai-smorodinsky': 'the Kalai-Smorodinsky proposal', egalitarian: 'the Egalitarian proposal', none: 'closes without an agreement' }[closer];
  for (const page of [a, b]) await waitText(page, 'at-deadline', words);
  await mediator.getByTestId('close-now').click();
  await mediator.getByTestId('close-now-confirm').click();
  if (closer === 'none') {
    for (const page of [a, b, mediator]) await waitText(page, 'closed-reason', 'Closed: no agreement when the mediator closed the negotiation');
    check(!(await a.getByTestId('accept').count()), `${name}: no voting on a closed negotiation`);
    check((await api('GET', '/api/party', negotiation.tokens[0])).negotiation.phase === 'closed', 'closed');
    await shot(a, `rule-${n}-${closer}-closed-party-phone`);
  } else {
    const expected = start.proposals.find((p) => p.kind === closer).package;
    for (const page of [a, b, mediator]) await expectAgreement(page, expected, 'Reached by the rule agreed in advance');
    await shot(a, `rule-${n}-${closer}-agreement-party-phone`);
  }
}

// Blind bidding between A (low) and B (high): Smartsettle's example, then a crossing.
async function blind(stage, n, name) {
  const negotiation = await createByApi(n, { title: name });
  await submitAll(negotiation);
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  const low = negotiation.names[0];
  const high = negotiation.names[n - 1];
  const open = async (fields) => {
    for (const [key, value] of Object.entries(fields)) {
      const field = mediator.getByTestId(`blind-${key}`);
      if (key === 'low' || key === 'high') await field.selectOption(value);
      else await field.fill(String(value));
    }
    await mediator.getByTestId('open-blind').click();
    await waitText(mediator, 'blind-round', 'Round 1 of');
  };
  const bid = async (page, secret, visible, round) => {
    await waitText(page, 'blind-bidding', `Round ${round} of`);
    await page.getByTestId('blind-secret').fill(String(secret));
    if (visible !== undefined) await page.getByTestId('blind-visible-input').fill(String(visible));
    await page.getByTestId('blind-bid').click();
  };
  await open({ issue: 'compensation', unit: 'million USD', low, high, lower: 0, upper: 100, rounds: 1, step: 1 });
  await waitText(a, 'blind-my-side', 'You are the low side');
  await waitText(b, 'blind-my-side', 'You are the high side');
  let third;
  if (n >= 3) {
    third = await stage.open('third', negotiation, 1, name);
    await waitText(third, 'blind-my-side', 'You are not one of the two sides');
    check(!(await third.getByTestId('blind-secret').count()), `${name}: a party that is not a side cannot bid`);
  }
  await bid(a, 51, 49, 1);
  await waitText(a, 'blind-placed', 'Your bid for round 1 is in');
  await waitText(a, 'blind-my-bids', '51 million USD');
  // B sees A's visible proposal, never its secret bid.
  await waitText(b, 'blind-visible', `${low} (low side) 49 million USD`);
  check(!(await text(b, 'blind-bidding')).includes('51'), `${name}: B's page never shows A's secret bid`);
  await shot(b, `blind-${n}-1-bidding-party`);
  await bid(b, 57, 60, 1);
  for (const page of [a, b, mediator]) await waitText(page, 'blind-log', 'Round 1: no settlement');
  await waitText(mediator, 'neutral-range', '49 … 59 million USD');
  await waitText(mediator, 'neutral-values', 'Values: 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59');
  await waitText(a, 'blind-visible', `${high} (high side) 60 million USD`);
  check(!(await text(a, 'blind-bidding')).includes('57'), `${name}: A's page never shows B's secret bid`);
  check(!(await text(b, 'blind-bidding')).includes('51'), `${name}: B's page never shows A's secret bid`);
  check(!(await a.getByTestId('neutral-range').count()), `${name}: a party never sees the neutral's range`);
  if (third) {
    const seen = await text(third, 'blind-bidding');
    check(!seen.includes('51') && !seen.includes('57'), `${name}: a third party never sees the secret bids`);
  }
  const partyView = (await api('GET', '/api/party', negotiation.tokens[0])).mechanisms.blind_bidding;
  check(!('neutral_range' in partyView), 'the party view has no neutral range');
  await shot(mediator, `blind-${n}-2-neutral-mediator`);
  await mediator.getByTestId('neutral-fair').fill('55');
  await mediator.getByTestId('neutral-submit').click();
  for (const page of [a, b, mediator, ...(third ? [third] : [])])
    await waitText(page, 'blind-settlement', 'Settled: compensation = 57 million USD (by the neutral');
  await shot(a, `blind-${n}-3-settled-party-phone`);
  // A crossing: round 1 (4 / 6) no settlement, round 2 (7 / 5) settles at the midpoint 6.
  await mediator.getByTestId('blind-open-again').click();
  await open({ issue: 'fee', unit: '', low, high, lower: 0, upper: 10, rounds: 3, step: 1 });
  await bid(a, 4, undefined, 1);
  await waitText(a, 'blind-placed', 'Your bid for round 1 is in');
  await bid(b, 6, undefined, 1);
  for (const page of [a, b, mediator]) await waitText(page, 'blind-log', 'Round 1: no settlement');
  check(!(await text(a, 'blind-my-bids')).includes('6') && !(await text(b, 'blind-my-bids')).includes('4'), `${name}: each side sees its own secret bids only`);
  await bid(a, 7, undefined, 2);
  await bid(b, 5, undefined, 2);
  for (const page of [a, b, mediator]) {
    await waitText(page, 'blind-settlement', 'Settled: fee = 6 (the secret bids crossed');
    await waitText(page, 'blind-log', 'Round 2: settled at 6');
  }
  const view = (await api('GET', '/api/mediator', negotiation.mediator)).mechanisms.blind_bidding;
  check(view.settlement === 6 && view.settled_by === 'crossing', `${name}: settled at 6 by crossing`);
  await shot(b, `blind-${n}-4-crossing-party`);
}

// The single text under "n-1 including A": everyone but A accepting is not enough; A and n-1 in
// all are.
async function quorum(stage, n, name) {
  const names = NAMES.slice(0, n);
  let negotiation;
  if (n === 3) {
    const creator = stage.pages.mediator;
    labels.set(creator, `creator (${name})`);
    negotiation = await createByPage(creator, names, { title: name, rule: 'n-1', veto: [names[0]] });
  } else {
    negotiation = await createByApi(n, { title: name, spec: { rule: { required: 'n-1', veto: [names[0]] } } });
  }
  const start = await submitAll(negotiation);
  const ruleText = `${n - 1} of ${n} parties, including ${names[0]}`;
  check(start.mechanisms.rule.text === ruleText, `${name}: rule ${start.mechanisms.rule.text}`);
  check(start.proposals.some((p) => p.kind === 'quorum') || n === 2, `${name}: a proposal under the rule`);
  const mediator = await stage.open('mediator', negotiation, null, name);
  const a = await stage.open('a', negotiation, 0, name);
  const b = await stage.open('b', negotiation, n - 1, name);
  for (const page of [a, b, mediator]) await waitText(page, 'rule-text', ruleText);
  await waitText(a, 'rules', `${names[0]} must always be among them`);
  await a.getByTestId('draft').waitFor({ timeout: 20000 });
  near(await text(a, 'draft-utility'), utility(negotiation.prefs[0], start.draft.package), `${name}: A's utility of the draft`);
  // Everyone but A accepts: no agreement without the veto holder.
  for (const token of others(negotiation)) await api('POST', '/api/party/vote', token, { version: 1, accept: true });
  await b.getByTestId('accept').click();
  await waitText(mediator, 'mediator-draft', `${n - 1} of ${n} accept`);
  check((await api('GET', '/api/party', negotiation.tokens[0])).negotiation.phase === 'drafting', `${name}: no agreement without ${names[0]}`);
  await waitText(a, 'draft', `${n - 1} of ${n} parties accept it`);
  await shot(a, `quorum-${n}-1-without-veto-holder-party-phone`);
  if (n > 2) {
    // B rejects; A accepts: n-1 including A.
    await b.getByTestId('reject').click();
    await waitText(mediator, 'mediator-draft', `${n - 2} of ${n} accept`);
  }
  await a.getByTestId('accept').click();
  for (const page of [a, b, mediator]) await expectAgreement(page, start.draft.package, `Draft 1 passed under the rule (${ruleText})`);
  await shot(mediator, `quorum-${n}-2-agreement-mediator`);
}

// ---------------------------------------------------------------------------------------------

const mechanisms = {
  sealed,
  proposal,
  improve,
  'final-offer': finalOffer,
  rule: (stage, n, name) => rule(stage, n, name, { 2: 'nash', 3: 'kalai-smorodinsky', 10: 'egalitarian' }[n] || 'nash'),
  'rule-none': (stage, n, name) => rule(stage, n, name, 'none'),
  blind,
  quorum,
};
// The negotiations' titles (each case's title is unique: a page shows it once it shows that case).
const TITLES = {
  sealed: 'Sealed acceptances',
  proposal: "The mediator's proposal",
  improve: 'Improvements after agreement',
  'final-offer': 'Final-offer arbitration',
  rule: 'The pre-agreed rule',
  'rule-none': 'A deadline without a deal-closer',
  blind: 'Blind bidding',
  quorum: 'Quorum with a veto holder',
};
const only = args.only ? args.only.split(',') : Object.keys(mechanisms);
const counts = (args.parties || '2,3,10').split(',').map(Number);
const cases = [];
for (const mechanism of only) {
  if (!mechanisms[mechanism]) throw new Error(`no mechanism ${mechanism}: ${Object.keys(mechanisms).join(', ')}`);
  for (const n of mechanism === 'rule-none' ? [2] : counts) cases.push({ mechanism, n, name: `${TITLES[mechanism]}, ${n} parties` });
}

let failures = [];
const timings = [];
try {
  const port = await waitForPort();
  base = `http://127.0.0.1:${port}/`;
  const userDataParent = fs.mkdtempSync(path.join(work, 'profile-'));
  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, HOME: userDataParent },
  });
  // A few cases at once (each waits on the pages' polling most of the time).
  const jobs = Number(args.jobs || 3);
  const queue = [...cases];
  await Promise.all(Array.from({ length: jobs }, async () => {
    const pages = await stage();
    while (queue.length) {
      const current = queue.shift();
      const begun = Date.now();
      try {
        await mechanisms[current.mechanism](pages, current.n, current.name);
        timings.push(`${current.name}: ${((Date.now() - begun) / 1000).toFixed(1)} s`);
        console.log(`ok   ${current.name} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failures.push(`${current.name}: ${error.message}`);
        console.error(`FAIL ${current.name}: ${error.stack}`);
        for (const [role, page] of Object.entries(pages.pages))
          await shot(page, `FAILED-${current.mechanism}-${current.n}-${role}`).catch(() => {});
      }
    }
    await pages.close();
  }));
  if (pageErrors.length) failures.push(`errors in the pages: ${pageErrors.join('; ')}`);
} catch (error) {
  failures.push(error.stack || String(error));
} finally {
  if (browser) await browser.close().catch(() => {});
  server.kill('SIGTERM');
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.error(`browser mechanisms test FAILED (${failures.length} of ${cases.length} cases or checks, ${seconds} s):`);
  for (const failure of failures) console.error(`  - ${failure}`);
  console.error('server log (tail):');
  console.error(serverLog.split('\n').slice(-40).join('\n'));
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`browser mechanisms test passed: ${cases.length} cases in ${seconds} s; screenshots in ${args.artifacts}`);
process.exit(0);
