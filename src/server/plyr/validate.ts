/**
 * A tiny schema checker for the JSON bodies the endpoint signs. Bodies here are flat objects whose values are
 * strings, numbers or arrays of those, so a few rule kinds cover them; a validation library would cost more
 * than it gives. The checker builds a fresh object (in schema order) instead of passing the input on, so
 * nothing the schema does not name can reach the signed text.
 */

/** Keys that are refused anywhere, so a body can never be used for prototype pollution downstream. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A string field. */
export interface StringRule {
  type: 'string';
  /** Minimum length in UTF-16 code units. Default 0. */
  min?: number;
  /** Maximum length. Default 1024. */
  max?: number;
  /** Pattern the whole value must match (anchor it). */
  pattern?: RegExp;
  /** The field may be absent. */
  optional?: boolean;
}

/** An integer field (a JSON number with no fraction; numeric strings are refused). */
export interface IntegerRule {
  type: 'integer';
  /** Minimum value. Default `Number.MIN_SAFE_INTEGER`. */
  min?: number;
  /** Maximum value. Default `Number.MAX_SAFE_INTEGER`. */
  max?: number;
  optional?: boolean;
}

/** A positive token amount: a finite number > 0, or a decimal string of one (e.g. `"1.5"`). */
export interface AmountRule {
  type: 'amount';
  optional?: boolean;
}

/** An array whose items all follow `items`. */
export interface ArrayRule {
  type: 'array';
  items: StringRule | IntegerRule | AmountRule;
  /** Minimum number of items. Default 0. */
  min?: number;
  /** Maximum number of items. Default 100. */
  max?: number;
  optional?: boolean;
  /** Value used when the field is absent (then `optional` is implied). */
  default?: readonly (string | number)[];
}

/** The rule of one body field. */
export type FieldRule = StringRule | IntegerRule | AmountRule | ArrayRule;

/** The schema of a JSON body: its fields (any other key is refused) and an optional cross-field check. */
export interface BodySchema {
  fields: Readonly<Record<string, FieldRule>>;
  /** Returns an error message when the (already field-checked) body is inconsistent, e.g. unequal arrays. */
  check?: (body: Readonly<Record<string, unknown>>) => string | undefined;
}

/** The outcome of a check: the normalised value, or a human-readable reason. */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A JSON object with string keys (what the endpoint signs). */
export type JsonObject = Record<string, unknown>;

const AMOUNT_TEXT = /^(?:\d{1,30})(?:\.\d{1,30})?$/;

/** True for `{}`-style objects (plain or null prototype); false for arrays, class instances, boxed values. */
export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkScalar(
  rule: StringRule | IntegerRule | AmountRule,
  value: unknown,
  name: string,
): string | undefined {
  switch (rule.type) {
    case 'string': {
      if (typeof value !== 'string') return `${name} must be a string.`;
      if (value.length < (rule.min ?? 0) || value.length > (rule.max ?? 1024))
        return `${name} must have ${rule.min ?? 0}..${rule.max ?? 1024} characters.`;
      if (rule.pattern !== undefined && !rule.pattern.test(value)) return `${name} has an invalid format.`;
      return undefined;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${name} must be an integer.`;
      if (value < (rule.min ?? Number.MIN_SAFE_INTEGER) || value > (rule.max ?? Number.MAX_SAFE_INTEGER))
        return `${name} is out of range.`;
      return undefined;
    }
    case 'amount': {
      const ok =
        typeof value === 'number'
          ? Number.isFinite(value) && value > 0
          : typeof value === 'string' && AMOUNT_TEXT.test(value) && Number(value) > 0;
      return ok ? undefined : `${name} must be a positive number or numeric string.`;
    }
  }
}

function checkField(rule: FieldRule, value: unknown, name: string): string | undefined {
  if (rule.type !== 'array') return checkScalar(rule, value, name);
  if (!Array.isArray(value)) return `${name} must be an array.`;
  if (value.length < (rule.min ?? 0) || value.length > (rule.max ?? 100))
    return `${name} must have ${rule.min ?? 0}..${rule.max ?? 100} items.`;
  for (let i = 0; i < value.length; i++) {
    const error = checkScalar(rule.items, value[i], `${name}[${i}]`);
    if (error !== undefined) return error;
  }
  return undefined;
}

/**
 * Checks `input` against `schema` and returns a fresh object holding only the schema's fields (in schema order,
 * defaults filled in). Refuses non-plain objects, unknown keys and `__proto__`/`constructor`/`prototype`.
 */
export function checkBody(schema: BodySchema, input: unknown): CheckResult<JsonObject> {
  if (!isPlainObject(input)) return { ok: false, error: 'The body must be a JSON object.' };
  for (const key of Object.keys(input)) {
    if (FORBIDDEN_KEYS.has(key)) return { ok: false, error: `The key "${key}" is not allowed.` };
    if (!Object.hasOwn(schema.fields, key)) return { ok: false, error: `Unknown field "${safeKey(key)}".` };
  }
  const out: JsonObject = {};
  for (const name of Object.keys(schema.fields)) {
    const rule = schema.fields[name]!;
    const present = Object.hasOwn(input, name) && input[name] !== undefined;
    if (!present) {
      if (rule.type === 'array' && rule.default !== undefined) out[name] = [...rule.default];
      else if (!rule.optional) return { ok: false, error: `${name} is required.` };
      continue;
    }
    const value = input[name];
    const error = checkField(rule, value, name);
    if (error !== undefined) return { ok: false, error };
    out[name] = Array.isArray(value) ? [...value] : value;
  }
  const error = schema.check?.(out);
  return error === undefined ? { ok: true, value: out } : { ok: false, error };
}

/** A key quoted in an error message, shortened and stripped of control characters. */
function safeKey(key: string): string {
  const clean = key.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
