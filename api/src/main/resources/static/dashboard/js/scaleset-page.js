import { getJson, newIdempotencyKey, pages, paths, postJson } from './api.js';
import { GridSelection, selectionBar } from './grid-selection.js';
import { INSTANCE_CONDITIONS, renderDomainGrid, renderLegend, renderPlannedWaves } from './heatmap.js';
import { watchRollout } from './live.js';
import { currentUser, hasRole } from './session.js';
import { $, clearAlert, confirmAction, el, fillFacts, humanize, imageText, showProblem } from './ui.js';

// /dashboard/scalesets/{subscriptionId}/{resourceGroup}/{name}
const [subscriptionId, resourceGroup, scaleSet] = location.pathname.split('/').slice(3, 6).map(decodeURIComponent);
const target = { subscriptionId, resourceGroup, scaleSet };

let me;
let selection;
let previewed = null; // {body, preview, key}: what "Submit rollout" sends

// Live without costing Azure much: a scale set read is a high-cost list call (with instance view) in Azure's
// throttling, so the page reads it again only when its rollout changed, at most every 10 s; whether a rollout
// started is asked of the API's rollouts list (PostgreSQL only) every 5 s.
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK', 'TERMINATED']);
const MIN_REREAD_MILLIS = 10000;
const ROLLOUT_CHECK_MILLIS = 5000;
let lastRead = 0;
let lastReadFailed = false;
let rereadTimer = null;
let watcher = null;
let watchedId = null;

function rereadSoon() {
  if (rereadTimer) {
    return;
  }
  rereadTimer = setTimeout(async () => {
    await loadScaleSet();
    rereadTimer = null;
  }, Math.max(0, lastRead + MIN_REREAD_MILLIS - Date.now()));
}

/** Follows the scale set's active rollout over its event stream; every change of it may have changed the VMs. */
function follow(active) {
  if (!active || active.id === watchedId || TERMINAL.has(active.state)) {
    return;
  }
  if (watcher) {
    watcher.stop();
  }
  watchedId = active.id;
  watcher = watchRollout(active.id, (rollout) => {
    if (TERMINAL.has(rollout.state) && watcher) {
      watcher.stop();
      watcher = null;
    }
    rereadSoon();
  }, (e) => showProblem(e, 'Live updates of the active rollout failed; retrying', 'live'));
}

async function checkForNewRollout() {
  if (!watcher) {
    try {
      const query = new URLSearchParams({ subscriptionId, resourceGroup, scaleSet, limit: '1' });
      const latest = (await getJson(`${paths.rollouts}?${query}`)).items[0];
      // A failed read (the worker busy, Azure throttling) is tried again: a live page recovers by itself.
      if (lastReadFailed || (latest && !TERMINAL.has(latest.state) && latest.id !== watchedId)) {
        rereadSoon();
      }
    } catch (e) {
      showProblem(e, 'Checking for a new rollout failed', 'live');
    }
  }
  setTimeout(checkForNewRollout, ROLLOUT_CHECK_MILLIS);
}

async function loadScaleSet() {
  const button = $('#refresh');
  button.disabled = true;
  try {
    lastRead = Date.now();
    const view = await getJson(paths.scaleSet(target));
    clearAlert('scale-set');
    renderModel(view);
    renderDomainGrid($('#grid'), view.instances);
    selection.refresh();
    document.body.dataset.scaleSetReads = String(Number(document.body.dataset.scaleSetReads || 0) + 1);
    lastReadFailed = false;
    follow(view.activeRollout);
  } catch (e) {
    lastReadFailed = true;
    showProblem(e, 'Reading the scale set failed', 'scale-set');
    fillFacts($('#model'), [['Status', 'not available (see the message above)']]);
    $('#grid').replaceChildren();
  } finally {
    button.disabled = false;
  }
}

function renderModel(view) {
  const m = view.model;
  const latest = view.instances.filter((i) => i.latestModelApplied).length;
  fillFacts($('#model'), [
    ['Image', imageText(m.image)],
    ['SKU', m.image && m.image.sku],
    ['Upgrade policy', m.upgradePolicy],
    ['Capacity', `${m.capacity} instances (${latest} on the latest model)`],
    ['Provisioning state', m.provisioningState],
    ['Azure operation in progress', m.conflictingOperation],
  ]);
  const banner = $('#active-rollout');
  banner.hidden = !view.activeRollout;
  if (view.activeRollout) {
    banner.replaceChildren('This scale set has a rollout in progress (', humanize(view.activeRollout.state), '): ',
      el('a', { href: pages.rollout(view.activeRollout.id) }, 'open it'),
      '. A new rollout is refused until it ends.');
  }
}

function showFields() {
  const kind = $('#image-kind').value;
  for (const label of document.querySelectorAll('[data-kind]')) {
    label.hidden = label.dataset.kind !== kind;
  }
  const strategy = $('#strategy').value;
  for (const label of document.querySelectorAll('[data-strategy]')) {
    label.hidden = !label.dataset.strategy.split(' ').includes(strategy);
  }
}

function blankToUndefined(value) {
  const trimmed = (value || '').trim();
  return trimmed === '' ? undefined : trimmed;
}

/** "30s", "5m", "1h30m" as the CLI takes them, in ISO-8601 (PT30S); anything else as typed, for the API to judge. */
export function isoDuration(value) {
  const text = blankToUndefined(value);
  if (text === undefined) {
    return undefined;
  }
  const short = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i.exec(text);
  if (!short || (!short[1] && !short[2] && !short[3])) {
    return text;
  }
  return 'PT' + (short[1] ? `${short[1]}H` : '') + (short[2] ? `${short[2]}M` : '') + (short[3] ? `${short[3]}S` : '');
}

function numberOrUndefined(selector) {
  const text = $(selector).value.trim();
  return text === '' ? undefined : Number(text);
}

/** The submission body the form describes; the API validates it (and its 400 names the fields at fault). */
function planBody() {
  const kind = $('#image-kind').value;
  const image = kind === 'version' ? { version: blankToUndefined($('#image-version').value) }
    : kind === 'sku' ? { sku: blankToUndefined($('#image-sku').value), version: blankToUndefined($('#image-sku-version').value) }
      : kind === 'id' ? { id: blankToUndefined($('#image-id').value) }
        : { osDiskImageUri: blankToUndefined($('#image-uri').value) };
  const mode = $('#strategy').value;
  const strategy = { mode };
  if (mode === 'BATCH' || mode === 'INSTANCES') { // listed instances: one at a time unless a batch size is given
    const size = $('#batch-size').value.trim();
    strategy.batchSize = size === '' ? undefined : Number(size);
  }
  if (mode === 'INSTANCES') {
    strategy.instanceIds = $('#instance-ids').value.split(/[\s,]+/).filter((id) => id !== '');
  }
  if (mode === 'BATCH') {
    strategy.batchPercent = numberOrUndefined('#batch-percent');
  }
  strategy.pauseBetweenWaves = isoDuration($('#pause-between-waves').value);
  strategy.prioritizeUnhealthy = $('#prioritize-unhealthy').checked || undefined;
  const health = {
    timeout: isoDuration($('#health-timeout').value),
    minReady: isoDuration($('#min-ready').value),
    maxUnhealthyPercent: numberOrUndefined('#max-unhealthy-percent'),
    requireSignal: { true: true, false: false }[$('#require-signal').value],
  };
  const given = Object.values(health).some((v) => v !== undefined);
  return {
    target,
    image,
    strategy,
    approval: { mode: $('#approval').value },
    health: given ? health : undefined,
    onFailure: $('#on-failure').value,
    allowPolicySwitch: $('#allow-policy-switch').checked || undefined,
  };
}

/** The health rules the API will apply, defaults included, as it echoes them in the preview's plan. */
function healthText(plan) {
  const h = plan && plan.health;
  if (!h) {
    return '';
  }
  const signal = h.requireSignal === false ? 'no health signal needed' : h.requireSignal ? 'a health signal required' : '';
  return [`timeout ${h.timeout}`, `min ready ${h.minReady}`, `up to ${h.maxUnhealthyPercent}% unhealthy per wave`, signal]
    .filter(Boolean).join(' · ');
}

function renderPreview(preview, body) {
  const waves = el('div', { class: 'heatmap-wrap', id: 'preview-waves' });
  renderPlannedWaves(waves, preview.waves);
  const warnings = preview.warnings.length
    ? el('ul', { class: 'warnings', aria: { label: 'Warnings' } }, preview.warnings.map((w) => el('li', {}, w))) : null;
  const canSubmit = hasRole(me, 'rollout.submit') && !preview.refusal;
  const submit = el('button', { type: 'button', class: 'primary', id: 'submit-rollout', disabled: !canSubmit,
    onclick: submitRollout }, 'Submit rollout');
  const facts = el('dl', { class: 'facts' });
  fillFacts(facts, [
    ['Now', imageText(preview.model.image)],
    ['Target', imageText(preview.targetImage)],
    ['Waves', `${preview.waves.length} (${humanize(body.strategy.mode)})`],
    ['Instances to upgrade', `${preview.instancesToUpgrade} of ${preview.capacity}`],
    ['Most out of service at once', String(preview.largestWave)],
    ['Skipped', preview.skipped.length ? `${preview.skipped.join(', ')} (already on the target image)` : ''],
    ['Approval', humanize(body.approval.mode)],
    ['On failure', humanize(body.onFailure)],
    ['Health', healthText(preview.plan)],
  ]);
  $('#preview').replaceChildren(...[
    el('h3', {}, 'The plan would run these waves'),
    facts, warnings, waves,
    el('div', { class: 'form-buttons' }, submit,
      canSubmit ? el('span', { class: 'muted', id: 'stale-preview', hidden: true }, 'The form changed: preview again before submitting.')
        : el('span', { class: 'refusal', id: 'submit-refused' }, preview.refusal
          ? `Submitting now would be refused: ${preview.refusal}.` : `You (${me.name}) lack role rollout.submit.`))].filter(Boolean));
}

async function preview(event) {
  event.preventDefault();
  const body = planBody();
  const button = $('#preview-button');
  button.disabled = true;
  previewed = null;
  try {
    const response = await postJson(paths.rollouts + '/preview', body);
    clearAlert('plan');
    previewed = { body, preview: response.data, key: newIdempotencyKey() };
    renderPreview(response.data, body);
  } catch (e) {
    $('#preview').replaceChildren();
    showProblem(e, 'Preview failed', 'plan', '#plan-alerts');
  } finally {
    button.disabled = false;
  }
}

async function submitRollout() {
  if (!previewed) {
    return;
  }
  const { body, preview: p, key } = previewed;
  const answer = await confirmAction({
    title: `Submit this rollout to ${resourceGroup}/${scaleSet}?`,
    message: `${p.waves.length} waves upgrade ${p.instancesToUpgrade} instances to ${imageText(p.targetImage)}; `
      + `approval: ${humanize(body.approval.mode)}; on failure: ${humanize(body.onFailure)}.`,
    confirmLabel: 'Submit rollout',
  });
  if (!answer) {
    return;
  }
  const button = $('#submit-rollout');
  button.disabled = true;
  try {
    // The same key for every retry of this preview's submission: a double submit returns the first rollout.
    const response = await postJson(paths.rollouts, body, { headers: { 'Idempotency-Key': key } });
    location.assign(pages.rollout(response.data.id));
  } catch (e) {
    showProblem(e, 'Submitting the rollout failed', 'plan', '#plan-alerts');
    button.disabled = false;
  }
}

/** Fills the form with exactly the chosen instances and previews it; without a target image, asks for one first. */
function previewChosen() {
  $('#strategy').value = 'INSTANCES';
  $('#instance-ids').value = selection.ids().join(', ');
  formChanged();
  const kind = $('#image-kind').value;
  const image = { version: '#image-version', sku: '#image-sku', id: '#image-id', osDiskImageUri: '#image-uri' }[kind];
  $('#plan').scrollIntoView({ block: 'start' });
  if ($(image).value.trim() === '') {
    $('#plan-hint').textContent = 'Choose the target image, then Preview.';
    $(image).focus();
    return;
  }
  $('#plan-hint').textContent = '';
  $('#plan').requestSubmit();
}

function formChanged() {
  showFields();
  if (previewed && JSON.stringify(planBody()) !== JSON.stringify(previewed.body)) {
    previewed = null;
    const submit = $('#submit-rollout');
    if (submit) {
      submit.disabled = true;
      const stale = $('#stale-preview');
      if (stale) {
        stale.hidden = false;
      }
    }
  }
}

async function main() {
  document.title = `${resourceGroup}/${scaleSet} · vmss-rollout`;
  $('#title').textContent = `Scale set ${resourceGroup}/${scaleSet}`;
  $('#crumb').textContent = `${resourceGroup}/${scaleSet}`;
  renderLegend($('#grid-legend'), INSTANCE_CONDITIONS);
  selection = new GridSelection($('#grid'), (ids) => $('#selection-bar').replaceChildren(
    ...selectionBar(ids, previewChosen, () => selection.clear())));
  showFields();
  $('#plan').addEventListener('input', formChanged);
  $('#plan').addEventListener('change', formChanged);
  $('#plan').addEventListener('submit', preview);
  $('#refresh').addEventListener('click', loadScaleSet);
  try {
    me = await currentUser();
  } catch (e) {
    showProblem(e, 'Reading who you are failed', 'me');
    return;
  }
  await loadScaleSet();
  setTimeout(checkForNewRollout, ROLLOUT_CHECK_MILLIS);
}

main();
