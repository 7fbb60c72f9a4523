import { getJson, pages, paths } from './api.js';
import { currentUser } from './session.js';
import { $, el, showProblem } from './ui.js';

// /dashboard/calendars and /dashboard/calendars/{name}: the calendars, and one calendar's days as rollouts obey them.
// The open and frozen spans come from the API (the same arithmetic the rollout workflow uses); this page only draws
// them, in the calendar's own time zone.
const selected = decodeURIComponent(location.pathname.split('/')[3] || '');
const HOUR_MARKS = [0, 6, 12, 18, 24];
let firstDay = new URLSearchParams(location.search).get('from');

function windowsText(calendar) {
  if (!calendar.windows.length) {
    return 'any time (no windows)';
  }
  return calendar.windows.map((w) => `${w.days.map((d) => d[0] + d.slice(1, 3).toLowerCase()).join(', ')} ${w.start}-${w.end}`).join('; ');
}

function scopeText(calendar) {
  return calendar.defaultFor.map((s) => s.resourceGroup ? `${s.subscriptionId}/${s.resourceGroup}` : s.subscriptionId).join(', ');
}

function calendarRow(calendar) {
  const link = el('a', { href: pages.calendar(calendar.name) }, calendar.name);
  if (calendar.name === selected) {
    link.setAttribute('aria-current', 'page');
  }
  return el('tr', { dataset: { calendar: calendar.name } },
    el('td', {}, link),
    el('td', {}, calendar.timeZone),
    el('td', {}, windowsText(calendar)),
    el('td', {}, String(calendar.freezes.length)),
    el('td', {}, scopeText(calendar)));
}

async function loadCalendars() {
  const calendars = await getJson(paths.calendars);
  $('#calendars tbody').replaceChildren(...(calendars.length ? calendars.map(calendarRow)
    : [el('tr', {}, el('td', { colspan: '5', class: 'muted' }, 'No calendars yet.'))]));
  return calendars;
}

/** hh:mm in the calendar's zone; 24:00 for a span that runs to the end of its day. */
function localTime(instant, zone, dayEnd) {
  if (dayEnd && instant.getTime() === dayEnd.getTime()) {
    return '24:00';
  }
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

function dayLabel(date) {
  // The date as the calendar names it; noon UTC keeps it on the same day in every zone.
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** Positions through the CSSOM: the dashboard's content security policy refuses style attributes. */
function placed(node, leftPercent, widthPercent) {
  node.style.left = `${leftPercent}%`;
  if (widthPercent !== undefined) {
    node.style.width = `${widthPercent}%`;
  }
  return node;
}

/** The spans cut to one day, as bars placed by the share of the day's real length (23 or 25 hours when clocks change). */
function bars(spans, day, zone, kind, describe) {
  const start = new Date(day.start);
  const end = new Date(day.end);
  const length = end - start;
  return spans.flatMap((span) => {
    const from = new Date(Math.max(new Date(span.start), start));
    const to = new Date(Math.min(new Date(span.end), end));
    if (from >= to) {
      return [];
    }
    const text = `${describe(span)} ${localTime(from, zone, end)}-${localTime(to, zone, end)}`;
    const bar = el('span', {
      class: `span span-${kind}`, title: text, aria: { label: text }, dataset: { start: from.toISOString(), end: to.toISOString() },
    });
    return [placed(bar, (100 * (from - start)) / length, (100 * (to - from)) / length)];
  });
}

function dayRow(day, availability, now) {
  const zone = availability.timeZone;
  const track = el('div', { class: 'day-track' },
    bars(availability.open, day, zone, 'open', () => 'open'),
    bars(availability.freezes, day, zone, 'frozen', (f) => `frozen (${f.reason})`));
  if (now >= new Date(day.start) && now < new Date(day.end)) {
    const share = (100 * (now - new Date(day.start))) / (new Date(day.end) - new Date(day.start));
    track.append(placed(el('span', { class: 'now-marker', title: `now, ${localTime(now, zone)}` }), share));
  }
  return el('div', { class: 'day', dataset: { date: day.date } },
    el('span', { class: 'day-label' }, dayLabel(day.date)), track);
}

function hourAxis() {
  return el('div', { class: 'day day-axis', aria: { hidden: 'true' } }, el('span', { class: 'day-label' }),
    el('div', { class: 'day-track' }, HOUR_MARKS.map((h) => placed(el('span', { class: 'hour-mark' },
      `${String(h).padStart(2, '0')}:00`), (100 * h) / 24))));
}

async function loadWeek() {
  const query = new URLSearchParams({ days: '7' });
  if (firstDay) {
    query.set('from', firstDay);
  }
  const availability = await getJson(`${paths.calendarAvailability(selected)}?${query}`);
  firstDay = availability.days[0].date;
  const last = availability.days[availability.days.length - 1].date;
  $('#week-heading').textContent = `${selected}: ${dayLabel(firstDay)} to ${dayLabel(last)} (${availability.timeZone})`;
  const now = new Date();
  $('#week').replaceChildren(hourAxis(), ...availability.days.map((day) => dayRow(day, availability, now)));
  $('#week-freezes').replaceChildren(...(availability.freezes.length ? availability.freezes.map((f) => el('li', {},
    `${f.reason}: ${new Date(f.start).toLocaleString('en-GB', { timeZone: availability.timeZone })} to `
      + `${new Date(f.end).toLocaleString('en-GB', { timeZone: availability.timeZone })} (${availability.timeZone})`))
    : [el('li', { class: 'muted' }, 'none')]));
  $('#week-card').hidden = false;
}

function shiftDays(date, days) {
  const shifted = new Date(`${date}T12:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + days);
  return shifted.toISOString().slice(0, 10);
}

async function showWeek(from) {
  firstDay = from;
  const url = new URL(location.href);
  if (from) {
    url.searchParams.set('from', from);
  } else {
    url.searchParams.delete('from');
  }
  history.replaceState(null, '', url);
  try {
    await loadWeek();
  } catch (e) {
    showProblem(e, 'Reading the calendar failed', 'week');
  }
}

async function main() {
  try {
    await currentUser();
    const calendars = await loadCalendars();
    const name = selected || (calendars[0] && calendars[0].name);
    if (!selected && name) {
      location.replace(pages.calendar(name));
      return;
    }
    if (selected) {
      $('#previous-week').addEventListener('click', () => showWeek(shiftDays(firstDay, -7)));
      $('#next-week').addEventListener('click', () => showWeek(shiftDays(firstDay, 7)));
      $('#this-week').addEventListener('click', () => showWeek(null));
      await loadWeek();
    }
  } catch (e) {
    showProblem(e, 'Reading the calendars failed');
  }
}

main();
