// Users: search by id or masked phone, consent with its proof, history, revoke and delete with the
// per-service erase confirmations (consent-service through the gateway; history from the dashboard).
import { h, clear, $, busy, fmtDateTime, shortId } from './dom.js';
import { get, post, del } from './api.js';
import { toast } from './toast.js';
import { entryItem } from './timeline.js';

const QUERY = /^[A-Za-z0-9._:-]{0,64}$/;
const POLL_MS = 1000;
const POLL_LIMIT = 120;
let root;
let polling = null;

function mount(section) {
  root = section;
  $('#user-search-form', root).addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });
}

async function search() {
  const query = $('#user-search', root).value.trim();
  const host = $('#user-results', root);
  if (!QUERY.test(query)) {
    clear(host, h('p', { class: 'form-error', text: 'Search with up to 64 letters, digits, ".", "_", ":" or "-".' }));
    return;
  }
  clear(host, h('p', { class: 'empty', text: 'Searching…' }));
  try {
    const answer = await get(`/api/v1/admin/users?query=${encodeURIComponent(query)}`);
    const users = answer?.users || [];
    if (!users.length) {
      clear(host, h('p', { class: 'empty', text: query ? `No user matches "${query}".` : 'No users yet.' }));
      return;
    }
    clear(host, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['User', 'Phone', 'Status', 'WhatsApp', 'SMS', 'Preferred', 'Updated', 'Actions']
        .map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, users.map(row))),
    answer.truncated ? h('p', { class: 'muted small', text: 'More users match; refine the search.' }) : null);
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `Search failed: ${e.message}` }));
    toast(`User search failed: ${e.message}`, 'error');
  }
}

function yesNo(value) {
  if (value === undefined || value === null) return h('span', { class: 'muted', text: '–' });
  return h('span', { class: value ? 'yes' : 'no', text: value ? 'yes' : 'no' });
}

function row(user) {
  const deleted = user.status === 'deleted';
  const tr = h('tr', { testid: 'user-row', dataset: { userId: user.userId, status: user.status } },
    h('td', {}, h('button', { type: 'button', class: 'link mono', title: user.userId, text: shortId(user.userId),
      on: { click: () => details(user.userId) } })),
    h('td', { class: 'mono', text: user.maskedPhone || '–' }),
    h('td', {}, h('span', { class: `status status--${user.status}`, testid: 'user-status', text: user.status })),
    h('td', {}, yesNo(user.consent?.whatsapp)),
    h('td', {}, yesNo(user.consent?.sms)),
    h('td', { text: user.preferredChannel || '–' }),
    h('td', { class: 'small', text: fmtDateTime(user.updatedAt) }),
    h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn--small', testid: 'user-revoke', disabled: deleted || user.status === 'revoked',
        text: 'Revoke', on: { click: (e) => revoke(user, e.currentTarget, tr) } }),
      h('button', { type: 'button', class: 'btn btn--small btn--danger', testid: 'user-delete', disabled: deleted,
        text: 'Delete', on: { click: (e) => remove(user, e.currentTarget, tr) } }),
      deleted && user.requestId ? h('button', { type: 'button', class: 'btn btn--small', text: 'Erase status',
        on: { click: () => confirmations(user.requestId, user.userId) } }) : null));
  return tr;
}

function setStatus(tr, status) {
  tr.dataset.status = status;
  const badge = tr.querySelector('[data-testid="user-status"]');
  badge.textContent = status;
  badge.className = `status status--${status}`;
  tr.querySelector('[data-testid="user-revoke"]').disabled = status !== 'opted_in';
  tr.querySelector('[data-testid="user-delete"]').disabled = status === 'deleted';
}

async function revoke(user, button, tr) {
  await busy(button, async () => {
    try {
      const updated = await post(`/api/v1/admin/users/${encodeURIComponent(user.userId)}/revoke`, {});
      setStatus(tr, updated?.status || 'revoked');
      toast(`Consent revoked for ${shortId(user.userId)}.`, 'success');
    } catch (e) {
      toast(`Revoke failed: ${e.message}`, 'error');
    }
  });
  tr.querySelector('[data-testid="user-revoke"]').disabled = tr.dataset.status !== 'opted_in';
}

async function remove(user, button, tr) {
  await busy(button, async () => {
    try {
      const answer = await del(`/api/v1/admin/users/${encodeURIComponent(user.userId)}`);
      setStatus(tr, 'deleted');
      toast(`Deleting ${shortId(user.userId)}: waiting for every service to confirm.`, 'info');
      confirmations(answer?.requestId, user.userId);
    } catch (e) {
      toast(`Delete failed: ${e.message}`, 'error');
    }
  });
  tr.querySelector('[data-testid="user-delete"]').disabled = tr.dataset.status === 'deleted';
}

/** Shows which services confirmed the erase, polling until all have. */
function confirmations(requestId, userId) {
  clearTimeout(polling);
  const host = $('#user-detail', root);
  if (!requestId) {
    clear(host, h('p', { class: 'error', text: 'The delete was accepted but no request id came back.' }));
    return;
  }
  const list = h('ul', { class: 'acks' });
  const status = h('p', { class: 'muted', text: 'Waiting for confirmations…' });
  clear(host, h('article', { class: 'card', testid: 'erase-confirmations', dataset: { requestId } },
    h('h2', { class: 'card__title' }, 'Erase confirmations ', h('span', { class: 'muted small mono', text: requestId })),
    h('p', { class: 'small muted', text: `User ${userId} — every service holding data about them erases it and confirms.` }),
    status, list));
  let polls = 0;
  const poll = async () => {
    polls += 1;
    try {
      const request = await get(`/api/v1/admin/privacy-requests/${encodeURIComponent(requestId)}`);
      const services = request?.services || [];
      clear(list, services.map((s) => h('li', {
        class: `ack ${s.confirmed ? 'ack--done' : 'ack--pending'}`,
        testid: s.confirmed ? 'erase-ack' : null,
        dataset: { service: s.service, confirmed: String(Boolean(s.confirmed)) },
      }, h('span', { class: 'ack__mark', 'aria-hidden': 'true', text: s.confirmed ? '✓' : '…' }),
      h('span', { text: s.service }),
      h('span', { class: 'muted small', text: s.confirmed ? fmtDateTime(s.at) : 'pending' }))));
      const done = services.filter((s) => s.confirmed).length;
      if (request?.complete) {
        status.textContent = `All ${services.length} services confirmed the erase.`;
        status.className = 'ok';
        toast('Every service confirmed the erase.', 'success');
        return;
      }
      status.textContent = `${done} of ${services.length} services confirmed…`;
    } catch (e) {
      status.textContent = `Could not read the erase status: ${e.message}`;
      if (e.status === 401 || e.status === 403) return;
    }
    if (polls < POLL_LIMIT) polling = setTimeout(poll, POLL_MS);
    else status.textContent += ' (stopped checking; reopen to check again)';
  };
  poll();
}

async function details(userId) {
  clearTimeout(polling);
  const host = $('#user-detail', root);
  clear(host, h('p', { class: 'empty', text: 'Loading…' }));
  try {
    const [user, history] = await Promise.all([
      get(`/api/v1/admin/users/${encodeURIComponent(userId)}`),
      get(`/api/v1/admin/logs?userId=${encodeURIComponent(userId)}&limit=50`).catch(() => []),
    ]);
    const proof = user?.proof || {};
    clear(host, h('article', { class: 'card', dataset: { userId } },
      h('h2', { class: 'card__title' }, 'User ', h('span', { class: 'mono', text: userId })),
      h('dl', { class: 'facts' },
        h('dt', { text: 'Status' }), h('dd', { text: user?.status || '–' }),
        h('dt', { text: 'Phone' }), h('dd', { class: 'mono', text: user?.maskedPhone || '–' }),
        h('dt', { text: 'Region / time zone' }), h('dd', { text: [user?.regionCode, user?.timeZone].filter(Boolean).join(' · ') || '–' }),
        h('dt', { text: 'Preferred channel' }), h('dd', { text: user?.preferredChannel || '–' }),
        h('dt', { text: 'Updated' }), h('dd', { text: fmtDateTime(user?.updatedAt) || '–' })),
      h('h3', { class: 'subhead', text: 'Consent proof' }),
      h('div', { class: 'grid grid--2' }, ['whatsapp', 'sms'].map((channel) => proofCard(channel, proof[channel]))),
      h('h3', { class: 'subhead', text: 'History' }),
      history?.length ? h('ol', { class: 'timeline timeline--static' }, history.map((e) => entryItem(e, { testid: 'history-entry' })))
        : h('p', { class: 'empty', text: 'No recent activity on the timeline.' })));
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `Could not load ${userId}: ${e.message}` }));
    toast(`User details: ${e.message}`, 'error');
  }
}

function proofCard(channel, proof) {
  if (!proof) return h('div', { class: 'proof' }, h('strong', { text: channel }), h('p', { class: 'muted', text: 'No consent record.' }));
  return h('div', { class: 'proof' }, h('strong', { text: channel }),
    h('dl', { class: 'facts' }, Object.entries(proof).map(([k, v]) => [
      h('dt', { text: k }), h('dd', { text: typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v) })])));
}

export default {
  mount,
  show() {
    if (!$('#user-results', root).querySelector('table')) search();
  },
  hide() { clearTimeout(polling); },
};
