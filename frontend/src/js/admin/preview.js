// Preview a template for a product and user: WhatsApp card, SMS text and Instagram, side by side.
import { h, clear, $, busy } from './dom.js';
import { post } from './api.js';
import { toast } from './toast.js';
import { fillTemplateSelect } from './templatelist.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
let root;

function mount(section) {
  root = section;
  $('#preview-form', root).addEventListener('submit', render);
}

/** Only same-origin images: the CSP allows no other host, and a broken image looks worse than none. */
function image(url, alt, cls) {
  if (!url || !(url.startsWith('/') || url.startsWith(location.origin))) return null;
  return h('img', { class: cls, src: url, alt, loading: 'lazy' });
}

function safeLink(url) {
  try {
    const u = new URL(url, location.origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}

async function render(event) {
  event.preventDefault();
  const body = { templateId: $('#preview-template', root).value };
  const productId = $('#preview-product', root).value.trim();
  const userId = $('#preview-user', root).value.trim();
  if (!body.templateId) {
    toast('Pick a template first.', 'error');
    return;
  }
  if ((productId && !ID.test(productId)) || (userId && !ID.test(userId))) {
    toast('Ids are 1–64 letters, digits, _ or -.', 'error');
    return;
  }
  if (productId) body.productId = productId;
  if (userId) body.userId = userId;
  const host = $('#preview-result', root);
  await busy(event.submitter, async () => {
    try {
      const m = await post('/api/v1/admin/preview', body);
      const card = m?.whatsapp?.card || {};
      const sms = m?.sms || {};
      const ig = m?.instagram || {};
      clear(host,
        h('article', { class: 'phone phone--wa', 'aria-label': 'WhatsApp preview' },
          h('header', { class: 'phone__bar', text: 'WhatsApp' }),
          h('div', { class: 'phone__screen' },
            h('div', { class: 'wa-bubble' },
              image(card.imageUrl, card.header || 'Product image', 'wa-bubble__img'),
              card.header ? h('strong', { class: 'wa-bubble__header', text: card.header }) : null,
              h('p', { class: 'wa-bubble__body', text: card.body || '' }),
              card.footer ? h('p', { class: 'wa-bubble__footer', text: card.footer }) : null,
              card.ctaUrl ? h('a', { class: 'wa-bubble__cta', href: safeLink(card.ctaUrl), target: '_blank', rel: 'noopener', text: card.ctaLabel || 'Open' }) : null))),
        h('article', { class: 'phone phone--sms', 'aria-label': 'SMS preview' },
          h('header', { class: 'phone__bar', text: 'SMS' }),
          h('div', { class: 'phone__screen' },
            h('p', { class: 'sms-bubble', text: sms.text || '(no SMS rendition)' }),
            h('p', { class: 'muted small', text: `${sms.encoding || '?'} · ${sms.segments ?? '?'} segment(s) · ${sms.characters ?? '?'} characters` }))),
        h('article', { class: 'phone phone--ig', 'aria-label': 'Instagram preview' },
          h('header', { class: 'phone__bar', text: 'Instagram (preview only)' }),
          h('div', { class: 'phone__screen' },
            h('div', { class: 'ig-bubble' },
              image(ig.imageUrl, 'Product image', 'ig-bubble__img'),
              h('p', { text: ig.text || '(no Instagram rendition)' }),
              ig.ctaUrl ? h('a', { href: safeLink(ig.ctaUrl), target: '_blank', rel: 'noopener', text: ig.ctaLabel || 'Open' }) : null))));
      toast('Preview rendered.', 'success');
    } catch (e) {
      clear(host, h('p', { class: 'error', text: `Preview failed: ${e.message}` }));
      toast(`Preview failed: ${e.message}`, 'error');
    }
  });
}

export default { mount, show() { fillTemplateSelect($('#preview-template', root)); } };
