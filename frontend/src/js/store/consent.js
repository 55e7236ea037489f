// Consent and profile: the first-visit opt-in modal, the masked profile badge, and the shopper's
// own controls (switch channel, revoke, delete my data).

import { api, ensureSession } from './api.js';
import { Modal, toast, busy } from './ui.js';
import { clearCart } from './cart.js';
import { clearUtm } from './utm.js';

export const CONSENT_TEXT_VERSION = 'v1';
const CONSENT_TEXT = 'By choosing “Keep me posted” you agree that Kinara may send you messages about your cart, your orders and occasional offers on the channels you selected, to the number you entered. Messages are free; standard carrier rates may apply to SMS. Reply STOP to any message or use “Revoke consent” here to stop at any time. (Consent text v1)';
const PRIVACY_NOTE = 'We store only masked contact details for display; your full number is kept encrypted in a separate vault and used only to deliver messages you consented to. Consent can be revoked at any time. Deleting data removes all identifiers immediately.';
const ASKED_KEY = 'kinara.consent.asked.v1';
const CHANNEL_LABEL = { whatsapp: 'WhatsApp', sms: 'SMS' };

const $ = (id) => document.getElementById(id);
let modal;
let profile = null;

export function initConsent() {
  modal = new Modal($('consent-modal'), { initialFocus: '[data-testid="consent-whatsapp"]', onClose: onConsentClosed });
  $('consent-text').textContent = CONSENT_TEXT;
  document.querySelectorAll('.privacy-note').forEach((el) => { el.textContent = PRIVACY_NOTE; });

  document.querySelector('[data-testid="open-consent"]').addEventListener('click', () => openConsent());
  $('consent-form').addEventListener('submit', submitConsent);
  $('consent-form').addEventListener('change', syncPreferred);
  $('consent-phone').addEventListener('input', () => showError(''));
  $('change-channel').addEventListener('click', (event) => busy(event.currentTarget, changeChannel));
  $('revoke-consent').addEventListener('click', (event) => busy(event.currentTarget, revokeConsent));
  $('delete-data').addEventListener('click', (event) => confirmThenDelete(event.currentTarget));
  renderBadge();
}

export function currentProfile() {
  return profile;
}

/** Loads the profile; `quiet` suppresses the failure toast (used on page load). */
export async function refreshProfile({ quiet = false } = {}) {
  try {
    setProfile(await api('GET', '/api/v1/me'));
  } catch (error) {
    if (!quiet) toast(`Couldn’t load your profile: ${error.message}`, 'error');
  }
  return profile;
}

/** Opens the modal on a first visit, unless the shopper already opted in or said "not now". */
export function askOnFirstVisit() {
  if (profile && profile.status === 'opted_in') return;
  try {
    if (localStorage.getItem(ASKED_KEY)) return;
  } catch {
    // Storage blocked: ask, as on any first visit.
  }
  openConsent();
}

/** Opens the consent modal, optionally preset to a channel (used to add a second channel). */
export function openConsent(preset) {
  const form = $('consent-form');
  const consent = (profile && profile.consent) || {};
  const channels = preset ? [preset] : ['whatsapp', 'sms'].filter((c) => consent[c]);
  $('consent-whatsapp').checked = channels.includes('whatsapp') || (preset && consent.whatsapp) || false;
  $('consent-sms').checked = channels.includes('sms') || (preset && consent.sms) || false;
  $('consent-preferred').value = preset || (profile && profile.preferredChannel) || 'whatsapp';
  syncPreferred();
  showError('');
  const updating = isUpdate();
  form.classList.toggle('is-update', updating);
  $('consent-submit').textContent = updating ? 'Save preferences' : 'Keep me posted';
  $('consent-phone').placeholder = updating ? `Leave empty to keep ${profile.maskedPhone}` : '+91 98765 43210';
  modal.open();
}

let justSaved = false;

// An opted-in shopper changing preferences may keep the number on file (consent-service has it).
function isUpdate() {
  return Boolean(profile && profile.status === 'opted_in' && profile.maskedPhone);
}

function onConsentClosed() {
  rememberAsked();
  if (!justSaved) {
    toast(profile && profile.status === 'opted_in' ? 'Your message preferences are unchanged.'
      : 'No problem — turn on updates any time with “Get updates” at the top.', 'info');
  }
  justSaved = false;
}

function rememberAsked() {
  try {
    localStorage.setItem(ASKED_KEY, '1');
  } catch {
    // Storage blocked: the modal may show again on the next visit.
  }
}

function selectedChannels() {
  return ['whatsapp', 'sms'].filter((c) => $(`consent-${c}`).checked);
}

// The preferred channel must be one the shopper ticked; follow their ticks.
function syncPreferred() {
  const channels = selectedChannels();
  const select = $('consent-preferred');
  for (const option of select.options) option.disabled = channels.length > 0 && !channels.includes(option.value);
  if (channels.length > 0 && !channels.includes(select.value)) select.value = channels[0];
  // With no channel ticked there is nothing to prefer.
  select.disabled = channels.length === 0;
}

function showError(message) {
  const error = $('consent-error');
  error.textContent = message;
  error.hidden = !message;
  $('consent-phone').setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** The client-side check: a plausible international or Indian mobile number; the server decides. */
export function checkPhone(raw) {
  const phone = raw.trim();
  if (!phone) return 'Enter your mobile number, e.g. +91 98765 43210.';
  if (!/^\+?[0-9\s().-]+$/.test(phone)) return 'A phone number can only contain digits, spaces, brackets, dashes and a leading +.';
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return 'That number looks too short or too long — include the country code, e.g. +91 98765 43210.';
  return '';
}

async function submitConsent(event) {
  event.preventDefault();
  const channels = selectedChannels();
  const phone = $('consent-phone').value;
  if (channels.length === 0) {
    showError('Choose at least one channel: WhatsApp or SMS.');
    $('consent-whatsapp').focus();
    return;
  }
  const keepNumber = isUpdate() && !phone.trim();
  const problem = keepNumber ? '' : checkPhone(phone);
  if (problem) {
    showError(problem);
    $('consent-phone').focus();
    return;
  }
  const body = { channels, preferredChannel: $('consent-preferred').value, consentTextVersion: CONSENT_TEXT_VERSION };
  if (!keepNumber) body.phone = phone.trim();
  // Opting in only grants; a channel the shopper unticked is revoked explicitly.
  const dropped = isUpdate() ? ['whatsapp', 'sms'].filter((c) => profile.consent[c] && !channels.includes(c)) : [];
  await busy($('consent-submit'), async () => {
    try {
      setProfile(await api('POST', '/api/v1/me/consent', body));
      if (dropped.length) setProfile(await api('POST', '/api/v1/me/consent/revoke', { channels: dropped }));
    } catch (error) {
      showError(error.message);
      toast(`Consent not saved: ${error.message}`, 'error');
      $('consent-phone').focus();
      return;
    }
    $('consent-phone').value = '';
    justSaved = true;
    modal.close();
    if (isPending(profile)) {
      // Nothing is sent until the number's owner answers; the phone panel shows the question.
      toast(`Almost done · ${confirmationHint(profile)}`, 'info');
      document.dispatchEvent(new CustomEvent('consent:pending'));
      return;
    }
    toast(`${body.phone ? 'You’re subscribed' : 'Preferences saved'} · ${badgeText(profile)}`, 'success');
  });
}

/** The channel messages go to now: the preferred one if consented, else any consented one. */
export function activeChannel(p) {
  if (!p || !p.consent) return null;
  if (p.preferredChannel && p.consent[p.preferredChannel]) return p.preferredChannel;
  return ['whatsapp', 'sms'].find((c) => p.consent[c]) || null;
}

/** Whether the number waits for its owner's YES (double opt-in) before any message goes to it. */
export function isPending(p) {
  return Boolean(p && p.status === 'pending');
}

function confirmationHint(p) {
  const channel = CHANNEL_LABEL[p.confirmationChannel] || 'your phone';
  return `reply YES to the message we sent on ${channel} to start getting updates`;
}

function badgeText(p) {
  if (isPending(p)) return `${p.maskedPhone || 'Your number'} · waiting for your YES — ${confirmationHint(p)}`;
  const channel = activeChannel(p);
  if (channel) return `${p.maskedPhone || 'Your number'} · ${CHANNEL_LABEL[channel]}`;
  return p.maskedPhone ? `${p.maskedPhone} · messages off` : 'Messages off · consent revoked';
}

function setProfile(next) {
  profile = next && typeof next === 'object' ? next : null;
  renderBadge();
}

function renderBadge() {
  const bar = $('profile-bar');
  const known = profile && profile.status && profile.status !== 'anonymous';
  bar.hidden = !known;
  document.body.classList.toggle('has-profile', Boolean(known));
  const updates = document.querySelector('[data-testid="open-consent"] .btn-updates-label');
  updates.textContent = profile && profile.status === 'opted_in' ? 'Message settings' : 'Get updates';
  if (!known) {
    $('profile-badge').textContent = '';
    return;
  }
  const channel = activeChannel(profile);
  document.querySelector('.profile-label').textContent = channel ? 'Messages go to'
    : isPending(profile) ? 'Confirm your number' : 'Messaging';
  $('profile-badge').textContent = badgeText(profile);
  $('profile-badge').dataset.channel = channel || 'none';
  $('profile-badge').dataset.status = profile.status;
  const other = channel === 'whatsapp' ? 'sms' : 'whatsapp';
  $('change-channel').hidden = !channel;
  $('change-channel').textContent = `Switch to ${CHANNEL_LABEL[other]}`;
  $('revoke-consent').hidden = !channel;
}

// Switching re-posts consent without the number (consent-service keeps the one in its vault) with
// the other channel preferred; the current channel stays consented, so it remains the fallback.
// Without a number on file the consent form asks for it.
async function changeChannel() {
  const channel = activeChannel(profile);
  if (!channel) {
    openConsent();
    return;
  }
  const other = channel === 'whatsapp' ? 'sms' : 'whatsapp';
  const body = { channels: [other], preferredChannel: other, consentTextVersion: CONSENT_TEXT_VERSION };
  try {
    setProfile(await api('POST', '/api/v1/me/consent', body));
    toast(`Messages now go by ${CHANNEL_LABEL[other]} · ${badgeText(profile)}`, 'success');
  } catch (error) {
    if (error.status === 400) {
      openConsent(other);
      showError(error.message);
      toast(`Confirm your number to get messages on ${CHANNEL_LABEL[other]}.`, 'info');
      return;
    }
    toast(`Couldn’t switch channel: ${error.message}`, 'error');
  }
}

async function revokeConsent() {
  try {
    setProfile(await api('POST', '/api/v1/me/consent/revoke', {}));
    toast('Consent revoked — we won’t message you any more.', 'success');
  } catch (error) {
    toast(`Couldn’t revoke consent: ${error.message}`, 'error');
  }
}

// Deleting cannot be undone: the first tap asks, a second tap within a few seconds deletes.
const CONFIRM_MS = 6000;
let confirmTimer = null;

function confirmThenDelete(button) {
  if (button.dataset.confirming !== 'true') {
    button.dataset.confirming = 'true';
    button.dataset.label = button.textContent;
    button.textContent = 'Tap again to delete everything';
    toast('This deletes your number, consent and messages for good. Tap “Delete” again to go ahead.', 'info');
    confirmTimer = setTimeout(() => resetDeleteButton(button), CONFIRM_MS);
    return;
  }
  clearTimeout(confirmTimer);
  resetDeleteButton(button);
  busy(button, deleteData);
}

function resetDeleteButton(button) {
  if (button.dataset.confirming !== 'true') return;
  button.dataset.confirming = 'false';
  button.textContent = button.dataset.label || 'Delete my data';
}

async function deleteData() {
  let answer;
  try {
    answer = await api('DELETE', '/api/v1/me');
  } catch (error) {
    toast(`Couldn’t delete your data: ${error.message}`, 'error');
    return;
  }
  clearCart();
  clearUtm();
  setProfile(null);
  toast(answer && answer.requestId ? 'Your data is being deleted everywhere. It takes a few seconds.'
    : 'Your data is being deleted.', 'success');
  try {
    await ensureSession(true);
    setProfile(await api('GET', '/api/v1/me'));
  } catch {
    // A fresh anonymous session is made lazily by the next call anyway.
  }
}
