// The deal-closing mechanisms on the page (docs/mechanisms.md): the decision rule and the
// deadline, sealed acceptances, the mediator's proposal, improvements after agreement, final-offer
// arbitration and blind bidding; each explained in plain words for people who are not specialists.
// Also the small DOM helpers main.js shares, and the memory of what the user typed, so that the
// page's polling (which rebuilds it) never wipes a half-filled form.
import { call, ApiError } from './api.js';

// Builds an element; children are nodes or text (never parsed as HTML).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'value') element.value = value;
    else if (key === 'checked') element.checked = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, error.message || String(error));
}

export function packageTable(issues, pkg, testid) {
  return h(
    'table',
    { class: 'package', 'data-testid': testid },
    h('tbody', {}, issues.map((issue) => h('tr', {}, h('th', {}, issue.name), h('td', {}, pkg[issue.name])))),
  );
}

// "Issue: option, ..." in the negotiation's issue order (JSON objects arrive sorted by name).
export function describe(pkg, issues) {
  const names = issues ? issues.map((issue) => issue.name) : Object.keys(pkg);
  return names.map((name) => `${name}: ${pkg[name]}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// What the user typed or ticked and has not sent yet, by key: the page is rebuilt whenever the
// negotiation changes (every 1.5 s at most), and a form keeps its values through that.

const kept = new Map();

export function forgetAll() {
  kept.clear();
}

function forget(prefix) {
  for (const key of [...kept.keys()]) if (key.startsWith(prefix)) kept.delete(key);
}

// Makes `element` (an input, select or checkbox) remember its unsent value under `key`.
function keep(key, element) {
  element.dataset.keep = key;
  if (kept.has(key)) {
    if (element.type === 'checkbox') element.checked = kept.get(key);
    else element.value = kept.get(key);
  }
  const save = () => kept.set(key, element.type === 'checkbox' ? element.checked : element.value);
  element.addEventListener('input', save);
  element.addEventListener('change', save);
  return element;
}

// The focused kept field (and its caret) before the page is rebuilt, to focus it again after.
export function focusState() {
  const active = document.activeElement;
  if (!active || !active.dataset || !active.dataset.keep) return null;
  let caret = null;
  try { caret = active.selectionStart; } catch { caret = null; }
  return { key: active.dataset.keep, caret };
}

export function restoreFocus(state) {
  if (!state) return;
  const element = [...document.querySelectorAll('[data-keep]')].find((e) => e.dataset.keep === state.key);
  if (!element) return;
  element.focus();
  try { if (state.caret !== null) element.setSelectionRange(state.caret, state.caret); } catch { /* not a text field */ }
}

// ---------------------------------------------------------------------------------------------
// Small pieces.

const number = (value) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6))));
const signed = (value) => `${value > 0.0005 ? '+' : value < -0.0005 ? '−' : '±'}${Math.abs(value).toFixed(3)}`;
const slug = (text) => String(text).replace(/[^A-Za-z0-9]+/g, '-');

export function formatTime(utc) {
  if (!utc) return '';
  const local = new Date(utc);
  const text = `${utc.replace('T', ' ').replace('Z', '')} UTC`;
  return Number.isNaN(local.getTime()) ? text : `${text} (${local.toLocaleString()} your time)`;
}

// The name of an item of the sealed acceptances or of a proposal's source, in plain words.
function itemName(item, view) {
  const draft = /^draft (\d+)$/.exec(item);
  if (draft) return `Single text, version ${draft[1]}`;
  if (item === 'hardest-to-manipulate') return 'Hardest-to-manipulate compromise';
  if (item === 'the mediator') return 'A package the mediator chose';
  const proposal = view.proposals.find((p) => p.kind === item);
  return proposal ? proposal.title : item;
}

// What happens at the deadline, in plain words.
export function closerText(closer, view) {
  const rule = (kind) => {
    const title = view ? itemName(kind, view) : kind;
    return `the rule agreed in advance applies: the ${title.replace(/ solution$/, '')} proposal ` +
      'computed from everyone\'s private preferences becomes the agreement.';
  };
  switch (closer) {
    case 'final-offer':
      return 'an arbitrator decides by final-offer arbitration: each party seals one final offer (a complete package), and the arbitrator picks, ' +
        'unchanged, the final offer closest to the Nash compromise in everyone\'s utilities — that is, the offer whose ' +
        'value to each party is nearest to what the balanced (Nash) compromise gives that party. A moderate offer ' +
        'therefore beats a greedy one.';
    case 'nash':
      return `${rule('nash')} (The Nash compromise balances everyone's gains over walking away.)`;
    case 'kalai-smorodinsky':
      return `${rule('kalai-smorodinsky')} (It gives every party the same share of the most it could hope for.)`;
    case 'egalitarian':
      return `${rule('egalitarian')} (It makes the party that gains least gain as much as possible.)`;
    default:
      return 'the negotiation closes without an agreement.';
  }
}

function agreedByText(view) {
  const m = view.mechanisms;
  const agreement = view.agreement;
  switch (m.agreed_by) {
    case 'sealed-acceptances':
      return `Reached by sealed acceptances: ${m.rule.text} secretly marked "${itemName(m.agreed_item, view)}" ` +
        'as acceptable. Only this match was revealed — nobody learned what else anyone marked.';
    case 'mediator-proposal':
      return `Reached by the mediator's proposal (${m.agreed_item}): ${m.rule.required >= view.parties.length ? 'every party said yes' : `the yeses came from ${m.rule.text}`}, each in secret.`;
    case 'final-offer-arbitration':
      return `Reached by final-offer arbitration at the deadline: the arbitrator chose ${m.agreed_item}'s final offer, ` +
        'the one closest to the Nash compromise in everyone\'s utilities.';
    case 'pre-agreed-rule':
      return `Reached by the rule agreed in advance: at the deadline the ${itemName(m.agreed_item, view).replace(/ solution$/, '')} proposal became the agreement.`;
    default:
      return m.rule.required >= view.parties.length
        ? `Every party accepted draft ${agreement.version} at ${agreement.agreed_at} (UTC).`
        : `Draft ${agreement.version} passed under the rule (${m.rule.text}) at ${agreement.agreed_at} (UTC).`;
  }
}

export function agreementIntro(view) {
  const m = view.mechanisms;
  if (!m) return h('p', { 'data-testid': 'agreed-by' }, `Every party accepted draft ${view.agreement.version} at ${view.agreement.agreed_at} (UTC).`);
  const adopted = m.improvements && m.improvements.result === 'adopted'
    ? ` Afterwards every party approved ${m.improvements.adopted}, which replaced it.` : '';
  return h('p', { 'data-testid': 'agreed-by' }, agreedByText(view) + adopted);
}

// Runs a request for a button; shows the error in `message`, refreshes the page after.
function action(token, refresh, message, method, path, body, done) {
  return async () => {
    try {
      await call(method, path, { token, body: typeof body === 'function' ? body() : body });
      message.replaceChildren();
      if (done) done();
      refresh();
    } catch (error) {
      message.replaceChildren(errorBox(error));
      if (error instanceof ApiError && error.status === 409) refresh();
    }
  };
}

function packageSelects(issues, initial, keyPrefix, testPrefix, onchange) {
  return issues.map((issue, i) => keep(`${keyPrefix}${i}`, h('select', {
    'aria-label': issue.name, 'data-testid': `${testPrefix}-${i}`, onchange,
  }, issue.options.map((o) => h('option', { value: o, selected: initial && initial[issue.name] === o }, o)))));
}

// The selects of packageSelects, each under its issue's name.
const labelled = (issues, selects) => selects.map((select, i) => h('label', { class: 'pick' }, h('span', {}, issues[i].name), select));

// ---------------------------------------------------------------------------------------------
// Both roles: how the negotiation decides.

export function rulesSection(view) {
  const m = view.mechanisms;
  if (!m) return null;
  const unanimous = m.rule.required >= view.parties.length;
  const phase = view.negotiation.phase;
  return h('section', { class: 'card rules', 'data-testid': 'rules' },
    h('h2', {}, 'How this negotiation decides'),
    h('p', {}, 'A package is agreed once it is accepted by ', h('strong', { 'data-testid': 'rule-text' }, m.rule.text), '.'),
    h('p', { class: 'hint' }, unanimous
      ? 'Everyone must accept: nobody can be outvoted.'
      : `That is ${m.rule.required} of the ${view.parties.length} parties.` +
        (m.rule.veto.length ? ` ${m.rule.veto.join(', ')} must always be among them (a veto: without ${m.rule.veto.length > 1 ? 'each of them' : 'this party'} nothing passes).` : '')),
    m.deadline
      ? [h('p', {}, 'Deadline: ', h('strong', { 'data-testid': 'deadline' }, formatTime(m.deadline))),
        h('p', { 'data-testid': 'at-deadline' }, `If there is no agreement by then, ${closerText(m.at_deadline, view)}`)]
      : h('p', { class: 'hint', 'data-testid': 'deadline' }, 'No deadline: the negotiation stays open until there is an agreement.'),
    phase === 'closed'
      ? h('p', { class: 'error', 'data-testid': 'closed-reason' }, `Closed: ${m.closed_reason || 'no agreement'}.`)
      : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Party.

function sealedSection(view, token, refresh) {
  const m = view.mechanisms;
  const sealed = m.sealed;
  if (view.negotiation.phase !== 'drafting' || !sealed || !sealed.items.length) return null;
  const message = h('div');
  const mine = sealed.my_marks || [];
  const boxes = sealed.items.map((entry) => keep(`sealed:${entry.item}`, h('input', {
    type: 'checkbox', 'data-testid': `sealed-check-${slug(entry.item)}`, 'data-item': entry.item,
    'aria-label': itemName(entry.item, view), checked: mine.includes(entry.item),
  })));
  const submit = action(token, refresh, message, 'PUT', '/api/party/sealed',
    () => ({ accept: boxes.filter((b) => b.checked).map((b) => b.dataset.item) }), () => forget('sealed:'));
  return h('section', { class: 'card', 'data-testid': 'sealed' },
    h('h2', {}, 'Sealed acceptances'),
    h('p', {}, 'Tick every package below that you could live with, then seal your choices. ',
      h('strong', {}, 'Nobody learns what you marked'), ' — not the other parties, not the mediator. ',
      `Once the same package is marked by ${m.rule.text}, it becomes the agreement and only that match is ever revealed. ` +
      'Until then you can change your choices as often as you like.'),
    h('table', { class: 'sealed-items' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Acceptable?'), h('th', {}, 'Package'), h('th', {}, 'Your utility'))),
      h('tbody', {}, sealed.items.map((entry, k) => h('tr', { 'data-testid': `sealed-row-${slug(entry.item)}` },
        h('td', {}, h('label', { class: 'check' }, boxes[k], ' ', itemName(entry.item, view))),
        h('td', {}, describe(entry.package, view.negotiation.issues)),
        h('td', { 'data-testid': `sealed-utility-${slug(entry.item)}` }, entry.utility === null || entry.utility === undefined ? '–' : entry.utility.toFixed(3)))))),
    h('p', { 'data-testid': 'sealed-status' }, sealed.my_marks
      ? (sealed.my_marks.length
        ? `Your sealed choices: ${sealed.my_marks.map((i) => itemName(i, view)).join('; ')}. No match yet.`
        : 'You sealed: none of these. No match yet.')
      : 'You have not sealed any choices yet.'),
    h('button', { 'data-testid': 'seal-marks', onclick: submit }, 'Seal my choices'),
    message);
}

function proposalSection(view, token, refresh) {
  const m = view.mechanisms;
  const proposal = m.mediator_proposal;
  if (!proposal || proposal.result === 'withdrawn') return null;
  const message = h('div');
  const answer = (yes) => action(token, refresh, message, 'POST', '/api/party/proposal', { id: proposal.id, accept: yes });
  const open = proposal.result === 'open' && view.negotiation.phase === 'drafting';
  const everyone = m.rule.required >= view.parties.length ? 'every party says yes' : `the yeses come from ${m.rule.text}`;
  const result = {
    open: 'Waiting: the result is announced when every party has answered.',
    passed: 'Passed: it became the agreement.',
    'not passed': 'Not passed — nobody learns who said no (nor how many).',
  }[proposal.result] || proposal.result;
  return h('section', { class: 'card', 'data-testid': 'mediator-proposal' },
    h('h2', {}, `The mediator's proposal (no. ${proposal.id})`),
    h('p', { class: 'hint' }, `The mediator puts one package to everyone (${itemName(proposal.source, view)}). ` +
      `Answer yes or no in secret. It becomes the agreement only if ${everyone}. ` +
      'If it does not pass, everyone learns only that it did not pass — never who said no.'),
    packageTable(view.negotiation.issues, proposal.package, 'mp-package'),
    h('p', {}, 'Your utility: ', h('strong', { 'data-testid': 'mp-utility' }, proposal.utility === null ? '–' : proposal.utility.toFixed(3))),
    h('p', { 'data-testid': 'mp-my-answer' }, proposal.my_answer === null || proposal.my_answer === undefined
      ? 'You have not answered yet.'
      : `You answered ${proposal.my_answer ? 'yes' : 'no'} (secretly).${open ? ' You can change your answer until everyone has answered.' : ''}`),
    open ? h('div', { class: 'actions' },
      h('button', { 'data-testid': 'mp-yes', onclick: answer(true) }, 'Yes, I accept it'),
      h('button', { class: 'secondary', 'data-testid': 'mp-no', onclick: answer(false) }, 'No')) : null,
    h('p', { class: proposal.result === 'passed' ? 'good' : '', 'data-testid': 'mp-result' }, result),
    message);
}

function improvementsSection(view, token, refresh) {
  const round = view.mechanisms.improvements;
  if (!round || !view.agreement) return null;
  const issues = view.negotiation.issues;
  const message = h('div');
  const open = round.result === 'open';
  const mine = round.my_approvals || [];
  const boxes = round.packages.map((entry, k) => keep(`improve:${round.round}:${entry.label}`, h('input', {
    type: 'checkbox', 'data-testid': `improve-check-${k + 1}`, 'data-label': entry.label,
    'aria-label': `approve ${entry.label}`, checked: mine.includes(entry.label), disabled: !open,
  })));
  const submit = action(token, refresh, message, 'PUT', '/api/party/improvements',
    () => ({ round: round.round, approve: boxes.filter((b) => b.checked).map((b) => b.dataset.label) }), () => forget('improve:'));
  const result = {
    open: round.packages.length ? 'Waiting for every party\'s answer.' : 'No improvement was found.',
    adopted: `Adopted: every party approved ${round.adopted}; it is now the agreement.`,
    stands: round.packages.length ? 'No improvement was approved by every party: the agreement stands as it was.'
      : 'No improvement exists: no package is better for someone without being worse for another. The agreement stands.',
  }[round.result] || round.result;
  return h('section', { class: 'card', 'data-testid': 'improvements' },
    h('h2', {}, `Improving the agreement (round ${round.round})`),
    h('p', { class: 'hint' }, 'Each package below is at least as good as the agreement for every party and better for at least one ' +
      '(judged on everyone\'s private preferences). Tick the ones you approve. An improvement is adopted only if every party ' +
      'approves it (the first such in the list); otherwise the agreement stands. Nobody learns who approved what.'),
    round.packages.length ? h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Approve?'), h('th', {}, 'Package'), h('th', {}, 'Your utility'), h('th', {}, 'Your gain'))),
      h('tbody', {}, round.packages.map((entry, k) => h('tr', { 'data-testid': `improve-row-${k + 1}` },
        h('td', {}, h('label', { class: 'check' }, boxes[k], ' ', entry.label)),
        h('td', { 'data-testid': `improve-package-${k + 1}` }, describe(entry.package, issues)),
        h('td', {}, entry.utility === null ? '–' : entry.utility.toFixed(3)),
        h('td', { 'data-testid': `improve-gain-${k + 1}` }, entry.gain === null ? '–' : (Math.abs(entry.gain) < 0.0005 ? 'no change for you' : signed(entry.gain))))))) : null,
    h('p', { 'data-testid': 'improve-mine' }, round.my_approvals
      ? `You approved: ${round.my_approvals.length ? round.my_approvals.join(', ') : 'none'}.`
      : open ? 'You have not answered yet.' : ''),
    open && round.packages.length ? h('button', { 'data-testid': 'approve-improvements', onclick: submit }, 'Send my approvals') : null,
    h('p', { class: round.result === 'adopted' ? 'good' : '', 'data-testid': 'improve-result' }, result),
    message);
}

function finalOfferSection(view, token, refresh) {
  const m = view.mechanisms;
  if (m.at_deadline !== 'final-offer' || !m.final_offer) return null;
  const phase = view.negotiation.phase;
  if (phase === 'agreed' || phase === 'closed') return null;
  const issues = view.negotiation.issues;
  const message = h('div');
  const mine = m.final_offer.mine;
  const utility = h('strong', { 'data-testid': 'final-offer-utility' }, '–');
  const evaluate = async () => {
    if (!view.me.submitted) return;
    try {
      const { utilities } = await call('POST', '/api/party/evaluate', { token, body: { packages: [chosen()] } });
      utility.textContent = utilities[0].toFixed(3);
    } catch { utility.textContent = '–'; }
  };
  const selects = packageSelects(issues, mine || view.draft?.package, 'final:', 'final-offer-select', () => evaluate());
  const chosen = () => Object.fromEntries(issues.map((issue, i) => [issue.name, selects[i].value]));
  evaluate();
  return h('section', { class: 'card', 'data-testid': 'final-offer' },
    h('h2', {}, 'Your final offer'),
    h('p', { class: 'hint' }, `If there is no agreement by the deadline (${formatTime(m.deadline)}), ${closerText('final-offer', view)} ` +
      'Your offer is sealed: nobody sees it unless the arbitrator chooses it. You can replace it until the deadline.'),
    h('div', { class: 'builder' }, labelled(issues, selects), h('span', {}, 'your utility: ', utility)),
    h('button', { 'data-testid': 'seal-final-offer', onclick: action(token, refresh, message, 'PUT', '/api/party/final-offer', () => ({ package: chosen() }), () => forget('final:')) },
      mine ? 'Replace my final offer' : 'Seal my final offer'),
    h('p', { 'data-testid': 'final-offer-mine' }, mine ? `Your sealed final offer: ${describe(mine, issues)}.` : 'You have not sealed a final offer yet.'),
    message);
}

function blindLog(b) {
  const unit = b.unit ? ` ${b.unit}` : '';
  return h('ul', { class: 'log', 'data-testid': 'blind-log' },
    b.log.length
      ? b.log.map((r) => h('li', {}, `Round ${r.round}: ${r.settled ? `settled at ${number(r.value)}${unit}` : 'no settlement'}`))
      : h('li', {}, 'No round has ended yet.'));
}

function blindSettlement(b) {
  if (b.settlement === null || b.settlement === undefined) return null;
  const unit = b.unit ? ` ${b.unit}` : '';
  return h('p', { class: 'good', 'data-testid': 'blind-settlement' },
    `Settled: ${b.issue} = ${number(b.settlement)}${unit}`,
    b.settled_by === 'neutral'
      ? ' (by the neutral: the last secret bid closest to the value the neutral judged fair).'
      : ' (the secret bids crossed: the midpoint of the two).');
}

const blindRules = (b) => {
  const unit = b.unit ? ` ${b.unit}` : '';
  return h('div', { class: 'hint' },
    h('p', {}, `${b.low} is the low side (wants a small ${b.issue}, e.g. pays it); ${b.high} is the high side (wants a large one, ` +
      `e.g. receives it). The range is ${number(b.lower)} to ${number(b.upper)}${unit}, in at most ${b.rounds} round${b.rounds > 1 ? 's' : ''}. How it works:`),
    h('ul', { class: 'explain' },
      h('li', {}, 'Each round, each side types a secret bid: for the low side the most it would accept, for the high side the least.'),
      h('li', {}, 'Nobody sees a secret bid — not the other side, not the mediator.'),
      h('li', {}, 'If the two secret bids cross (the low side\'s is at least the high side\'s), the sides settle at the midpoint of the two. ' +
        'Otherwise everyone learns only "no settlement".'),
      h('li', {}, 'A side may also show a visible proposal: what it asks for openly. Bids may only move towards the other side from one round to the next.'),
      h('li', {}, 'If the last round ends without settlement, a neutral is shown a range of values: it covers the two last secret bids and reaches ' +
        'equally far beyond both, up to the nearer visible proposal — without saying which value is whose. The neutral names the value it ' +
        'judges fair; the settlement is the last secret bid closest to it (this rewards the side whose last bid was fairer).')));
};

function blindSection(view, token, refresh) {
  const b = view.mechanisms.blind_bidding;
  if (!b) return null;
  const unit = b.unit ? ` ${b.unit}` : '';
  const message = h('div');
  const nodes = [h('h2', {}, `Blind bidding on ${b.issue}`), blindRules(b),
    h('p', { 'data-testid': 'blind-visible' }, `Visible proposals: ${b.low} (low side) ${number(b.visible.low)}${unit}, ${b.high} (high side) ${number(b.visible.high)}${unit}.`),
    blindLog(b), blindSettlement(b)];
  if (b.my_side) {
    nodes.push(h('p', { 'data-testid': 'blind-my-side' }, b.my_side === 'low'
      ? `You are the low side: your secret bid is the most you would accept; your visible proposal is at most your secret bid.`
      : `You are the high side: your secret bid is the least you would accept; your visible proposal is at least your secret bid.`));
    if (b.round !== null && b.round !== undefined) {
      const secret = keep(`blind:secret:${b.round}`, h('input', { type: 'number', step: 'any', min: b.lower, max: b.upper, 'data-testid': 'blind-secret', id: 'blind-secret' }));
      const visible = keep(`blind:visible:${b.round}`, h('input', { type: 'number', step: 'any', min: b.lower, max: b.upper, 'data-testid': 'blind-visible-input', id: 'blind-visible-input' }));
      const body = () => {
        if (secret.value.trim() === '') throw new Error('Type your secret bid first.');
        const out = { secret: Number(secret.value) };
        if (visible.value.trim() !== '') out.visible = Number(visible.value);
        return out;
      };
      const place = action(token, refresh, message, 'POST', '/api/party/blind-bid', body, () => forget('blind:'));
      nodes.push(h('div', { class: 'bid-form' },
        h('label', { for: 'blind-secret' }, `Round ${b.round} of ${b.rounds}: your secret bid${unit ? ` (${b.unit})` : ''}`), secret,
        h('label', { for: 'blind-visible-input' }, 'Your visible proposal (optional; the other side sees it)'), visible,
        h('button', {
          'data-testid': 'blind-bid',
          onclick: () => { try { body(); place(); } catch (error) { message.replaceChildren(errorBox(error)); } },
        }, b.placed_this_round ? 'Replace my bid' : 'Place my bid')));
      if (b.placed_this_round)
        nodes.push(h('p', { 'data-testid': 'blind-placed' }, `Your bid for round ${b.round} is in; waiting for the other side. You can replace it until then.`));
    } else if (b.settlement === null) {
      nodes.push(h('p', { 'data-testid': 'blind-waiting-neutral' }, 'Every round ended without settlement: the neutral decides.'));
    }
    if (b.my_bids.length)
      nodes.push(h('table', { 'data-testid': 'blind-my-bids' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Round'), h('th', {}, 'Your secret bid'), h('th', {}, 'Your visible proposal'))),
        h('tbody', {}, b.my_bids.map((bid) => h('tr', {}, h('td', {}, bid.round), h('td', {}, number(bid.secret) + unit),
          h('td', {}, bid.visible === null ? 'unchanged' : number(bid.visible) + unit))))));
  } else {
    nodes.push(h('p', { class: 'hint', 'data-testid': 'blind-my-side' }, 'You are not one of the two sides: you see only what everyone sees.'));
  }
  nodes.push(message);
  return h('section', { class: 'card', 'data-testid': 'blind-bidding' }, ...nodes);
}

// The party's mechanism panels, by name (main.js places them).
export function partyPanels(view, token, refresh) {
  if (!view.mechanisms) return {};
  return {
    proposal: proposalSection(view, token, refresh),
    sealed: sealedSection(view, token, refresh),
    improvements: improvementsSection(view, token, refresh),
    finalOffer: finalOfferSection(view, token, refresh),
    blind: blindSection(view, token, refresh),
  };
}

// ---------------------------------------------------------------------------------------------
// Mediator.

function mediatorProposalSection(view, token, refresh) {
  const m = view.mechanisms;
  if (view.negotiation.phase !== 'drafting' && !m.mediator_proposal) return null;
  const issues = view.negotiation.issues;
  const message = h('div');
  const proposal = m.mediator_proposal;
  const nodes = [h('h2', {}, 'Your proposal to the parties'),
    h('p', { class: 'hint' }, 'Put one package to every party. Each answers yes or no in secret. It becomes the agreement only if ' +
      `${m.rule.required >= view.parties.length ? 'every party says yes' : `the yeses come from ${m.rule.text}`}; otherwise everyone (you too) learns only that ` +
      'it did not pass — never who said no. You see how many have answered, not what.')];
  if (proposal) {
    nodes.push(h('div', { 'data-testid': 'mp-status' },
      h('p', {}, `Proposal no. ${proposal.id}: ${itemName(proposal.source, view)}.`),
      packageTable(issues, proposal.package, 'mp-package'),
      h('p', { 'data-testid': 'mp-answered' }, `${proposal.answered} of ${view.parties.length} parties have answered.`),
      h('p', { class: proposal.result === 'passed' ? 'good' : '', 'data-testid': 'mp-result' }, {
        open: 'Open: waiting for the answers.',
        passed: 'Passed: it became the agreement.',
        'not passed': 'Not passed — nobody learns who said no.',
        withdrawn: 'Withdrawn: the negotiation ended another way.',
      }[proposal.result] || proposal.result)));
  }
  if (view.negotiation.phase === 'drafting') {
    const kinds = view.proposals.map((p) => [p.kind, p.title]);
    const options = [...kinds, ['hardest-to-manipulate', 'Hardest-to-manipulate compromise (the package where misreporting preferences pays least)']];
    if (view.draft) options.push(['draft', `The current single text (version ${view.draft.version})`]);
    options.push(['custom', 'A package I choose']);
    const custom = h('div', { class: 'builder', 'data-testid': 'mp-custom' });
    const kind = keep('mp:kind', h('select', { 'data-testid': 'mp-kind', id: 'mp-kind' }, options.map(([value, label]) => h('option', { value }, label))));
    const selects = packageSelects(issues, view.draft?.package, 'mp:custom:', 'mp-custom');
    custom.append(...labelled(issues, selects));
    const showCustom = () => { custom.hidden = kind.value !== 'custom'; };
    kind.addEventListener('change', showCustom);
    showCustom();
    const body = () => {
      if (kind.value === 'custom') return { package: Object.fromEntries(issues.map((issue, i) => [issue.name, selects[i].value])) };
      if (kind.value === 'draft') return { package: view.draft.package };
      return { kind: kind.value };
    };
    nodes.push(h('label', { for: 'mp-kind' }, proposal && proposal.result === 'open' ? 'Put a new proposal instead' : 'Put a proposal'), kind, custom,
      h('button', { 'data-testid': 'put-proposal', onclick: action(token, refresh, message, 'POST', '/api/mediator/proposal', body, () => forget('mp:')) }, 'Put this proposal to the parties'));
  }
  nodes.push(message);
  return h('section', { class: 'card', 'data-testid': 'mediator-proposal' }, ...nodes);
}

function mediatorSealedSection(view) {
  const sealed = view.mechanisms.sealed;
  if (view.negotiation.phase !== 'drafting' || !sealed) return null;
  return h('section', { class: 'card', 'data-testid': 'mediator-sealed' },
    h('h2', {}, 'Sealed acceptances'),
    h('p', { class: 'hint' }, 'Each party may privately mark which of these packages it could accept. You see who has marked, never what. ' +
      `Once the same package is marked by ${view.mechanisms.rule.text}, it becomes the agreement and only that match is revealed.`),
    h('ul', {}, sealed.items.map((entry) => h('li', {}, `${itemName(entry.item, view)}: ${describe(entry.package, view.negotiation.issues)}`))),
    h('p', { 'data-testid': 'sealed-marked' }, sealed.marked.length
      ? `Marked so far (${sealed.marked.length} of ${view.parties.length}): ${sealed.marked.join(', ')}.`
      : 'No party has marked yet.'));
}

function mediatorImprovementsSection(view, token, refresh) {
  if (!view.agreement) return null;
  const round = view.mechanisms.improvements;
  const issues = view.negotiation.issues;
  const message = h('div');
  const nodes = [h('h2', {}, 'Improving the agreement'),
    h('p', { class: 'hint' }, 'parley can look for packages at least as good as the agreement for every party and better for at least one ' +
      '(using everyone\'s private preferences). Each party approves in secret; an improvement is adopted only if every party approves it, ' +
      'otherwise the agreement stands.')];
  if (round) {
    nodes.push(h('p', {}, `Round ${round.round}: ${round.packages.length} improvement${round.packages.length === 1 ? '' : 's'} offered.`),
      h('ol', { 'data-testid': 'improve-list' }, round.packages.map((entry) => h('li', {}, describe(entry.package, issues)))),
      h('p', { 'data-testid': 'improve-answered' }, `${round.answered} of ${view.parties.length} parties have answered.`),
      h('p', { class: round.result === 'adopted' ? 'good' : '', 'data-testid': 'improve-result' }, {
        open: 'Open: waiting for the answers.',
        adopted: `Adopted: every party approved ${round.adopted}; it is now the agreement.`,
        stands: round.packages.length ? 'No improvement was approved by every party: the agreement stands as it was.'
          : 'No improvement exists: no package is better for someone without being worse for another. The agreement stands.',
      }[round.result] || round.result));
  }
  if (round && round.result === 'open') {
    nodes.push(h('button', { class: 'secondary', 'data-testid': 'close-improvements', onclick: action(token, refresh, message, 'POST', '/api/mediator/improvements/close', {}) },
      'End this round (the agreement stands)'));
  } else {
    const limit = keep('improve:limit', h('input', { type: 'number', min: 1, max: 10, step: 1, value: 5, id: 'improve-limit', 'data-testid': 'improve-limit' }));
    nodes.push(h('label', { for: 'improve-limit' }, 'How many improvements to offer at most (1 to 10)'), limit,
      h('button', { 'data-testid': 'offer-improvements', onclick: action(token, refresh, message, 'POST', '/api/mediator/improvements', () => ({ limit: Number(limit.value) }), () => forget('improve:')) },
        round ? 'Look for improvements again' : 'Look for improvements'));
  }
  nodes.push(message);
  return h('section', { class: 'card', 'data-testid': 'mediator-improvements' }, ...nodes);
}

function mediatorDeadlineSection(view, token, refresh) {
  const m = view.mechanisms;
  const phase = view.negotiation.phase;
  if (phase === 'agreed' || phase === 'closed') return null;
  const message = h('div');
  // The confirmation stays open while the page is rebuilt.
  const confirming = (open) => { confirm.hidden = !open; if (open) kept.set('close:confirm', true); else kept.delete('close:confirm'); };
  const confirm = h('div', { hidden: !kept.get('close:confirm'), 'data-testid': 'close-now-confirmation' },
    h('p', { class: 'error' }, `This ends the negotiation now: ${closerText(m.at_deadline, view)}`),
    h('button', { 'data-testid': 'close-now-confirm', onclick: action(token, refresh, message, 'POST', '/api/mediator/close', {}, () => confirming(false)) }, 'Yes, close it now'),
    h('button', { class: 'secondary', onclick: () => confirming(false) }, 'Cancel'));
  return h('section', { class: 'card', 'data-testid': 'mediator-deadline' },
    h('h2', {}, 'Deadline'),
    h('p', {}, m.deadline ? `Deadline: ${formatTime(m.deadline)}. If there is no agreement by then, ${closerText(m.at_deadline, view)}`
      : `No deadline was set. Closing now means that ${closerText(m.at_deadline, view)}`),
    m.final_offer ? h('p', { 'data-testid': 'final-offers-count' }, `${m.final_offer.offers} of ${view.parties.length} parties have sealed a final offer (you cannot see them).`) : null,
    h('button', { class: 'secondary', 'data-testid': 'close-now', onclick: () => confirming(true) }, 'Close now (apply what happens at the deadline)'),
    confirm, message);
}

function mediatorBlindSection(view, token, refresh) {
  const b = view.mechanisms.blind_bidding;
  const phase = view.negotiation.phase;
  const message = h('div');
  const nodes = [h('h2', {}, b ? `Blind bidding on ${b.issue}` : 'Blind bidding on a number')];
  const settled = b && b.settlement !== null && b.settlement !== undefined;
  if (b) {
    const unit = b.unit ? ` ${b.unit}` : '';
    nodes.push(blindRules(b),
      h('p', { 'data-testid': 'blind-round' }, b.round ? `Round ${b.round} of ${b.rounds} is open.` : 'The bidding is over.'),
      h('p', { 'data-testid': 'blind-visible' }, `Visible proposals: ${b.low} (low side) ${number(b.visible.low)}${unit}, ${b.high} (high side) ${number(b.visible.high)}${unit}.`),
      blindLog(b), blindSettlement(b));
    if (b.neutral_range) {
      const r = b.neutral_range;
      const fair = keep('neutral:fair', h('input', { type: 'number', step: 'any', min: r.from, max: r.to, id: 'neutral-fair', 'data-testid': 'neutral-fair' }));
      nodes.push(h('div', { class: 'card neutral', 'data-testid': 'neutral' },
        h('h3', {}, 'You are the neutral'),
        h('p', {}, 'Every round ended without settlement. The secret bids lie in this range, which reaches equally far beyond both ' +
          'to the nearer visible proposal; you are not told which value is whose: ',
        h('strong', { 'data-testid': 'neutral-range' }, `${number(r.from)} … ${number(r.to)}${unit}`)),
        h('p', { class: 'hint', 'data-testid': 'neutral-values' }, `Values: ${r.values.map(number).join(', ')}`),
        h('label', { for: 'neutral-fair' }, `The value you judge fair (${number(r.from)} to ${number(r.to)})`), fair,
        h('p', { class: 'hint' }, 'The settlement will be the last secret bid closest to your value (a tie: their midpoint).'),
        h('button', {
          'data-testid': 'neutral-submit',
          onclick: action(token, refresh, message, 'POST', '/api/mediator/blind-bidding/neutral', () => ({ fair: Number(fair.value) }), () => forget('neutral:')),
        }, 'Settle at the bid closest to this value')));
    }
  }
  if (phase !== 'closed' && (!b || settled)) {
    const names = view.parties.map((p) => p.name);
    const field = (key, label, attributes) => {
      const input = keep(`blind-open:${key}`, h('input', { id: `blind-${key}`, 'data-testid': `blind-${key}`, ...attributes }));
      return [h('label', { for: `blind-${key}` }, label), input];
    };
    const side = (key, label, initial) => {
      const select = keep(`blind-open:${key}`, h('select', { id: `blind-${key}`, 'data-testid': `blind-${key}` },
        names.map((n) => h('option', { value: n, selected: n === initial }, n))));
      return [h('label', { for: `blind-${key}` }, label), select];
    };
    const [issueLabel, issue] = field('issue', 'What is bid on (e.g. compensation)', { value: 'compensation' });
    const [unitLabel, unitInput] = field('unit', 'Unit (optional, e.g. EUR)', { value: '' });
    const [lowLabel, low] = side('low', 'Low side (wants a small value, e.g. pays)', names[0]);
    const [highLabel, high] = side('high', 'High side (wants a large value, e.g. receives)', names[names.length - 1]);
    const [lowerLabel, lower] = field('lower', 'Range from', { type: 'number', step: 'any', value: 0 });
    const [upperLabel, upper] = field('upper', 'Range to', { type: 'number', step: 'any', value: 100 });
    const [roundsLabel, rounds] = field('rounds', 'Rounds (1 to 20)', { type: 'number', min: 1, max: 20, step: 1, value: 3 });
    const [stepLabel, step] = field('step', 'Step of the neutral\'s range', { type: 'number', step: 'any', min: 0, value: 1 });
    const body = () => ({
      issue: issue.value.trim(), ...(unitInput.value.trim() ? { unit: unitInput.value.trim() } : {}),
      low: low.value, high: high.value, lower: Number(lower.value), upper: Number(upper.value),
      rounds: Number(rounds.value), step: Number(step.value),
    });
    const form = h('div', { class: 'blind-open', 'data-testid': 'blind-open-form' },
      h('p', { class: 'hint' }, 'Two parties settle one number (an amount, a price) without showing their limits: each round each side ' +
        'bids in secret; crossing bids settle at their midpoint; after the last round you can act as the neutral.'),
      h('div', { class: 'grid' }, issueLabel, issue, unitLabel, unitInput, lowLabel, low, highLabel, high,
        lowerLabel, lower, upperLabel, upper, roundsLabel, rounds, stepLabel, step),
      h('button', { 'data-testid': 'open-blind', onclick: action(token, refresh, message, 'POST', '/api/mediator/blind-bidding', body, () => forget('blind-open:')) }, 'Open the blind bidding'));
    nodes.push(b ? h('details', { 'data-testid': 'blind-open-details' }, h('summary', { 'data-testid': 'blind-open-again' }, 'Open another blind bidding'), form) : form);
  }
  if (!b && phase === 'closed') return null;
  nodes.push(message);
  return h('section', { class: 'card', 'data-testid': 'mediator-blind' }, ...nodes);
}

export function mediatorPanels(view, token, refresh) {
  if (!view.mechanisms) return {};
  return {
    proposal: mediatorProposalSection(view, token, refresh),
    sealed: mediatorSealedSection(view),
    improvements: mediatorImprovementsSection(view, token, refresh),
    deadline: mediatorDeadlineSection(view, token, refresh),
    blind: mediatorBlindSection(view, token, refresh),
  };
}

// ---------------------------------------------------------------------------------------------
// The create form: the decision rule, veto holders, the deadline and what happens at it.

export function createOptions() {
  const required = h('select', { id: 'rule-required', 'data-testid': 'rule-required' },
    h('option', { value: 'all' }, 'Every party (unanimity)'),
    h('option', { value: 'n-1' }, 'All parties but one'),
    h('option', { value: 'majority' }, 'A majority (more than half)'),
    h('option', { value: '2/3' }, 'Two thirds of the parties'),
    h('option', { value: 'number' }, 'A number of parties…'));
  const count = h('input', { type: 'number', min: 1, step: 1, value: 2, id: 'rule-count', 'data-testid': 'rule-count', 'aria-label': 'number of parties needed' });
  const countRow = h('div', { hidden: true }, h('label', { for: 'rule-count' }, 'How many parties must accept'), count);
  required.addEventListener('change', () => { countRow.hidden = required.value !== 'number'; });
  const veto = h('input', { id: 'rule-veto', 'data-testid': 'rule-veto', placeholder: 'e.g. Management' });
  const deadlineKind = h('select', { id: 'deadline-kind', 'data-testid': 'deadline-kind' },
    h('option', { value: 'none' }, 'No deadline'),
    h('option', { value: 'in' }, 'In a number of hours'),
    h('option', { value: 'at' }, 'At a date and time'));
  const hours = h('input', { type: 'number', min: 0.01, step: 'any', value: 24, id: 'deadline-hours', 'data-testid': 'deadline-hours', 'aria-label': 'hours from now' });
  const at = h('input', { type: 'datetime-local', id: 'deadline-at', 'data-testid': 'deadline-at', 'aria-label': 'deadline (your local time)' });
  const hoursRow = h('div', { hidden: true }, h('label', { for: 'deadline-hours' }, 'Hours from now'), hours);
  const atRow = h('div', { hidden: true }, h('label', { for: 'deadline-at' }, 'Date and time (your local time)'), at);
  const closer = h('select', { id: 'at-deadline', 'data-testid': 'at-deadline-select', disabled: true },
    h('option', { value: 'none' }, 'Nothing: it closes without agreement'),
    h('option', { value: 'final-offer' }, 'Final-offer arbitration'),
    h('option', { value: 'nash' }, 'Adopt the Nash compromise'),
    h('option', { value: 'kalai-smorodinsky' }, 'Adopt the Kalai-Smorodinsky compromise'),
    h('option', { value: 'egalitarian' }, 'Adopt the egalitarian compromise'));
  const closerHint = h('p', { class: 'hint', 'data-testid': 'at-deadline-hint' });
  const update = () => {
    hoursRow.hidden = deadlineKind.value !== 'in';
    atRow.hidden = deadlineKind.value !== 'at';
    closer.disabled = deadlineKind.value === 'none';
    closerHint.textContent = deadlineKind.value === 'none'
      ? 'Without a deadline the negotiation stays open until there is an agreement.'
      : `If there is no agreement by the deadline, ${closerText(closer.value, null)}`;
  };
  deadlineKind.addEventListener('change', update);
  closer.addEventListener('change', update);
  update();
  const nodes = h('fieldset', { class: 'create-options' },
    h('legend', {}, 'How the negotiation decides'),
    h('label', { for: 'rule-required' }, 'A package is agreed when it is accepted by'), required, countRow,
    h('label', { for: 'rule-veto' }, 'Parties who must always be among them (veto holders; optional, comma separated)'), veto,
    h('label', { for: 'deadline-kind' }, 'Deadline'), deadlineKind, hoursRow, atRow,
    h('label', { for: 'at-deadline' }, 'What happens at the deadline without agreement'), closer, closerHint);
  // The fields of the create request (nothing when left at unanimity without a deadline).
  const read = () => {
    const body = {};
    const vetoNames = veto.value.split(',').map((v) => v.trim()).filter(Boolean);
    if (required.value !== 'all' || vetoNames.length)
      body.rule = { required: required.value === 'number' ? Number(count.value) : required.value, veto: vetoNames };
    if (deadlineKind.value === 'in') {
      const seconds = Math.round(Number(hours.value) * 3600);
      if (!(seconds >= 1)) throw new Error('Deadline: give a number of hours above zero.');
      body.deadline_seconds = seconds;
    } else if (deadlineKind.value === 'at') {
      const when = new Date(at.value);
      if (!at.value || Number.isNaN(when.getTime())) throw new Error('Deadline: choose a date and time.');
      body.deadline = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    if (deadlineKind.value !== 'none') body.at_deadline = closer.value;
    return body;
  };
  return { nodes, read };
}
