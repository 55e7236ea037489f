// The real-time dashboard: metric cards, charts (Chart.js, served locally), funnel, A/B results and
// the live timeline, all updated from the SSE stream without reloading.
import { h, clear, $, $$, fmtNumber, fmtPct, fmtPp, fmtMoney, fmtTime } from './dom.js';
import { get } from './api.js';
import * as live from './live.js';
import { FLOWS, TIMELINE_TYPES, label, fillSelect } from './shared.js';
import { entryItem } from './timeline.js';
import { toast } from './toast.js';

const MAX_ENTRIES = 200;
const STEPS = ['decided', 'sent', 'delivered', 'read', 'clicked', 'converted'];
const SERIES_COLOURS = { sent: '#0f766e', delivered: '#2563eb', read: '#7c3aed', clicked: '#d9683c', converted: '#067647' };

let root;
let metrics = null;
let entries = [];
const seen = new Set();
let seriesChart = null;
let funnelChart = null;

function mount(section) {
  root = section;
  fillSelect($('#dash-flow', root), FLOWS);
  fillSelect($('#timeline-type', root), TIMELINE_TYPES);
  $('#dash-flow', root).addEventListener('change', () => metrics && render(metrics));
  $('#timeline-type', root).addEventListener('change', filterTimeline);
  live.on('metrics', render);
  live.on('timeline', add);
  initCharts();
  // The stream sends metrics on connect and on every change; while it is down (a proxy that
  // buffers, a restart), poll so the numbers still move.
  setInterval(() => { if (!live.isLive() && root.offsetParent !== null) poll(); }, 3000);
  setTimeout(() => { if (!metrics && root.offsetParent !== null) poll(); }, 1500);
}

function flowOf() {
  return $('#dash-flow', root).value;
}

// With a flow chosen, the cards show that flow's counts: the stream's unfiltered report only
// signals a change, and the filtered one is fetched, at most one request at a time.
let fetching = false;
let again = false;
async function refetch() {
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  try {
    render(await get(`/api/v1/dashboard/metrics?flow=${encodeURIComponent(flowOf())}`));
  } catch (e) {
    clear($('#funnel', root), h('p', { class: 'error', text: `Metrics are unavailable: ${e.message}` }));
  } finally {
    fetching = false;
    if (again) {
      again = false;
      refetch();
    }
  }
}

async function poll() {
  try {
    render(await get(`/api/v1/dashboard/metrics${flowOf() ? `?flow=${encodeURIComponent(flowOf())}` : ''}`));
    ((await get('/api/v1/admin/logs?limit=50')) || []).reverse().forEach(add);
  } catch (e) {
    if (!metrics) clear($('#funnel', root), h('p', { class: 'error', text: `Metrics are unavailable: ${e.message}` }));
  }
}

function initCharts() {
  const Chart = window.Chart;
  if (!Chart) {
    $$('.chart', root).forEach((c) => { c.hidden = true; });
    $$('.chart-fallback', root).forEach((p) => { p.hidden = false; });
    return;
  }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#4b5563';
  seriesChart = new Chart($('#chart-series', root), {
    type: 'line',
    data: {
      labels: [],
      datasets: Object.entries(SERIES_COLOURS).map(([key, colour]) => ({
        label: label(key), data: [], borderColor: colour, backgroundColor: colour, tension: 0.3, pointRadius: 0, borderWidth: 2,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 8 } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
  funnelChart = new Chart($('#chart-funnel', root), {
    type: 'bar',
    data: { labels: STEPS.map(label), datasets: [{ label: 'messages', data: [], backgroundColor: '#0f766e', borderRadius: 6 }] },
    options: {
      animation: { duration: 250 },
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  });
}

function render(report) {
  metrics = report;
  for (const el of $$('[data-metric]', root)) {
    const value = report[el.dataset.metric];
    const text = fmtCount(value);
    if (el.textContent !== text) {
      el.textContent = text;
      el.classList.remove('is-changed');
      void el.offsetWidth;
      el.classList.add('is-changed');
    }
  }
  $('#metric-revenue', root).textContent = report.revenue ? fmtMoney(report.revenue) : '';
  const causes = Object.entries(report.fallbackCauses || {}).map(([c, n]) => `${label(c)} ${n}`).join(' · ');
  $('#metric-causes', root).textContent = causes;
  const flow = $('#dash-flow', root).value;
  renderFunnel(report.funnel || [], flow);
  renderExperiments(report.experiments || [], flow);
  updateCharts(report, flow);
  setAsideSoon();
}

// Records set aside by a stage are not part of the metrics stream; they are fetched with the
// metrics, at most every ten seconds.
let setAsideAt = 0;
async function setAsideSoon() {
  if (Date.now() - setAsideAt < 10_000) return;
  setAsideAt = Date.now();
  try {
    const report = await get('/api/v1/admin/stage-dead-letters?limit=1');
    $('#metric-set-aside', root).textContent = fmtCount(report.deadLetters);
    $('#metric-restarts', root).textContent = report.restarts ? `${report.restarts} restarts mid-record` : '';
  } catch (e) {
    $('#metric-restarts', root).textContent = 'unavailable';
  }
}

// The text of a metric card is the bare number (the browser test reads it), without separators.
function fmtCount(value) {
  return value === undefined || value === null ? '0' : String(value);
}

function renderFunnel(rows, flow) {
  const shown = rows.filter((r) => !flow || r.flow === flow);
  const host = $('#funnel', root);
  if (!shown.length) {
    clear(host, h('p', { class: 'empty', text: 'No messages yet.' }));
    return;
  }
  clear(host, h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Flow' }), h('th', { scope: 'col', text: 'Channel' }),
      STEPS.map((s) => h('th', { scope: 'col', class: 'num', text: label(s) })))),
    h('tbody', {}, shown.map((r) => h('tr', { class: r.channel === 'all' ? 'row--total' : '', dataset: { flow: r.flow, channel: r.channel } },
      h('th', { scope: 'row', text: label(r.flow) }),
      h('td', { text: r.channel }),
      STEPS.map((s) => h('td', { class: 'num' },
        h('span', { text: fmtNumber(r[s]) }),
        s !== 'decided' ? h('span', { class: 'rate', text: fmtPct(r.rates?.[s]) }) : null)))))));
}

function renderExperiments(experiments, flow) {
  const shown = experiments.filter((e) => !flow || e.flow === flow);
  const host = $('#experiments', root);
  if (!shown.length) {
    clear(host, h('p', { class: 'empty', text: 'No experiment data yet.' }));
    return;
  }
  clear(host, ...shown.map((experiment) => {
    const uplift = new Map((experiment.uplift || []).map((u) => [u.arm, u]));
    return h('div', { class: 'experiment', dataset: { flow: experiment.flow } },
      h('h3', { class: 'experiment__title', text: label(experiment.flow) }),
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['Arm', 'Users', 'Conversions', 'Rate', 'Uplift vs holdout', 'Relative', '95% CI', '']
          .map((t, i) => h('th', { scope: 'col', class: i > 0 && i < 7 ? 'num' : '', text: t })))),
        h('tbody', {}, experiment.arms.map((arm) => {
          const u = uplift.get(arm.arm);
          const holdout = arm.arm === 'holdout';
          return h('tr', { dataset: { arm: arm.arm } },
            h('th', { scope: 'row' }, arm.arm, holdout ? h('span', { class: 'badge badge--quiet', text: 'control' }) : null),
            h('td', { class: 'num', text: fmtNumber(arm.users) }),
            h('td', { class: 'num', text: fmtNumber(arm.conversions) }),
            h('td', { class: 'num', text: fmtPct(arm.rate) }),
            h('td', { class: `num ${u ? (u.absolute >= 0 ? 'pos' : 'neg') : ''}`, text: u ? fmtPp(u.absolute) : '–' }),
            h('td', { class: 'num', text: u && u.relative !== null && u.relative !== undefined ? fmtPct(u.relative) : '–' }),
            h('td', { class: 'num', text: u ? `[${fmtPp(u.ci95[0])}, ${fmtPp(u.ci95[1])}]` : '–' }),
            h('td', {}, u && !u.enoughData ? h('span', { class: 'badge badge--warn', text: 'not enough data' })
              : u && (u.ci95[0] > 0 || u.ci95[1] < 0) ? h('span', { class: 'badge badge--good', text: 'significant' }) : null));
        }))));
  }));
}

function updateCharts(report, flow) {
  if (seriesChart && report.series) {
    seriesChart.data.labels = report.series.minutes.map((m) => fmtTime(m).slice(0, 5));
    seriesChart.data.datasets.forEach((dataset, i) => {
      dataset.data = report.series.counts[Object.keys(SERIES_COLOURS)[i]] || [];
    });
    seriesChart.update('none');
  }
  if (funnelChart) {
    const totals = (report.funnel || []).filter((r) => r.channel === 'all' && (!flow || r.flow === flow));
    funnelChart.data.datasets[0].data = STEPS.map((s) => totals.reduce((sum, r) => sum + (r[s] || 0), 0));
    funnelChart.update();
  }
}

function add(entry) {
  if (seen.has(entry.id)) return;
  seen.add(entry.id);
  // The dashboard's own erase confirmation: the server has taken the user out of its timeline,
  // so the entries this page received before are swapped for the server's scrubbed copies.
  if (entry.type === 'erase' && entry.details && entry.details.service === 'dashboard-service') rescrub();
  entries.unshift(entry);
  entries.sort((a, b) => b.id - a.id);
  if (entries.length > MAX_ENTRIES) {
    entries.slice(MAX_ENTRIES).forEach((e) => seen.delete(e.id));
    entries = entries.slice(0, MAX_ENTRIES);
  }
  const type = $('#timeline-type', root).value;
  if (type && entry.type !== type) return;
  const list = $('#timeline', root);
  const item = entryItem(entry);
  item.classList.add('is-new');
  const newer = Array.from(list.children).find((li) => Number(li.dataset.id) < entry.id);
  list.insertBefore(item, newer || null);
  while (list.children.length > MAX_ENTRIES) list.lastElementChild.remove();
  $('#timeline-empty', root).hidden = true;
}

async function rescrub() {
  try {
    const fresh = new Map(((await get(`/api/v1/admin/logs?limit=${MAX_ENTRIES}`)) || []).map((e) => [e.id, e]));
    entries = entries.map((e) => fresh.get(e.id) || e);
    await filterTimeline();
  } catch (e) {
    // Offline for a moment: the next reload shows the scrubbed entries.
  }
}

// The entries of the chosen type as the server has them: the page holds only the newest of all
// types, so a filter on what was loaded would miss older clicks or conversions.
let ofType = [];

async function filterTimeline() {
  const type = $('#timeline-type', root).value;
  ofType = [];
  if (type) {
    try {
      ofType = (await get(`/api/v1/admin/logs?limit=${MAX_ENTRIES}&type=${encodeURIComponent(type)}`)) || [];
    } catch (e) {
      toast(`Couldn’t load the ${type} entries: ${e.message}`, 'error');
    }
  }
  renderTimeline();
}

function renderTimeline() {
  const type = $('#timeline-type', root).value;
  const byId = new Map();
  [...(type ? ofType : []), ...entries].filter((e) => !type || e.type === type).forEach((e) => byId.set(e.id, e));
  const shown = [...byId.values()].sort((a, b) => b.id - a.id).slice(0, MAX_ENTRIES);
  clear($('#timeline', root), shown.map((e) => entryItem(e)));
  $('#timeline-empty', root).hidden = shown.length > 0;
}

export default { mount, show() { seriesChart?.resize(); funnelChart?.resize(); } };
