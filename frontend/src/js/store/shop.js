// The shop itself: product grid, product detail modal, cart drawer and the simulated checkout,
// each sending its Segment-spec event as the shopper acts.

import { allProducts, productById } from './catalog.js';
import { addToCart, cartCount, cartLines, cartTotal, clearCart, onCartChange, quantityOf, setQuantity, CART_MAX_QTY } from './cart.js';
import { h, icon, ICONS, money } from './dom.js';
import { productProperties, track } from './events.js';
import { Modal, toast, busy } from './ui.js';
import { clearUtm, currentUtm } from './utm.js';
import { api, uuid } from './api.js';

const FREE_DELIVERY_OVER = 999;
const DELIVERY_FEE = 79;
const CHECKOUT_KEY = 'kinara.checkout.v1';

const $ = (id) => document.getElementById(id);
let productModal;
let cartModal;
let checkoutModal;
let shownProduct = null;
let eventTroubleShown = false;

export function initShop() {
  productModal = new Modal($('product-modal'), { initialFocus: '[data-testid="add-to-cart"]' });
  cartModal = new Modal($('cart-drawer'));
  checkoutModal = new Modal($('checkout-modal'), { onClose: resetCheckoutView });

  renderGrid();
  $('pm-add').addEventListener('click', () => shownProduct && addProduct(shownProduct));
  document.querySelector('[data-testid="cart-button"]').addEventListener('click', openCart);
  $('cart-checkout').addEventListener('click', startCheckout);
  $('place-order').addEventListener('click', placeOrder);
  $('cart-lines').addEventListener('click', onCartLineClick);
  onCartChange(renderCart);
  renderCart();
}

function openCart() {
  cartModal.open();
}

/** Opens a product's detail modal (from the grid or a `?product=` landing) and records the view. */
export function openProduct(id, { fromLanding = false } = {}) {
  const product = productById(id);
  if (!product) return false;
  shownProduct = product;
  const utm = currentUtm();
  const fromMessage = fromLanding && utm && utm.utm_message_id;
  $('pm-from').hidden = !fromMessage;
  $('pm-from').textContent = fromMessage ? `Welcome back — you came from our ${channelName(utm.utm_source)}message` : '';
  const image = $('pm-image');
  image.src = product.image;
  image.alt = product.name;
  $('pm-category').textContent = product.category || '';
  $('pm-name').textContent = product.name;
  $('pm-price').textContent = money(product.price, product.currency);
  $('pm-desc').textContent = product.description;
  productModal.open();
  send('view_product', productProperties(product));
  return true;
}

function channelName(source) {
  const name = { whatsapp: 'WhatsApp', sms: 'SMS', instagram: 'Instagram' }[source];
  return name ? `${name} ` : '';
}

function renderGrid() {
  const grid = $('product-grid');
  const products = allProducts();
  grid.replaceChildren(...products.map(productCard));
  // The hero shows the last three catalog products (the first ones open the grid) as a collage; decorative, so no alt text.
  $('hero-art').replaceChildren(...products.slice(-3).map((p, i) =>
    h('img', { class: `hero-tile hero-tile-${i + 1}`, src: p.image, alt: '', width: 480, height: 480 })));
  $('catalog-status').textContent = `${products.length} products · prices include GST`;
}

function productCard(product) {
  const open = () => openProduct(product.id);
  const quickAdd = h('button', {
    type: 'button', class: 'quick-add', dataset: { testid: 'add-to-cart' }, 'aria-label': `Add ${product.name} to cart`, title: 'Add to cart',
    onclick: (event) => { event.stopPropagation(); addProduct(product); },
  }, icon(ICONS.plus));
  return h('li', { class: 'product-card', dataset: { testid: 'product-card', productId: product.id } },
    h('button', { type: 'button', class: 'product-card-open', 'aria-label': `View ${product.name}`, onclick: open },
      h('span', { class: 'product-card-media' },
        h('img', { src: product.image, alt: '', width: 480, height: 480, loading: 'lazy' }))),
    h('div', { class: 'product-card-body' },
      h('p', { class: 'product-card-category', text: product.category || '' }),
      h('h3', { class: 'product-card-name', dataset: { testid: 'product-name' }, text: product.name }),
      h('p', { class: 'product-card-price', dataset: { testid: 'product-price' }, text: money(product.price, product.currency) })),
    quickAdd);
}

function addProduct(product) {
  const added = addToCart(product.id, 1);
  if (added <= 0) {
    toast(`You can add up to ${CART_MAX_QTY} of ${product.name}.`, 'info');
    return;
  }
  toast(`Added ${product.name} to your cart`, 'success');
  bump();
  send('add_to_cart', productProperties(product, added));
}

function bump() {
  const count = document.querySelector('[data-testid="cart-count"]');
  count.classList.remove('is-bumped');
  void count.offsetWidth;
  count.classList.add('is-bumped');
}

function renderCart() {
  const count = cartCount();
  document.querySelector('[data-testid="cart-count"]').textContent = String(count);
  document.querySelector('[data-testid="cart-button"]').setAttribute('aria-label', `Open cart, ${count} item${count === 1 ? '' : 's'}`);
  const lines = cartLines();
  $('cart-empty').hidden = lines.length > 0;
  $('cart-lines').replaceChildren(...lines.map(cartLine));
  const subtotal = cartTotal();
  $('cart-subtotal').textContent = money(subtotal);
  $('cart-shipping-note').textContent = lines.length === 0
    ? 'Delivery calculated at checkout.'
    : subtotal >= FREE_DELIVERY_OVER ? 'You get free delivery.' : `Add ${money(FREE_DELIVERY_OVER - subtotal)} more for free delivery.`;
}

function cartLine({ product, qty, total }) {
  return h('li', { class: 'cart-line', dataset: { testid: 'cart-line', productId: product.id, productName: product.name, lineValue: String(total) } },
    h('img', { class: 'cart-line-img', src: product.image, alt: '', width: 72, height: 72 }),
    h('div', { class: 'cart-line-info' },
      h('p', { class: 'cart-line-name', text: product.name }),
      h('p', { class: 'cart-line-unit muted small', text: `${money(product.price)} each` }),
      h('div', { class: 'qty', role: 'group', 'aria-label': `Quantity of ${product.name}` },
        h('button', { type: 'button', class: 'qty-btn', dataset: { testid: 'cart-qty-dec', action: 'dec' }, 'aria-label': `One less ${product.name}` }, icon(ICONS.minus)),
        h('span', { class: 'qty-value', 'aria-live': 'polite', text: String(qty) }),
        h('button', { type: 'button', class: 'qty-btn', dataset: { testid: 'cart-qty-inc', action: 'inc' }, 'aria-label': `One more ${product.name}`, disabled: qty >= CART_MAX_QTY }, icon(ICONS.plus)))),
    h('div', { class: 'cart-line-side' },
      h('p', { class: 'cart-line-total', text: money(total) }),
      h('button', { type: 'button', class: 'link-button', dataset: { testid: 'cart-remove', action: 'remove' }, 'aria-label': `Remove ${product.name}` }, icon(ICONS.trash, { cls: 'icon icon-sm' }), 'Remove')));
}

function onCartLineClick(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const line = button.closest('.cart-line');
  const product = productById(line.dataset.productId);
  if (!product) return;
  const qty = quantityOf(product.id);
  const action = button.dataset.action;
  if (action === 'inc') {
    const added = addToCart(product.id, 1);
    if (added > 0) {
      toast(`${product.name}: quantity ${qty + added}`, 'success');
      send('add_to_cart', productProperties(product, added));
    }
    refocus(product.id, 'cart-qty-inc');
  } else if (action === 'dec') {
    setQuantity(product.id, qty - 1);
    if (qty - 1 <= 0) toast(`Removed ${product.name} from your cart`, 'success');
    else toast(`${product.name}: quantity ${qty - 1}`, 'success');
    send('remove_from_cart', productProperties(product, 1));
    refocus(product.id, 'cart-qty-dec');
  } else if (action === 'remove') {
    setQuantity(product.id, 0);
    toast(`Removed ${product.name} from your cart`, 'success');
    send('remove_from_cart', productProperties(product, qty));
    refocus(product.id, 'cart-remove');
  }
}

// The cart re-renders on every change; put keyboard focus back where the shopper was.
function refocus(productId, testid) {
  const line = document.querySelector(`.cart-line[data-product-id="${CSS.escape(productId)}"]`);
  const target = line && line.querySelector(`[data-testid="${testid}"]:not([disabled])`);
  (target || $('cart-checkout')).focus();
}

// Events must never block shopping; a failure is reported once, quietly.
function send(type, properties) {
  return track(type, properties).catch((error) => {
    if (!eventTroubleShown) {
      eventTroubleShown = true;
      toast(`We couldn’t record that on our server: ${error.message}`, 'error');
    }
  });
}

function orderProducts() {
  return cartLines().map(({ product, qty }) => productProperties(product, qty));
}

function orderTotals() {
  const subtotal = cartTotal();
  const delivery = subtotal >= FREE_DELIVERY_OVER ? 0 : DELIVERY_FEE;
  return { subtotal, delivery, total: subtotal + delivery };
}

function loadCheckout() {
  try {
    return JSON.parse(sessionStorage.getItem(CHECKOUT_KEY) || 'null');
  } catch {
    return null;
  }
}

function saveCheckout(state) {
  try {
    if (state) sessionStorage.setItem(CHECKOUT_KEY, JSON.stringify(state));
    else sessionStorage.removeItem(CHECKOUT_KEY);
  } catch {
    // Storage blocked: the ids live only for this page view.
  }
}

function orderProperties(checkout) {
  const { total } = orderTotals();
  const properties = { order_id: checkout.orderId, total, currency: 'INR', products: orderProducts() };
  const utm = currentUtm();
  if (utm && utm.utm_message_id) properties.utm_message_id = utm.utm_message_id;
  return properties;
}

let checkoutStarted = Promise.resolve();

function startCheckout() {
  if (cartCount() === 0) {
    toast('Your cart is empty — add something first.', 'info');
    return;
  }
  // One order id (and one checkout_started event id) per checkout of one cart, kept across retries and
  // reloads; a changed cart is a new checkout.
  const cart = cartLines().map(({ product, qty }) => `${product.id}x${qty}`).join(',');
  let checkout = loadCheckout();
  if (!checkout || checkout.cart !== cart) {
    checkout = { orderId: `ord-${uuid().replaceAll('-', '').slice(0, 12)}`, startedEventId: uuid(), cart };
    saveCheckout(checkout);
  }
  renderCheckout();
  cartModal.close();
  checkoutModal.open();
  checkoutStarted = track('checkout_started', orderProperties(checkout), checkout.startedEventId).catch(() => undefined);
}

function renderCheckout() {
  const { delivery, total } = orderTotals();
  $('checkout-lines').replaceChildren(...cartLines().map(({ product, qty, total: lineTotal }) =>
    h('li', { class: 'summary-line' },
      h('img', { src: product.image, alt: '', width: 48, height: 48 }),
      h('span', { class: 'summary-line-name' }, product.name, h('span', { class: 'muted small', text: ` × ${qty}` })),
      h('span', { class: 'summary-line-total', text: money(lineTotal) }))));
  $('checkout-delivery').textContent = delivery === 0 ? 'Free' : money(delivery);
  $('checkout-total').textContent = money(total);
  const utm = currentUtm();
  const tag = $('checkout-attribution');
  tag.hidden = !(utm && utm.utm_message_id);
  if (utm && utm.utm_message_id) tag.textContent = 'You came here from one of our messages.';
}

async function placeOrder(event) {
  const checkout = loadCheckout();
  if (!checkout || cartCount() === 0) {
    toast('Your cart is empty — add something first.', 'info');
    return;
  }
  await busy(event.currentTarget, async () => {
    await checkoutStarted;
    // The store's server prices the order from its catalog and records it: the browser names only
    // products and quantities, so no price or total it could send ever counts as revenue.
    const utm = currentUtm();
    const body = {
      orderId: checkout.orderId,
      items: cartLines().map(({ product, qty }) => ({ productId: product.id, quantity: qty })),
    };
    if (utm && utm.utm_message_id) body.utmMessageId = utm.utm_message_id;
    // Delivery is the shop's own charge on top; revenue counts the merchandise the server priced.
    const { delivery } = orderTotals();
    let order;
    try {
      order = await api('POST', '/api/v1/me/orders', body);
    } catch (error) {
      toast(`Your order was not placed: ${error.message}`, 'error');
      return;
    }
    saveCheckout(null);
    clearCart();
    clearUtm();
    $('confirm-order-id').textContent = order.orderId;
    $('confirm-total').textContent = money(Number(order.total) + delivery);
    const attribution = $('confirm-attribution');
    attribution.hidden = !body.utmMessageId;
    attribution.textContent = body.utmMessageId ? `Thanks for coming back via our message ${body.utmMessageId}.` : '';
    $('checkout-step').hidden = true;
    const confirmation = $('order-confirmation');
    confirmation.hidden = false;
    confirmation.focus();
    toast(`Order ${order.orderId} placed · ${money(Number(order.total) + delivery)}`, 'success');
  }, 'Placing order…');
}

function resetCheckoutView() {
  if (!$('order-confirmation').hidden) {
    // Let the close transition finish before swapping the confirmation back to the form.
    setTimeout(() => {
      $('order-confirmation').hidden = true;
      $('checkout-step').hidden = false;
    }, 250);
  }
}
