// The live connection to the dashboard stream (SSE) and the channel state shown in the top bar.
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays missed entries.
import { get } from './api.js';

const listeners = { metrics: new Set(), timeline: new Set(), channels: new Set() };
let source = null;
let retryTimer = null;
let lastMetrics = null;
let channels = null;
let localChangeAt = 0;
let connected = false;

/** Whether the stream is open right now (views poll instead while it is not). */
export function isLive() {
  return connected;
}

export function on(type, fn) {
  listeners[type].add(fn);
  if (type === 'metrics' && lastMetrics) fn(lastMetrics);
  if (type === 'channels' && channels) fn(channels);
  return () => listeners[type].delete(fn);
}

function emit(type, value) {
  for (const fn of listeners[type]) {
    try {
      fn(value);
    } catch (e) {
      console.warn('listener failed', e);
    }
  }
}

function setLive(state, text) {
  connected = state === 'live';
  const pill = document.getElementById('live-state');
  if (!pill) return;
  pill.dataset.state = state;
  pill.textContent = text;
}

export function start() {
  if (source || typeof EventSource === 'undefined') return;
  setLive('connecting', 'connecting');
  source = new EventSource('/api/v1/dashboard/stream');
  source.addEventListener('open', () => setLive('live', 'live'));
  source.addEventListener('metrics', (event) => {
    setLive('live', 'live');
    const metrics = parse(event.data);
    if (!metrics) return;
    lastMetrics = metrics;
    emit('metrics', metrics);
    if (metrics.channels) setChannels(metrics.channels, 'stream');
  });
  source.addEventListener('timeline', (event) => {
    const entry = parse(event.data);
    if (entry) emit('timeline', entry);
  });
  source.addEventListener('error', () => {
    if (source && source.readyState === EventSource.CLOSED) {
      // The server refused (e.g. the session ended) or went away: ask who we are, then retry.
      source = null;
      setLive('offline', 'offline');
      clearTimeout(retryTimer);
      retryTimer = setTimeout(async () => {
        try {
          await get('/api/v1/admin/me');
          start();
        } catch {
          /* 401 is handled globally; other failures retry on the next sign-in or reload */
        }
      }, 5000);
    } else {
      setLive('connecting', 'reconnecting');
    }
  });
}

export function stop() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  lastMetrics = null;
  setLive('offline', 'offline');
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/**
 * Updates the known pause state of the channels. A change the admin just made wins over stream
 * reports for a few seconds, because the stream may still carry the state from before it.
 */
export function setChannels(next, origin = 'api') {
  if (!next) return;
  if (origin === 'api') localChangeAt = Date.now();
  else if (Date.now() - localChangeAt < 3000) return;
  channels = {
    whatsapp: { ...(channels?.whatsapp || {}), ...(next.whatsapp || {}) },
    sms: { ...(channels?.sms || {}), ...(next.sms || {}) },
  };
  for (const name of ['whatsapp', 'sms']) {
    const pill = document.getElementById(`pill-${name}`);
    const paused = channels[name]?.paused;
    if (pill && paused !== undefined) {
      pill.dataset.state = paused ? 'paused' : 'active';
      pill.querySelector('b').textContent = paused ? 'paused' : 'active';
    }
  }
  emit('channels', channels);
}
