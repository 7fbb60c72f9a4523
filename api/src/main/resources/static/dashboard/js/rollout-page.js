import { analysisBlock } from './analysis-chart.js';
import { getJson, pages, paths, postJson } from './api.js';
import {
  OUTSIDE_ROLLOUT, ROLLOUT_STATES, renderLegend, renderRolloutDomainGrid, renderRolloutHeatmap,
} from './heatmap.js';
import { watchRollout } from './live.js';
import { currentUser, hasRole } from './session.js';
import {
  $, clearAlert, confirmThen, duration, el, fillFacts, humanize, imageText, showProblem, stateBadge,
  timeElement, timingText, clockTime, seconds, waveNumber,
} from './ui.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK', 'TERMINATED']);
const id = decodeURIComponent(location.pathname.split('/').pop());

let me;
let current;
let live;
let topology = null; // the scale set's instances with their domains, read once when the grid is first shown
const COMPACT_FROM = 200; // instances; from here on the cells are small squares so 1,000 fit on a laptop screen

function lastOf(rollout, types) {
  const events = rollout.events.filter((e) => types.includes(e.type));
  return events.length ? events[events.length - 1].type : null;
}

/** Which actions the signed-in user can take now; the API and the workflow check again. */
export function possibleActions(rollout, user) {
  const none = { approve: false, pause: false, resume: false, retry: false, cancel: false, rollback: false,
    override: false, approveOverride: false };
  if (TERMINAL.has(rollout.state) || rollout.state === 'ROLLING_BACK') {
    return none;
  }
  const operate = hasRole(user, 'rollout.operate');
  const cancelRequested = rollout.events.some((e) => e.type === 'CANCEL_REQUESTED');
  const rollbackRequested = rollout.events.some((e) => e.type === 'ROLLBACK_REQUESTED');
  const stopping = cancelRequested || rollbackRequested;
  const pauseRequested = lastOf(rollout, ['PAUSE_REQUESTED', 'PAUSED', 'RESUMED']) === 'PAUSE_REQUESTED';
  const paused = rollout.state === 'PAUSED';
  const ownRollout = user.fourEyes && rollout.submittedBy.toLowerCase() === user.name.toLowerCase();
  const { asked: overrideAsked, approved: overrideApproved } = overrideEvents(rollout);
  return {
    approve: hasRole(user, 'rollout.approve') && !stopping && rollout.state === 'WAITING_FOR_APPROVAL'
      && rollout.waitingForApprovalWave !== null && !ownRollout,
    pause: operate && !stopping && !paused && !pauseRequested,
    resume: operate && !stopping && (paused || pauseRequested),
    retry: operate && !stopping && paused && lastOf(rollout, ['WAVE_FAILED', 'RETRYING_WAVE', 'WAVE_COMPLETED']) === 'WAVE_FAILED',
    cancel: operate && !stopping,
    rollback: operate && !rollbackRequested && rollout.baseline !== null,
    override: operate && !stopping && !!(rollout.plan && rollout.plan.schedule) && !overrideAsked,
    // Four-eyes, always: the person who asked may not approve.
    approveOverride: hasRole(user, 'rollout.approve') && !stopping && !!overrideAsked && !overrideApproved
      && overrideAsked.actor.toLowerCase() !== user.name.toLowerCase(),
  };
}

/** The rollout's emergency override events, as recorded: who asked (with why) and who approved. */
function overrideEvents(rollout) {
  return {
    asked: rollout.events.find((e) => e.type === 'OVERRIDE_REQUESTED') || null,
    approved: rollout.events.find((e) => e.type === 'OVERRIDE_APPROVED') || null,
  };
}

function waveName(rollout, index) {
  const wave = rollout.waves[index];
  return `wave ${wave ? waveNumber(wave) : index + 1}/${rollout.waves.length}${wave ? ` (${wave.label})` : ''}`;
}

function scaleSetName(rollout) {
  return `${rollout.target.resourceGroup}/${rollout.target.scaleSet}`;
}

const ACTIONS = {
  approve: (r) => ({
    title: `Approve ${waveName(r, r.waitingForApprovalWave)}?`,
    message: `Its ${r.waves[r.waitingForApprovalWave].instances.length} instances of ${scaleSetName(r)} will be `
      + `upgraded to ${r.imageChange}.`,
    confirmLabel: `Approve wave ${waveNumber(r.waves[r.waitingForApprovalWave])}`, textLabel: 'Comment (optional, in the event log)',
    body: (text) => ({ waveNumber: waveNumber(r.waves[r.waitingForApprovalWave]), comment: text }),
    done: 'Approval sent; the rollout carries on in a moment.',
  }),
  pause: (r) => ({
    title: 'Pause this rollout?', message: `It stops before the next wave of ${scaleSetName(r)}; the wave in progress finishes.`,
    confirmLabel: 'Pause', textLabel: 'Reason (optional)', body: (text) => ({ reason: text }), done: 'Pause requested.',
  }),
  resume: (r) => {
    const failed = failedWave(r);
    return failed === null ? {
      title: 'Resume this rollout?', message: `The next wave of ${scaleSetName(r)} starts.`,
      confirmLabel: 'Resume', textLabel: 'Reason (optional)', body: (text) => ({ reason: text }), done: 'Resume requested.',
    } : {
      title: `Accept the failure of ${waveName(r, failed)} and resume?`, danger: true,
      message: `Its ${troubled(r.waves[failed]).length} failed or unhealthy instances stay as they are and the next wave `
        + `of ${scaleSetName(r)} starts. Retry the wave or roll back instead if they should not stay so.`,
      confirmLabel: 'Accept and resume', textLabel: 'Reason (recorded in the event log)',
      body: (text) => ({ reason: text }), done: 'Resume requested: the failed wave is accepted.',
    };
  },
  retry: (r) => ({
    title: 'Retry the failed wave?', message: `The failed wave of ${scaleSetName(r)} is upgraded again.`,
    confirmLabel: 'Retry wave', textLabel: 'Reason (optional)', body: (text) => ({ reason: text }), done: 'Retry requested.',
  }),
  cancel: (r) => ({
    title: 'Cancel this rollout?', danger: true,
    message: `No further waves of ${scaleSetName(r)} are upgraded. Instances already upgraded keep the new image; `
      + 'nothing is rolled back.',
    confirmLabel: 'Cancel rollout', textLabel: 'Reason (optional)', body: (text) => ({ reason: text }), done: 'Cancel requested.',
  }),
  rollback: (r) => ({
    title: 'Roll this rollout back?', danger: true,
    message: `The previous image${r.baseline ? ` (${imageText(r.baseline.previousImage)})` : ''} goes back into the model `
      + `of ${scaleSetName(r)} and every instance this rollout upgraded is upgraded again, wave by wave.`,
    confirmLabel: 'Roll back', textLabel: 'Reason (optional)', body: (text) => ({ reason: text }), done: 'Rollback requested.',
  }),
  override: (r) => ({
    title: 'Ask for an emergency override of the windows?', danger: true,
    message: `Once another person approves it, ${scaleSetName(r)} is upgraded outside its maintenance windows.`,
    confirmLabel: 'Ask for it', textLabel: 'Reason (required, in the event log)', body: (text) => ({ reason: text }),
    done: 'Override asked for; another person must approve it.',
  }),
  approveOverride: (r) => ({
    title: 'Approve the emergency override?', danger: true, message: `${overrideEvents(r).asked.message}.`,
    confirmLabel: 'Approve', textLabel: 'Comment (optional)', body: (text) => ({ comment: text }),
    done: 'Override approved: the rollout runs outside its windows.',
  }),
};
/** The endpoint of each action, after the rollout's path. */
const ACTION_PATHS = { approveOverride: 'override/approve' };

/** The index of the wave whose failure the rollout stopped on (paused or failed), or null when none. */
export function failedWave(rollout) {
  const last = [...rollout.events].reverse().find((e) => ['WAVE_FAILED', 'RETRYING_WAVE', 'WAVE_COMPLETED', 'RESUMED']
    .includes(e.type));
  if (!last || last.type !== 'WAVE_FAILED' || last.wave === null || !['PAUSED', 'FAILED'].includes(rollout.state)) {
    return null;
  }
  return last.wave;
}

function troubled(wave) {
  return wave.instances.filter((i) => i.state === 'FAILED' || i.state === 'UNHEALTHY');
}

/** What Azure said about a troubled instance: its error code and message, and the health it reported. */
function azureSaid(problem) {
  if (!problem) {
    return [];
  }
  return [' — Azure: ', el('code', { class: 'azure-code' }, problem.code || 'no code'),
    problem.message ? `: ${problem.message}` : '', `; health ${humanize(problem.health)}`];
}

/**
 * A failed wave, made obvious: what failed, which instances, and the safe actions first. Resume comes last and says
 * what it does, since it accepts the failure and takes the next wave out of service.
 */
function renderFailure(rollout) {
  const banner = $('#failure-banner');
  const index = failedWave(rollout);
  banner.hidden = index === null;
  if (index === null) {
    return;
  }
  const wave = rollout.waves[index];
  $('#failure-title').textContent = `${waveName(rollout, index)} failed`
    + (rollout.state === 'PAUSED' ? ': the rollout is paused' : ': the rollout has stopped');
  $('#failure-reason').textContent = rollout.reason || '';
  $('#failure-instances').replaceChildren(...troubled(wave).map((i) => el('li', { dataset: { instanceId: i.instanceId } },
    `Instance ${i.instanceId}: ${(ROLLOUT_STATES[i.state] || { label: humanize(i.state) }).label}`,
    ...azureSaid(i.problem))));
  const possible = possibleActions(rollout, me);
  let any = false;
  for (const button of document.querySelectorAll('#failure-actions button')) {
    button.hidden = !possible[button.dataset.failureAction];
    any ||= !button.hidden;
  }
  $('#failure-advice').textContent = !any ? ''
    : 'Roll back to put the previous image back on every upgraded instance; retry if the cause is fixed. '
      + 'Resume only when these instances may stay as they are.';
}

async function act(action) {
  const spec = ACTIONS[action](current);
  await confirmThen(spec, `${humanize(action)} failed`, async (text) => {
    render((await postJson(paths.action(id, ACTION_PATHS[action] || action), spec.body(text))).data);
  });
}

function renderActions(rollout) {
  const possible = possibleActions(rollout, me);
  let any = false;
  for (const button of document.querySelectorAll('#actions button')) {
    button.hidden = !possible[button.dataset.action];
    any ||= !button.hidden;
  }
  const note = $('#no-actions');
  note.hidden = any;
  note.textContent = TERMINAL.has(rollout.state) ? `This rollout has ended (${humanize(rollout.state)}).`
    : rollout.state === 'ROLLING_BACK' ? 'The rollout is rolling back; it can no longer be changed.'
      : `You (${me.name}) may not change this rollout.`;

  const hint = $('#approval-hint');
  const waiting = rollout.state === 'WAITING_FOR_APPROVAL' && rollout.waitingForApprovalWave !== null;
  hint.hidden = !waiting;
  if (waiting) {
    const who = possible.approve ? 'Review it and approve when ready.'
      : me.fourEyes && rollout.submittedBy.toLowerCase() === me.name.toLowerCase()
        ? `You submitted this rollout: another approver must approve it (four-eyes).`
        : 'An approver (role rollout.approve) must approve it.';
    hint.textContent = `${waveName(rollout, rollout.waitingForApprovalWave)} waits for approval. ${who}`;
  }
}

function renderSummary(rollout) {
  const plan = rollout.plan || {};
  const strategy = plan.strategy ? humanize(plan.strategy.mode) + (plan.strategy.batchSize ? `, ${plan.strategy.batchSize} per wave` : '') : '';
  const temporal = rollout.links && rollout.links.temporalUi
    ? el('a', { href: rollout.links.temporalUi, target: '_blank', rel: 'noopener noreferrer', id: 'temporal-link' },
      'Open the workflow in the Temporal UI') : null;
  fillFacts($('#summary'), [
    ['Scale set', el('a', { href: pages.scaleSet(rollout.target) }, scaleSetName(rollout))],
    ['Image change', rollout.imageChange],
    ['From → to', rollout.baseline ? `${imageText(rollout.baseline.previousImage)} → ${imageText(rollout.baseline.targetImage)}` : ''],
    ['Strategy', strategy],
    ['Approval', humanize(plan.approval && plan.approval.mode)],
    ['On failure', humanize(plan.onFailure)],
    ['Submitted', [rollout.submittedBy, ' · ', timeElement(rollout.createdAt)]],
    ['Time', el('span', { id: 'timing' }, timingText(rollout.timing))],
    ['Reason', rollout.reason],
    ['Next window', rollout.nextWindowStart ? timeElement(rollout.nextWindowStart) : ''],
    ['Schedule', scheduleText(plan.schedule)],
    ['Window override', (overrideEvents(rollout).approved || overrideEvents(rollout).asked || {}).message || ''],
    ['Workflow', temporal],
  ]);
}

/** "calendar prod-tuesday · TUESDAY 22:00-02:00 (Europe/Berlin) · not before 2026-12-08T21:00:00Z" (the calendar a link), or ''. */
function scheduleText(schedule) {
  if (!schedule) {
    return '';
  }
  const parts = [];
  if (schedule.calendar) {
    parts.push(el('a', { href: pages.calendar(schedule.calendar) }, `calendar ${schedule.calendar}`));
  }
  (schedule.windows || []).forEach((w) => parts.push(`${w.days.join(', ')} ${w.start}-${w.end} (${schedule.timeZone})`));
  if (schedule.notBefore) {
    parts.push(`not before ${schedule.notBefore}`);
  }
  return parts.length ? parts.flatMap((part, i) => (i ? [' · ', part] : [part])) : '';
}

function renderProgress(rollout) {
  const waves = rollout.waves.length;
  const completed = rollout.waves.filter((w) => w.state === 'SUCCEEDED').length;
  const instances = rollout.waves.flatMap((w) => w.instances);
  const healthy = instances.filter((i) => i.state === 'HEALTHY').length;
  const percent = instances.length ? Math.round((100 * healthy) / instances.length) : 0;
  $('#progress').replaceChildren(
    el('progress', { max: '100', value: String(percent), aria: { label: `${percent}% of instances upgraded` } }),
    el('p', { class: 'progress-text' }, el('strong', { id: 'waves-progress' }, `${completed}/${waves}`), ' waves completed · ',
      el('strong', { id: 'instances-progress' }, `${healthy}/${instances.length}`), ' instances upgraded and healthy'));
}

function renderTimeline(rollout) {
  const approvals = new Map(rollout.approvals.map((a) => [a.wave, a]));
  $('#timeline').replaceChildren(...rollout.waves.map((wave) => {
    const approval = approvals.get(wave.index);
    return el('li', { class: `timeline-item wave-${wave.state.toLowerCase().replaceAll('_', '-')}`, dataset: { wave: wave.index } },
      el('span', { class: 'timeline-dot', aria: { hidden: 'true' } }),
      el('div', {},
        el('div', { class: 'timeline-title' }, el('strong', {}, `Wave ${waveNumber(wave)}`), ` · ${wave.label} · `,
          el('span', { class: 'wave-state' }, humanize(wave.state))),
        el('div', { class: 'muted' }, `${wave.instances.length} instances`,
          wave.startedAt ? [' · started ', timeElement(wave.startedAt, clockTime(wave.startedAt))] : null,
          wave.startedAt ? el('span', { class: 'wave-elapsed' }, ` · ${wave.elapsedSeconds !== null && wave.elapsedSeconds !== undefined
            ? seconds(wave.elapsedSeconds) : duration(wave.startedAt, wave.completedAt)}${wave.completedAt ? '' : ' so far'}`) : null,
          approval ? ` · approved by ${approval.approver}` : null),
        analysisBlock(wave.analysis, { dataset: { wave: wave.index } })));
  }), ...bakeItem(rollout));
  if (!rollout.waves.length) {
    $('#timeline').replaceChildren(el('li', { class: 'muted' }, 'No waves planned yet.'));
  }
}

/** The samples the rollout's release took while its stage baked, after the waves; none for a rollout without them. */
function bakeItem(rollout) {
  const samples = rollout.bakeAnalysis || [];
  if (!samples.length) {
    return [];
  }
  const checks = new Set(samples.map((m) => m.check)).size;
  return [el('li', { class: 'timeline-item timeline-bake', dataset: { bake: 'true' } },
    el('span', { class: 'timeline-dot', aria: { hidden: 'true' } }),
    el('div', {},
      el('div', { class: 'timeline-title' }, el('strong', {}, 'Release bake'),
        ` · ${samples.length} sample${samples.length === 1 ? '' : 's'} of ${checks} check${checks === 1 ? '' : 's'}`),
      el('div', { class: 'muted' }, 'taken by the release while its stage baked, after the waves'),
      analysisBlock(samples, { dataset: { bake: 'true' } })))];
}

function renderEvents(rollout) {
  const rows = [...rollout.events].reverse().map((e) => el('tr', { dataset: { type: e.type } },
    el('td', { class: 'num' }, String(e.seq)),
    el('td', { class: 'nowrap' }, timeElement(e.at, clockTime(e.at))),
    el('td', {}, el('code', {}, e.type)),
    el('td', {}, e.actor || el('span', { class: 'muted' }, 'workflow')),
    el('td', {}, e.message)));
  $('#events tbody').replaceChildren(...rows);
}

function render(rollout) {
  if (current && rollout.events.length < current.events.length && !TERMINAL.has(rollout.state)) {
    return; // an older version than the one shown (a late poll answer): never go back in time
  }
  current = rollout;
  document.title = `${humanize(rollout.state)} · ${scaleSetName(rollout)} · vmss-rollout`;
  $('#crumb').textContent = `${scaleSetName(rollout)} · ${rollout.id.slice(0, 8)}`;
  $('#title').textContent = `Rollout of ${scaleSetName(rollout)}`;
  const badge = $('#state');
  badge.className = stateBadge(rollout.state).className;
  badge.textContent = humanize(rollout.state);
  badge.dataset.state = rollout.state;
  renderSummary(rollout);
  renderProgress(rollout);
  renderActions(rollout);
  renderFailure(rollout);
  renderInstances(rollout);
  renderTimeline(rollout);
  renderEvents(rollout);
  if (TERMINAL.has(rollout.state) && live) {
    live.stop();
  }
}

function view() {
  return document.querySelector('input[name=view]:checked').value;
}

/** The instances by wave or on the UD x FD grid; the time the browser took is kept on the container (data-render-millis). */
function renderInstances(rollout) {
  const byDomain = view() === 'domains';
  const container = byDomain ? $('#domain-grid') : $('#heatmap');
  $('#heatmap').hidden = byDomain;
  $('#domain-grid').hidden = !byDomain;
  container.classList.toggle('compact', $('#compact').checked);
  if (byDomain && !topology) {
    container.replaceChildren(el('p', { class: 'muted' }, 'Reading the scale set…'));
    return;
  }
  const started = performance.now();
  if (byDomain) {
    renderRolloutDomainGrid(container, topology, rollout);
  } else {
    renderRolloutHeatmap(container, rollout);
  }
  void container.offsetHeight; // count the layout too, not just building the elements
  container.dataset.renderMillis = (performance.now() - started).toFixed(1);
}

async function showView() {
  const url = new URL(location.href);
  if (view() === 'domains') {
    url.searchParams.set('view', 'domains');
  } else {
    url.searchParams.delete('view');
  }
  history.replaceState(null, '', url);
  renderLegend($('#legend'), view() === 'domains' ? { ...ROLLOUT_STATES, OUTSIDE: OUTSIDE_ROLLOUT } : ROLLOUT_STATES);
  if (view() === 'domains' && !topology && current) {
    renderInstances(current);
    try {
      topology = (await getJson(paths.scaleSet(current.target))).instances;
      clearAlert('topology');
    } catch (e) {
      showProblem(e, 'Reading the scale set for the grid failed', 'topology');
      return;
    }
  }
  if (current) {
    renderInstances(current);
  }
}

function showLiveMode(mode) {
  const text = { sse: 'live', polling: 'live (polling)', connecting: 'connecting…', stopped: '' }[mode] ?? '';
  const node = $('#live');
  node.textContent = text;
  node.className = `live-indicator live-${mode}`;
}

async function main() {
  for (const button of document.querySelectorAll('#actions button')) {
    button.addEventListener('click', () => act(button.dataset.action));
  }
  for (const button of document.querySelectorAll('#failure-actions button')) {
    button.addEventListener('click', () => act(button.dataset.failureAction));
  }
  for (const input of document.querySelectorAll('#view-switch input')) {
    input.addEventListener('change', showView);
  }
  const wanted = new URLSearchParams(location.search).get('view');
  if (wanted === 'domains') {
    document.querySelector('input[name=view][value=domains]').checked = true;
  }
  document.addEventListener('live-mode', (event) => showLiveMode(event.detail));
  try {
    me = await currentUser();
    const rollout = await getJson(paths.rollout(id));
    const instances = rollout.waves.reduce((n, w) => n + w.instances.length, 0) + (rollout.skipped || []).length;
    $('#compact').checked = instances >= COMPACT_FROM;
    render(rollout);
  } catch (e) {
    showProblem(e, `Loading rollout ${id} failed`, 'load');
    return;
  }
  showView(); // not awaited: reading the scale set for the grid must not hold up the live updates
  if (!TERMINAL.has(current.state)) {
    live = watchRollout(id, (rollout) => {
      clearAlert('live');
      render(rollout);
    }, (e) => showProblem(e, 'Live updates failed; retrying', 'live'));
  }
}

// Lets a page that was loaded long ago show relative times correctly; cheap, and no data is fetched.
setInterval(() => current && renderTimeline(current), 5000);

main();
