// The web page of `parley serve`: create a negotiation (mediator), enter preferences privately
// (party), follow proposals and the single-text round, download the agreement. The deal-closing
// mechanisms (sealed acceptances, the mediator's proposal, improvements, final offers, blind
// bidding, the decision rule and the deadline) are built in mechanisms.js.
import './style.css';
import { call, ApiError } from './api.js';
import { utilityChart } from './chart.js';
import {
  h, errorBox, packageTable, describe, forgetAll, focusState, restoreFocus,
  rulesSection, agreementIntro, partyPanels, mediatorPanels, createOptions,
} from './mechanisms.js';

const app = document.getElementById('app');
const POLL_MS = 1500;
let pollTimer = null;

function show(...nodes) {
  app.replaceChildren(...nodes);
}

async function download(token, path, filename, type) {
  const text = await call('GET', path, { token });
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function agreementSection(view, token) {
  const agreement = view.agreement;
  return h(
    'section',
    { class: 'card agreed', 'data-testid': 'agreement' },
    h('h2', {}, 'Agreement reached'),
    agreementIntro(view),
    packageTable(view.negotiation.issues, agreement.package, 'agreement-package'),
    agreement.utility !== undefined ? h('p', {}, `Your utility: ${agreement.utility.toFixed(3)}`) : null,
    h('button', { 'data-testid': 'download', onclick: () => download(token, '/api/agreement', 'agreement.md', 'text/markdown') }, 'Download the agreement (Markdown)'),
    h('p', {}, 'The signed record proves what was computed from what was submitted, without showing anyone\'s preferences. ' +
      `It is signed with the mediator's Ed25519 key ${view.record ? view.record.public_key : ''}; check it with: parley replay record.jsonl`),
    h('button', { 'data-testid': 'download-record', onclick: () => download(token, '/api/record', 'record.jsonl', 'application/jsonl') }, 'Download the signed record'),
    view.role === 'party'
      ? h('button', { 'data-testid': 'download-reveal', onclick: () => download(token, '/api/reveal', 'reveal.jsonl', 'application/jsonl') },
          'Download my reveal (opens my commitment: give it only to an auditor)')
      : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Mediator: create a negotiation.

function parseIssues(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      if (colon < 1) throw new Error(`"${line}": write an issue as "Issue: option, option, ..."`);
      return {
        name: line.slice(0, colon).trim(),
        options: line
          .slice(colon + 1)
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      };
    });
}

function renderCreate() {
  const title = h('input', { id: 'title', 'data-testid': 'title', value: 'Office move', maxlength: 200, required: true });
  const issues = h('textarea', { id: 'issues', 'data-testid': 'issues', rows: 5 },
    'Location: city centre, suburbs, remote\nStart date: June, September\nBudget: low, medium, high');
  const parties = h('input', { id: 'parties', 'data-testid': 'parties', value: 'Staff, Management' });
  const options = createOptions();
  const out = h('div', { id: 'created' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const created = await call('POST', '/api/negotiations', {
            body: {
              title: title.value.trim(),
              issues: parseIssues(issues.value),
              parties: parties.value.split(',').map((p) => p.trim()).filter(Boolean),
              ...options.read(),
            },
          });
          const base = `${location.origin}${location.pathname}`;
          out.replaceChildren(
            h('section', { class: 'card', 'data-testid': 'links' },
              h('h2', {}, 'Invitation links'),
              h('p', { class: 'hint' }, 'Send each party its own link privately. Each link is a secret: whoever holds it acts as that party. They are shown only once.'),
              h('p', {}, h('strong', {}, 'Mediator: '), h('a', { href: base + created.mediator_link, 'data-testid': 'mediator-link' }, base + created.mediator_link)),
              h('ul', {}, created.parties.map((party, i) =>
                h('li', {}, h('strong', {}, `${party.name}: `), h('a', { href: base + party.link, 'data-testid': `party-link-${i}` }, base + party.link)))),
            ),
          );
        } catch (error) {
          out.replaceChildren(errorBox(error));
        }
      },
    },
    h('h1', {}, 'Start a mediated negotiation'),
    h('label', { for: 'title' }, 'Title'), title,
    h('label', { for: 'issues' }, 'Issues, one a line: "Issue: option, option, ..."'), issues,
    h('label', { for: 'parties' }, 'Parties (comma separated)'), parties,
    options.nodes,
    h('button', { type: 'submit', 'data-testid': 'create' }, 'Create and get the links'),
  );
  show(form, out);
}

// ---------------------------------------------------------------------------------------------
// Party.

function preferenceForm(view, token, refresh) {
  const issues = view.negotiation.issues;
  const previous = view.preferences;
  const state = {
    weights: Object.fromEntries(issues.map((i) => [i.name, previous ? Math.round(previous.weights[i.name] * 100) : 50])),
    scores: Object.fromEntries(issues.map((i) => [i.name, Object.fromEntries(i.options.map((o, k) =>
      [o, previous ? previous.scores[i.name][o] : Math.round((100 * (i.options.length - 1 - k)) / Math.max(1, i.options.length - 1))]))])),
    walkAway: previous && typeof previous.walk_away === 'number' ? previous.walk_away : 0.3,
    share: previous ? previous.share_with_mediator : false,
  };
  const body = () => ({
    weights: state.weights,
    scores: state.scores,
    walk_away: state.walkAway,
    share_with_mediator: state.share,
  });

  const slider = (label, value, testid, onchange, max = 100, step = 1) => {
    const output = h('output', {}, String(value));
    const input = h('input', {
      type: 'range', min: 0, max, step, value, 'data-testid': testid, 'aria-label': label,
      oninput: () => { output.textContent = input.value; onchange(Number(input.value)); },
    });
    return h('div', { class: 'slider' }, h('span', { class: 'slider-label' }, label), input, output);
  };

  const sampleList = h('ol', { class: 'samples', 'data-testid': 'samples' });
  const builderSelects = issues.map((issue) =>
    h('select', { 'aria-label': issue.name, onchange: () => schedule() }, issue.options.map((o) => h('option', { value: o }, o))));
  const builderUtility = h('strong', { 'data-testid': 'builder-utility' }, '–');
  const formError = h('div');
  let timer = null;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 200);
  };
  async function evaluate() {
    const built = Object.fromEntries(issues.map((issue, i) => [issue.name, builderSelects[i].value]));
    try {
      const { utilities } = await call('POST', '/api/party/evaluate', {
        token,
        body: { preferences: body(), packages: [...view.sample_packages, built] },
      });
      builderUtility.textContent = utilities[utilities.length - 1].toFixed(3);
      const ranked = view.sample_packages
        .map((pkg, i) => ({ pkg, utility: utilities[i] }))
        .sort((a, b) => b.utility - a.utility);
      sampleList.replaceChildren(...ranked.map(({ pkg, utility }) =>
        h('li', {}, h('span', { class: 'u' }, utility.toFixed(2)), ' ', describe(pkg, issues))));
      formError.replaceChildren();
    } catch (error) {
      formError.replaceChildren(errorBox(error));
    }
  }

  const confirm = h('input', { type: 'checkbox', id: 'ranking-ok', 'data-testid': 'ranking-ok' });
  const share = h('input', { type: 'checkbox', id: 'share', checked: state.share, onchange: () => { state.share = share.checked; } });
  const form = h(
    'form',
    {
      class: 'card',
      'data-testid': 'preferences',
      onsubmit: async (event) => {
        event.preventDefault();
        if (!confirm.checked) {
          formError.replaceChildren(errorBox(new Error('Check the ranking of the sample packages first.')));
          return;
        }
        try {
          await call('PUT', '/api/party/preferences', { token, body: body() });
          refresh();
        } catch (error) {
          formError.replaceChildren(errorBox(error));
        }
      },
    },
    h('h2', {}, 'Your preferences (private)'),
    h('p', { class: 'hint' }, 'Nobody else sees these: not the other parties, not the mediator (unless you tick "share" below).'),
    h('h3', {}, 'How much does each issue matter to you?'),
    issues.map((issue, i) => slider(issue.name, state.weights[issue.name], `weight-${i}`, (v) => { state.weights[issue.name] = v; schedule(); })),
    issues.map((issue, i) => h('fieldset', {},
      h('legend', {}, `${issue.name}: how good is each option? (0 worst – 100 best)`),
      issue.options.map((option, k) => slider(option, state.scores[issue.name][option], `score-${i}-${k}`, (v) => { state.scores[issue.name][option] = v; schedule(); })))),
    h('h3', {}, 'Walking away'),
    slider('Walk-away value', state.walkAway, 'walk-away', (v) => { state.walkAway = v; schedule(); }, 1, 0.01),
    h('p', { class: 'hint' }, 'Any package worth less to you than this is worse than no agreement.'),
    h('h3', {}, 'Try a package'),
    h('div', { class: 'builder' }, builderSelects, h('span', {}, 'your utility: ', builderUtility)),
    h('h3', {}, 'Does this ranking look right?'),
    h('p', { class: 'hint' }, 'Sample packages, best first for you, with your utility (0 to 1).'),
    sampleList,
    h('label', { class: 'check' }, confirm, ' Yes, this ranking looks right'),
    h('label', { class: 'check' }, share, ' Share my preferences with the mediator'),
    formError,
    h('button', { type: 'submit', 'data-testid': 'submit-preferences' }, previous ? 'Replace my preferences' : 'Submit my preferences'),
  );
  evaluate();
  return form;
}

function draftSection(view, token, refresh) {
  const draft = view.draft;
  const issues = view.negotiation.issues;
  const message = h('div');
  const act = (path, body) => async () => {
    try {
      await call('POST', path, { token, body });
      refresh();
    } catch (error) {
      message.replaceChildren(errorBox(error));
      if (error instanceof ApiError && error.status === 409) refresh();
    }
  };
  const selects = issues.map((issue) =>
    h('select', { 'aria-label': issue.name }, issue.options.map((o) => h('option', { value: o, selected: draft.package[issue.name] === o }, o))));
  return h(
    'section',
    { class: 'card', 'data-testid': 'draft' },
    h('h2', {}, `Single text, version ${draft.version}`),
    h('p', { class: 'hint' }, `Proposed by ${draft.proposed_by}. ${draft.accepted_count} of ${draft.party_count} parties accept it.`,
      view.mechanisms && view.mechanisms.rule.required < draft.party_count ? ` It passes once accepted by ${view.mechanisms.rule.text}.` : ''),
    packageTable(issues, draft.package, 'draft-package'),
    draft.previous ? h('p', { class: 'hint' }, `Changed from: ${describe(draft.previous, issues)}. Rejecting restores it.`) : null,
    h('p', {}, `Your utility: `, h('strong', { 'data-testid': 'draft-utility' }, draft.utility.toFixed(3)),
      view.my_vote ? ` — you ${view.my_vote === 'accept' ? 'accepted' : 'rejected'} this version` : ''),
    h('div', { class: 'actions' },
      h('button', { 'data-testid': 'accept', onclick: act('/api/party/vote', { version: draft.version, accept: true }) }, 'Accept this text'),
      h('button', { class: 'secondary', 'data-testid': 'reject', onclick: act('/api/party/vote', { version: draft.version, accept: false }) }, 'Reject')),
    h('details', { 'data-testid': 'propose-change' },
      h('summary', {}, 'Propose a change'),
      h('div', { class: 'builder' }, selects),
      h('button', {
        class: 'secondary',
        onclick: () => act('/api/party/draft', {
          version: draft.version,
          package: Object.fromEntries(issues.map((issue, i) => [issue.name, selects[i].value])),
        })(),
      }, 'Propose this change')),
    message,
  );
}

// The analysis: its progress while it runs, the notice of a stopped one, and whether the proposals
// are exact or approximate. The mediator may cancel it, or start it again after a stop.
function analysisSection(view, token, refresh) {
  const analysis = view.analysis || {};
  const message = h('div');
  const nodes = [h('h2', {}, 'Analysis')];
  if (view.negotiation.phase === 'analysing') {
    const percent = Math.round(100 * (analysis.fraction || 0));
    nodes.push(h('p', { 'data-testid': 'analysis-progress' }, analysis.state === 'running'
      ? `Computing the proposals: ${percent}%${analysis.stage ? ` (${analysis.stage})` : ''}.`
      : 'Waiting for a free worker to compute the proposals.'),
    h('progress', { max: '100', value: String(percent) }));
  } else if (analysis.state === 'done' && analysis.exact !== null && analysis.exact !== undefined) {
    nodes.push(h('p', { class: 'hint', 'data-testid': 'analysis-quality' }, analysis.exact
      ? 'The proposals are exact.'
      : `The proposals are approximate: a search of ${analysis.evaluated} packages (the space is too large to solve exactly).`));
  }
  if (analysis.notice) nodes.push(h('p', { class: 'error', 'data-testid': 'analysis-notice' }, analysis.notice));
  if (view.role === 'mediator') {
    const post = (path) => async () => {
      try { await call('POST', path, { token }); refresh(); } catch (error) { message.replaceChildren(errorBox(error)); }
    };
    if (view.negotiation.phase === 'analysing')
      nodes.push(h('button', { class: 'secondary', 'data-testid': 'cancel-analysis', onclick: post('/api/mediator/analysis/cancel') }, 'Cancel the analysis'));
    else if (view.negotiation.phase === 'collecting' && view.parties.every((p) => p.submitted))
      nodes.push(h('button', { 'data-testid': 'start-analysis', onclick: post('/api/mediator/analysis') }, 'Analyse again'));
  }
  nodes.push(message);
  return nodes.length > 2 || analysis.notice || view.negotiation.phase === 'analysing'
    ? h('section', { class: 'card', 'data-testid': 'analysis' }, ...nodes) : null;
}

function renderParty(view, token, refresh) {
  const nodes = [h('h1', {}, view.negotiation.title), h('p', { class: 'who' }, `You are ${view.me.name}.`)];
  const phase = view.negotiation.phase;
  const panels = partyPanels(view, token, refresh);
  const status = h('ul', { class: 'status', 'data-testid': 'party-status' },
    view.parties.map((p) => h('li', {}, `${p.name}: ${p.submitted ? 'preferences in' : 'waiting'}`)));
  if (view.agreement) nodes.push(agreementSection(view, token));
  nodes.push(rulesSection(view));
  const analysis = analysisSection(view, token, refresh);
  if (analysis) nodes.push(analysis);
  if (phase === 'analysing') {
    nodes.push(h('section', { class: 'card', 'data-testid': 'waiting' }, h('h2', {}, 'Every party has submitted'), status));
    return [...nodes, panels.finalOffer, panels.blind];
  }
  if (phase === 'collecting') {
    if (view.me.submitted)
      nodes.push(h('section', { class: 'card', 'data-testid': 'waiting' }, h('h2', {}, 'Thank you — your preferences are saved'),
        h('p', {}, 'The proposals appear here when every party has submitted.'), status));
    nodes.push(preferenceForm(view, token, refresh));
    return [...nodes, panels.finalOffer, panels.blind];
  }
  nodes.push(panels.improvements, panels.proposal);
  if (phase === 'drafting' && view.draft) nodes.push(draftSection(view, token, refresh));
  nodes.push(panels.sealed, panels.finalOffer, panels.blind);
  const points = view.proposals.map((p) => ({ label: p.title.replace(' solution', ''), utility: p.utility, kind: 'proposal' }));
  if (view.draft) points.push({ label: `Draft v${view.draft.version}`, utility: view.draft.utility, kind: 'draft' });
  nodes.push(h('section', { class: 'card', 'data-testid': 'proposals' },
    h('h2', {}, 'Proposals'),
    h('p', { class: 'hint' }, 'Computed from everyone\'s private preferences. You see only your own utility.'),
    h('div', { class: 'chart' }, utilityChart({ points, walkAway: view.walk_away_utility, width: app.clientWidth - 40 })),
    h('table', { class: 'proposals' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Proposal'), h('th', {}, 'Package'), h('th', {}, 'Your utility'))),
      h('tbody', {}, view.proposals.map((p) => h('tr', { 'data-testid': `proposal-${p.kind}` },
        h('td', {}, p.title), h('td', {}, describe(p.package, view.negotiation.issues)), h('td', {}, p.utility.toFixed(3))))))));
  return nodes;
}

// ---------------------------------------------------------------------------------------------
// Mediator.

function renderMediator(view, token, refresh) {
  const issues = view.negotiation.issues;
  const phase = view.negotiation.phase;
  const message = h('div');
  const panels = mediatorPanels(view, token, refresh);
  const nodes = [h('h1', {}, view.negotiation.title), h('p', { class: 'who' }, 'Mediator view: you see who has submitted and voted, never their preferences unless they share them.')];
  if (view.agreement) nodes.push(agreementSection(view, token));
  nodes.push(rulesSection(view));
  const analysis = analysisSection(view, token, refresh);
  if (analysis) nodes.push(analysis);
  nodes.push(panels.improvements);
  nodes.push(h('section', { class: 'card', 'data-testid': 'mediator-parties' }, h('h2', {}, 'Parties'),
    h('table', {}, h('tbody', {}, view.parties.map((p) => h('tr', {},
      h('th', {}, p.name),
      h('td', {}, p.submitted ? 'preferences in' : 'waiting'),
      h('td', {}, p.vote ? `${p.vote}s draft` : '–'),
      h('td', {}, p.shared_preferences ? h('details', {}, h('summary', {}, 'shared preferences'), h('pre', {}, JSON.stringify(p.shared_preferences, null, 1))) : '')))))));
  if (view.proposals.length) {
    nodes.push(h('section', { class: 'card', 'data-testid': 'mediator-proposals' }, h('h2', {}, 'Proposals'),
      h('table', {}, h('tbody', {}, view.proposals.map((p) => h('tr', {},
        h('th', {}, p.title), h('td', {}, describe(p.package, issues)),
        h('td', {}, view.draft && phase === 'drafting' && describe(p.package) !== describe(view.draft.package)
          ? h('button', { class: 'secondary', onclick: async () => {
            try { await call('POST', '/api/mediator/draft', { token, body: { version: view.draft.version, package: p.package } }); refresh(); } catch (error) { message.replaceChildren(errorBox(error)); }
          } }, 'Make it the draft') : '')))))));
  }
  if (view.draft && phase === 'drafting')
    nodes.push(h('section', { class: 'card', 'data-testid': 'mediator-draft' }, h('h2', {}, `Single text, version ${view.draft.version}`),
      packageTable(issues, view.draft.package, 'mediator-draft-package'),
      h('p', {}, `${view.draft.accepted_count} of ${view.draft.party_count} accept. Proposed by ${view.draft.proposed_by}.`,
        view.mechanisms ? ` It passes once accepted by ${view.mechanisms.rule.text}.` : ''), message));
  nodes.push(panels.proposal, panels.sealed, panels.deadline, panels.blind);
  return nodes;
}

// ---------------------------------------------------------------------------------------------

// Each route gets a generation: a view that arrives for an earlier link (the hash changed while
// it was loading) is dropped, and its polling stops.
let generation = 0;

async function route() {
  clearTimeout(pollTimer);
  const mine = ++generation;
  const match = location.hash.match(/^#\/(party|mediator)\/([A-Za-z0-9_-]{16,128})$/);
  if (!match) {
    renderCreate();
    return;
  }
  const [, role, token] = match;
  forgetAll();
  show(h('p', { class: 'hint', 'data-testid': 'loading' }, 'Loading…'));
  let lastJson = '';
  let editing = false;
  const refresh = async () => {
    if (mine !== generation) return;
    clearTimeout(pollTimer);
    try {
      const view = await call('GET', role === 'party' ? '/api/party' : '/api/mediator', { token });
      if (mine !== generation) return;
      const text = JSON.stringify(view);
      // Keep the page still while nothing changed (and while the party edits its preferences).
      if (text !== lastJson && !(editing && view.negotiation.phase === 'collecting' && !view.me?.submitted)) {
        lastJson = text;
        const focused = focusState();
        const open = [...app.querySelectorAll('details[data-testid]')].filter((d) => d.open).map((d) => d.dataset.testid);
        show(...(role === 'party' ? renderParty(view, token, refresh) : renderMediator(view, token, refresh)).filter(Boolean));
        for (const details of app.querySelectorAll('details[data-testid]')) if (open.includes(details.dataset.testid)) details.open = true;
        restoreFocus(focused);
        editing = role === 'party' && view.negotiation.phase === 'collecting';
      }
      // After an agreement too: improvements and blind bidding may follow it.
      if (view.negotiation.phase !== 'closed') pollTimer = setTimeout(refresh, POLL_MS);
    } catch (error) {
      if (mine !== generation) return;
      show(errorBox(error));
      if (!(error instanceof ApiError) || error.status === 429 || error.status >= 500) pollTimer = setTimeout(refresh, POLL_MS * 2);
    }
  };
  refresh();
}

window.addEventListener('hashchange', route);
route();
