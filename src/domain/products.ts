import type { OrderLine } from './events';

/** A product the desk sells. Prices are in EUR cents. */
export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly unitPrice: number;
}

/** The currency of every catalog price. */
export const CATALOG_CURRENCY = 'EUR';

export const catalog: readonly Product[] = [
  { productId: 'espresso-beans-1kg', name: 'Espresso beans, 1 kg', unitPrice: 2490 },
  { productId: 'filter-coffee-500g', name: 'Filter coffee, 500 g', unitPrice: 1290 },
  { productId: 'green-tea-100g', name: 'Sencha green tea, 100 g', unitPrice: 890 },
  { productId: 'earl-grey-250g', name: 'Earl Grey tea, 250 g', unitPrice: 1150 },
  { productId: 'ceramic-mug', name: 'Ceramic mug, 350 ml', unitPrice: 1450 },
  { productId: 'travel-tumbler', name: 'Insulated travel tumbler', unitPrice: 2995 },
  { productId: 'pour-over-dripper', name: 'Pour-over dripper', unitPrice: 2200 },
  { productId: 'paper-filters-100', name: 'Paper filters, pack of 100', unitPrice: 549 },
  { productId: 'french-press', name: 'French press, 1 l', unitPrice: 3900 },
  { productId: 'hand-grinder', name: 'Hand coffee grinder', unitPrice: 6450 },
  { productId: 'electric-kettle', name: 'Gooseneck electric kettle', unitPrice: 8900 },
  { productId: 'digital-scale', name: 'Digital coffee scale', unitPrice: 3450 },
  { productId: 'milk-frother', name: 'Handheld milk frother', unitPrice: 1999 },
  { productId: 'espresso-machine', name: 'Espresso machine', unitPrice: 34900 },
  { productId: 'descaler', name: 'Descaling solution, 500 ml', unitPrice: 995 },
  { productId: 'cocoa-powder', name: 'Cocoa powder, 250 g', unitPrice: 675 },
  { productId: 'biscotti-box', name: 'Almond biscotti, box of 12', unitPrice: 850 },
  { productId: 'gift-card-25', name: 'Gift card €25', unitPrice: 2500 },
  { productId: 'tasting-set', name: 'Single-origin tasting set', unitPrice: 4200 },
  { productId: 'cold-brew-kit', name: 'Cold brew kit', unitPrice: 2750 },
];

const byId: ReadonlyMap<string, Product> = new Map(catalog.map((p) => [p.productId, p]));

export const findProduct = (productId: string): Product | undefined => byId.get(productId);

/** An order line for `quantity` of a product, at its catalog price. */
export const orderLineOf = (product: Product, quantity: number): OrderLine => ({
  product_id: product.productId,
  name: product.name,
  quantity,
  unit_price: product.unitPrice,
});
