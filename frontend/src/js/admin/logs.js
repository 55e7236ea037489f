// Logs: the filterable timeline (delivery and audit entries), a message's journey with timings,
// and the hash-chained audit log with its verification (dashboard-service via the gateway).
import { h, clear, $, busy, fmtDateTime, fmtTime, shortId } from './dom.js';
import { get } from './api.js';
import { toast } from './toast.js';
import { TIMELINE_TYPES, fillSelect, label } from './shared.js';
import { entryItem, ERASED_USER } from './timeline.js';

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
let root;

function mount(section) {
  root = section;
  fillSelect($('#logs-type', root), TIMELINE_TYPES);
  $('#logs-form', root).addEventListener('submit', (e) => { e.preventDefault(); filter(e.submitter); });
  $('#journey-form', root).addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $('#journey-id', root).value.trim();
    if (id) location.hash = `#logs?message=${encodeURIComponent(id)}`;
  });
  $('#audit-refresh', root).addEventListener('click', audit);
  $('#audit-verify', root).addEventListener('click', (e) => verify(e.currentTarget));
}

async function filter(button) {
  const params = new URLSearchParams();
  const type = $('#logs-type', root).value;
  const userId = $('#logs-user', root).value.trim();
  const messageId = $('#logs-message', root).value.trim();
  const limit = Number($('#logs-limit', root).value || 100);
  if ((userId && !ID.test(userId)) || (messageId && !ID.test(messageId))) {
    toast('Ids are letters, digits, ".", "_", ":" or "-".', 'error');
    return;
  }
  if (!(limit >= 1 && limit <= 500)) {
    toast('Limit is 1 to 500.', 'error');
    return;
  }
  if (type) params.set('type', type);
  if (userId) params.set('userId', userId);
  if (messageId) params.set('messageId', messageId);
  params.set('limit', String(limit));
  const host = $('#logs-result', root);
  await busy(button, async () => {
    try {
      const entries = await get(`/api/v1/admin/logs?${params}`);
      clear(host, entries?.length
        ? h('ol', { class: 'timeline timeline--static' }, entries.map((e) => entryItem(e, { testid: 'log-entry' })))
        : h('p', { class: 'empty', text: 'No entries match.' }));
    } catch (e) {
      clear(host, h('p', { class: 'error', text: `Logs are unavailable: ${e.message}` }));
      toast(`Logs: ${e.message}`, 'error');
    }
  });
}

async function journey(messageId) {
  const host = $('#journey-result', root);
  $('#journey-id', root).value = messageId;
  if (!ID.test(messageId)) {
    clear(host, h('p', { class: 'form-error', text: 'Not a message id.' }));
    return;
  }
  clear(host, h('p', { class: 'empty', text: 'Loading the journey…' }));
  try {
    const j = await get(`/api/v1/admin/messages/${encodeURIComponent(messageId)}`);
    clear(host, h('article', { class: 'card', testid: 'journey', dataset: { messageId } },
      h('h2', { class: 'card__title' }, 'Journey of ', h('span', { class: 'mono', text: messageId }),
        h('span', { class: 'muted small', text: ` ${label(j.flow)} · ${j.totalMs ?? 0} ms end to end` })),
      h('ol', { class: 'journey' }, (j.steps || []).map((s) => h('li', { class: `journey__step journey__step--${s.step}`, testid: 'journey-step', dataset: { step: s.step } },
        h('span', { class: `badge badge--${s.step}`, text: s.step }),
        h('div', { class: 'journey__body' },
          h('p', { class: 'journey__summary', text: s.summary || '' }),
          h('p', { class: 'muted small' },
            h('time', { datetime: s.at, title: s.at, text: fmtTime(s.at) }),
            s.channel ? ` · ${s.channel}` : '',
            s.sincePreviousMs !== null && s.sincePreviousMs !== undefined ? ` · +${s.sincePreviousMs} ms` : '',
            ` · ${s.sinceStartMs ?? 0} ms from start`),
          s.details && Object.keys(s.details).length ? h('details', {},
            h('summary', { text: 'details' }),
            h('dl', { class: 'facts' }, Object.entries(s.details).map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]))) : null))))));
  } catch (e) {
    clear(host, h('p', { class: e.status === 404 ? 'empty' : 'error',
      text: e.status === 404 ? `No journey is known for ${messageId} (yet).` : `Journey unavailable: ${e.message}` }));
    toast(e.status === 404 ? `No journey for ${messageId}.` : `Journey: ${e.message}`, e.status === 404 ? 'info' : 'error');
  }
}

async function audit() {
  const host = $('#audit-result', root);
  try {
    const links = await get('/api/v1/admin/audit?limit=100');
    if (!links?.length) {
      clear(host, h('p', { class: 'empty', text: 'No audit entries yet.' }));
      return;
    }
    clear(host, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['#', 'When', 'Who', 'Action', 'Subject', 'User', 'Outcome', 'Service', 'Hash'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, links.map((l) => {
        const e = l.entry || {};
        return h('tr', { testid: 'audit-entry', dataset: { seq: l.seq } },
          h('td', { class: 'num', text: l.seq }),
          h('td', { class: 'small', text: fmtDateTime(e.at) }),
          h('td', { text: e.actor || '–' }),
          h('td', { text: e.action || '–' }),
          h('td', { class: 'mono small', text: e.subject || '–' }),
          auditUser(l),
          h('td', { text: e.outcome || '–' }),
          h('td', { class: 'small', text: e.service || '–' }),
          h('td', { class: 'mono small', title: `prev ${l.prevHash}\nhash ${l.hash}`, text: `${String(l.hash).slice(0, 10)}…` }));
      }))));
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `Audit log unavailable: ${e.message}` }));
    toast(`Audit log: ${e.message}`, 'error');
  }
}

// A redacted link still counts in the chain; only who it was about is gone.
function auditUser(link) {
  if (link.redacted) return h('td', { class: 'muted small', testid: 'audit-user', text: ERASED_USER });
  if (!link.userId) return h('td', { testid: 'audit-user', text: '–' });
  return h('td', { class: 'mono small', testid: 'audit-user', title: link.userId, text: shortId(link.userId) });
}

async function verify(button) {
  const result = $('#audit-verify-result', root);
  await busy(button, async () => {
    try {
      const v = await get('/api/v1/admin/audit/verify');
      result.dataset.valid = String(Boolean(v.valid));
      result.className = `result ${v.valid ? 'ok' : 'error'}`;
      result.textContent = v.valid
        ? `Chain verified: ${v.entries} entries, every hash matches (checked ${fmtDateTime(new Date().toISOString())}).`
        : `Chain broken at entry #${v.firstBadEntry} of ${v.entries}: that entry or its link was changed.`;
      toast(v.valid ? 'Audit chain verified.' : `Audit chain broken at entry #${v.firstBadEntry}.`, v.valid ? 'success' : 'error');
    } catch (e) {
      result.className = 'result error';
      result.textContent = `Verification failed: ${e.message}`;
      toast(`Verify chain: ${e.message}`, 'error');
    }
  });
}

export default {
  mount,
  show(params) {
    audit();
    const message = params?.get('message');
    if (message) journey(message);
  },
};
