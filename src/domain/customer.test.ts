import { describe, expect, it } from 'vitest';
import type { CustomerCommand, CustomerContext } from './customer';
import { customerDecider, normalizeEmail } from './customer';
import { MAX_ADDRESS_LENGTH, MAX_NAME_LENGTH } from './limits';
import { DomainError } from './errors';
import { expectRejected, givenFor } from './testing';
import type { CustomerEvent } from './events';

const { initialState, decide, evolve } = customerDecider;

const given = givenFor(customerDecider);

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
      const result = decide(
        register({
          name: '  Ada Lovelace ',
          email: ' ada@example.com  ',
          shippingAddress: '  12 St James’s Square, London ',
        }),
        given(),
        free,
      );
      expect(result).toStrictEqual([adaRegistered]);
    });

    it('omits the shipping address when none is given', () => {
      expect(decide(register(), given(), free)).toStrictEqual([adaWithoutAddress]);
    });

    it.each(['', '   ', '\t\n'])('omits a blank shipping address (%j)', (shippingAddress) => {
      expect(decide(register({ shippingAddress }), given(), free)).toStrictEqual([
        adaWithoutAddress,
      ]);
    });

    it('keeps the email as typed (its case is only ignored for uniqueness)', () => {
      const result = decide(register({ email: 'Ada.Lovelace+desk@Example.co.uk' }), given(), free);
      expect(result).toStrictEqual([
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
      const result = decide(register({ email: 'ＡＤＡ＠Example.com' }), given(), free);
      expect(result).toStrictEqual([
        {
          type: 'CustomerRegistered',
          data: { customer_id: 'c-1', name: 'Ada Lovelace', email: 'ADA@Example.com' },
        },
      ]);
    });

    it('says in plain words which invisible character an email holds', () => {
      const error = expectRejected(
        decide(register({ email: 'ada\u200b@example.com' }), given(), free),
        'invalid_email',
      );
      expect(error.message).toBe(
        'The email “ada\u200b@example.com” holds an invisible or control character (U+200B), which would make it look like another address.',
      );
    });

    it('says in plain words where an email mixes scripts', () => {
      const error = expectRejected(
        decide(register({ email: 'ada@exаmple.com' }), given(), free),
        'invalid_email',
      );
      expect(error.message).toBe(
        'The email “ada@exаmple.com” mixes Latin and Cyrillic letters in “exаmple”, which would make it look like another address.',
      );
    });

    it('accepts a one-character name after trimming', () => {
      expect(decide(register({ name: '  A  ' }), given(), free)).toStrictEqual([
        {
          type: 'CustomerRegistered',
          data: { customer_id: 'c-1', name: 'A', email: 'ada@example.com' },
        },
      ]);
    });

    it(`accepts a name of exactly ${MAX_NAME_LENGTH} characters, even with spaces around it`, () => {
      const name = 'n'.repeat(MAX_NAME_LENGTH);
      expect(decide(register({ name: `  ${name}  ` }), given(), free)).toStrictEqual([
        {
          type: 'CustomerRegistered',
          data: { customer_id: 'c-1', name, email: 'ada@example.com' },
        },
      ]);
    });

    it(`rejects a name of ${MAX_NAME_LENGTH + 1} characters`, () => {
      const name = 'n'.repeat(MAX_NAME_LENGTH + 1);
      expectRejected(decide(register({ name }), given(), free), 'invalid_name');
    });

    it.each(['', ' ', '   \t '])('rejects an empty name (%j)', (name) => {
      expectRejected(decide(register({ name }), given(), free), 'invalid_name');
    });

    it.each(invalidEmails)('rejects the invalid email %j', (email) => {
      expectRejected(decide(register({ email }), given(), free), 'invalid_email');
    });

    it('rejects an email another customer already holds', () => {
      expectRejected(decide(register(), given(), ownedBy('c-2')), 'email_taken');
    });

    it('rejects an email another customer holds in another case (the context is case-insensitive)', () => {
      // The application looks the owner up by normalizeEmail; the decider trusts that answer.
      expect(normalizeEmail(' ADA@Example.COM ')).toBe(normalizeEmail('ada@example.com'));
      expect(normalizeEmail('İDA@example.com')).toBe(normalizeEmail('ida@example.com'));
      expectRejected(
        decide(register({ email: 'ADA@Example.COM' }), given(), ownedBy('c-2')),
        'email_taken',
      );
    });

    it('accepts an email the same customer already holds', () => {
      expect(decide(register(), given(), ownedBy('c-1'))).toStrictEqual([adaWithoutAddress]);
    });

    it.each(invalidIds)('rejects the invalid customer id %j', (customerId) => {
      expectRejected(decide(register({ customerId }), given(), free), 'invalid_id');
    });

    it('accepts a 64-character id of letters, digits, - and _', () => {
      const customerId = `Az09-_${'x'.repeat(58)}`;
      expect(decide(register({ customerId }), given(), free)).toStrictEqual([
        {
          type: 'CustomerRegistered',
          data: { customer_id: customerId, name: 'Ada Lovelace', email: 'ada@example.com' },
        },
      ]);
    });

    it(`accepts a shipping address of ${MAX_ADDRESS_LENGTH} characters`, () => {
      const shippingAddress = 'a'.repeat(MAX_ADDRESS_LENGTH);
      expect(decide(register({ shippingAddress }), given(), free)).toStrictEqual([
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
      expectRejected(decide(register({ shippingAddress }), given(), free), 'invalid_address');
    });
  });

  describe('ChangeCustomerDetails', () => {
    it('rejects the change: the customer does not exist', () => {
      expectRejected(decide(change({ name: 'Grace Hopper' }), given(), free), 'customer_not_found');
    });

    it('rejects an invalid customer id before looking for the customer', () => {
      expectRejected(decide(change({ name: 'Grace' }, 'bad id'), given(), free), 'invalid_id');
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
  describe('RegisterCustomer', () => {
    it('rejects registering the same id again', () => {
      expectRejected(
        decide(
          register({ name: 'Someone Else', email: 'else@example.com' }),
          given(adaRegistered),
          free,
        ),
        'customer_already_registered',
      );
    });
  });

  describe('ChangeCustomerDetails', () => {
    it('emits only the name when only the name changes', () => {
      expect(
        decide(change({ name: '  Augusta Ada King ' }), given(adaRegistered), free),
      ).toStrictEqual([
        { type: 'CustomerDetailsChanged', data: { customer_id: 'c-1', name: 'Augusta Ada King' } },
      ]);
    });

    it('emits only the email when only the email changes', () => {
      expect(
        decide(change({ email: ' ada@analytical.engine ' }), given(adaRegistered), free),
      ).toStrictEqual([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', email: 'ada@analytical.engine' },
        },
      ]);
    });

    it('emits only the shipping address when only the address changes', () => {
      expect(
        decide(change({ shippingAddress: ' Ockham Park, Surrey ' }), given(adaRegistered), free),
      ).toStrictEqual([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', shipping_address: 'Ockham Park, Surrey' },
        },
      ]);
    });

    it('emits every field that changes', () => {
      expect(
        decide(
          change({ name: 'Augusta', email: 'augusta@example.com', shippingAddress: 'Ockham Park' }),
          given(adaRegistered),
          free,
        ),
      ).toStrictEqual([
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
      expect(
        decide(
          change({
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            shippingAddress: 'Ockham Park',
          }),
          given(adaRegistered),
          ownedBy('c-1'),
        ),
      ).toStrictEqual([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', shipping_address: 'Ockham Park' },
        },
      ]);
    });

    it('clears the shipping address with an empty value', () => {
      expect(decide(change({ shippingAddress: '  ' }), given(adaRegistered), free)).toStrictEqual([
        { type: 'CustomerDetailsChanged', data: { customer_id: 'c-1', shipping_address: '' } },
      ]);
    });

    it('sets a first shipping address', () => {
      expect(
        decide(change({ shippingAddress: 'Ockham Park' }), given(adaWithoutAddress), free),
      ).toStrictEqual([
        {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'c-1', shipping_address: 'Ockham Park' },
        },
      ]);
    });

    it('rejects a change with no fields', () => {
      expectRejected(decide(change({}), given(adaRegistered), free), 'nothing_changed');
    });

    it('rejects a change where every field is the same as now', () => {
      expectRejected(
        decide(
          change({
            name: ' Ada Lovelace ',
            email: 'ada@example.com ',
            shippingAddress: ' 12 St James’s Square, London',
          }),
          given(adaRegistered),
          ownedBy('c-1'),
        ),
        'nothing_changed',
      );
    });

    it('rejects clearing an address the customer does not have', () => {
      expectRejected(
        decide(change({ shippingAddress: '' }), given(adaWithoutAddress), free),
        'nothing_changed',
      );
    });

    it.each(['', '   '])('rejects an empty new name (%j)', (name) => {
      expectRejected(decide(change({ name }), given(adaRegistered), free), 'invalid_name');
    });

    it(`rejects a new name of ${MAX_NAME_LENGTH + 1} characters`, () => {
      expectRejected(
        decide(change({ name: 'n'.repeat(MAX_NAME_LENGTH + 1) }), given(adaRegistered), free),
        'invalid_name',
      );
    });

    it.each(invalidEmails)('rejects the invalid new email %j', (email) => {
      expectRejected(decide(change({ email }), given(adaRegistered), free), 'invalid_email');
    });

    it('rejects a new email another customer holds', () => {
      expectRejected(
        decide(change({ email: 'grace@example.com' }), given(adaRegistered), ownedBy('c-2')),
        'email_taken',
      );
    });

    it('rejects the whole change when one field breaks a rule (no partial event)', () => {
      expectRejected(
        decide(
          change({ name: 'Augusta', email: 'grace@example.com' }),
          given(adaRegistered),
          ownedBy('c-2'),
        ),
        'email_taken',
      );
    });

    it('accepts a change of case in the customer’s own email', () => {
      expect(
        decide(change({ email: 'Ada@Example.com' }), given(adaRegistered), ownedBy('c-1')),
      ).toStrictEqual([
        { type: 'CustomerDetailsChanged', data: { customer_id: 'c-1', email: 'Ada@Example.com' } },
      ]);
    });

    it(`rejects a shipping address longer than ${MAX_ADDRESS_LENGTH} characters`, () => {
      expectRejected(
        decide(
          change({ shippingAddress: 'a'.repeat(MAX_ADDRESS_LENGTH + 1) }),
          given(adaRegistered),
          free,
        ),
        'invalid_address',
      );
    });

    it.each(invalidIds)('rejects the invalid customer id %j', (customerId) => {
      expectRejected(
        decide(change({ name: 'Augusta' }, customerId), given(adaRegistered), free),
        'invalid_id',
      );
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
      const before = given(adaRegistered);
      const events = decide(change({ name: 'Augusta' }), before, free);
      if (events instanceof DomainError) throw events;
      const after = given(adaRegistered, ...events);
      expect(after).toMatchObject({ name: 'Augusta' });
      expectRejected(decide(change({ name: 'Augusta' }), after, free), 'nothing_changed');
    });
  });
});
