// Modals (with focus trap, Escape, backdrop close and focus return) and toasts, shared by every
// storefront feature. Visibility is toggled with `hidden` and classes only (the CSP forbids inline styles).

import { h } from './dom.js';

const stack = [];
const TRANSITION_MS = 220;
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** A modal overlay (`.modal` with a `.modal-panel`); `onClose` runs whenever it closes. */
export class Modal {
  constructor(root, { onClose, initialFocus } = {}) {
    this.root = root;
    this.panel = root.querySelector('.modal-panel');
    this.onClose = onClose;
    this.initialFocus = initialFocus;
    this.returnFocus = null;
    this.hideTimer = null;
    root.addEventListener('click', (event) => {
      const closer = event.target.closest('[data-close]');
      if (closer && root.contains(closer)) this.close();
    });
  }

  get isOpen() {
    return stack.includes(this);
  }

  open() {
    if (this.isOpen) return;
    clearTimeout(this.hideTimer);
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
    this.root.hidden = false;
    // Read layout once so the class change below starts the transition from the closed state.
    void this.root.offsetWidth;
    this.root.classList.add('is-open');
    stack.push(this);
    document.body.classList.add('has-modal');
    // A dialog that shows its own toasts starts clean: earlier ones would float over it.
    if (this.root.querySelector('[data-toast-host]')) document.getElementById('toasts')?.replaceChildren();
    const target = (this.initialFocus && this.panel.querySelector(this.initialFocus)) || focusables(this.panel)[0] || this.panel;
    if (target === this.panel) this.panel.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }

  close() {
    const index = stack.indexOf(this);
    if (index < 0) return;
    stack.splice(index, 1);
    this.root.classList.remove('is-open');
    this.hideTimer = setTimeout(() => {
      if (!this.isOpen) this.root.hidden = true;
    }, TRANSITION_MS);
    if (stack.length === 0) document.body.classList.remove('has-modal');
    const back = this.returnFocus;
    if (back && document.contains(back) && !back.closest('[hidden]')) back.focus({ preventScroll: true });
    else if (stack.length) stack[stack.length - 1].panel.focus({ preventScroll: true });
    else if (this.root.contains(document.activeElement)) {
      // Opened without a trigger (first visit, a landing link): continue from the top of the page.
      const start = document.querySelector('.brand');
      if (start) start.focus({ preventScroll: true });
      else document.activeElement.blur();
    }
    if (this.onClose) this.onClose();
  }
}

function focusables(container) {
  return [...container.querySelectorAll(FOCUSABLE)].filter((el) => !el.closest('[hidden]') && el.getClientRects().length > 0);
}

document.addEventListener('keydown', (event) => {
  const top = stack[stack.length - 1];
  if (!top) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    top.close();
    return;
  }
  if (event.key !== 'Tab') return;
  const items = focusables(top.panel);
  if (items.length === 0) {
    event.preventDefault();
    top.panel.focus();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (!top.panel.contains(active)) {
    event.preventDefault();
    first.focus();
  } else if (event.shiftKey && (active === first || active === top.panel)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
});

// Keep focus inside the top modal even when it moves there by mouse or script.
document.addEventListener('focusin', (event) => {
  const top = stack[stack.length - 1];
  if (top && !top.root.contains(event.target) && !event.target.closest('.toasts')) {
    (focusables(top.panel)[0] || top.panel).focus({ preventScroll: true });
  }
});

const MAX_TOASTS = 3;
const TOAST_MS = { success: 3800, info: 3800, error: 6500 };

/** Shows a short notification; kind is success, error or info. */
export function toast(message, kind = 'info') {
  // An open dialog with a place for them takes its toasts in its own layout, where they cover nothing.
  const region = document.querySelector('.modal:not([hidden]) [data-toast-host]') || document.getElementById('toasts');
  // Toasts never take clicks (they sit over buttons on small screens) and dismiss themselves.
  const node = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', dataset: { testid: 'toast', kind } },
    h('span', { class: 'toast-dot', 'aria-hidden': 'true' }),
    h('p', { class: 'toast-text', text: message }));
  const dismiss = () => {
    node.classList.remove('is-in');
    setTimeout(() => node.remove(), TRANSITION_MS);
  };
  region.append(node);
  const most = region.id === 'toasts' ? MAX_TOASTS : 2;
  while (region.children.length > most) region.firstElementChild.remove();
  requestAnimationFrame(() => node.classList.add('is-in'));
  setTimeout(dismiss, TOAST_MS[kind] || TOAST_MS.info);
  return node;
}

const running = new WeakSet();

/**
 * Marks a button busy while a promise runs, so double clicks do not send twice. The button is not
 * disabled (that would drop keyboard focus); clicks are ignored until the work ends.
 */
export async function busy(button, work, busyLabel) {
  if (running.has(button) || button.disabled) return undefined;
  running.add(button);
  button.classList.add('is-busy');
  button.setAttribute('aria-busy', 'true');
  const labelNode = busyLabel ? [...button.childNodes].reverse().find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()) : null;
  const original = labelNode ? labelNode.textContent : null;
  if (labelNode) labelNode.textContent = ` ${busyLabel}`;
  try {
    return await work();
  } finally {
    running.delete(button);
    button.classList.remove('is-busy');
    button.removeAttribute('aria-busy');
    if (labelNode) labelNode.textContent = original;
  }
}
