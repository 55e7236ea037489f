// Sends shopper events to the ingest API. Each event gets one client-made eventId that is reused
// on every retry, so a retry after a lost answer is counted once by the server.

import { api, ApiError, uuid } from './api.js';

const MAX_ATTEMPTS = 4;

/** Sends one event, retrying transient failures with the same eventId; resolves to the eventId. */
export async function track(type, properties, eventId = uuid()) {
  const body = { type, eventId, properties };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await api('POST', '/api/v1/events', body);
      return eventId;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      await pause(300 * 2 ** (attempt - 1));
    }
  }
}

function isTransient(error) {
  return error instanceof ApiError && (error.network || error.status === 429 || error.status >= 500);
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Segment-spec product properties for a catalog product (and an optional quantity). */
export function productProperties(product, quantity) {
  const properties = {
    product_id: product.id,
    sku: product.sku,
    name: product.name,
    price: product.price,
    currency: product.currency,
    image_url: product.image,
    url: product.url,
  };
  if (quantity !== undefined) properties.quantity = quantity;
  return properties;
}
