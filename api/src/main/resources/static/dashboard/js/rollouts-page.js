import { getJson, pages, paths } from './api.js';
import { currentUser } from './session.js';
import { $, ago, clearAlert, el, humanize, imageText, showProblem, stateBadge, timeElement, timingText } from './ui.js';

const REFRESH_MILLIS = 5000;
const PAGE_SIZE = 50;

let shown = [];
let nextLink = null;
let refreshTimer = null;

function stateFilter() {
  return new URLSearchParams(location.search).get('state') || '';
}

function listPath(offset = 0) {
  // A refresh reloads as many rows as are shown (up to the API's 200), so "Load more" is not undone every 5 s.
  const limit = offset ? PAGE_SIZE : Math.min(200, Math.max(PAGE_SIZE, shown.length));
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (stateFilter()) {
    query.set('state', stateFilter());
  }
  return `${paths.rollouts}?${query}`;
}

function progress(r) {
  const percent = r.instancesTotal ? Math.round((100 * r.instancesUpgraded) / r.instancesTotal) : 0;
  return el('div', { class: 'progress-cell' },
    el('progress', { max: '100', value: String(percent), aria: { label: `${percent}% of instances upgraded` } }),
    el('span', {}, `waves ${r.wavesCompleted}/${r.wavesTotal}`),
    el('span', { class: 'muted' }, `instances ${r.instancesUpgraded}/${r.instancesTotal}`),
    r.timing ? el('span', { class: 'muted timing' }, timingText(r.timing)) : null);
}

function row(r) {
  const waiting = r.state === 'WAITING_FOR_APPROVAL';
  const target = r.target;
  return el('tr', { class: waiting ? 'waiting' : '', dataset: { rolloutId: r.id, state: r.state } },
    el('td', {}, stateBadge(r.state),
      waiting && r.waitingForApprovalWave !== null
        ? el('div', { class: 'needs-approval' }, `wave ${r.waitingForApprovalWaveNumber ?? r.waitingForApprovalWave + 1}/${r.wavesTotal} needs approval`) : null),
    el('td', {}, el('a', { href: pages.rollout(r.id), class: 'rollout-link', aria: { label: `Rollout ${r.id} of ${target.resourceGroup}/${target.scaleSet}` } },
      el('code', {}, r.id.slice(0, 8)))),
    el('td', {}, el('a', { href: pages.scaleSet(target) }, `${target.resourceGroup}/${target.scaleSet}`)),
    el('td', {}, r.imageChange || ''),
    el('td', {}, progress(r)),
    el('td', {}, r.submittedBy),
    el('td', {}, timeElement(r.updatedAt, ago(r.updatedAt))));
}

/** Rows are kept while their rollout is unchanged (a refresh must not steal keyboard focus); only their age ticks. */
function render(total) {
  const body = $('#rollouts tbody');
  const existing = new Map([...body.rows].map((tr) => [tr.dataset.rolloutId, tr]));
  const rows = shown.map((r) => {
    const version = `${r.state}|${r.updatedAt}|${r.wavesCompleted}|${r.instancesUpgraded}|${r.waitingForApprovalWave}`;
    let tr = existing.get(r.id);
    if (!tr || tr.dataset.version !== version) {
      tr = row(r);
      tr.dataset.version = version;
    } else {
      tr.querySelector('time').textContent = ago(r.updatedAt);
      const timing = tr.querySelector('.timing');
      if (timing) {
        timing.textContent = timingText(r.timing); // the elapsed time and estimate move on while nothing else does
      }
    }
    return tr;
  });
  if (rows.length !== body.rows.length || rows.some((tr, i) => body.rows[i] !== tr)) {
    body.replaceChildren(...rows);
  }
  const filter = stateFilter();
  $('#list-status').textContent = total === 0
    ? (filter ? `No rollouts are ${humanize(filter)}.` : 'No rollouts yet: open a scale set below to preview and submit one.')
    : `${shown.length} of ${total} rollout${total === 1 ? '' : 's'}${filter ? ` ${humanize(filter)}` : ''}`;
  $('#load-more').hidden = !nextLink;
}

async function refreshWaiting() {
  const waiting = await getJson(`${paths.rollouts}?state=WAITING_FOR_APPROVAL&limit=1`);
  const banner = $('#waiting-banner');
  banner.hidden = waiting.total === 0;
  banner.textContent = waiting.total === 1 ? '1 rollout waits for approval.' : `${waiting.total} rollouts wait for approval.`;
}

let generation = 0;

async function load() {
  clearTimeout(refreshTimer);
  const mine = ++generation;
  try {
    const page = await getJson(listPath());
    if (mine !== generation) {
      return; // a newer load (another filter) started meanwhile: its answer wins
    }
    shown = page.items;
    nextLink = page.links.next;
    render(page.total);
    await refreshWaiting();
    clearAlert('list');
  } catch (e) {
    if (mine !== generation) {
      return;
    }
    showProblem(e, 'Loading the rollouts failed', 'list');
  }
  refreshTimer = setTimeout(load, document.hidden ? REFRESH_MILLIS * 6 : REFRESH_MILLIS);
}

async function loadMore() {
  try {
    const page = await getJson(listPath(shown.length));
    shown = shown.concat(page.items.filter((r) => !shown.some((s) => s.id === r.id)));
    nextLink = page.links.next;
    render(page.total);
  } catch (e) {
    showProblem(e, 'Loading more rollouts failed', 'list');
  }
}

/** The scale set picker: the scale sets the worker sees in the subscription (and resource group), each a link. */
async function listScaleSets() {
  const form = new FormData($('#open-scale-set'));
  const subscriptionId = form.get('subscriptionId').trim();
  const resourceGroup = form.get('resourceGroup').trim();
  const status = $('#scale-set-list-status');
  clearAlert('scale sets');
  if (!subscriptionId) {
    status.textContent = 'Type the subscription ID first (and a resource group to narrow the list).';
    $('#open-scale-set [name=subscriptionId]').focus();
    return;
  }
  const where = resourceGroup ? `resource group ${resourceGroup}` : `subscription ${subscriptionId}`;
  status.textContent = `Listing the scale sets of ${where}…`;
  $('#scale-set-list').hidden = true;
  let list;
  try {
    list = await getJson(paths.scaleSets(subscriptionId, resourceGroup));
  } catch (e) {
    status.textContent = '';
    showProblem(e, 'Listing scale sets failed', 'scale sets');
    return;
  }
  $('#scale-set-list tbody').replaceChildren(...list.scaleSets.map((s) => el('tr', {},
    el('td', {}, el('a', { href: pages.scaleSet({ subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup,
      scaleSet: s.name }), class: 'scale-set-choice' }, s.name)),
    el('td', {}, s.resourceGroup),
    el('td', {}, s.location || ''),
    el('td', { class: 'num' }, String(s.capacity)),
    el('td', {}, s.upgradePolicy),
    el('td', {}, imageText(s.image)))));
  $('#scale-set-list').hidden = list.scaleSets.length === 0;
  const count = list.scaleSets.length === 1 ? '1 scale set' : `${list.scaleSets.length} scale sets`;
  status.textContent = list.truncated
    ? `The first ${count} of ${where}; name a resource group to see the rest.`
    : `${count} in ${where}.`;
}

async function main() {
  $('#state-filter').value = stateFilter();
  $('#state-filter').addEventListener('change', (event) => {
    const url = new URL(location.href);
    if (event.target.value) {
      url.searchParams.set('state', event.target.value);
    } else {
      url.searchParams.delete('state');
    }
    history.replaceState(null, '', url);
    shown = [];
    load();
  });
  $('#filter').addEventListener('submit', (event) => event.preventDefault());
  $('#load-more').addEventListener('click', loadMore);
  $('#open-scale-set').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    location.assign(pages.scaleSet({ subscriptionId: form.get('subscriptionId').trim(),
      resourceGroup: form.get('resourceGroup').trim(), scaleSet: form.get('name').trim() }));
  });
  $('#list-scale-sets').addEventListener('click', listScaleSets);
  try {
    await currentUser();
  } catch (e) {
    showProblem(e, 'Reading who you are failed', 'me');
    return;
  }
  await load();
}

main();
