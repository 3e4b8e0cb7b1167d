import { describe, expect, it } from 'vitest';
import { orderPlacedV0 } from './testing';
import { catalogUpcasters, createUpcasters, upcastEvent, UpcastError } from './upcasters';

const v0Order = {
  order_id: 'o-1',
  customer_id: 'c-1',
  currency: 'EUR',
  items: [{ product_id: 'mug', name: 'Mug', quantity: 3, unit_price: 1000 }],
};

describe('upcasters', () => {
  it('the catalog has none yet: current data passes through untouched', () => {
    expect(catalogUpcasters.isEmpty).toBe(true);
    const data = { order_id: 'o-1' };
    expect(catalogUpcasters.upcast('OrderDelivered', 1, data)).toBe(data);
    expect(catalogUpcasters.problem('OrderDelivered', 0)).toBe(
      'data version 0 of OrderDelivered is not known: there is no upcaster from version 0',
    );
    expect(catalogUpcasters.problem('OrderDelivered', 2)).toMatch(/newer than this desk knows/);
  });

  it('brings an older data version up to the current one', () => {
    expect(orderPlacedV0.problem('OrderPlaced', 0)).toBeNull();
    expect(orderPlacedV0.upcast('OrderPlaced', 0, v0Order)).toEqual({ ...v0Order, total: 3000 });
    expect(
      upcastEvent(orderPlacedV0, { type: 'OrderPlaced', dataVersion: 0, data: v0Order, id: 'e' }),
    ).toEqual({ type: 'OrderPlaced', dataVersion: 1, data: { ...v0Order, total: 3000 }, id: 'e' });
  });

  it('chains several steps, one version at a time', () => {
    const chain = createUpcasters(
      [
        {
          type: 'CustomerRegistered',
          fromVersion: 0,
          upcast: ({ full_name, ...rest }) => ({ ...rest, name: full_name }),
        },
        {
          type: 'CustomerRegistered',
          fromVersion: 1,
          upcast: (data) => ({ ...data, email: String(data.email).toLowerCase() }),
        },
      ],
      2,
    );
    expect(
      chain.upcast('CustomerRegistered', 0, {
        customer_id: 'c',
        full_name: 'Ada',
        email: 'ADA@X.ORG',
      }),
    ).toEqual({ customer_id: 'c', name: 'Ada', email: 'ada@x.org' });
    expect(chain.problem('OrderPlaced', 1)).toMatch(/no upcaster from version 1/);
  });

  it('reports an upcaster that fails, and data that is not an object', () => {
    expect(() => orderPlacedV0.upcast('OrderPlaced', 0, { ...v0Order, items: 'none' })).toThrow(
      UpcastError,
    );
    expect(() => orderPlacedV0.upcast('OrderPlaced', 0, 'x')).toThrow(
      'the data of OrderPlaced at data version 0 must be a JSON object',
    );
  });

  it('refuses a table with two upcasters for one version, or one at the current version', () => {
    const step = {
      type: 'OrderDelivered',
      fromVersion: 0,
      upcast: (d: object) => ({ ...d }),
    } as const;
    expect(() => createUpcasters([step, step])).toThrow(/Two upcasters/);
    expect(() => createUpcasters([{ ...step, fromVersion: 1 }])).toThrow(RangeError);
  });
});
