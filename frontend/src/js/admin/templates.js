// Templates: list, edit (a save makes a new version) and history (composer-service via the gateway).
import { h, clear, $, busy, fmtDateTime } from './dom.js';
import { get, put } from './api.js';
import { toast } from './toast.js';
import { templates } from './templatelist.js';
import { label } from './shared.js';

const PLACEHOLDERS = '{product} {discount} {cta} {image} {name}';
let root;

function mount(section) {
  root = section;
  $('#templates-refresh', root).addEventListener('click', () => load(true));
}

async function load(refresh = false) {
  const host = $('#templates', root);
  try {
    const list = await templates(refresh);
    if (!list.length) {
      clear(host, h('p', { class: 'empty', text: 'No templates yet.' }));
      return;
    }
    clear(host, h('ul', { class: 'list' }, list.map((t) => h('li', { class: 'list__item', dataset: { templateId: t.id } },
      h('button', { type: 'button', class: 'list__button', on: { click: () => edit(t) } },
        h('strong', { class: 'mono', text: t.id }),
        h('span', { class: 'muted small', text: `${label(t.flow)} · variant ${t.variant} · v${t.version}` }),
        h('span', { class: 'muted small', text: t.updatedBy ? `by ${t.updatedBy}, ${fmtDateTime(t.updatedAt)}` : '' }))))));
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `Templates are unavailable: ${e.message}` }));
    toast(`Templates: ${e.message}`, 'error');
  }
}

function field(labelText, name, value, { multiline = false, max = 1024 } = {}) {
  const control = multiline
    ? h('textarea', { name, rows: 4, maxlength: max })
    : h('input', { name, maxlength: max });
  control.value = value ?? '';
  return h('label', { class: 'field' }, h('span', { class: 'field__label', text: labelText }), control);
}

function edit(t) {
  const wa = t.whatsapp || {};
  const form = h('form', { class: 'card editor', novalidate: true, dataset: { templateId: t.id } },
    h('div', { class: 'card__head' },
      h('h2', { class: 'card__title' }, 'Edit ', h('span', { class: 'mono', text: t.id }), h('span', { class: 'muted small', text: ` v${t.version}` })),
      h('button', { type: 'button', class: 'btn btn--small', text: 'History', on: { click: () => history(t.id, form) } })),
    h('p', { class: 'muted small', text: `Placeholders: ${PLACEHOLDERS}. Saving creates version ${t.version + 1}.` }),
    h('fieldset', { class: 'fieldset' }, h('legend', { text: 'WhatsApp' }),
      field('Header', 'wa.header', wa.header, { max: 60 }),
      field('Body', 'wa.body', wa.body, { multiline: true }),
      field('Footer', 'wa.footer', wa.footer, { max: 60 }),
      field('Button label', 'wa.ctaLabel', wa.ctaLabel, { max: 25 }),
      field('Image', 'wa.image', wa.image, { max: 200 }),
      field('Approved template name', 'wa.templateName', wa.templateName, { max: 100 }),
      field('Language', 'wa.language', wa.language, { max: 16 })),
    h('fieldset', { class: 'fieldset' }, h('legend', { text: 'SMS' }), field('Text', 'sms', t.sms, { multiline: true })),
    h('fieldset', { class: 'fieldset' }, h('legend', { text: 'Instagram' }), field('Text', 'instagram', t.instagram, { multiline: true })),
    h('p', { class: 'form-error', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn--primary', text: 'Save new version' })),
    h('div', { class: 'history' }));
  form.addEventListener('submit', (e) => save(e, t, form));
  clear($('#template-editor', root), form);
  form.querySelector('input, textarea').focus();
}

async function save(event, t, form) {
  event.preventDefault();
  const value = (name) => form.elements.namedItem(name).value;
  const body = {
    flow: t.flow,
    variant: t.variant,
    locale: t.locale,
    whatsapp: {
      templateName: value('wa.templateName') || null,
      language: value('wa.language') || null,
      header: value('wa.header') || null,
      image: value('wa.image') || null,
      body: value('wa.body'),
      footer: value('wa.footer') || null,
      ctaLabel: value('wa.ctaLabel') || null,
    },
    sms: value('sms'),
    instagram: value('instagram'),
    defaults: t.defaults,
  };
  const error = form.querySelector('.form-error');
  await busy(event.submitter, async () => {
    try {
      const saved = await put(`/api/v1/admin/templates/${encodeURIComponent(t.id)}`, body);
      error.hidden = true;
      toast(`Saved ${t.id} as version ${saved?.version ?? '?'}.`, 'success');
      await load(true);
      if (saved) edit(saved);
    } catch (e) {
      const problems = Array.isArray(e.problem?.problems) ? e.problem.problems : [];
      error.hidden = false;
      clear(error, problems.length ? h('ul', {}, problems.map((p) => h('li', { text: p }))) : e.message);
      toast(`Not saved: ${e.message}`, 'error');
    }
  });
}

async function history(id, form) {
  const host = form.querySelector('.history');
  try {
    const versions = await get(`/api/v1/admin/templates/${encodeURIComponent(id)}/history`);
    clear(host, h('h3', { class: 'subhead', text: 'Versions' }), h('ol', { class: 'versions' }, (versions || []).map((v) =>
      h('li', {}, h('strong', { text: `v${v.version}` }), ` ${fmtDateTime(v.updatedAt)} `,
        h('span', { class: 'muted', text: v.updatedBy ? `by ${v.updatedBy}` : '' }),
        h('p', { class: 'small muted', text: v.whatsapp?.body || v.sms || '' })))));
  } catch (e) {
    clear(host, h('p', { class: 'error', text: `History unavailable: ${e.message}` }));
    toast(`Template history: ${e.message}`, 'error');
  }
}

export default { mount, show: () => load(false) };
