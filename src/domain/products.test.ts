import { describe, expect, it } from 'vitest';
import { isValidId } from './ids';
import { CATALOG_CURRENCY, catalog, findProduct, orderLineOf } from './products';

describe('the catalog', () => {
  it('has 20 products with valid, unique ids, names and whole-cent prices in EUR', () => {
    expect(catalog).toHaveLength(20);
    expect(CATALOG_CURRENCY).toBe('EUR');
    expect(new Set(catalog.map((product) => product.productId)).size).toBe(20);
    for (const product of catalog) {
      expect(isValidId(product.productId)).toBe(true);
      expect(product.name.trim()).not.toBe('');
      expect(Number.isSafeInteger(product.unitPrice) && product.unitPrice > 0).toBe(true);
    }
  });

  it('finds a product by id, and nothing for an unknown id', () => {
    expect(findProduct('french-press')).toStrictEqual({
      productId: 'french-press',
      name: 'French press, 1 l',
      unitPrice: 3900,
    });
    expect(findProduct('nope')).toBeUndefined();
  });

  it('makes an order line at the catalog price', () => {
    const product = findProduct('ceramic-mug');
    if (product === undefined) throw new Error('no mug');
    expect(orderLineOf(product, 3)).toStrictEqual({
      product_id: 'ceramic-mug',
      name: 'Ceramic mug, 350 ml',
      quantity: 3,
      unit_price: 1450,
    });
  });
});
