/**
 * A wave's metric analysis, made readable: per check, a small chart of each sample's value against the threshold it
 * had to meet (a constant, or the baseline times a factor), the points coloured by verdict, and the same in words.
 */
import { el } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 220;
const HEIGHT = 64;
const PAD = 8;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, String(value));
  }
  return node;
}

/** The value a condition compares with: `< 0.05` gives 0.05, `<= baseline * 1.5` gives 1.5 x the baseline. */
export function thresholdOf(condition, baseline) {
  const match = /^\s*(?:<=|>=|<|>|==|!=)\s*(baseline\s*\*\s*)?(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$/.exec(condition || '');
  if (!match) {
    return null;
  }
  const number = Number(match[2]);
  if (!match[1]) {
    return number;
  }
  return baseline === null || baseline === undefined ? null : baseline * number;
}

function format(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return 'no value';
  }
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

function chart(samples) {
  const values = samples.flatMap((m) => [m.value, thresholdOf(m.condition, m.baseline)])
    .filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  const low = Math.min(0, ...values);
  const high = Math.max(...values, low + 1e-9);
  const x = (i) => PAD + (samples.length === 1 ? (WIDTH - 2 * PAD) / 2 : i * (WIDTH - 2 * PAD) / (samples.length - 1));
  const y = (v) => HEIGHT - PAD - (v - low) / (high - low) * (HEIGHT - 2 * PAD);
  const root = svg('svg', { class: 'analysis-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT,
    role: 'img', 'aria-hidden': 'true' });
  const thresholds = samples.map((m, i) => [i, thresholdOf(m.condition, m.baseline)]).filter(([, t]) => t !== null);
  if (thresholds.length) {
    root.append(svg('polyline', { class: 'analysis-threshold', fill: 'none', 'stroke-dasharray': '4 3',
      points: (thresholds.length === 1 ? [[0, thresholds[0][1]], [samples.length - 1 || 1, thresholds[0][1]]] : thresholds)
        .map(([i, t]) => `${samples.length === 1 ? (i === 0 ? PAD : WIDTH - PAD) : x(i)},${y(t)}`).join(' ') }));
  }
  const measured = samples.map((m, i) => [i, m.value]).filter(([, v]) => v !== null && v !== undefined);
  if (measured.length > 1) {
    root.append(svg('polyline', { class: 'analysis-line', fill: 'none',
      points: measured.map(([i, v]) => `${x(i)},${y(v)}`).join(' ') }));
  }
  samples.forEach((m, i) => {
    const known = m.value !== null && m.value !== undefined;
    root.append(svg('circle', { class: `analysis-point verdict-${(m.verdict || 'inconclusive').toLowerCase()}`,
      cx: x(i), cy: known ? y(m.value) : HEIGHT - PAD, r: 3.5 }));
  });
  return root;
}

/** One check: its chart and a line per sample saying the value, the threshold and the verdict with its reason. */
function checkBlock(check, samples) {
  return el('figure', { class: 'analysis-check', dataset: { check } },
    chart(samples),
    el('figcaption', {},
      el('strong', {}, `${check}`), ` (${samples[0].provider}, ${samples[0].condition})`,
      el('ol', { class: 'analysis-samples' }, ...samples.map((m) => el('li',
        { class: `verdict-${(m.verdict || 'inconclusive').toLowerCase()}`, dataset: { verdict: m.verdict } },
        `${m.verdict}: ${format(m.value)}`,
        thresholdOf(m.condition, m.baseline) === null ? '' : ` against ${format(thresholdOf(m.condition, m.baseline))}`,
        m.baseline === null || m.baseline === undefined ? '' : ` (baseline ${format(m.baseline)})`,
        m.reason ? ` — ${m.reason}` : '')))));
}

/** The measurements as one chart per check, or null when there are none; `attributes` go on the block. */
export function analysisBlock(measurements, attributes = {}) {
  if (!measurements || !measurements.length) {
    return null;
  }
  const byCheck = new Map();
  for (const m of measurements) {
    byCheck.set(m.check, [...(byCheck.get(m.check) || []), m]);
  }
  return el('div', { class: 'analysis', ...attributes },
    ...[...byCheck.entries()].map(([check, samples]) => checkBlock(check, samples)));
}
