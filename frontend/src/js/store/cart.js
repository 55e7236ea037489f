// The cart: product ids and quantities, kept in localStorage so it survives a reload.

import { productById } from './catalog.js';

const KEY = 'kinara.cart.v1';
const MAX_QTY = 20;
const MAX_LINES = 50;
const listeners = new Set();
let lines = [];

/** Reads the saved cart, dropping products the catalog no longer has. */
export function loadCart() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || '[]');
    lines = Array.isArray(saved)
      ? saved
          .filter((l) => l && typeof l.id === 'string' && productById(l.id))
          .map((l) => ({ id: l.id, qty: clamp(Number(l.qty) || 1) }))
          .slice(0, MAX_LINES)
      : [];
  } catch {
    lines = [];
  }
  notify();
}

export function onCartChange(fn) {
  listeners.add(fn);
}

/** The lines with their products and line totals. */
export function cartLines() {
  return lines.map((l) => {
    const product = productById(l.id);
    return { product, qty: l.qty, total: product.price * l.qty };
  });
}

export function cartCount() {
  return lines.reduce((sum, l) => sum + l.qty, 0);
}

export function cartTotal() {
  return cartLines().reduce((sum, l) => sum + l.total, 0);
}

export function quantityOf(id) {
  const line = lines.find((l) => l.id === id);
  return line ? line.qty : 0;
}

/** Adds `qty` of a product; returns how many were actually added (the line is capped). */
export function addToCart(id, qty = 1) {
  const line = lines.find((l) => l.id === id);
  if (line) {
    const before = line.qty;
    line.qty = clamp(line.qty + qty);
    save();
    return line.qty - before;
  }
  if (lines.length >= MAX_LINES) return 0;
  lines.push({ id, qty: clamp(qty) });
  save();
  return clamp(qty);
}

/** Sets a line's quantity (0 removes it); returns the previous quantity. */
export function setQuantity(id, qty) {
  const line = lines.find((l) => l.id === id);
  if (!line) return 0;
  const before = line.qty;
  if (qty <= 0) lines = lines.filter((l) => l.id !== id);
  else line.qty = clamp(qty);
  save();
  return before;
}

export function clearCart() {
  lines = [];
  save();
}

export const CART_MAX_QTY = MAX_QTY;

function clamp(qty) {
  return Math.max(1, Math.min(MAX_QTY, Math.floor(qty)));
}

function save() {
  try {
    localStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // Private mode or a full quota: the cart still works for this page view.
  }
  notify();
}

function notify() {
  for (const fn of listeners) fn();
}
