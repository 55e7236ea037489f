// Remembers the UTM parameters a visit landed with (a message link carries utm_message_id), so
// the order placed later in the same tab is attributed to that message.

const KEY = 'kinara.utm.v1';
const PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_message_id'];
const MAX_LEN = 200;
let memory = null;

/** Reads UTM parameters from the landing URL into sessionStorage (a new campaign replaces the old). */
export function captureUtm(search = window.location.search) {
  const query = new URLSearchParams(search);
  const found = {};
  for (const name of PARAMS) {
    const value = query.get(name);
    if (value && value.trim()) found[name] = value.trim().slice(0, MAX_LEN);
  }
  if (Object.keys(found).length === 0) return currentUtm();
  try {
    sessionStorage.setItem(KEY, JSON.stringify(found));
  } catch {
    // Storage blocked: attribution then only works on this page view.
  }
  memory = found;
  return found;
}

/** The UTM parameters of this visit, or null. */
export function currentUtm() {
  if (memory) return memory;
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return saved && typeof saved === 'object' ? saved : null;
  } catch {
    return null;
  }
}

/** Forgets the campaign once an order has been attributed to it. */
export function clearUtm() {
  memory = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}
