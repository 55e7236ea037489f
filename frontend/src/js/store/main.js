// Storefront entry point: starts the anonymous session, loads the catalog, wires every feature,
// and opens the product a message link points at (`/?product=<id>&utm_...`).

import { ensureSession } from './api.js';
import { loadCatalog } from './catalog.js';
import { loadCart } from './cart.js';
import { initShop, openProduct } from './shop.js';
import { initConsent, refreshProfile, askOnFirstVisit } from './consent.js';
import { initPreview } from './preview.js';
import { captureUtm } from './utm.js';
import { toast } from './ui.js';

async function start() {
  captureUtm();
  const session = ensureSession().catch((error) => {
    toast(`We couldn’t start your session: ${error.message}`, 'error');
  });

  try {
    await loadCatalog();
  } catch {
    document.getElementById('catalog-status').textContent = 'Products could not be loaded. Please refresh the page.';
    toast('Products could not be loaded. Please refresh the page.', 'error');
    return;
  }
  loadCart();
  initShop();
  initConsent();
  initPreview();
  document.body.classList.add('is-ready');

  const landing = new URLSearchParams(window.location.search).get('product');
  if (landing && !openProduct(landing, { fromLanding: true })) toast('That product is no longer available — here is everything else.', 'info');

  await session;
  await refreshProfile({ quiet: true });
  askOnFirstVisit();
}

start();
