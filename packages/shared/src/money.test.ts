import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { divideHalfEven, formatDecimal, parseDecimal, parseRate, rateIssue, rescaleRate } from './decimal.ts';
import { convertMinor, formatMoney, maxMinorUnits, parseMoney, sumConverted } from './money.ts';

// The reference: plain fractions, rounded half to even from the floor (a different route than divideHalfEven's).
interface Fraction {
  n: bigint;
  d: bigint;
}
const fraction = (n: bigint, d = 1n): Fraction => (d < 0n ? { n: -n, d: -d } : { n, d });
const add = (a: Fraction, b: Fraction) => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
const multiply = (a: Fraction, b: Fraction) => fraction(a.n * b.n, a.d * b.d);
const divide = (a: Fraction, b: Fraction) => fraction(a.n * b.d, a.d * b.n);
const fractionOfRate = (text: string): Fraction => {
  const [whole, decimals = ''] = text.split('.');
  return fraction(BigInt(whole + decimals), 10n ** BigInt(decimals.length));
};
function roundHalfEven({ n, d }: Fraction): bigint {
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const twiceRest = 2n * (n - floor * d);
  if (twiceRest < d) return floor;
  if (twiceRest > d) return floor + 1n;
  return floor % 2n === 0n ? floor : floor + 1n;
}

const rate = fc.oneof(
  fc.stringMatching(/^\d{1,12}(\.\d{1,10})?$/),
  fc.stringMatching(/^[1-9]\d{0,2}\.\d{2,4}$/),
  fc.stringMatching(/^0\.0{0,8}[1-9]\d?$/),
).filter((text) => parseRate(text) !== null);
const minor = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
);
const codes = ['BRL', 'USD', 'EUR', 'JPY', 'CLP'];
const ratesByCode = fc.tuple(...codes.map(() => rate)).map((values) => Object.fromEntries(codes.map((code, i) => [code, values[i]])));
const rows = fc.array(fc.record({ currency: fc.constantFrom(...codes), minor }), { maxLength: 30 });

describe('exact decimals', () => {
  it('rounds half to even', () => {
    const cases: Array<[bigint, bigint, bigint]> = [
      [5n, 2n, 2n],
      [7n, 2n, 4n],
      [-5n, 2n, -2n],
      [-7n, 2n, -4n],
      [1n, 3n, 0n],
      [2n, 3n, 1n],
      [-2n, 3n, -1n],
      [1n, 2n, 0n],
      [-1n, 2n, 0n],
      [3n, -2n, -2n],
      [0n, 7n, 0n],
    ];
    for (const [n, d, expected] of cases) assert.equal(divideHalfEven(n, d), expected, `${n}/${d}`);
    assert.throws(() => divideHalfEven(1n, 0n), RangeError);
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt().filter((d) => d !== 0n), (n, d) => divideHalfEven(n, d) === roundHalfEven(fraction(n, d))),
      { numRuns: 500 },
    );
  });

  it('accepts rates above 0 with up to 12 integer digits and 10 decimals, and says why others are refused', () => {
    for (const text of ['1', '5.4321', '0.0000000001', '999999999999.9999999999', '05.40']) assert.equal(rateIssue(text), null, text);
    const refused: Array<[string, string]> = [
      ['0', 'min'],
      ['0.0000000000', 'min'],
      ['-1', 'min'],
      ['-0.5', 'min'],
      ['1000000000000', 'max'],
      ['0.00000000001', 'format'],
      ['1.12345678901', 'format'],
      ['1e3', 'format'],
      ['abc', 'format'],
      ['', 'format'],
      [' 1', 'format'],
      ['1.', 'format'],
      ['.5', 'format'],
      ['1,5', 'format'],
      ['+1', 'format'],
      ['Infinity', 'format'],
      ['0x10', 'format'],
    ];
    for (const [text, rule] of refused) {
      assert.equal(rateIssue(text), rule, JSON.stringify(text));
      assert.equal(parseRate(text), null);
    }
  });

  it('parses and writes decimals exactly, in shortest form', () => {
    assert.deepEqual(parseDecimal('5.40'), { units: 540n, scale: 2 });
    assert.equal(formatDecimal({ units: 540n, scale: 2 }), '5.4');
    assert.equal(formatDecimal({ units: 5n, scale: 10 }), '0.0000000005');
    assert.equal(formatDecimal({ units: -1200n, scale: 2 }), '-12');
    assert.equal(formatDecimal({ units: 0n, scale: 3 }), '0');
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,30}(\.\d{1,20})?$/), (text) => {
        const written = formatDecimal(parseDecimal(text)!);
        const back = parseDecimal(written)!;
        const original = parseDecimal(text)!;
        // Same value: cross-multiply by the other's scale.
        return back.units * 10n ** BigInt(original.scale) === original.units * 10n ** BigInt(back.scale) && formatDecimal(back) === written;
      }),
    );
  });

  it('rescales a rate by another exactly, rounded half to even to 10 decimals', () => {
    assert.equal(rescaleRate('5.90', '5.40'), '1.0925925926');
    assert.equal(rescaleRate('1', '5.40'), '0.1851851852');
    assert.equal(rescaleRate('5.40', '5.40'), '1');
    assert.equal(rescaleRate('0.0000000001', '5.4'), null, 'rounds to 0');
    assert.equal(rescaleRate('999999999999', '0.0000000001'), null, 'too large');
    assert.throws(() => rescaleRate('0', '1'), RangeError);
    fc.assert(
      fc.property(rate, rate, (value, divisor) => {
        const expected = roundHalfEven(multiply(divide(fractionOfRate(value), fractionOfRate(divisor)), fraction(10n ** 10n)));
        const rescaled = rescaleRate(value, divisor);
        if (rescaled === null) return expected === 0n || expected >= 10n ** 22n;
        return expected === BigInt(parseDecimal(rescaled)!.units * 10n ** BigInt(10 - parseDecimal(rescaled)!.scale));
      }),
      { numRuns: 500 },
    );
  });
});

describe('money', () => {
  it('round-trips parseMoney and formatMoney over the whole exact range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -maxMinorUnits, max: maxMinorUnits }), (value) => parseMoney(formatMoney(value)) === value),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^-?[1-9]\d{0,12}\.\d\d$/), (text) => formatMoney(parseMoney(text)!) === text),
    );
    assert.equal(parseMoney('1234.5'), 123450);
    assert.equal(parseMoney(0.1), 10);
    assert.equal(parseMoney('-0.00'), 0);
    assert.equal(parseMoney('90000000000000.00'), maxMinorUnits);
    assert.equal(parseMoney('90000000000000.01'), null);
    assert.equal(parseMoney('1.005'), null);
    assert.equal(parseMoney(1e21), null);
    assert.equal(formatMoney(-5n), '-0.05');
    assert.equal(formatMoney('123456789012345678901234567890'), '1234567890123456789012345678.90');
  });

  it('converts to the same currency as the identity, whatever the rate', () => {
    fc.assert(fc.property(minor, rate, (amount, sameRate) => convertMinor(amount, sameRate, sameRate) === amount), { numRuns: 500 });
    fc.assert(fc.property(fc.maxSafeInteger(), rate, (amount, sameRate) => convertMinor(amount, sameRate, sameRate) === BigInt(amount)));
  });

  it('converts through the base exactly and rounds half to even once', () => {
    assert.equal(convertMinor(10000, '5.40', '5.90'), 9153n, '100.00 USD is 91.53 EUR at BRL 5.40 and 5.90');
    assert.equal(convertMinor(10000, '5.40', '1'), 54000n);
    assert.equal(convertMinor('1', '0.5', '1'), 0n, 'a half cent goes to the even 0');
    assert.equal(convertMinor('3', '0.5', '1'), 2n, 'a cent and a half goes to the even 2');
    assert.equal(convertMinor(-3n, '0.5', '1'), -2n);
    assert.equal(convertMinor(10n ** 30n + 1n, '1', '1'), 10n ** 30n + 1n, 'beyond 2^53, still exact');
    for (const bad of [1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, '1.5', '1e3', '']) {
      assert.throws(() => convertMinor(bad, '1', '1'), RangeError, String(bad));
    }
    assert.throws(() => convertMinor(1, '0', '1'), RangeError);
    assert.throws(() => convertMinor(1, '1', '-2'), RangeError);
  });

  it('sums in several currencies exactly as the rounded sum of the exact conversions', () => {
    fc.assert(
      fc.property(rows, ratesByCode, fc.constantFrom(...codes), (amounts, rates, target) => {
        let exact = fraction(0n);
        for (const row of amounts) exact = add(exact, divide(multiply(fraction(row.minor), fractionOfRate(rates[row.currency])), fractionOfRate(rates[target])));
        return sumConverted(amounts, rates, target) === roundHalfEven(exact);
      }),
      { numRuns: 1000 },
    );
  });

  it('sums amounts already in the target currency without any rounding', () => {
    fc.assert(
      fc.property(fc.array(minor), ratesByCode, (amounts, rates) =>
        sumConverted(amounts.map((amount) => ({ currency: 'USD', minor: amount })), rates, 'USD') === amounts.reduce((sum, amount) => sum + amount, 0n),
      ),
    );
  });

  it('agrees with convertMinor for one row, whatever form the amount takes', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), rate, rate, (amount, from, to) => {
        const expected = convertMinor(BigInt(amount), from, to);
        return (
          convertMinor(amount, from, to) === expected &&
          convertMinor(String(amount), from, to) === expected &&
          sumConverted([{ currency: 'A', minor: amount }], { A: from, B: to }, 'B') === expected
        );
      }),
    );
  });

  it('refuses a currency without a rate, even one named like an Object property', () => {
    assert.throws(() => sumConverted([{ currency: 'XXX', minor: 1n }], { BRL: '1' }, 'BRL'), RangeError);
    assert.throws(() => sumConverted([], { BRL: '1' }, 'constructor'), RangeError);
    assert.equal(sumConverted([], { BRL: '1' }, 'BRL'), 0n);
  });
});
