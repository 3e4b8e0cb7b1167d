import { describe, expect, it } from 'vitest';
import type { CustomerCommand, CustomerContext } from './customer';
import { customerDecider, normalizeEmail } from './customer';
import { MAX_ADDRESS_LENGTH, MAX_NAME_LENGTH } from './limits';
import { deciderSpec, givenFor } from './testing';
import type { CustomerEvent } from './events';

const { initialState, evolve } = customerDecider;

const given = givenFor(customerDecider);
const spec = deciderSpec(customerDecider);

const free: CustomerContext = { emailOwner: undefined };
const ownedBy = (customerId: string): CustomerContext => ({ emailOwner: customerId });

const register = (
  data: Partial<Extract<CustomerCommand, { type: 'RegisterCustomer' }>['data']> = {},
): CustomerCommand => ({
  type: 'RegisterCustomer',
  data: { customerId: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com', ...data },
});

const change = (
  data: Omit<Extract<CustomerCommand, { type: 'ChangeCustomerDetails' }>['data'], 'customerId'>,
  customerId = 'c-1',
): CustomerCommand => ({ type: 'ChangeCustomerDetails', data: { customerId, ...data } });

const adaRegistered: CustomerEvent = {
  type: 'CustomerRegistered',
  data: {
    customer_id: 'c-1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    shipping_address: '12 St James’s Square, London',
  },
};
const adaWithoutAddress: CustomerEvent = {
  type: 'CustomerRegistered',
  data: { customer_id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' },
};

/** Text a person may paste that no log keeps: a NUL, halves of surrogate pairs. */
const unstorableTexts = ['Nul\u0000here', 'half \uD83D of a cake', '\uDE82 low half'];

const invalidIds = ['', ' ', 'has space', 'a/b', 'a.b', 'émile', 'x'.repeat(65), 'a\n'];
const invalidEmails = [
  '',
  '   ',
  'plainaddress',
  'ada@example',
  '@example.com',
  'ada@',
  'ada lovelace@example.com',
  'ada@@example.com',
  'ada@example..com',
  'ada@.example.com',
  'ada@example.com.',
  `${'a'.repeat(243)}@example.com`,
  // Addresses that could pass for ada@example.com.
  'ada\u200b@example.com',
  'ada@example\u200c.com',
  'ada\u0000@example.com',
  'аda@example.com',
  'ada@exаmple.com',
  'ada@εxample.com',
];

describe('no customer yet', () => {
  describe('RegisterCustomer', () => {
    it('registers the customer with trimmed name, email and shipping address', () => {
      spec
        .given()
        .when(
          register({
            name: '  Ada Lovelace ',
            email: ' ada@example.com  ',
            shippingAddress: '  12 St James’s Square, London ',
          }),
          free,
        )
        .then([adaRegistered]);
    });

    it('omits the shipping address when none is given', () => {
      spec.given().when(register(), free).then([adaWithoutAddress]);
    });

    it.each(['', '   ', '\t\n'])('omits a blank shipping address (%j)', (shippingAddress) => {
      spec.given().when(register({ shippingAddress }), free).then([adaWithoutAddress]);
    });

    it('keeps the email as typed (its case is only ignored for uniqueness)', () => {
      spec
        .given()
        .when(register({ email: 'Ada.Lovelace+desk@Example.co.uk' }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: {
              customer_id: 'c-1',
              name: 'Ada Lovelace',
              email: 'Ada.Lovelace+desk@Example.co.uk',
            },
          },
        ]);
    });

    it('records the email in NFKC: full-width letters as the plain ones, the case as typed', () => {
      spec
        .given()
        .when(register({ email: 'ＡＤＡ＠Example.com' }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: { customer_id: 'c-1', name: 'Ada Lovelace', email: 'ADA@Example.com' },
          },
        ]);
    });

    it('says in plain words which invisible character an email holds', () => {
      const error = spec
        .given()
        .when(register({ email: 'ada\u200b@example.com' }), free)
        .thenRejects('invalid_email');
      expect(error.message).toBe(
        'The email “ada\u200b@example.com” holds an invisible or control character (U+200B), which would make it look like another address.',
      );
    });

    it('says in plain words where an email mixes scripts', () => {
      const error = spec
        .given()
        .when(register({ email: 'ada@exаmple.com' }), free)
        .thenRejects('invalid_email');
      expect(error.message).toBe(
        'The email “ada@exаmple.com” mixes Latin and Cyrillic letters in “exаmple”, which would make it look like another address.',
      );
    });

    it('accepts a one-character name after trimming', () => {
      spec
        .given()
        .when(register({ name: '  A  ' }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: { customer_id: 'c-1', name: 'A', email: 'ada@example.com' },
          },
        ]);
    });

    it(`accepts a name of exactly ${MAX_NAME_LENGTH} characters, even with spaces around it`, () => {
      const name = 'n'.repeat(MAX_NAME_LENGTH);
      spec
        .given()
        .when(register({ name: `  ${name}  ` }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: { customer_id: 'c-1', name, email: 'ada@example.com' },
          },
        ]);
    });

    it(`rejects a name of ${MAX_NAME_LENGTH + 1} characters`, () => {
      const name = 'n'.repeat(MAX_NAME_LENGTH + 1);
      spec.given().when(register({ name }), free).thenRejects('invalid_name');
    });

    it.each(['', ' ', '   \t '])('rejects an empty name (%j)', (name) => {
      spec.given().when(register({ name }), free).thenRejects('invalid_name');
    });

    it.each(unstorableTexts)('rejects a name holding text that cannot be stored (%j)', (name) => {
      const error = spec.given().when(register({ name }), free).thenRejects('invalid_name');
      expect(error.message).toMatch(/^The name holds .*, which cannot be stored: type it again/u);
    });

    it('accepts a name with characters made of two surrogates (🎂)', () => {
      spec
        .given()
        .when(register({ name: 'Ada 🎂' }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: { customer_id: 'c-1', name: 'Ada 🎂', email: 'ada@example.com' },
          },
        ]);
    });

    it.each(invalidEmails)('rejects the invalid email %j', (email) => {
      spec.given().when(register({ email }), free).thenRejects('invalid_email');
    });

    it('rejects an email another customer already holds', () => {
      spec.given().when(register(), ownedBy('c-2')).thenRejects('email_taken');
    });

    it('rejects an email another customer holds in another case (the context is case-insensitive)', () => {
      // The application looks the owner up by normalizeEmail; the decider trusts that answer.
      expect(normalizeEmail(' ADA@Example.COM ')).toBe(normalizeEmail('ada@example.com'));
      expect(normalizeEmail('İDA@example.com')).toBe(normalizeEmail('ida@example.com'));
      spec
        .given()
        .when(register({ email: 'ADA@Example.COM' }), ownedBy('c-2'))
        .thenRejects('email_taken');
    });

    it('accepts an email the same customer already holds', () => {
      spec.given().when(register(), ownedBy('c-1')).then([adaWithoutAddress]);
    });

    it.each(invalidIds)('rejects the invalid customer id %j', (customerId) => {
      spec.given().when(register({ customerId }), free).thenRejects('invalid_id');
    });

    it('accepts a 64-character id of letters, digits, - and _', () => {
      const customerId = `Az09-_${'x'.repeat(58)}`;
      spec
        .given()
        .when(register({ customerId }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: { customer_id: customerId, name: 'Ada Lovelace', email: 'ada@example.com' },
          },
        ]);
    });

    it(`accepts a shipping address of ${MAX_ADDRESS_LENGTH} characters`, () => {
      const shippingAddress = 'a'.repeat(MAX_ADDRESS_LENGTH);
      spec
        .given()
        .when(register({ shippingAddress }), free)
        .then([
          {
            type: 'CustomerRegistered',
            data: {
              customer_id: 'c-1',
              name: 'Ada Lovelace',
              email: 'ada@example.com',
              shipping_address: shippingAddress,
            },
          },
        ]);
    });

    it(`rejects a shipping address longer than ${MAX_ADDRESS_LENGTH} characters`, () => {
      const shippingAddress = 'a'.repeat(MAX_ADDRESS_LENGTH + 1);
      spec.given().when(register({ shippingAddress }), free).thenRejects('invalid_address');
    });

    it.each(unstorableTexts)(
      'rejects a shipping address holding text that cannot be stored (%j)',
      (shippingAddress) => {
        const error = spec
          .given()
          .when(register({ shippingAddress }), free)
          .thenRejects('invalid_address');
        expect(error.message).toMatch(/^The shipping address holds .*, which cannot be stored/u);
      },
    );
  });

  describe('ChangeCustomerDetails', () => {
    it('rejects the change: the customer does not exist', () => {
      spec
        .given()
        .when(change({ name: 'Grace Hopper' }), free)
        .thenRejects('customer_not_found');
    });

    it('rejects an invalid customer id before looking for the customer', () => {
      spec
        .given()
        .when(change({ name: 'Grace' }, 'bad id'), free)
        .thenRejects('invalid_id');
    });
  });

  describe('evolve', () => {
    it('starts with no customer', () => {
      expect(initialState()).toStrictEqual({ status: 'none' });
    });

    it('ignores a stray CustomerDetailsChanged (returns the state unchanged)', () => {
      const state = given();
      const stray: CustomerEvent = {
        type: 'CustomerDetailsChanged',
        data: { customer_id: 'c-1', name: 'Grace Hopper' },
      };
      expect(evolve(state, stray)).toBe(state);
    });

    it('CustomerRegistered makes a registered customer with every field', () => {
      expect(given(adaRegistered)).toStrictEqual({
        status: 'registered',
        customerId: 'c-1',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        shippingAddress: '12 St James’s Square, London',
      });
    });

    it('CustomerRegistered without an address leaves the address absent', () => {
      expect(given(adaWithoutAddress)).toStrictEqual({
        status: 'registered',
        customerId: 'c-1',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      });
    });
  });
});

describe('a registered customer', () => {
  const ada = spec.given([adaRegistered]);

  describe('RegisterCustomer', () => {
    it('rejects registering the same id again', () => {
      ada
        .when(register({ name: 'Someone Else', email: 'else@example.com' }), free)
        .thenRejects('customer_already_registered');
    });
  });

  describe('ChangeCustomerDetails', () => {
    it('emits only the name when only the name changes', () => {
      ada.when(change({ name: '  Augusta Ada King ' }), free).then([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', name: 'Augusta Ada King' },
        },
      ]);
    });

    it('emits only the email when only the email changes', () => {
      ada.when(change({ email: ' ada@analytical.engine ' }), free).then([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', email: 'ada@analytical.engine' },
        },
      ]);
    });

    it('emits only the shipping address when only the address changes', () => {
      ada.when(change({ shippingAddress: ' Ockham Park, Surrey ' }), free).then([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', shipping_address: 'Ockham Park, Surrey' },
        },
      ]);
    });

    it('emits every field that changes', () => {
      ada
        .when(
          change({ name: 'Augusta', email: 'augusta@example.com', shippingAddress: 'Ockham Park' }),
          free,
        )
        .then([
          {
            type: 'CustomerDetailsChanged',
            data: {
              customer_id: 'c-1',
              name: 'Augusta',
              email: 'augusta@example.com',
              shipping_address: 'Ockham Park',
            },
          },
        ]);
    });

    it('leaves out fields that are sent unchanged', () => {
      ada
        .when(
          change({
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            shippingAddress: 'Ockham Park',
          }),
          ownedBy('c-1'),
        )
        .then([
          {
            type: 'CustomerDetailsChanged',
            data: { customer_id: 'c-1', shipping_address: 'Ockham Park' },
          },
        ]);
    });

    it('clears the shipping address with an empty value', () => {
      ada
        .when(change({ shippingAddress: '  ' }), free)
        .then([
          { type: 'CustomerDetailsChanged', data: { customer_id: 'c-1', shipping_address: '' } },
        ]);
    });

    it('sets a first shipping address', () => {
      spec
        .given([adaWithoutAddress])
        .when(change({ shippingAddress: 'Ockham Park' }), free)
        .then([
          {
            type: 'CustomerDetailsChanged',
            data: { customer_id: 'c-1', shipping_address: 'Ockham Park' },
          },
        ]);
    });

    it('rejects a change with no fields', () => {
      ada.when(change({}), free).thenRejects('nothing_changed');
    });

    it('rejects a change where every field is the same as now', () => {
      ada
        .when(
          change({
            name: ' Ada Lovelace ',
            email: 'ada@example.com ',
            shippingAddress: ' 12 St James’s Square, London',
          }),
          ownedBy('c-1'),
        )
        .thenRejects('nothing_changed');
    });

    it('rejects clearing an address the customer does not have', () => {
      spec
        .given([adaWithoutAddress])
        .when(change({ shippingAddress: '' }), free)
        .thenRejects('nothing_changed');
    });

    it.each(['', '   '])('rejects an empty new name (%j)', (name) => {
      ada.when(change({ name }), free).thenRejects('invalid_name');
    });

    it(`rejects a new name of ${MAX_NAME_LENGTH + 1} characters`, () => {
      ada.when(change({ name: 'n'.repeat(MAX_NAME_LENGTH + 1) }), free).thenRejects('invalid_name');
    });

    it.each(unstorableTexts)(
      'rejects a new name holding text that cannot be stored (%j)',
      (name) => {
        const error = ada.when(change({ name }), free).thenRejects('invalid_name');
        expect(error.message).toMatch(/^The name holds .*, which cannot be stored/u);
      },
    );

    it.each(unstorableTexts)(
      'rejects a new shipping address holding text that cannot be stored (%j)',
      (shippingAddress) => {
        ada.when(change({ shippingAddress }), free).thenRejects('invalid_address');
      },
    );

    it.each(invalidEmails)('rejects the invalid new email %j', (email) => {
      ada.when(change({ email }), free).thenRejects('invalid_email');
    });

    it('rejects a new email another customer holds', () => {
      ada.when(change({ email: 'grace@example.com' }), ownedBy('c-2')).thenRejects('email_taken');
    });

    it('rejects the whole change when one field breaks a rule (no partial event)', () => {
      ada
        .when(change({ name: 'Augusta', email: 'grace@example.com' }), ownedBy('c-2'))
        .thenRejects('email_taken');
    });

    it('accepts a change of case in the customer’s own email', () => {
      ada.when(change({ email: 'Ada@Example.com' }), ownedBy('c-1')).then([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', email: 'Ada@Example.com' },
        },
      ]);
    });

    it(`rejects a shipping address longer than ${MAX_ADDRESS_LENGTH} characters`, () => {
      ada
        .when(change({ shippingAddress: 'a'.repeat(MAX_ADDRESS_LENGTH + 1) }), free)
        .thenRejects('invalid_address');
    });

    it.each(invalidIds)('rejects the invalid customer id %j', (customerId) => {
      ada.when(change({ name: 'Augusta' }, customerId), free).thenRejects('invalid_id');
    });
  });

  describe('evolve', () => {
    it('CustomerDetailsChanged updates only the fields it carries', () => {
      expect(
        given(adaRegistered, {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', email: 'augusta@example.com' },
        }),
      ).toStrictEqual({
        status: 'registered',
        customerId: 'c-1',
        name: 'Ada Lovelace',
        email: 'augusta@example.com',
        shippingAddress: '12 St James’s Square, London',
      });
    });

    it('CustomerDetailsChanged with every field replaces them all', () => {
      expect(
        given(adaWithoutAddress, {
          type: 'CustomerDetailsChanged',
          data: {
            customer_id: 'c-1',
            name: 'Augusta',
            email: 'augusta@example.com',
            shipping_address: 'Ockham Park',
          },
        }),
      ).toStrictEqual({
        status: 'registered',
        customerId: 'c-1',
        name: 'Augusta',
        email: 'augusta@example.com',
        shippingAddress: 'Ockham Park',
      });
    });

    it('an empty shipping address removes the address', () => {
      expect(
        given(adaRegistered, {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', shipping_address: '' },
        }),
      ).toStrictEqual({
        status: 'registered',
        customerId: 'c-1',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      });
    });

    it('a decided change, folded back, leads to nothing_changed when repeated', () => {
      const renamed: CustomerEvent = {
        type: 'CustomerDetailsChanged',
        data: { customer_id: 'c-1', name: 'Augusta' },
      };
      ada.when(change({ name: 'Augusta' }), free).then([renamed]);
      expect(given(adaRegistered, renamed)).toMatchObject({ name: 'Augusta' });
      spec
        .given([adaRegistered, renamed])
        .when(change({ name: 'Augusta' }), free)
        .thenRejects('nothing_changed');
    });
  });
});
