// The message preview panel: asks for an abandoned-cart preview, shows it as WhatsApp, SMS and
// Instagram would, sends it (simulated), then follows the shopper's messages live. While the
// shopper's number waits for confirmation, the phones show the "Reply YES" message with a YES chip
// that answers it as the phone's owner would: through the provider sandbox's inbound webhook.

import { api } from './api.js';
import { h, icon, ICONS } from './dom.js';
import { Modal, toast, busy } from './ui.js';
import { currentProfile, isPending, refreshProfile } from './consent.js';

const POLL_MS = 1000;
const PLACEHOLDER_IMAGE = '/img/products/placeholder.svg';
const MAX_SHOWN = 20;
const $ = (id) => document.getElementById(id);

const REASONS = {
  no_consent: 'no consent for WhatsApp or SMS',
  consent_revoked: 'consent was revoked',
  revoked: 'consent was revoked',
  whatsapp_paused: 'WhatsApp is paused',
  sms_paused: 'SMS is paused',
  channel_paused: 'the channel is paused',
  all_channels_paused: 'every channel is paused',
  frequency_cap: 'frequency cap reached — we don’t message too often',
  quiet_hours: 'quiet hours — it will go out later',
  holdout: 'this shopper is in the holdout group, which gets no message by design',
  empty_cart: 'the cart is empty',
  cart_empty: 'the cart is empty',
  no_cart: 'the cart is empty',
  user_deleted: 'this profile was deleted',
  unknown_user: 'this profile is unknown',
  preview_expired: 'the preview expired — trigger it again',
  already_sent: 'this preview was already sent',
  demo_disabled: 'the demo helpers are turned off',
  hold_expired: 'the held message expired before consent arrived',
  composer_unavailable: 'the message composer is unavailable — try again in a moment',
  not_on_whatsapp: 'this number is not on WhatsApp',
  provider_rejected: 'the provider refused the message',
  provider_unavailable: 'the provider is unavailable',
  circuit_open: 'the provider is failing, so it is paused for a moment',
  retries_exhausted: 'the provider kept failing',
  delivery_ttl_expired: 'WhatsApp did not confirm delivery in time',
  marketing_limited: 'WhatsApp limited marketing messages to this number',
};
const STATUS_LABEL = {
  preview: 'Preview', queued: 'Queued', sent: 'Sent', delivered: 'Delivered', read: 'Read',
  failed: 'Failed', cancelled: 'Cancelled', blocked: 'Blocked', fallback: 'Sent by SMS instead',
};
const CHANNEL_LABEL = { whatsapp: 'WhatsApp', sms: 'SMS', instagram: 'Instagram' };
const CONFIRMATION_FLOW = 'opt_in_confirmation';
const FLOW_LABEL = { opt_in_confirmation: 'Confirm your number', abandoned_cart: 'Abandoned cart', price_drop: 'Price drop', checkout_rescue: 'Checkout rescue', browse_abandonment: 'Browse abandonment', support_reply: 'Support reply' };

let modal;
let preview = null;
let blocked = null;
let sentId = null;
let messages = [];
let pollTimer = null;
let polling = false;

export function initPreview() {
  modal = new Modal($('preview-modal'), { onClose: stopPolling });
  $('trigger-abandoned-cart').addEventListener('click', (event) => busy(event.currentTarget, triggerAbandonedCart, 'Preparing preview…'));
  $('send-simulate').addEventListener('click', (event) => busy(event.currentTarget, sendSimulated, 'Sending…'));
  $('open-messages').addEventListener('click', openMessages);
  document.addEventListener('consent:pending', openMessages);
}

/** Opens the panel on the shopper's messages (the latest one in the phones) without a new preview. */
function openMessages() {
  render();
  modal.open();
  startPolling();
}

async function triggerAbandonedCart() {
  sentId = null;
  blocked = null;
  preview = null;
  $('preview-send-result').textContent = '';
  try {
    preview = await api('POST', '/api/v1/me/flows/abandoned-cart/preview', {});
  } catch (error) {
    if (error.network) {
      toast(`Couldn’t prepare the preview: ${error.message}`, 'error');
      return;
    }
    // A refused preview still opens the panel, so the reason is visible (once) where the message would be.
    blocked = { reason: error.reason, detail: error.message };
  }
  render();
  if (!modal.isOpen) modal.open();
  // A preview that cannot go says why in the reason line; a toast would say it twice.
  if (preview && outcomeOf(preview) === 'SEND') toast('Preview ready — this is what we would send.', 'success');
  startPolling();
}

async function sendSimulated() {
  if (!preview || !preview.previewId) {
    toast('Trigger a preview first.', 'info');
    return;
  }
  try {
    const answer = await api('POST', '/api/v1/me/flows/abandoned-cart/send', { previewId: preview.previewId });
    sentId = answer && answer.messageId ? answer.messageId : null;
    blocked = null;
    toast('On its way to your phone. Watch the ticks.', 'success');
  } catch (error) {
    if (error.network) {
      toast(`Couldn’t send it: ${sentence(error.message)}`, 'error');
    } else {
      // The reason line says why, once.
      blocked = { reason: error.reason, detail: error.message };
    }
  }
  render();
  pollNow();
}

function startPolling() {
  stopPolling();
  polling = true;
  $('live-dot').hidden = false;
  pollNow();
}

function stopPolling() {
  polling = false;
  clearTimeout(pollTimer);
  const dot = $('live-dot');
  if (dot) dot.hidden = true;
}

let inFlight = false;

async function pollNow() {
  clearTimeout(pollTimer);
  // One request at a time: a poll asked for while one runs is simply the next tick.
  if (!polling || inFlight) return;
  inFlight = true;
  if (!document.hidden) {
    try {
      const list = await api('GET', '/api/v1/me/messages');
      messages = Array.isArray(list) ? list : Array.isArray(list && list.messages) ? list.messages : [];
      $('live-dot').classList.remove('is-stale');
      render();
    } catch {
      // Keep the last known list; the dot shows the feed is not live right now.
      $('live-dot').classList.add('is-stale');
    }
  }
  inFlight = false;
  if (polling) pollTimer = setTimeout(pollNow, POLL_MS);
}

function outcomeOf(p) {
  const decision = p && p.decision;
  return decision && decision.outcome ? String(decision.outcome).toUpperCase() : 'SEND';
}

// A server's message as a sentence: capitalised, ending in a full stop.
function sentence(text) {
  const trimmed = String(text || '').trim();
  if (!trimmed) return 'Something went wrong.';
  return capitalise(/[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`);
}

function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function reasonText(reason, fallback) {
  return REASONS[reason] || fallback || (reason ? reason.replaceAll('_', ' ') : 'no reason given');
}

// The one line that says what the engine decided and why.
function reasonLine() {
  const shown = sentMessage();
  if (blocked) return { state: 'blocked', text: `Can’t be sent now: ${reasonText(blocked.reason, sentence(blocked.detail))}` };
  if (shown && shown.fallback) {
    return { state: 'fallback', text: `Sent by ${CHANNEL_LABEL[shown.fallback.to] || shown.fallback.to} instead of ${CHANNEL_LABEL[shown.fallback.from] || shown.fallback.from}: ${reasonText(shown.fallback.cause)}` };
  }
  if (shown && (shown.status === 'blocked' || shown.status === 'cancelled')) {
    const attempts = Array.isArray(shown.attempts) ? shown.attempts : [];
    const cause = shown.reason || shown.cause || (attempts.length ? attempts[attempts.length - 1].cause : null);
    return { state: 'blocked', text: `${STATUS_LABEL[shown.status]}: ${reasonText(cause, 'the message did not go out')}` };
  }
  if (shown && shown.flow === CONFIRMATION_FLOW && isPending(currentProfile())) {
    return { state: 'info', text: 'Confirm your number: tap YES on the phone to answer the message, as you would on your own phone.' };
  }
  if (sentId && shown) return { state: 'ok', text: `Your message · ${STATUS_LABEL[shown.status] || 'Queued'}` };
  if (!preview) return { state: 'info', text: shown ? `Your latest message · ${STATUS_LABEL[shown.status] || shown.status || 'Queued'}` : 'No messages yet — open your cart and trigger a preview.' };
  const decision = preview.decision || {};
  const outcome = outcomeOf(preview);
  // Shoppers read why in plain words; the engine's own explanation is for admins (admin preview).
  if (outcome === 'HOLD' || outcome === 'SUPPRESS') {
    return { state: 'blocked', text: `Can’t be sent now: ${reasonText(decision.reason, 'messages are paused for you')}` };
  }
  const plan = planOf();
  const route = plan.length ? ` It goes by ${plan.map((c) => CHANNEL_LABEL[c] || c).join(', then by ')}.` : '';
  return { state: 'ok', text: `Ready to send: your cart is waiting.${route}` };
}

function planOf() {
  const plan = (preview && (preview.channelPlan || (preview.decision && preview.decision.channelPlan))) || [];
  return Array.isArray(plan) ? plan.map((c) => String(c).toLowerCase()) : [];
}

// The message the phones show: the one just sent, or with no preview open, the latest one.
function sentMessage() {
  // Until the registry lists a just-sent message, show it as queued rather than as a preview.
  if (sentId) return messages.find((m) => m && m.messageId === sentId) || { messageId: sentId, status: 'queued', channel: null };
  return preview || blocked ? null : messages[0] || null;
}

function cardOf(source) {
  const wa = source && source.whatsapp;
  if (!wa) return null;
  if (wa.card) return wa.card;
  return wa.body || wa.header ? wa : null;
}

// Polling re-renders every second; only touch the DOM when what a section shows has changed, so
// focus, hover and entry animations are not reset. `fresh` marks a new message for its animation.
const shownKeys = new WeakMap();
const shownIds = new WeakMap();
function patch(container, key, identity, build) {
  if (shownKeys.get(container) === key) return;
  const fresh = shownIds.get(container) !== identity;
  shownKeys.set(container, key);
  shownIds.set(container, identity);
  container.replaceChildren(...build());
  container.classList.toggle('is-fresh', fresh);
}

function identityOf(source) {
  return (source && (source.messageId || source.previewId)) || 'none';
}

function render() {
  const line = reasonLine();
  const reason = $('preview-reason');
  reason.textContent = line.text;
  reason.dataset.state = line.state;
  renderFacts();
  const shown = sentMessage();
  const confirming = shown && shown.flow === CONFIRMATION_FLOW;
  $('preview-eyebrow').textContent = confirming ? 'Confirm your number' : 'Abandoned cart · message preview';
  $('preview-title').textContent = confirming || sentId ? 'The message we sent you' : 'What we would send you';
  const source = shown && (shown.whatsapp || shown.sms) ? shown : preview;
  renderWhatsApp(source, shown);
  renderSms(source, shown);
  renderInstagram(source);
  // Send is offered only when the preview can go out; the reason line says why not otherwise.
  const sendable = Boolean(preview && preview.previewId && !blocked && !sentId && outcomeOf(preview) === 'SEND');
  $('send-simulate').disabled = !sendable;
  $('send-simulate').title = sendable ? `Send it${planOf().length ? ` by ${CHANNEL_LABEL[planOf()[0]] || planOf()[0]}` : ''}` : 'This message can’t be sent now';
  renderMessages();
}

function renderFacts() {
  const facts = [];
  const decision = (preview && preview.decision) || {};
  const product = decision.product;
  if (product && product.name) facts.push(['Product', product.name]);
  if (decision.discountPercent) facts.push(['Offer', `${decision.discountPercent}% off`]);
  const plan = planOf();
  if (plan.length) facts.push(['Route', plan.map((c) => CHANNEL_LABEL[c] || c).join(' → ')]);
  $('preview-facts').replaceChildren(...facts.map(([k, v]) => h('li', {}, h('span', { class: 'fact-key', text: k }), h('span', { class: 'fact-value', text: v }))));
}

function timeOf(message) {
  const date = message && message.createdAt ? new Date(message.createdAt) : new Date();
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString('en-IN', { hour: '2-digit', minute: '2-digit' });
}

function ticks(status) {
  const delivered = status === 'delivered' || status === 'read';
  let glyph;
  if (status === 'queued' || status === 'preview') glyph = icon(ICONS.clock, { cls: 'tick-icon' });
  else if (status === 'failed' || status === 'blocked' || status === 'cancelled' || status === 'fallback') glyph = icon(ICONS.alert, { cls: 'tick-icon' });
  else if (delivered) glyph = icon(['M2 12.5l4.5 4.5L16 7', 'M9.5 15.5l1.5 1.5L20.5 7'], { cls: 'tick-icon' });
  else glyph = icon(ICONS.check, { cls: 'tick-icon' });
  return h('span', { class: `wa-ticks status-${status}`, dataset: { testid: 'wa-status', status }, role: 'img', 'aria-label': STATUS_LABEL[status] || status, title: STATUS_LABEL[status] || status }, glyph);
}

function linkOf(source, card) {
  return (source && source.trackingUrl) || (card && card.ctaUrl) || null;
}

function renderWhatsApp(source, shown) {
  const chat = $('wa-chat');
  const profile = currentProfile();
  $('wa-contact').textContent = (profile && profile.maskedPhone) || 'You';
  const card = cardOf(source);
  let status = 'preview';
  if (shown) {
    // The registry reports each attempt's own status; the message status is the current attempt's.
    const own = shown.whatsapp && typeof shown.whatsapp.status === 'string' ? shown.whatsapp.status : null;
    if (shown.channel === 'sms' || (shown.fallback && shown.fallback.to === 'sms')) status = 'fallback';
    else status = own || shown.status || 'queued';
  }
  const held = !shown && (blocked || outcomeOf(preview) !== 'SEND');
  const key = JSON.stringify([card, status, held, linkOf(source, card), shown && shown.fallback, shown && shown.createdAt,
    replyState(shown)]);
  patch(chat, key, identityOf(source), () => whatsAppNodes(source, shown, card, status, held));
}

function whatsAppNodes(source, shown, card, status, held) {
  if (!card) return [emptyState(held ? 'No WhatsApp message — see the reason above.' : 'No WhatsApp version for this message.')];
  if (!card.ctaLabel) return plainWhatsAppNodes(shown, card, status);
  const href = linkOf(source, card);
  const bubble = h('article', { class: 'wa-bubble', dataset: { testid: 'wa-card' } },
    h('img', { class: 'wa-image', dataset: { testid: 'wa-image' }, src: localImage(card.imageUrl) || PLACEHOLDER_IMAGE, alt: card.header || 'Product image', width: 480, height: 480 }),
    h('div', { class: 'wa-content' },
      card.header ? h('p', { class: 'wa-header', text: card.header }) : null,
      h('p', { class: 'wa-body', dataset: { testid: 'wa-body' }, text: card.body || '' }),
      card.footer ? h('p', { class: 'wa-footer', text: card.footer }) : null,
      h('p', { class: 'wa-meta' }, h('span', { class: 'wa-time', text: timeOf(shown) }), ticks(status))),
    h('a', { class: 'wa-cta', dataset: { testid: 'wa-cta' }, href: href || null, 'aria-disabled': href ? null : 'true' },
      icon(ICONS.link, { cls: 'icon icon-sm' }), card.ctaLabel || 'Open'));
  const nodes = [h('p', { class: 'chat-day', text: 'Today' }), bubble];
  if (status === 'fallback') {
    nodes.push(h('p', { class: 'chat-note', text: `Not delivered on WhatsApp (${reasonText(shown.fallback && shown.fallback.cause, 'unavailable')}) — sent by SMS instead.` }));
  } else if (status === 'preview') {
    nodes.push(h('p', { class: 'chat-note', text: held ? 'Not sendable now — see the reason above.' : 'Preview — not sent yet.' }));
  }
  return nodes;
}

// A message without a button (the confirmation): text only, then the shopper's reply or the YES chip.
function plainWhatsAppNodes(shown, card, status) {
  const bubble = h('article', { class: 'wa-bubble', dataset: { testid: 'wa-card' } },
    h('div', { class: 'wa-content' },
      h('p', { class: 'wa-body', dataset: { testid: 'wa-body' }, text: card.body || '' }),
      h('p', { class: 'wa-meta' }, h('span', { class: 'wa-time', text: timeOf(shown) }), ticks(status))));
  return [h('p', { class: 'chat-day', text: 'Today' }), bubble, ...replyNodes(shown, 'wa')];
}

// The shopper's side of the confirmation: the YES they sent, or the chip that sends it.
let replySent = null;
let replying = false;

function replyState(shown) {
  if (!shown || shown.flow !== CONFIRMATION_FLOW) return null;
  if (replySent === shown.messageId) return 'sent';
  return isPending(currentProfile()) ? 'ask' : null;
}

function replyNodes(shown, cls) {
  const state = replyState(shown);
  if (state === 'sent') return [h('p', { class: `reply-bubble ${cls}-reply`, dataset: { testid: 'reply-sent' }, text: 'YES' })];
  if (state !== 'ask') return [];
  const chip = h('button', { type: 'button', class: 'reply-chip', dataset: { testid: 'reply-yes' }, text: 'YES' });
  chip.addEventListener('click', () => busy(chip, () => replyYes(shown), 'Sending…'));
  return [h('p', { class: 'chat-note', text: 'Tap to reply from this phone:' }), chip];
}

// Posts the simulated phone's YES; consent changes only when the provider's webhook brings it back.
async function replyYes(shown) {
  if (replying) return;
  replying = true;
  try {
    await api('POST', '/api/v1/me/consent/demo-reply', {});
    replySent = shown.messageId;
    toast('YES sent from the phone — confirming your number…', 'info');
    render();
    for (let i = 0; i < 30 && isPending(currentProfile()); i++) {
      await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
      await refreshProfile({ quiet: true });
    }
    if (isPending(currentProfile())) toast('Your YES has not arrived yet — it can take a moment.', 'info');
    else toast('Number confirmed — you’ll get updates now.', 'success');
  } catch (error) {
    toast(`Couldn’t send the reply: ${error.message}`, 'error');
  } finally {
    replying = false;
    render();
  }
}

function renderSms(source, shown) {
  const sms = source && source.sms;
  const key = JSON.stringify([sms, shown && [shown.channel, shown.status, shown.fallback, shown.createdAt], replyState(shown)]);
  patch($('sms-chat'), key, identityOf(source), () => smsNodes(sms, shown));
}

function smsNodes(sms, shown) {
  if (!sms || !sms.text) return [emptyState('No SMS version for this message.')];
  const bySms = shown && (shown.channel === 'sms' || (shown.fallback && shown.fallback.to === 'sms'));
  const meta = [sms.encoding, sms.segments !== undefined ? `${sms.segments} segment${sms.segments === 1 ? '' : 's'}` : null,
    sms.characters !== undefined ? `${sms.characters} chars` : `${[...sms.text].length} chars`].filter(Boolean).join(' · ');
  const nodes = [
    h('p', { class: 'chat-day', text: bySms ? `Today ${timeOf(shown)}` : 'Text message' }),
    h('div', { class: `sms-bubble${bySms ? ' is-sent' : ''}`, dataset: { testid: 'sms-text' } }, linkify(sms.text)),
    h('p', { class: 'sms-meta', dataset: { testid: 'sms-meta' }, text: meta }),
  ];
  if (bySms) {
    const status = (typeof sms.status === 'string' && sms.status) || shown.status || 'queued';
    nodes.push(h('p', { class: `sms-status status-${status}`, dataset: { status }, text: STATUS_LABEL[status] || status }));
    nodes.push(...replyNodes(shown, 'sms'));
    if (shown.fallback) nodes.push(h('p', { class: 'chat-note', text: `Fallback from ${CHANNEL_LABEL[shown.fallback.from] || shown.fallback.from}: ${reasonText(shown.fallback.cause)}` }));
  } else if (shown && shown.flow === CONFIRMATION_FLOW) {
    nodes.push(h('p', { class: 'chat-note', text: 'The confirmation goes only on the channel you chose.' }));
  } else {
    nodes.push(h('p', { class: 'chat-note', text: 'Sent by SMS only if WhatsApp can’t deliver.' }));
  }
  return nodes;
}

function renderInstagram(source) {
  const ig = source && source.instagram;
  const card = cardOf(source);
  patch($('ig-chat'), JSON.stringify([ig, card]), identityOf(source), () => instagramNodes(ig, card));
}

function instagramNodes(ig, card) {
  const text = (ig && ig.text) || (card && card.body);
  if (!text) return [h('div', { dataset: { testid: 'ig-preview' }, class: 'ig-empty' }, emptyState('No Instagram version for this message.'))];
  const image = localImage((ig && ig.imageUrl) || (card && card.imageUrl));
  // A message without a button (the confirmation) shows none here either.
  const label = ig ? ig.ctaLabel : card && card.ctaLabel;
  return [
    h('p', { class: 'chat-day', text: 'Preview only · never sent' }),
    h('div', { class: 'ig-message', dataset: { testid: 'ig-preview' } },
      image ? h('img', { class: 'ig-image', src: image, alt: '', width: 480, height: 480 }) : null,
      h('p', { class: 'ig-bubble', text }),
      label ? h('span', { class: 'ig-cta', text: label }) : null)];
}

function renderMessages() {
  const shownList = messages.slice(0, MAX_SHOWN);
  const key = JSON.stringify([sentId, shownList.map((m) => [m.messageId, m.channel, m.status, m.fallback])]);
  patch($('my-messages'), key, 'list', () => messageNodes(shownList));
}

function messageNodes(shownList) {
  if (shownList.length === 0) return [h('li', { class: 'my-messages-empty muted small', text: 'No messages yet. Send one to watch it travel.' })];
  return shownList.map((m) => {
    const channel = (m.channel || 'pending').toLowerCase();
    const status = (m.status || 'queued').toLowerCase();
    return h('li', { class: `my-message${m.messageId === sentId ? ' is-current' : ''}`, dataset: { testid: 'my-message', channel, status, messageId: m.messageId || '' } },
      h('span', { class: `channel-pill channel-${channel}`, text: CHANNEL_LABEL[channel] || 'Pending' }),
      h('span', { class: 'my-message-main' },
        h('span', { class: 'my-message-flow', text: FLOW_LABEL[m.flow] || (m.flow ? String(m.flow).replaceAll('_', ' ') : 'Message') }),
        m.fallback ? h('span', { class: 'my-message-fallback', text: `${CHANNEL_LABEL[m.fallback.from] || m.fallback.from} → ${CHANNEL_LABEL[m.fallback.to] || m.fallback.to}: ${reasonText(m.fallback.cause)}` }) : null),
      h('span', { class: `status-pill status-${status}`, text: STATUS_LABEL[status] || status }),
      h('span', { class: 'my-message-time muted small', text: timeOf(m) }));
  });
}

// Renditions may carry absolute image URLs built from the public base URL; the CSP allows images
// from this origin only, so our own /img/ paths are loaded relative to wherever the page is served.
function localImage(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.origin);
    if (parsed.origin === window.location.origin) return parsed.pathname + parsed.search;
    return parsed.pathname.startsWith('/img/') ? parsed.pathname : null;
  } catch {
    return null;
  }
}

function emptyState(text) {
  return h('p', { class: 'chat-empty', text });
}

// Turns URLs in SMS text into links (as a phone would), without ever parsing markup.
function linkify(text) {
  const parts = [];
  const pattern = /(https?:\/\/[^\s]+)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(h('a', { href: match[0], class: 'sms-link', text: match[0] }));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
