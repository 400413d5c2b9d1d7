import { QuantityError, isValidQuantity, parseMilliValue, parseResource, parseValue } from '../../shared/scheduler/quantity';

describe('parseMilliValue', () => {
  const cases: Array<[string | number, number]> = [
    ['100m', 100],
    ['1', 1000],
    ['0.5', 500],
    ['.5', 500],
    ['1.', 1000],
    ['2.25', 2250],
    ['0.0005', 1],
    ['0.5m', 1],
    ['1500u', 2],
    ['1e3', 1_000_000],
    ['1k', 1_000_000],
    ['+3', 3000],
    ['0', 0],
    [0.25, 250],
    [2, 2000],
  ];

  it.each(cases)('reads %p as %p milli-CPU', (quantity, milli) => {
    expect(parseMilliValue(quantity)).toBe(milli);
  });
});

describe('parseValue', () => {
  const cases: Array<[string | number, number]> = [
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1E', 1e18],
    ['500k', 500_000],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['0.5Ki', 512],
    ['100m', 1],
    ['1Ki', 1024],
    ['2Ti', 2 * 2 ** 40],
    ['110', 110],
    ['12e-1', 2],
    ['1e-9', 1],
    ['-1', -1],
    ['-1.5', -2],
    [1e21, 1e21],
  ];

  it.each(cases)('reads %p as %p', (quantity, value) => {
    expect(parseValue(quantity)).toBe(value);
  });

  it.each(['', 'abc', '1K', '1 Gi', 'Mi', '1e', '1.2.3', '1Gib', '--1'])('rejects %p', (quantity) => {
    expect(() => parseValue(quantity)).toThrow(QuantityError);
    expect(isValidQuantity(quantity)).toBe(false);
  });
});

describe('parseResource', () => {
  it('reads cpu in milli-CPU and everything else in whole units', () => {
    expect(parseResource('cpu', '250m')).toBe(250);
    expect(parseResource('memory', '1Mi')).toBe(1048576);
    expect(parseResource('example.com/gpu', '2')).toBe(2);
  });
});
