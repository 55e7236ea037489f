// Small DOM helpers: build elements without innerHTML (no injection) and without inline styles (CSP).

/**
 * Creates an element. attrs: class, text, dataset {k: v}, on {event: fn}, and any other attribute.
 * children: strings, nodes, arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.entries(value).forEach(([k, v]) => { if (v !== null && v !== undefined) el.dataset[k] = v; });
    else if (key === 'on') Object.entries(value).forEach(([event, fn]) => el.addEventListener(event, fn));
    else if (key === 'testid') el.setAttribute('data-testid', value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

const numberFormat = new Intl.NumberFormat('en-IN');
export function fmtNumber(n) {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : numberFormat.format(n);
}

export function fmtPct(x, digits = 1) {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

/** A signed percentage-point difference, e.g. +3.2 pp. */
export function fmtPp(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const pp = x * 100;
  return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
}

export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });
}

export function fmtMoney(amount, currency = 'INR') {
  if (amount === null || amount === undefined) return '–';
  try {
    return new Intl.NumberFormat('en-IN', { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A short form of a long id for tables; the full id stays in the title. */
export function shortId(id) {
  if (!id) return '';
  return id.length > 14 ? `${id.slice(0, 10)}…${id.slice(-4)}` : id;
}

/** A "loading / error / empty" paragraph. */
export function note(text, kind = 'empty') {
  return h('p', { class: kind, text });
}

/** Disables a button while an async action runs. */
export async function busy(button, action) {
  if (button) { button.disabled = true; button.setAttribute('aria-busy', 'true'); }
  try {
    return await action();
  } finally {
    if (button) { button.disabled = false; button.removeAttribute('aria-busy'); }
  }
}
