import { el } from './ui.js';

/**
 * Choosing instances on the scale set's update-domain x fault-domain grid, as vmsseditor users do: a row header
 * (an update domain), a column header (a fault domain) or single cells. Clicking a header whose instances are all
 * chosen lets them go again. Works from the keyboard: headers and cells take the focus and answer Enter and Space.
 * The grid is redrawn in place while the page lives, so `refresh()` marks the choice again after every draw.
 */
export class GridSelection {
  constructor(container, onChange) {
    this.container = container;
    this.onChange = onChange;
    this.chosen = new Set();
    container.addEventListener('click', (event) => this.pick(event.target));
    container.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.pick(event.target);
      }
    });
  }

  /** The chosen instance IDs, in numeric order. */
  ids() {
    return [...this.chosen].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  }

  clear() {
    this.chosen.clear();
    this.refresh();
  }

  /** Makes headers and cells choosable and marks the chosen cells; drops IDs no longer in the scale set. */
  refresh() {
    const present = new Set();
    for (const cell of this.container.querySelectorAll('li.cell')) {
      const id = cell.dataset.instanceId;
      present.add(id);
      cell.tabIndex = 0;
      cell.setAttribute('role', 'button');
      cell.setAttribute('aria-pressed', String(this.chosen.has(id)));
      cell.classList.toggle('chosen', this.chosen.has(id));
    }
    for (const id of [...this.chosen]) {
      if (!present.has(id)) {
        this.chosen.delete(id);
      }
    }
    const headers = [...this.container.querySelectorAll('tbody th[scope=row]'), ...this.container.querySelectorAll('thead th')]
      .filter((th) => this.cellsOf(th).length);
    for (const th of headers) {
      th.tabIndex = 0;
      th.classList.add('choosable');
      th.title = `Choose every instance in ${th.textContent.trim()}`;
    }
    this.onChange(this.ids());
  }

  pick(target) {
    const cell = target.closest('li.cell');
    const header = target.closest('th');
    const cells = cell ? [cell] : header ? this.cellsOf(header) : [];
    if (!cells.length) {
      return;
    }
    const ids = cells.map((c) => c.dataset.instanceId);
    const allChosen = ids.every((id) => this.chosen.has(id));
    ids.forEach((id) => (allChosen ? this.chosen.delete(id) : this.chosen.add(id)));
    this.refresh();
  }

  /** A row header's cells, or a column header's (the cells in that column of every row). */
  cellsOf(th) {
    if (th.getAttribute('scope') === 'row') {
      return [...th.parentElement.querySelectorAll('li.cell')];
    }
    const column = th.cellIndex;
    if (column < 1) {
      return [];
    }
    return [...this.container.querySelectorAll('tbody tr')].flatMap((tr) => (tr.cells[column]
      ? [...tr.cells[column].querySelectorAll('li.cell')] : []));
  }
}

/** "3 instances chosen: 4, 9, 14" with its buttons, or a hint while none is. */
export function selectionBar(ids, onPreview, onClear) {
  if (!ids.length) {
    return [el('span', { class: 'muted' }, 'Choose an update domain (row), a fault domain (column) or single VMs to preview a rollout of exactly those.')];
  }
  return [
    el('span', { id: 'chosen-count' }, `${ids.length} instance${ids.length === 1 ? '' : 's'} chosen: ${ids.join(', ')}`),
    el('button', { type: 'button', class: 'primary', id: 'preview-chosen', onclick: onPreview }, 'Preview a rollout of these'),
    el('button', { type: 'button', class: 'secondary', id: 'clear-chosen', onclick: onClear }, 'Clear'),
  ];
}
