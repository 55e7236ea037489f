// Loads the product catalog from /catalog.json, the single place products are defined.

let products = [];
let byId = new Map();

/** Fetches the catalog once; resolves to the product list. */
export async function loadCatalog() {
  const response = await fetch('/catalog.json', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`catalog ${response.status}`);
  const data = await response.json();
  products = Array.isArray(data.products) ? data.products : [];
  byId = new Map(products.map((p) => [p.id, p]));
  return products;
}

export function allProducts() {
  return products;
}

export function productById(id) {
  return byId.get(id) || null;
}
