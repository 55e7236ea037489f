// Pause and resume WhatsApp and SMS (dispatcher-service through the gateway).
import { $, busy, fmtDateTime } from './dom.js';
import { get, put } from './api.js';
import * as live from './live.js';
import { toast } from './toast.js';

const NAMES = { whatsapp: 'WhatsApp', sms: 'SMS' };
let root;
let state = null;

function mount(section) {
  root = section;
  for (const channel of Object.keys(NAMES)) {
    $(`#channel-${channel}-toggle`, root).addEventListener('click', (e) => toggle(channel, e.currentTarget));
  }
  live.on('channels', (channels) => {
    state = channels;
    render();
  });
}

async function load() {
  try {
    live.setChannels(await get('/api/v1/admin/channels'));
  } catch (e) {
    for (const channel of Object.keys(NAMES)) {
      $(`#channel-${channel}-meta`, root).textContent = `Could not load the channel state: ${e.message}`;
    }
    toast(`Channels: ${e.message}`, 'error');
  }
}

function render() {
  for (const [channel, name] of Object.entries(NAMES)) {
    const s = state?.[channel];
    const stateEl = $(`#channel-${channel}-state`, root);
    const button = $(`#channel-${channel}-toggle`, root);
    if (!s || s.paused === undefined) continue;
    stateEl.textContent = s.paused ? 'paused' : 'active';
    stateEl.dataset.state = s.paused ? 'paused' : 'active';
    button.textContent = s.paused ? `Resume ${name}` : `Pause ${name}`;
    button.setAttribute('aria-pressed', String(Boolean(s.paused)));
    button.classList.toggle('btn--danger', !s.paused);
    button.disabled = false;
    $(`#channel-${channel}-meta`, root).textContent = s.changedAt
      ? `Changed ${fmtDateTime(s.changedAt)}${s.changedBy ? ` by ${s.changedBy}` : ''}` : '';
  }
}

async function toggle(channel, button) {
  const paused = !state?.[channel]?.paused;
  await busy(button, async () => {
    try {
      const view = await put(`/api/v1/admin/channels/${channel}`, { paused });
      live.setChannels(view && view[channel] ? view : { [channel]: { paused } });
      toast(`${NAMES[channel]} ${paused ? 'paused' : 'resumed'}.`, 'success');
    } catch (e) {
      toast(`Could not ${paused ? 'pause' : 'resume'} ${NAMES[channel]}: ${e.message}`, 'error');
    }
  });
}

export default { mount, show: load };
