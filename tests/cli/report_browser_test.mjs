// Browser test of `parley report` (ctest label `browser`): the brief opened from file:// in
// Debian's chromium, driven by playwright-core. For each scenario (two parties, three parties,
// hostile names) it checks that the page renders (the plot SVG is visible with a non-zero size,
// the tables are there, the party names are in the plot), that nothing is fetched, no script runs
// and the console stays clean, on screen and with print media; and that `parley report --pdf`
// writes an A4 PDF. Screenshots and PDFs are kept in --artifacts.
//
// node report_browser_test.mjs --parley BUILD/parley --examples SOURCE/examples
//   --modules web/node_modules --chromium /usr/bin/chromium --artifacts BUILD/test-artifacts/brief
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, i, all) => (i % 2 ? pairs : [...pairs, [value.replace(/^--/, ''), all[i + 1]]]), []),
);
for (const key of ['parley', 'examples', 'modules', 'chromium', 'artifacts'])
  if (!args[key]) throw new Error(`missing --${key}`);
const require = createRequire(path.join(path.resolve(args.modules), 'index.js'));
const { chromium } = require('playwright-core');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-brief-browser-'));
fs.mkdirSync(args.artifacts, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// Three parties: a small office-sharing dispute (every name also appears in the plot).
const threeParties = `parley: 1
name: Shared office
description: Three teams share one floor.
issues:
  - name: room
    options: [north, south, east]
  - name: hours
    options: [early, late]
  - name: budget
    range: [1, 4]
parties:
  - name: design
    walk_away: 0.2
    weights: {room: 0.5, hours: 0.2, budget: 0.3}
    scores:
      room: {north: 10, south: 4, east: 0}
      hours: {early: 0, late: 10}
    functions:
      budget: {linear: {slope: 0.3333333333333333, offset: -0.3333333333333333}}
  - name: sales
    walk_away: 0.2
    weights: {room: 0.3, hours: 0.5, budget: 0.2}
    scores:
      room: {north: 0, south: 10, east: 5}
      hours: {early: 10, late: 0}
    functions:
      budget: {linear: {slope: -0.3333333333333333, offset: 1.3333333333333333}}
  - name: support
    walk_away: 0.2
    weights: {room: 0.4, hours: 0.4, budget: 0.2}
    scores:
      room: {north: 3, south: 0, east: 10}
      hours: {early: 5, late: 10}
    functions:
      budget: {linear: {slope: 0.3333333333333333, offset: -0.3333333333333333}}
`;

// Names that would run script or break the markup if they were not escaped.
const hostile = `parley: 1
name: "</title><script>window.__pwned = 1</script> & <b>bold</b>"
description: "<img src=x onerror='window.__pwned = 2'> </style></svg>"
issues:
  - name: "a<b"
    label: "Issue <i>one</i> & \\"two\\""
    options: ["<img src=x onerror=alert(1)>", "plain & simple", "x_y^z"]
  - name: second
    options: [yes, no]
parties:
  - name: "<script>window.__pwned = 3</script>"
    walk_away: 0.1
    weights: {"a<b": 0.6, second: 0.4}
    scores:
      "a<b": {"<img src=x onerror=alert(1)>": 10, "plain & simple": 5, "x_y^z": 0}
      second: {yes: 10, no: 0}
  - name: "B & 'C'"
    walk_away: 0.1
    weights: {"a<b": 0.3, second: 0.7}
    scores:
      "a<b": {"<img src=x onerror=alert(1)>": 0, "plain & simple": 5, "x_y^z": 10}
      second: {yes: 0, no: 10}
`;

fs.writeFileSync(path.join(work, 'shared-office.yaml'), threeParties);
fs.writeFileSync(path.join(work, 'hostile.yaml'), hostile);
const cases = [
  { name: 'russia-japan', scenario: path.join(args.examples, 'russia-japan.yaml'), parties: ['japan', 'russia'], uncertain: true },
  { name: 'shared-office', scenario: path.join(work, 'shared-office.yaml'), parties: ['design', 'sales', 'support'] },
  { name: 'hostile', scenario: path.join(work, 'hostile.yaml'), parties: ['<script>window.__pwned = 3</script>', "B & 'C'"] },
];

function report(scenario, outputs) {
  const run = spawnSync(args.parley, ['report', scenario, ...outputs], { encoding: 'utf8' });
  check(run.status === 0, `parley report ${scenario} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

let browser;
let failed = false;
try {
  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, HOME: work },
  });
  for (const c of cases) {
    const html = path.join(work, `${c.name}.html`);
    const printed = report(c.scenario, ['--html', html, '--robust-samples', '1000']);
    check(printed.includes(`Brief written to ${html}`), `report says where it wrote (${printed})`);
    fs.copyFileSync(html, path.join(args.artifacts, `${c.name}.html`));

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', async (dialog) => { problems.push(`dialog: ${dialog.message()}`); await dialog.dismiss(); });
    page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
    const url = pathToFileURL(html).href;
    page.on('request', (request) => { if (request.url() !== url) problems.push(`request: ${request.url()}`); });
    await page.goto(url);

    // The plot: one inline SVG, visible, with a real size, naming every party.
    const svg = page.locator('section#plot svg');
    check(await svg.count() === 1, `${c.name}: one plot SVG`);
    await svg.waitFor({ state: 'visible' });
    const box = await svg.boundingBox();
    check(box && box.width > 300 && box.height > 200, `${c.name}: plot size ${JSON.stringify(box)}`);
    const plotText = await svg.evaluate((element) => element.textContent);
    for (const party of c.parties) check(plotText.includes(party), `${c.name}: ${party} in the plot`);

    // The sections and tables.
    const sections = await page.locator('body > section').evaluateAll((nodes) => nodes.map((n) => n.id));
    const expectedSections = ['summary', 'plot', 'solutions', 'menu', 'explanations',
      ...(c.uncertain ? ['uncertainty'] : []), 'proofs', 'method', 'glossary'];
    check(JSON.stringify(sections) === JSON.stringify(expectedSections), `${c.name}: sections ${sections}`);
    if (c.uncertain) {
      // The robust analysis: the recommendations side by side and the packages, laid out.
      check(await page.locator('section#uncertainty table').count() === 2, `${c.name}: the uncertainty tables`);
      const robustBox = await page.locator('section#uncertainty table').first().boundingBox();
      check(robustBox && robustBox.width > 200, `${c.name}: the recommendations table is laid out`);
      check(await page.locator('section#uncertainty ol li').count() >= 1, `${c.name}: the questions to ask next`);
    }
    check(await page.locator('table.solution-table tbody tr').count() > 0, `${c.name}: the issue x solution table`);
    check(await page.locator('table.menu tbody tr').count() > 0, `${c.name}: the menu`);
    check(await page.locator('section#explanations article').count() > 0, `${c.name}: the explanations`);
    const tableBox = await page.locator('table.solution-table').boundingBox();
    check(tableBox && tableBox.width > 200, `${c.name}: the solution table is laid out`);

    // Nothing ran: no script element, no handler fired.
    check(await page.evaluate(() => document.scripts.length) === 0, `${c.name}: no script element`);
    check(await page.evaluate(() => window.__pwned === undefined), `${c.name}: no injected script ran`);
    if (c.name === 'hostile') {
      const title = await page.locator('h1').textContent();
      check(title === "</title><script>window.__pwned = 1</script> & <b>bold</b>", `hostile title shown as text (${title})`);
      check(await page.title() === "Brief: </title><script>window.__pwned = 1</script> & <b>bold</b>", 'hostile <title> as text');
    }
    await page.screenshot({ path: path.join(args.artifacts, `${c.name}-screen.png`), fullPage: true });

    // Print media: each section after the summary starts a page, the backgrounds are gone.
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.locator('body > section').evaluateAll((nodes) => nodes.map((n) => getComputedStyle(n).breakBefore));
    check(breaks[0] !== 'page' && breaks.slice(1).every((b) => b === 'page'), `${c.name}: page breaks ${breaks}`);
    const background = await page.locator('.summary-box').evaluate((n) => getComputedStyle(n).backgroundColor);
    check(background === 'rgba(0, 0, 0, 0)', `${c.name}: no background in print (${background})`);
    const rowBreak = await page.locator('table.solution-table tbody tr').first().evaluate((n) => getComputedStyle(n).breakInside);
    check(rowBreak === 'avoid', `${c.name}: table rows not split (${rowBreak})`);
    check((await svg.boundingBox()).height > 200, `${c.name}: plot visible in print`);
    await page.screenshot({ path: path.join(args.artifacts, `${c.name}-print.png`), fullPage: true });
    check(problems.length === 0, `${c.name}: ${problems.join('; ')}`);
    await context.close();
  }

  // The PDF written by parley itself (headless chromium): A4 pages.
  const pdf = path.join(args.artifacts, 'russia-japan.pdf');
  fs.rmSync(pdf, { force: true });
  const printed = report(cases[0].scenario, ['--pdf', pdf]);
  check(printed.includes(`PDF written to ${pdf}`), `report says where the PDF went (${printed})`);
  const bytes = fs.readFileSync(pdf);
  check(bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'the PDF starts with %PDF-');
  const boxes = bytes.toString('latin1').match(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/g) || [];
  check(boxes.length >= 3, `at least three A4 pages (found ${boxes.length})`);
  console.log(`brief browser test passed; artifacts in ${args.artifacts}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  if (browser) await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
