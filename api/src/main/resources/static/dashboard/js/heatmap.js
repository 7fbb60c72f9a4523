import { el, humanize, waveNumber } from './ui.js';

/** Where an instance stands in a rollout: the heatmap's colours (InstanceState in the API). */
export const ROLLOUT_STATES = {
  PENDING: { cls: 'state-pending', label: 'pending' },
  UPGRADING: { cls: 'state-upgrading', label: 'upgrading' },
  HEALTHY: { cls: 'state-healthy', label: 'upgraded and healthy' },
  UNHEALTHY: { cls: 'state-unhealthy', label: 'unhealthy' },
  FAILED: { cls: 'state-failed', label: 'failed' },
  SKIPPED: { cls: 'state-skipped', label: 'skipped (already on the target image)' },
  ROLLED_BACK: { cls: 'state-rolled-back', label: 'rolled back' },
  DELETED: { cls: 'state-stopped', label: 'deleted from the scale set during the rollout' },
};

/** What a scale set's instance is doing now, as Azure reports it (the scale set page). */
export const INSTANCE_CONDITIONS = {
  LATEST: { cls: 'state-healthy', label: 'latest model, healthy' },
  LATEST_UNKNOWN: { cls: 'state-unknown', label: 'latest model, health unknown' },
  OUTDATED: { cls: 'state-pending', label: 'not on the latest model' },
  UPDATING: { cls: 'state-upgrading', label: 'updating or starting' },
  UNHEALTHY: { cls: 'state-unhealthy', label: 'unhealthy' },
  STOPPED: { cls: 'state-stopped', label: 'stopped or deallocated' },
};

const ALL_CLASSES = [...new Set([...Object.values(ROLLOUT_STATES), ...Object.values(INSTANCE_CONDITIONS)].map((s) => s.cls)),
  'state-outside'];

export function renderLegend(list, states) {
  list.replaceChildren(...Object.values(states).map((s) =>
    el('li', {}, el('span', { class: `swatch ${s.cls}`, aria: { hidden: 'true' } }), s.label)));
}

/** Updates one cell in place (so it keeps its identity while the page lives); creates it when missing. */
function cell(existing, id, state, label) {
  const node = existing || el('li', { class: 'cell', dataset: { instanceId: id } }, id);
  if (node.dataset.state !== state.key) {
    node.classList.remove(...ALL_CLASSES);
    node.classList.add(state.cls);
    node.dataset.state = state.key;
  }
  node.setAttribute('aria-label', label);
  node.title = label;
  return node;
}

function cellsInto(list, cells) {
  const existing = new Map([...list.children].map((node) => [node.dataset.instanceId, node]));
  const wanted = cells.map((c) => cell(existing.get(c.id), c.id, c.state, c.label));
  const same = wanted.length === list.children.length && wanted.every((node, i) => list.children[i] === node);
  if (!same) {
    list.replaceChildren(...wanted);
  }
}

function rowsInto(container, rows, headers) {
  let table = container.querySelector('table.heatmap');
  if (!table) {
    table = el('table', { class: 'heatmap' }, headers ? el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))) : null,
      el('tbody'));
    container.replaceChildren(table);
  }
  const body = table.tBodies[0];
  const existing = new Map([...body.rows].map((row) => [row.dataset.row, row]));
  const wanted = rows.map((row) => {
    let tr = existing.get(row.key);
    if (!tr) {
      tr = el('tr', { dataset: { row: row.key } }, el('th', { scope: 'row' }), ...row.groups.map(() => el('td', {}, el('ul', { class: 'cells' }))));
    }
    tr.cells[0].replaceChildren(...row.header);
    row.groups.forEach((cells, i) => cellsInto(tr.cells[i + 1].firstChild, cells));
    if (row.cls !== undefined) {
      tr.className = row.cls;
    }
    return tr;
  });
  if (wanted.length !== body.rows.length || wanted.some((tr, i) => body.rows[i] !== tr)) {
    body.replaceChildren(...wanted);
  }
}

function waveCells(wave, total) {
  return wave.instances.map((i) => {
    const s = ROLLOUT_STATES[i.state] || { cls: 'state-pending', label: humanize(i.state) };
    return { id: i.instanceId, state: { key: i.state, cls: s.cls },
      label: `Instance ${i.instanceId}, wave ${waveNumber(wave)} of ${total}: ${s.label}` };
  });
}

/** A rollout's heatmap: one row per wave (per update domain for the update-domain strategy), one cell per VM. */
export function renderRolloutHeatmap(container, rollout) {
  const total = rollout.waves.length;
  const rows = rollout.waves.map((wave) => ({
    key: `wave-${wave.index}`,
    cls: `wave-${wave.state.toLowerCase().replaceAll('_', '-')}`,
    header: [el('span', { class: 'row-title' }, `Wave ${waveNumber(wave)}`), el('span', { class: 'row-label' }, wave.label),
      el('span', { class: 'row-state' }, humanize(wave.state))],
    groups: [waveCells(wave, total)],
  }));
  if (rollout.skipped && rollout.skipped.length) {
    rows.push({
      key: 'skipped', cls: 'wave-skipped',
      header: [el('span', { class: 'row-title' }, 'Skipped'), el('span', { class: 'row-label' }, 'already on the target image')],
      groups: [rollout.skipped.map((id) => ({ id, state: { key: 'SKIPPED', cls: ROLLOUT_STATES.SKIPPED.cls },
        label: `Instance ${id}: ${ROLLOUT_STATES.SKIPPED.label}` }))],
    });
  }
  if (!rows.length) {
    container.replaceChildren(el('p', { class: 'muted' }, 'The waves are planned once the worker has read the scale set.'));
    return;
  }
  rowsInto(container, rows);
}

/** Waves a preview would run: the same rows, every instance pending. */
export function renderPlannedWaves(container, waves) {
  rowsInto(container, waves.map((wave) => ({
    key: `wave-${wave.index}`,
    header: [el('span', { class: 'row-title' }, `Wave ${waveNumber(wave)}`), el('span', { class: 'row-label' }, wave.label),
      el('span', { class: 'row-state' }, `${wave.instanceIds.length} instance${wave.instanceIds.length === 1 ? '' : 's'}`)],
    groups: [wave.instanceIds.map((id) => ({ id, state: { key: 'PENDING', cls: ROLLOUT_STATES.PENDING.cls },
      label: `Instance ${id}: upgraded in wave ${waveNumber(wave)}` }))],
  })));
}

export function condition(instance) {
  if (instance.updating || instance.power === 'STARTING') {
    return 'UPDATING';
  }
  if (instance.power === 'STOPPED' || instance.power === 'DEALLOCATED') {
    return 'STOPPED';
  }
  if (instance.health === 'UNHEALTHY') {
    return 'UNHEALTHY';
  }
  if (!instance.latestModelApplied) {
    return 'OUTDATED';
  }
  return instance.health === 'HEALTHY' ? 'LATEST' : 'LATEST_UNKNOWN';
}

/**
 * Instances as the update-domain x fault-domain grid vmsseditor users know: one row per update domain (per zone and
 * update domain when the scale set has zones), one column per fault domain, every VM a cell in its square, coloured
 * by `look(instance, where)` -> {key, cls, label}. Cells are recoloured in place while the columns stay the same.
 */
function renderGrid(container, instances, look) {
  const zoned = instances.some((i) => i.zone);
  const rowOf = (i) => (zoned ? `${i.zone ?? '-'}|${i.updateDomain}` : `${i.updateDomain}`);
  const rowKeys = [...new Map(instances.map((i) => [rowOf(i), i])).values()]
    .sort((a, b) => String(a.zone ?? '').localeCompare(String(b.zone ?? '')) || a.updateDomain - b.updateDomain);
  const fds = [...new Set(instances.map((i) => i.faultDomain))].sort((a, b) => a - b);
  const byId = (a, b) => Number(a.instanceId) - Number(b.instanceId) || a.instanceId.localeCompare(b.instanceId);
  const grouped = new Map();
  for (const i of instances) {
    const key = `${rowOf(i)}|${i.faultDomain}`;
    grouped.set(key, [...(grouped.get(key) || []), i]);
  }
  const rows = rowKeys.map((first) => {
    const ud = first.updateDomain;
    const zone = zoned ? first.zone : null;
    const inRow = instances.filter((i) => rowOf(i) === rowOf(first));
    return {
      key: zoned ? `zone-${zone ?? 'none'}-ud-${ud}` : `ud-${ud}`,
      header: [el('span', { class: 'row-title' }, zoned ? `Zone ${zone ?? '-'} · UD ${ud}` : `UD ${ud}`),
        el('span', { class: 'row-label' }, `${inRow.length} VMs`)],
      groups: fds.map((fd) => (grouped.get(`${rowOf(first)}|${fd}`) || []).sort(byId).map((i) => {
        const where = `update domain ${ud}, fault domain ${fd}${i.zone ? `, zone ${i.zone}` : ''}`;
        const state = look(i, where);
        return { id: i.instanceId, state: { key: state.key, cls: state.cls }, label: state.label };
      })),
    };
  });
  if (!rows.length) {
    container.replaceChildren(el('p', { class: 'muted' }, 'The scale set has no instances.'));
    return;
  }
  const columns = fds.join(',');
  if (container.dataset.columns !== columns) {
    container.replaceChildren();
    container.dataset.columns = columns;
  }
  rowsInto(container, rows, ['', ...fds.map((fd) => `FD ${fd}`)]);
}

/** The scale set as Azure reports it now (the scale set page). */
export function renderDomainGrid(container, instances) {
  renderGrid(container, instances, (i, where) => {
    const key = condition(i);
    const image = i.image ? `; image ${i.image.version || i.image.id || i.image.osDiskImageUri || ''}` : '';
    return { key, cls: INSTANCE_CONDITIONS[key].cls,
      label: `Instance ${i.instanceId} (${where}): ${INSTANCE_CONDITIONS[key].label}${image}` };
  });
}

/** Instances of the scale set that this rollout leaves alone (not in its waves, not skipped). */
export const OUTSIDE_ROLLOUT = { cls: 'state-outside', label: 'not in this rollout' };

/**
 * A rollout's instances on the scale set's update-domain x fault-domain grid, coloured by the rollout's
 * per-instance state; `instances` gives each VM's domains (read once: they do not change during a rollout).
 */
export function renderRolloutDomainGrid(container, instances, rollout) {
  const total = rollout.waves.length;
  const inRollout = new Map();
  rollout.waves.forEach((wave) => wave.instances.forEach((i) => inRollout.set(i.instanceId, { state: i.state, wave })));
  (rollout.skipped || []).forEach((id) => inRollout.set(id, { state: 'SKIPPED', wave: null }));
  renderGrid(container, instances, (i, where) => {
    const found = inRollout.get(i.instanceId);
    if (!found) {
      return { key: 'OUTSIDE', cls: OUTSIDE_ROLLOUT.cls, label: `Instance ${i.instanceId} (${where}): ${OUTSIDE_ROLLOUT.label}` };
    }
    const s = ROLLOUT_STATES[found.state] || { cls: 'state-pending', label: humanize(found.state) };
    const wave = found.wave ? `, wave ${waveNumber(found.wave)} of ${total}` : '';
    return { key: found.state, cls: s.cls, label: `Instance ${i.instanceId} (${where})${wave}: ${s.label}` };
  });
}
