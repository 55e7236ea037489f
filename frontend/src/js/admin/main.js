// The admin page: sign-in, hash routes (#dashboard, #channels, …) and the views behind them.
import { api, post, cookie } from './api.js';
import { $, $$ } from './dom.js';
import * as live from './live.js';
import { toast } from './toast.js';
import dashboard from './dashboard.js';
import channels from './channels.js';
import trigger from './trigger.js';
import preview from './preview.js';
import users from './users.js';
import templates from './templates.js';
import deadLetters from './deadletters.js';
import logs from './logs.js';

const VIEWS = { dashboard, channels, trigger, preview, users, templates, 'dead-letters': deadLetters, logs };
const mounted = new Set();
let current = null;
let signedIn = false;

function route() {
  const [name, query] = (location.hash.slice(1) || 'dashboard').split('?');
  const view = VIEWS[name] ? name : 'dashboard';
  const params = new URLSearchParams(query || '');
  for (const section of $$('.view')) section.hidden = section.dataset.view !== view;
  for (const link of $$('#nav a')) {
    if (link.dataset.route === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const section = document.getElementById(`view-${view}`);
  if (!mounted.has(view)) {
    VIEWS[view].mount(section);
    mounted.add(view);
  }
  VIEWS[view].show?.(params);
  if (current && current !== view) {
    VIEWS[current].hide?.();
    // Keyboard and screen-reader users land on the new section's heading, not at the nav.
    const heading = section.querySelector('h1');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  current = view;
  closeNav();
}

function showLogin(message) {
  signedIn = false;
  live.stop();
  $('#app').hidden = true;
  $('#login-view').hidden = false;
  const error = $('#login-error');
  error.hidden = !message;
  error.textContent = message || '';
  $('#login-username').focus();
}

function showApp(username) {
  signedIn = true;
  $('#login-view').hidden = true;
  $('#app').hidden = false;
  $('#admin-name').textContent = username ? `Signed in as ${username}` : '';
  live.start();
  route();
}

async function checkSession() {
  const params = new URLSearchParams(location.search);
  const formError = params.get('error') === 'throttled' ? 'Too many sign-in attempts; wait a minute and try again.'
    : params.get('error') === 'login' ? 'Wrong username or password.' : '';
  // The gateway hands out the (script-readable) CSRF cookie with every admin session; without it
  // there is no session to ask about, and skipping the call keeps a 401 out of the console.
  if (!cookie('XSRF-TOKEN')) {
    showLogin(formError);
    return;
  }
  try {
    const me = await api('/api/v1/admin/me', { quiet401: true });
    showApp(me?.username);
  } catch (e) {
    showLogin(e.status === 401 ? formError : (formError || e.message));
  }
}

async function login(event) {
  event.preventDefault();
  const username = $('#login-username').value.trim();
  const password = $('#login-password').value;
  const error = $('#login-error');
  if (!username || !password) {
    error.hidden = false;
    error.textContent = 'Enter your username and password.';
    return;
  }
  const button = event.submitter || $('[data-testid="login-submit"]');
  button.disabled = true;
  try {
    const me = await post('/api/v1/admin/login', { username, password }, { quiet401: true });
    $('#login-password').value = '';
    error.hidden = true;
    if (location.search) history.replaceState(null, '', `${location.pathname}${location.hash}`);
    toast(`Welcome, ${me?.username || username}.`, 'success');
    showApp(me?.username || username);
  } catch (e) {
    error.hidden = false;
    error.textContent = e.status === 401 ? 'Wrong username or password.' : e.message;
    toast(error.textContent, 'error');
  } finally {
    button.disabled = false;
  }
}

async function logout() {
  try {
    await post('/api/v1/admin/logout', undefined, { quiet401: true });
    toast('Signed out.', 'success');
  } catch (e) {
    if (e.status !== 401) toast(`Sign-out failed: ${e.message}`, 'error');
  }
  showLogin();
}

function toggleNav() {
  const open = !document.body.classList.contains('nav-open');
  document.body.classList.toggle('nav-open', open);
  $('#nav-toggle').setAttribute('aria-expanded', String(open));
}

function closeNav() {
  document.body.classList.remove('nav-open');
  $('#nav-toggle')?.setAttribute('aria-expanded', 'false');
}

function init() {
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#nav-toggle').addEventListener('click', toggleNav);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeNav(); });
  window.addEventListener('hashchange', () => { if (signedIn) route(); });
  window.addEventListener('sbme:unauthorized', () => {
    if (signedIn) {
      toast('Your session ended; please sign in again.', 'error');
      showLogin();
    }
  });
  checkSession();
}

init();
