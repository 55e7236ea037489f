// The template list, loaded once and shared by the preview and force-send forms.
import { get } from './api.js';

let cache = null;

export async function templates(refresh = false) {
  if (!cache || refresh) {
    cache = get('/api/v1/admin/templates').then((list) => (Array.isArray(list) ? list : []))
      .catch((e) => {
        cache = null;
        throw e;
      });
  }
  return cache;
}

/** Fills a select with template ids; leaves a text hint when templates cannot be loaded. */
export async function fillTemplateSelect(select) {
  const previous = select.value;
  try {
    const list = await templates();
    select.replaceChildren(...list.map((t) => {
      const option = document.createElement('option');
      option.value = t.id;
      option.textContent = `${t.id} · ${String(t.flow || '').replace(/_/g, ' ')} · ${t.variant || ''} v${t.version}`;
      return option;
    }));
    if (!list.length) select.append(new Option('No templates', ''));
    if (previous) select.value = previous;
  } catch (e) {
    select.replaceChildren(new Option('Templates unavailable', ''));
  }
}
