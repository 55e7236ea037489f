// Dead letters: messages whose delivery gave up; view and replay (dispatcher-service via the gateway).
import { h, clear, $, busy, fmtDateTime, shortId } from './dom.js';
import { get, post } from './api.js';
import { toast } from './toast.js';
import { label } from './shared.js';

let root;

function mount(section) {
  root = section;
  $('#dead-letters-refresh', root).addEventListener('click', load);
}

function load() {
  loadMessages();
  loadStages();
}

async function loadMessages() {
  const host = $('#dead-letters', root);
  try {
    const list = await get('/api/v1/admin/dead-letters?limit=100');
    if (!list?.length) {
      clear(host, h('p', { class: 'empty', text: 'No dead letters. Every message either went out or was refused for a reason.' }));
      return;
    }
    clear(host, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['When', 'Message', 'Channel', 'Cause', 'Error', 'Replayed', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, list.map((d) => h('tr', { testid: 'dead-letter', dataset: { id: d.id } },
        h('td', { class: 'small', text: fmtDateTime(d.at) }),
        h('td', {}, d.messageId ? h('a', { class: 'mono', href: `#logs?message=${encodeURIComponent(d.messageId)}`, title: d.messageId, text: shortId(d.messageId) }) : '–'),
        h('td', { text: d.channel || '–' }),
        h('td', { text: label(d.cause) || '–' }),
        h('td', { class: 'small', text: [d.errorCode, d.error].filter(Boolean).join(': ') || '–' }),
        h('td', { class: 'small', text: d.replayedAt ? `${fmtDateTime(d.replayedAt)}${d.replayedBy ? ` by ${d.replayedBy}` : ''}` : '–' }),
        // A dead letter replays once (the dispatcher answers 409 after that): a replayed one says so instead.
        h('td', {}, d.replayedAt ? h('span', { class: 'small muted', text: 'Replayed once' })
          : h('button', { type: 'button', class: 'btn btn--small', text: 'Replay',
            on: { click: (e) => replay(d, e.currentTarget) } })))))));
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `Dead letters are unavailable: ${e.message}` }));
    toast(`Dead letters: ${e.message}`, 'error');
  }
}

async function replay(d, button) {
  await busy(button, async () => {
    try {
      await post(`/api/v1/admin/dead-letters/${encodeURIComponent(d.id)}/replay`);
      toast(`Replaying ${shortId(d.messageId || d.id)}.`, 'success');
    } catch (e) {
      toast(`Replay failed: ${e.message}`, 'error');
    }
  });
  load();
}

// Records a stage set aside (dashboard-service): counts per stage, then the newest ones and restarts.
async function loadStages() {
  const host = $('#stage-dead-letters', root);
  try {
    const report = await get('/api/v1/admin/stage-dead-letters?limit=50');
    if (!report.deadLetters && !report.restarts) {
      clear(host, h('p', { class: 'empty', text: 'No records set aside and no restarts in the middle of a record.' }));
      return;
    }
    const rows = [
      ...report.recentDeadLetters.map((d) => h('tr', { testid: 'stage-dead-letter' },
        h('td', { class: 'small', text: fmtDateTime(d.at) }),
        h('td', { class: 'mono small', text: d.stage }),
        h('td', { class: 'mono small', text: `${d.topic} ${d.partition}@${d.offset}` }),
        h('td', { class: 'small', text: d.reason + (d.valueDropped ? ' (too large to keep)' : '') }))),
      ...report.recentRestarts.map((r) => h('tr', { testid: 'stage-restart' },
        h('td', { class: 'small', text: fmtDateTime(r.at) }),
        h('td', { class: 'mono small', text: r.service }),
        h('td', { class: 'mono small', text: `${r.partition}@${r.offset}` }),
        h('td', { class: 'small', text: `Restarted: the previous process stopped while processing this record (start ${r.starts}).` }))),
    ];
    clear(host,
      h('p', { class: 'small', text: `${report.deadLetters} set aside · ${report.restarts} restarts in the middle of a record` }),
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['When', 'Stage', 'Record', 'Reason'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, rows)));
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `Records set aside are unavailable: ${e.message}` }));
  }
}

export default { mount, show: load };
