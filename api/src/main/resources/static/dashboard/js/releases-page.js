import { getJson, pages, paths, postJson } from './api.js';
import { currentUser, hasRole } from './session.js';
import { $, ago, clearAlert, confirmThen, el, fillFacts, humanize, showProblem, stateBadge, timeElement } from './ui.js';

// /dashboard/releases and /dashboard/releases/{id}: the releases, and one release as swim lanes, one per stage in the
// order they run, with a tile per scale set (its rollout's state and, while it runs, its wave). Stages are counted
// from 1 here, as in the CLI; the API counts them from 0.
const id = decodeURIComponent(location.pathname.split('/')[3] || '');
const REFRESH_MILLIS = 3000;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK']);
/** Rollouts still moving: their tile shows the wave they are at (one read each, bounded by the stages' maxConcurrent). */
const MOVING = new Set(['PENDING', 'RUNNING', 'WAITING_FOR_APPROVAL', 'WAITING_FOR_WINDOW', 'PAUSED', 'ROLLING_BACK']);
let me = null;
let current = null;

function stageText(currentStage, total) {
  return currentStage === null || currentStage === undefined ? `-/${total}` : `${currentStage + 1}/${total}`;
}

function listRow(r) {
  return el('tr', { dataset: { releaseId: r.id, state: r.state } },
    el('td', {}, stateBadge(r.state)),
    el('td', {}, el('a', { href: pages.release(r.id), class: 'release-link' }, el('code', {}, r.id.slice(0, 8)))),
    el('td', {}, r.imageChange || ''),
    el('td', {}, stageText(r.currentStage, r.stagesTotal)),
    el('td', {}, `${r.scaleSetsSucceeded}/${r.scaleSetsTotal}`),
    el('td', {}, r.submittedBy),
    el('td', {}, timeElement(r.updatedAt, ago(r.updatedAt))));
}

async function loadList() {
  try {
    const releases = await getJson(paths.releases);
    $('#releases tbody').replaceChildren(...(releases.length ? releases.map(listRow)
      : [el('tr', {}, el('td', { colspan: '7', class: 'muted' }, 'No releases yet.'))]));
    clearAlert('list');
  } catch (e) {
    showProblem(e, 'Loading releases failed', 'list');
  }
}

function tile(s, progress) {
  const name = `${s.resourceGroup}/${s.scaleSet}`;
  const state = s.rolloutState || 'NOT_STARTED';
  return el('li', { class: `tile rollout-${state.toLowerCase().replaceAll('_', '-')}`, dataset: { scaleSet: name, state } },
    el('div', { class: 'tile-head' },
      el('a', { href: pages.scaleSet(s) }, name),
      s.region ? el('span', { class: 'muted' }, s.region) : null),
    s.rolloutId ? stateBadge(s.rolloutState) : el('span', { class: 'muted' }, 'not started'),
    progress ? el('div', { class: 'muted tile-progress' }, progress) : null,
    s.rolloutId ? el('a', { href: pages.rollout(s.rolloutId), class: 'tile-rollout' }, 'rollout ',
      el('code', {}, s.rolloutId.slice(0, 8))) : null,
    s.rollbackRolloutId ? el('div', { class: 'tile-rollback' }, 'rollback ',
      el('a', { href: pages.rollout(s.rollbackRolloutId) }, el('code', {}, s.rollbackRolloutId.slice(0, 8))), ' ',
      stateBadge(s.rollbackState)) : null);
}

function lane(stage, release, progress) {
  const number = stage.index + 1;
  const now = release.currentStage === stage.index && !TERMINAL.has(release.state);
  const facts = [`at most ${stage.maxConcurrent} at once`, `bake ${stage.bakeTime}`];
  if (stage.approvalRequired) {
    facts.push('approval required');
  }
  return el('section', { class: `stage${now ? ' current' : ''}`, dataset: { stage: String(number) },
    aria: { label: `Stage ${number} ${stage.name}` } },
  el('h2', {}, `Stage ${number}: ${stage.name}`, now ? el('span', { class: 'badge current-stage' }, 'now') : null),
  el('p', { class: 'muted' }, facts.join(' · ')),
  el('ul', { class: 'tiles' }, ...stage.scaleSets.map((s) => tile(s, progress.get(s.rolloutId)))));
}

/** "wave 2/5" for each rollout still moving, read from its own row. */
async function progressOf(release) {
  const moving = release.stages.flatMap((s) => s.scaleSets)
    .filter((s) => s.rolloutId && MOVING.has(s.rolloutState)).slice(0, 50);
  const progress = new Map();
  await Promise.all(moving.map(async (s) => {
    try {
      const rollout = await getJson(paths.rollout(s.rolloutId));
      if (rollout.wavesTotal) {
        progress.set(s.rolloutId, rollout.currentWaveNumber
          ? `wave ${rollout.currentWaveNumber}/${rollout.wavesTotal}` : `${rollout.wavesTotal} waves`);
      }
    } catch {
      // the tile still shows the state the release recorded
    }
  }));
  return progress;
}

const ACTIONS = {
  approve: (r) => ({ title: `Approve stage ${r.currentStage + 1}?`, confirmLabel: 'Approve',
    message: 'Its scale sets\' rollouts start once you approve.', textLabel: 'Comment (optional)',
    body: (text) => ({ stage: r.currentStage + 1, comment: text }), done: 'Stage approved.' }),
  resume: () => ({ title: 'Resume the release?', confirmLabel: 'Resume', body: (text) => ({ reason: text }),
    message: 'After failed rollouts: the failed scale sets stay as they are; the stage and the later stages go on. '
      + 'After a failed bake check: the bake goes on without checking the scale sets it found unhealthy.',
    textLabel: 'Reason (optional)', done: 'Release resumed.' }),
  retry: () => ({ title: 'Retry?', confirmLabel: 'Retry', body: (text) => ({ reason: text }),
    message: 'After failed rollouts: each failed scale set is upgraded again by a new rollout, then the release goes on. '
      + 'After a failed bake check: the stage is checked again at once, and bakes on if it is healthy.',
    textLabel: 'Reason (optional)', done: 'Retrying.' }),
  rollback: () => ({ title: 'Roll back the release?', confirmLabel: 'Roll back', danger: true,
    body: (text) => ({ reason: text }), textLabel: 'Reason (optional)', done: 'Rolling back.',
    message: 'Every scale set the release changed gets its previous image back, newest first.' }),
  abort: () => ({ title: 'Abort the release?', confirmLabel: 'Abort', danger: true, body: (text) => ({ reason: text }),
    message: 'Nothing more starts; every scale set stays as it is and the release ends FAILED.',
    textLabel: 'Reason (optional)', done: 'Release aborted.' }),
  override: () => ({ title: 'Ask for an emergency override of the windows?', confirmLabel: 'Ask for it', danger: true,
    message: 'Once another person approves it, the stages stop waiting for maintenance windows and every rollout of '
      + 'the release runs outside its windows.', textLabel: 'Reason (required)', body: (text) => ({ reason: text }),
    done: 'Override asked for; another person must approve it.' }),
  approveOverride: (r) => ({ title: 'Approve the emergency override?', confirmLabel: 'Approve', danger: true,
    message: `${r.windowOverride.requestedBy} asked for it: ${r.windowOverride.reason}. The stages stop waiting for `
      + 'windows and every rollout of the release runs outside its windows.', textLabel: 'Comment (optional)',
    body: (text) => ({ comment: text }), done: 'Override approved.' }),
};
/** The endpoint of each action, after the release's path. */
const ACTION_PATHS = { approveOverride: 'override/approve' };

/** "asked for by alice: CVE-2026-1234 is exploited · approved by bob", or '' without one. */
function overrideText(o) {
  if (!o) {
    return '';
  }
  return `asked for by ${o.requestedBy}: ${o.reason} · `
    + (o.approvedBy ? `approved by ${o.approvedBy}` : 'waits for approval by another person');
}

function possibleActions(r) {
  const operate = hasRole(me, 'rollout.operate');
  const ended = TERMINAL.has(r.state);
  // Four-eyes: the API refuses the submitter's approval, so the button is not offered to them.
  const ownRelease = me.fourEyes && r.submittedBy.toLowerCase() === me.name.toLowerCase();
  return {
    approve: r.state === 'WAITING_FOR_APPROVAL' && hasRole(me, 'rollout.approve') && r.currentStage !== null
      && !ownRelease,
    resume: r.state === 'PAUSED' && operate,
    retry: r.state === 'PAUSED' && operate,
    rollback: !ended && r.state !== 'ROLLING_BACK' && operate,
    abort: !ended && r.state !== 'ROLLING_BACK' && operate,
    override: !ended && !!r.plan.schedule && !r.windowOverride && operate,
    // Four-eyes, always: the person who asked may not approve.
    approveOverride: !ended && !!r.windowOverride && !r.windowOverride.approvedBy && hasRole(me, 'rollout.approve')
      && r.windowOverride.requestedBy.toLowerCase() !== me.name.toLowerCase(),
  };
}

async function act(action) {
  const spec = ACTIONS[action](current);
  await confirmThen(spec, `${humanize(action)} failed`, async (text) => {
    await postJson(paths.releaseAction(id, ACTION_PATHS[action] || action), spec.body(text));
  });
}

async function loadRelease() {
  let release;
  try {
    release = await getJson(paths.release(id));
    clearAlert('release');
  } catch (e) {
    showProblem(e, 'Loading the release failed', 'release');
    return;
  }
  current = release;
  const progress = await progressOf(release);
  $('#title').textContent = `Release ${release.id.slice(0, 8)}`;
  fillFacts($('#facts'), [
    ['State', stateBadge(release.state)],
    ['Why', release.reason],
    ['Stage', stageText(release.currentStage, release.stages.length)],
    ['Submitted by', release.submittedBy],
    ['Window override', overrideText(release.windowOverride)],
    ['Updated', timeElement(release.updatedAt, ago(release.updatedAt))],
  ]);
  const possible = possibleActions(release);
  let any = false;
  for (const button of document.querySelectorAll('#actions button')) {
    button.hidden = !possible[button.dataset.action];
    if (button.dataset.action === 'approve' && release.currentStage !== null) {
      button.textContent = `Approve stage ${release.currentStage + 1}`;
    }
    any ||= !button.hidden;
  }
  $('#no-actions').hidden = any;
  $('#no-actions').textContent = TERMINAL.has(release.state) ? `This release has ended (${humanize(release.state)}).`
    : `You (${me.name}) may not change this release now.`;
  const hint = $('#approval-hint');
  hint.hidden = release.state !== 'WAITING_FOR_APPROVAL' || possible.approve || release.currentStage === null;
  hint.textContent = `Stage ${release.currentStage + 1} waits for approval by someone with the rollout.approve role`
    + (me.fourEyes ? ` other than ${release.submittedBy}, who submitted it (four-eyes).` : '.');
  $('#stages').replaceChildren(...release.stages.map((stage) => lane(stage, release, progress)));
  $('#release').hidden = false;
  if (!TERMINAL.has(release.state)) {
    setTimeout(loadRelease, REFRESH_MILLIS);
  }
}

async function main() {
  try {
    me = await currentUser();
  } catch (e) {
    showProblem(e, 'Reading who you are failed', 'me');
    return;
  }
  if (!id) {
    $('#list').hidden = false;
    await loadList();
    setInterval(loadList, 5000);
    return;
  }
  for (const button of document.querySelectorAll('#actions button')) {
    button.addEventListener('click', () => act(button.dataset.action));
  }
  await loadRelease();
}

main();
