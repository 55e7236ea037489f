// Renders timeline entries (live timeline, logs, user history) the same way everywhere.
import { h, fmtTime, shortId } from './dom.js';

/** How a user the dashboard was asked to erase is shown (the API says `erased` or `redacted`). */
export const ERASED_USER = 'erased user';

export function entryItem(entry, { testid = 'timeline-entry' } = {}) {
  return h('li', { class: `entry entry--${entry.type}`, testid, dataset: { type: entry.type, id: entry.id } },
    h('time', { class: 'entry__time', datetime: entry.at, title: entry.at, text: fmtTime(entry.at) }),
    h('span', { class: `badge badge--${entry.type}`, text: entry.type }),
    h('span', { class: 'entry__summary', text: entry.summary || '' }),
    h('span', { class: 'entry__meta' },
      entry.userId === 'erased' ? h('span', { class: 'muted', text: ERASED_USER })
        : entry.userId ? h('span', { class: 'mono', title: entry.userId, text: shortId(entry.userId) }) : null,
      entry.maskedPhone ? h('span', { class: 'mono', text: entry.maskedPhone }) : null,
      entry.messageId ? h('a', { class: 'mono', href: `#logs?message=${encodeURIComponent(entry.messageId)}`,
        title: `Journey of ${entry.messageId}`, text: shortId(entry.messageId) }) : null));
}
