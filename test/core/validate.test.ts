/** Input checks (docs/platform/plyr-api.md#input-rules). */
import { describe, expect, it } from '@jest/globals';
import * as check from '../../src/core/validate.js';
import { isPlyrError } from '../../src/index.js';

const rejects = (fn: () => unknown): void => {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(isPlyrError(thrown, 'INVALID_INPUT')).toBe(true);
};

describe('PLYR[ID] syntax', () => {
  it.each(['alice', 'Alice-01', 'a1b2c', 'x'.repeat(64), 'red-apple-a1b2c3', '1234a'])('accepts %s', (id) => {
    expect(check.plyrId(id)).toBe(id.toLowerCase());
  });
  it.each(['abcd', 'x'.repeat(65), '-alice', 'alice-', 'al--ice', '12345', 'ali ce', 'alicé', '', 42, null])(
    'refuses %p',
    (id) => rejects(() => check.plyrId(id)),
  );
  it('takes an address where a PLYR[ID] or an address is allowed', () => {
    const address = '0x52908400098527886E0F7030069857D2E4169EE7';
    expect(check.plyrIdOrAddress(address)).toBe(address);
    rejects(() => check.plyrIdOrAddress('0x12'));
  });
});

describe('otp', () => {
  it('accepts 6 digits as a string', () => expect(check.otp('012345')).toBe('012345'));
  it.each([123456, '12345', '1234567', '12a456', '', undefined])('refuses %p', (otp) =>
    rejects(() => check.otp(otp)),
  );
});

describe('expiresIn', () => {
  it('accepts a positive whole number of seconds, or nothing', () => {
    expect(check.expiresIn(3600)).toBe(3600);
    expect(check.expiresIn(undefined)).toBeUndefined();
  });
  it.each([0, -1, 3600.5, '3600', Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) =>
    rejects(() => check.expiresIn(value)),
  );
});

describe('tokens and amounts', () => {
  it('accepts one positive amount per token', () => {
    expect(check.tokens(['plyr', 'gamr'], true)).toEqual(['plyr', 'gamr']);
    expect(check.amounts([1, '2.5'], 2)).toEqual([1, '2.5']);
    expect(check.tokens([], false)).toEqual([]);
  });
  it('refuses bad lists', () => {
    rejects(() => check.tokens([], true));
    rejects(() => check.tokens(['plyr', ''], true));
    rejects(() => check.tokens('plyr', true));
    rejects(() => check.amounts([1], 2));
    rejects(() => check.amounts([0, 1], 2));
    rejects(() => check.amounts(['x'], 1));
    rejects(() => check.amounts([' '], 1));
    rejects(() => check.amounts([Number.POSITIVE_INFINITY], 1));
  });
});

describe('claiming code', () => {
  it('normalises case, spaces and dashes', () => {
    expect(check.claimingCode('ab12-cd34-ef56-7890')).toBe('AB12-CD34-EF56-7890');
    expect(check.claimingCode('AB12CD34EF567890')).toBe('AB12-CD34-EF56-7890');
  });
  it.each(['AB12-CD34-EF56', 'GG12-CD34-EF56-7890', 'AB12-CD34-EF56-78901', 42])('refuses %p', (code) =>
    rejects(() => check.claimingCode(code)),
  );
});
