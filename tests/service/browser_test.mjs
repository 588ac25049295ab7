// Browser test of `parley serve` (ctest label `browser`): Debian's chromium driven by
// playwright-core. A mediator creates a negotiation, two parties enter their preferences in their
// own browser contexts (one on a phone-sized screen), the proposals appear, both accept, the
// agreement is shown and downloaded. Screenshots go to --artifacts.
//
// node browser_test.mjs --parley BUILD/parley --web BUILD/web --modules web/node_modules
//                       --chromium /usr/bin/chromium --artifacts BUILD/test-artifacts/browser
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, i, all) => (i % 2 ? pairs : [...pairs, [value.replace(/^--/, ''), all[i + 1]]]), []),
);
for (const key of ['parley', 'web', 'modules', 'chromium', 'artifacts'])
  if (!args[key]) throw new Error(`missing --${key}`);
const require = createRequire(path.join(path.resolve(args.modules), 'index.js'));
const { chromium } = require('playwright-core');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-browser-'));
fs.mkdirSync(args.artifacts, { recursive: true });
const portFile = path.join(work, 'port');
const server = spawn(args.parley, ['serve', '--db', path.join(work, 'browser.db'), '--port', '0', '--port-file', portFile, '--web', args.web], {
  stdio: ['ignore', 'inherit', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (chunk) => { serverLog += chunk; });

async function waitForPort() {
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(portFile)) return Number(fs.readFileSync(portFile, 'utf8').trim());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('parley serve did not start');
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// Sets a range input the way a user's drag does: value, then an input event.
async function slide(page, testid, value) {
  await page.getByTestId(testid).evaluate((element, v) => {
    element.value = String(v);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function enterPreferences(page, link, { weights, scores, walkAway }, shot) {
  await page.goto(link);
  await page.getByTestId('preferences').waitFor();
  for (const [i, w] of weights.entries()) await slide(page, `weight-${i}`, w);
  for (const [i, row] of scores.entries())
    for (const [k, s] of row.entries()) await slide(page, `score-${i}-${k}`, s);
  await slide(page, 'walk-away', walkAway);
  // The sample ranking reflects the entered preferences before the party confirms it.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=samples] li').length > 0);
  await page.screenshot({ path: path.join(args.artifacts, shot), fullPage: true });
  await page.getByTestId('ranking-ok').check();
  await page.getByTestId('submit-preferences').click();
}

let browser;
let failed = false;
try {
  const port = await waitForPort();
  const base = `http://127.0.0.1:${port}/`;
  const userDataParent = fs.mkdtempSync(path.join(work, 'profile-'));
  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    // playwright-core gives every launch a fresh, empty profile folder (its own --user-data-dir).
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, HOME: userDataParent },
  });
  const mediatorContext = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const staffContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const managementContext = await browser.newContext({ viewport: { width: 1000, height: 900 }, acceptDownloads: true });
  for (const context of [mediatorContext, staffContext, managementContext])
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());

  // 1. The mediator creates the negotiation and gets the links.
  const mediator = await mediatorContext.newPage();
  await mediator.goto(base);
  await mediator.getByTestId('title').fill('Office move');
  await mediator.getByTestId('issues').fill('Location: centre, suburbs, remote\nBudget: low, high');
  await mediator.getByTestId('parties').fill('Staff, Management');
  await mediator.getByTestId('create').click();
  await mediator.getByTestId('links').waitFor();
  await mediator.screenshot({ path: path.join(args.artifacts, '1-mediator-links.png'), fullPage: true });
  const staffLink = await mediator.getByTestId('party-link-0').getAttribute('href');
  const managementLink = await mediator.getByTestId('party-link-1').getAttribute('href');
  const mediatorLink = await mediator.getByTestId('mediator-link').getAttribute('href');
  check(staffLink.includes('#/party/') && managementLink !== staffLink, 'distinct party links');

  // 2. Each party enters its preferences privately (the worked example of tests/service).
  const staff = await staffContext.newPage();
  const management = await managementContext.newPage();
  await enterPreferences(staff, staffLink, { weights: [60, 40], scores: [[100, 50, 0], [0, 100]], walkAway: 0.2 }, '2-staff-preferences-phone.png');
  await staff.getByTestId('waiting').waitFor();
  await enterPreferences(management, managementLink, { weights: [30, 70], scores: [[0, 100, 50], [100, 0]], walkAway: 0.2 }, '3-management-preferences.png');

  // 3. The proposals appear; each party sees its own utility only.
  await staff.getByTestId('proposals').waitFor({ timeout: 15000 });
  await management.getByTestId('proposals').waitFor({ timeout: 15000 });
  const staffUtility = await staff.getByTestId('draft-utility').textContent();
  const managementUtility = await management.getByTestId('draft-utility').textContent();
  check(staffUtility === '0.600', `Staff's utility of the draft is 0.600 (got ${staffUtility})`);
  check(managementUtility === '0.700', `Management's utility of the draft is 0.700 (got ${managementUtility})`);
  check(!(await staff.content()).includes('0.700'), "Staff's page never shows Management's utility");
  await staff.screenshot({ path: path.join(args.artifacts, '4-staff-proposals-phone.png'), fullPage: true });
  await mediator.goto(mediatorLink);
  await mediator.getByTestId('mediator-proposals').waitFor();
  await mediator.screenshot({ path: path.join(args.artifacts, '5-mediator-proposals.png'), fullPage: true });

  // 4. Both accept the single text: the agreement is shown everywhere.
  await staff.getByTestId('accept').click();
  await mediator.getByText('1 of 2 accept').waitFor({ timeout: 15000 });
  await management.getByTestId('accept').click();
  for (const page of [staff, management, mediator]) await page.getByTestId('agreement').waitFor({ timeout: 15000 });
  const agreed = await management.getByTestId('agreement-package').textContent();
  check(agreed.includes('centre') && agreed.includes('low'), `agreement is centre + low (got ${agreed})`);
  await staff.screenshot({ path: path.join(args.artifacts, '6-staff-agreement-phone.png'), fullPage: true });
  await mediator.screenshot({ path: path.join(args.artifacts, '7-mediator-agreement.png'), fullPage: true });
  const [download] = await Promise.all([management.waitForEvent('download'), management.getByTestId('download').click()]);
  const document = fs.readFileSync(await download.path(), 'utf8');
  fs.writeFileSync(path.join(args.artifacts, 'agreement.md'), document);
  check(document.startsWith('# Agreement: Office move') && document.includes('| Location | centre |'), 'downloaded agreement');
  // The signed record (the mediator's page) and each party's reveal: parley replay opens both
  // commitments, runs the analysis again and certifies the agreement again.
  const saved = async (page, testId, name) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const target = path.join(args.artifacts, name);
    fs.copyFileSync(await file.path(), target);
    return target;
  };
  check(!(await mediator.getByTestId('download-reveal').count()), 'the mediator has no reveal to download');
  const record = await saved(mediator, 'download-record', 'record.jsonl');
  const reveals = [await saved(staff, 'download-reveal', 'staff-reveal.jsonl'), await saved(management, 'download-reveal', 'management-reveal.jsonl')];
  check(!fs.readFileSync(record, 'utf8').includes('"weights"'), 'the record holds no preferences');
  const replay = spawnSync(args.parley, ['replay', record, '--reveal', reveals[0], '--reveal', reveals[1]], { encoding: 'utf8' });
  check(replay.status === 0 && replay.stdout.includes('every analysis run again') &&
        replay.stdout.includes('the agreement certified again') && replay.stdout.includes('parley-check (exact, sharing no code with parley) accepts') && replay.stdout.includes('record verified and replayed'),
        `parley replay of the downloaded record (exit ${replay.status}): ${replay.stdout}${replay.stderr}`);
  check(!serverLog.includes(staffLink.split('/').pop()), 'no token in the server log');
  console.log(`browser test passed; screenshots in ${args.artifacts}`);
} catch (error) {
  failed = true;
  console.error(error);
  console.error(serverLog);
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
