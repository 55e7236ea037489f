// Toast notifications: one for every action, success or failure. Announced politely to screen readers.
import { h } from './dom.js';

const DURATION = { success: 4000, info: 4000, error: 7000 };

export function toast(message, kind = 'info') {
  const host = document.getElementById('toasts');
  if (!host) return;
  // The × is drawn by CSS so the toast's text is only its message.
  const close = h('button', { type: 'button', class: 'toast__close', 'aria-label': 'Dismiss' });
  const el = h('div', { class: `toast toast--${kind}`, testid: 'toast', dataset: { kind }, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast__text', text: message }), close);
  const remove = () => {
    el.classList.add('is-leaving');
    setTimeout(() => el.remove(), 200);
  };
  close.addEventListener('click', remove);
  host.append(el);
  requestAnimationFrame(() => el.classList.add('is-in'));
  // One at a time: the newest replaces the last, so the bar never grows over the page.
  while (host.children.length > 1) host.firstElementChild.remove();
  setTimeout(remove, DURATION[kind] || 4000);
}

export const ok = (message) => toast(message, 'success');
export const fail = (message) => toast(message, 'error');
export const info = (message) => toast(message, 'info');
