// Small DOM helpers: elements are always built with textContent, never from HTML strings.

/** el('a', {href: '/x', class: 'link', dataset: {id: 1}, aria: {label: 'x'}, onclick: fn}, 'text', child, ...) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'aria') {
      for (const [key, v] of Object.entries(value)) {
        node.setAttribute(`aria-${key}`, v);
      }
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, value);
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

export function $(selector) {
  return document.querySelector(selector);
}

export function humanize(constant) {
  return constant ? constant.toLowerCase().replaceAll('_', ' ') : '';
}

export function stateBadge(state) {
  return el('span', { class: `badge rollout-${(state || 'unknown').toLowerCase().replaceAll('_', '-')}` }, humanize(state));
}

export function formatTime(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}

/** A clock time with its time zone ("15:04:05 UTC"), in the browser's zone. */
export function clockTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString(undefined, { timeZoneName: 'short' }) : '';
}

/** "45 s", "3 min 12 s", "2 h 5 min" from a number of seconds. */
export function seconds(total) {
  const s = Math.max(0, Math.round(total));
  if (s < 90) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * A rollout's times as one line: elapsed (approval waits shown as such) and, while it runs, the estimate of the time
 * left (waves left x observed wave duration) with the approvals still ahead, which nobody can estimate.
 */
export function timingText(timing) {
  if (!timing) {
    return '';
  }
  const parts = [`${seconds(timing.elapsedSeconds)} ${timing.endedAt ? 'in all' : 'so far'}`
    + (timing.approvalWaitSeconds ? ` (${seconds(timing.approvalWaitSeconds)} waiting for approval)` : '')];
  if (timing.waitingForApprovalSeconds !== null && timing.waitingForApprovalSeconds !== undefined) {
    parts.push(`waiting for approval for ${seconds(timing.waitingForApprovalSeconds)}`);
  }
  if (timing.endedAt) {
    parts.push(`ended ${clockTime(timing.endedAt)}`);
  } else if (timing.estimatedRemainingSeconds !== null && timing.estimatedRemainingSeconds !== undefined) {
    parts.push(`about ${seconds(timing.estimatedRemainingSeconds)} left (${seconds(timing.observedWaveSeconds)} per wave), `
      + `ends about ${clockTime(timing.estimatedEndAt)}`);
  } else {
    parts.push('time left known once a wave has completed');
  }
  if (!timing.endedAt && timing.approvalsAhead) {
    parts.push(`+ ${timing.approvalsAhead} approval${timing.approvalsAhead === 1 ? '' : 's'} to wait for`);
  }
  return parts.join(' · ');
}

/** The 1-based number people read ("wave 2/5"); the API sends it beside the 0-based index. */
export function waveNumber(wave) {
  return wave.number ?? wave.index + 1;
}

export function timeElement(iso, text) {
  return iso ? el('time', { datetime: iso, title: formatTime(iso) }, text ?? formatTime(iso)) : '';
}

export function ago(iso) {
  if (!iso) {
    return '';
  }
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min ago`;
  }
  if (seconds < 86400) {
    return `${Math.round(seconds / 3600)} h ago`;
  }
  return formatTime(iso);
}

export function duration(fromIso, toIso) {
  if (!fromIso) {
    return '';
  }
  const ms = (toIso ? new Date(toIso) : new Date()) - new Date(fromIso);
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function imageText(image) {
  if (!image) {
    return '';
  }
  if (image.id) {
    return image.id;
  }
  if (image.osDiskImageUri) {
    return image.osDiskImageUri;
  }
  return [image.publisher, image.offer, image.sku, image.version].join(' / ');
}

/** A <dl> filled from [term, description] pairs; empty descriptions are left out. */
export function fillFacts(dl, facts) {
  dl.replaceChildren(...facts.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

// ---- alerts: every API error is shown, with its title, status, detail and violations ----

/**
 * Shows an error in the page's alert region. `key` replaces an earlier alert of the same kind (so a failing poll
 * shows one alert, not hundreds); `context` says what the dashboard was doing.
 */
export function showProblem(error, context, key = context, region = '#alerts') {
  if (error && error.redirecting) {
    return null;
  }
  const problem = error && error.problem ? error.problem
    : { title: 'Unexpected error in the dashboard', detail: String(error && error.message ? error.message : error) };
  clearAlert(key);
  const violations = Array.isArray(problem.violations) ? problem.violations : [];
  const extras = [];
  if (problem.activeRolloutId) {
    extras.push(el('p', {}, 'Active rollout: ',
      el('a', { href: `/dashboard/rollouts/${encodeURIComponent(problem.activeRolloutId)}` }, problem.activeRolloutId)));
  }
  if (problem.requiredRole) {
    extras.push(el('p', {}, 'Required role: ', el('code', {}, problem.requiredRole)));
  }
  if (problem.errorId) {
    extras.push(el('p', {}, 'Error id: ', el('code', {}, problem.errorId)));
  }
  const alert = el('div', { class: 'alert alert-error', role: 'alert', dataset: { key: key || '' } },
    el('div', { class: 'alert-head' },
      el('strong', { class: 'alert-title' }, problem.title || 'Request failed'),
      problem.status ? el('span', { class: 'alert-status' }, `HTTP ${problem.status}`) : null,
      context ? el('span', { class: 'alert-context' }, context) : null,
      el('button', { type: 'button', class: 'alert-close', aria: { label: 'Dismiss this message' },
        onclick: () => alert.remove() }, '×')),
    problem.detail ? el('p', { class: 'alert-detail' }, problem.detail) : null,
    violations.length ? el('ul', { class: 'alert-violations' },
      violations.map((v) => el('li', {}, el('code', {}, v.field || '(body)'), ': ', v.message))) : null,
    extras);
  $(region).prepend(alert);
  // Never out of sight: an error below or above the visible part of the page would go unnoticed.
  alert.scrollIntoView({ block: 'nearest' });
  return alert;
}

export function clearAlert(key) {
  for (const node of document.querySelectorAll('.alerts .alert')) {
    if (node.dataset.key === (key || '')) {
      node.remove();
    }
  }
}

export function showNotice(text, key = 'notice') {
  clearAlert(key);
  const notice = el('div', { class: 'alert alert-notice', role: 'status', dataset: { key } },
    el('div', { class: 'alert-head' }, el('span', { class: 'alert-detail' }, text),
      el('button', { type: 'button', class: 'alert-close', aria: { label: 'Dismiss this message' },
        onclick: () => notice.remove() }, '×')));
  $('#alerts').prepend(notice);
  setTimeout(() => notice.remove(), 8000);
}

// ---- confirmation dialog: a native modal <dialog> (focus stays inside; Escape cancels) ----

let dialog;

function confirmDialog() {
  if (dialog) {
    return dialog;
  }
  dialog = el('dialog', { class: 'confirm', id: 'confirm', aria: { labelledby: 'confirm-title', describedby: 'confirm-message' } },
    el('h2', { id: 'confirm-title' }),
    el('p', { id: 'confirm-message' }),
    el('label', { for: 'confirm-text', id: 'confirm-text-label' }),
    el('textarea', { id: 'confirm-text', rows: '3', maxlength: '1000' }),
    el('div', { class: 'dialog-buttons' },
      el('button', { type: 'button', class: 'secondary', id: 'confirm-cancel' }, 'Cancel'),
      el('button', { type: 'button', class: 'primary', id: 'confirm-ok' }, 'Confirm')));
  document.body.append(dialog);
  return dialog;
}

/**
 * Asks before an action. Resolves to {text} when confirmed (the optional comment or reason), null when not.
 */
/**
 * Asks for confirmation as `spec` says (see confirmAction), then runs `send` with the text typed; says `spec.done`
 * when it went through, or shows why not under `failure`.
 */
export async function confirmThen(spec, failure, send) {
  const answer = await confirmAction(spec);
  if (!answer) {
    return;
  }
  try {
    await send(answer.text);
    clearAlert('action');
    showNotice(spec.done);
  } catch (e) {
    showProblem(e, failure, 'action');
  }
}

export function confirmAction({ title, message, confirmLabel, danger = false, textLabel }) {
  const d = confirmDialog();
  d.querySelector('#confirm-title').textContent = title;
  d.querySelector('#confirm-message').textContent = message;
  const label = d.querySelector('#confirm-text-label');
  const text = d.querySelector('#confirm-text');
  label.textContent = textLabel || '';
  label.hidden = !textLabel;
  text.hidden = !textLabel;
  text.value = '';
  const ok = d.querySelector('#confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'danger' : 'primary';
  const cancel = d.querySelector('#confirm-cancel');
  return new Promise((resolve) => {
    const finish = (result) => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      d.removeEventListener('cancel', onEscape);
      if (d.open) {
        d.close();
      }
      resolve(result);
    };
    const onOk = () => finish({ text: text.hidden ? null : text.value.trim() || null });
    const onCancel = () => finish(null);
    const onEscape = (event) => {
      event.preventDefault();
      finish(null);
    };
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    d.addEventListener('cancel', onEscape);
    d.showModal();
    // Destructive actions start on Cancel, so Enter alone never cancels or rolls back a rollout.
    (textLabel ? text : danger ? cancel : ok).focus();
  });
}
