/**
 * Kubernetes resource quantities (apimachinery `resource.Quantity`): `100m`, `0.5`, `128Mi`, `1G`,
 * `1e3`, `500k`. Parsed exactly with BigInt, then rounded up (away from zero) the way
 * Quantity.MilliValue() and Quantity.Value() round, so `0.5m` CPU is 1 milli-CPU, never 0.
 */
import type { Quantity } from '../api/types';
import { InvalidDataError } from '../api/invalid-data';

export class QuantityError extends InvalidDataError {
  constructor(readonly quantity: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(quantity)}`);
    this.name = 'QuantityError';
  }
}

const BINARY_SUFFIXES: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// `1E` is exa, `1E3` is an exponent: the suffix branch fails on `1E3` and the exponent branch takes it.
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

// Beyond these exponents the result saturates; it keeps absurd inputs like `1e999999` cheap.
const MAX_EXPONENT = 40;

function pow10(exp: number): bigint {
  return 10n ** BigInt(exp);
}

/** The quantity times 10^scale, rounded away from zero to an integer. */
function scaledValue(text: string, scale: number): number {
  const m = QUANTITY.exec(text);
  if (!m) throw new QuantityError(text);
  const [, sign, number, suffix = '', exponent] = m;
  const [whole, fraction = ''] = number.split('.');
  const mantissa = BigInt(`${whole}${fraction}` || '0') * (BINARY_SUFFIXES[suffix] ?? 1n);
  const exp10 = (exponent !== undefined ? Number(exponent) : (DECIMAL_SUFFIXES[suffix] ?? 0)) - fraction.length + scale;
  let magnitude: number;
  if (mantissa === 0n) {
    magnitude = 0;
  } else if (exp10 >= 0) {
    magnitude = exp10 > MAX_EXPONENT ? Number.MAX_SAFE_INTEGER : Number(mantissa * pow10(exp10));
  } else if (-exp10 > MAX_EXPONENT + mantissa.toString().length) {
    magnitude = 1;
  } else {
    const divisor = pow10(-exp10);
    magnitude = Number((mantissa + divisor - 1n) / divisor);
  }
  return sign === '-' ? -magnitude : magnitude;
}

// Requests repeat the same few strings ("100m", "128Mi") across thousands of pods.
const cache = [new Map<string, number>(), new Map<string, number>()];
const CACHE_LIMIT = 10_000;

function cached(q: Quantity, milli: boolean): number {
  const text = typeof q === 'number' ? String(q) : q;
  const memo = cache[milli ? 1 : 0];
  let value = memo.get(text);
  if (value === undefined) {
    value = scaledValue(text, milli ? 3 : 0);
    if (memo.size >= CACHE_LIMIT) memo.clear();
    memo.set(text, value);
  }
  return value;
}

/** Quantity.MilliValue(): `100m` → 100, `1` → 1000, `0.5` → 500. Throws QuantityError. */
export function parseMilliValue(q: Quantity): number {
  return cached(q, true);
}

/** Quantity.Value(): `128Mi` → 134217728, `1G` → 1e9, `1e3` → 1000, `100m` → 1. Throws QuantityError. */
export function parseValue(q: Quantity): number {
  return cached(q, false);
}

/** Whether `q` is a syntactically valid quantity. */
export function isValidQuantity(q: Quantity): boolean {
  return typeof q === 'number' ? Number.isFinite(q) : QUANTITY.test(q);
}

/** The scheduler's unit for a resource: milli-CPU for `cpu`, whole units (bytes, counts) otherwise. */
export function parseResource(name: string, q: Quantity): number {
  return name === 'cpu' ? parseMilliValue(q) : parseValue(q);
}
