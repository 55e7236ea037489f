// Names shared by several views.
export const FLOWS = ['abandoned_cart', 'price_drop', 'checkout_rescue', 'browse_abandonment', 'support_reply', 'manual'];
export const TIMELINE_TYPES = ['event', 'decision', 'composition', 'attempt', 'status', 'click', 'conversion', 'optout',
  'consent', 'channel', 'audit', 'erase'];

export function label(name) {
  return String(name || '').replace(/_/g, ' ');
}

export function fillSelect(select, values, { keepFirst = true, labeller = label } = {}) {
  const first = keepFirst ? select.querySelector('option') : null;
  select.replaceChildren(...(first ? [first] : []));
  for (const value of values) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = labeller(value);
    select.append(option);
  }
}
