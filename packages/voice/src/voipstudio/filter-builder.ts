/**
 * A typed builder for VoIPstudio's `filter` query parameter, and a check of the other collection
 * parameters, so that a bad filter fails here with a precise message instead of as a bare HTTP 400.
 *
 * The API reads `filter` as a JSON array of `{"property","operator","value"}` conditions, ANDed:
 * `[{"property":"calldate","operator":"gt","value":"2018-09-01 00:00:00"}]`.
 *
 * @packageDocumentation
 */
import type { paths } from "@callspec/voipstudio";
import { VOIPSTUDIO_MAX_LIMIT } from "@callspec/voipstudio";
import { ValidationError } from "../core/errors.js";

/** Canonical operators after normalisation. */
export type FilterOperator = "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "in" | "like" | "notlike";

/** Every spelling the API accepts (17). */
export type FilterOperatorSpelling = FilterOperator | "=" | "neq" | "<>" | "!=" | "<" | "<=" | ">" | ">=";

// A Record (rather than a list) makes the compiler insist on every spelling, exactly once.
const CANONICAL_OF: Readonly<Record<FilterOperatorSpelling, FilterOperator>> = {
  eq: "eq",
  "=": "eq",
  ne: "ne",
  neq: "ne",
  "<>": "ne",
  "!=": "ne",
  lt: "lt",
  "<": "lt",
  lte: "lte",
  "<=": "lte",
  gt: "gt",
  ">": "gt",
  gte: "gte",
  ">=": "gte",
  in: "in",
  like: "like",
  notlike: "notlike",
};

/** All 17 operator spellings the API accepts, canonical ones first in each group. */
export const FILTER_OPERATOR_SPELLINGS: readonly FilterOperatorSpelling[] = Object.freeze(Object.keys(CANONICAL_OF) as FilterOperatorSpelling[]);

// Looked up through a Map: a plain object would "accept" inherited names such as "toString".
const canonicalBySpelling = new Map<string, FilterOperator>(Object.entries(CANONICAL_OF));

/** A single value a condition can compare with; dates are text, `"YYYY-MM-DD HH:MM:SS"`. */
export type FilterValue = string | number | boolean | null;

/**
 * The value type each operator takes: a list for `in`, a string pattern for `like`/`notlike`,
 * one {@link FilterValue} otherwise. With a non-literal operator it widens to any of them.
 */
export type FilterValueFor<O extends FilterOperatorSpelling> = O extends "in" ? readonly FilterValue[] : O extends "like" | "notlike" ? string : FilterValue;

/** One condition, as sent to the API (operator already canonical). */
export interface FilterCondition<P extends string = string> {
  property: P;
  operator: FilterOperator;
  value: FilterValue | FilterValue[];
}

// The item type of a `GET` whose 200 JSON answer is a page `{ data: X[]; total: number }`.
type PageItem<Get> = Get extends {
  responses: { 200: { content: { "application/json": { data: (infer Item)[]; total: number } } } };
}
  ? Item
  : never;

/** Collection paths of the VoIPstudio API: those whose `GET` answers a page of items. */
export type CollectionPath = {
  [P in keyof paths]: [PageItem<paths[P]["get"]>] extends [never] ? never : P;
}[keyof paths] &
  string;

/** The item type of a collection, e.g. `CollectionItem<"/cdrs">` is `components["schemas"]["Cdr"]`. */
export type CollectionItem<P extends CollectionPath> = PageItem<paths[P]["get"]>;

/** The property names a filter on collection `P` may use. */
export type PropertyOf<P extends CollectionPath> = Extract<keyof CollectionItem<P>, string>;

/** Thrown for a bad filter or query parameter, before any request; names the bad value. */
export class FilterError extends ValidationError {
  static {
    FilterError.prototype.name = "FilterError";
  }
  declare readonly param: string;

  /**
   * @param param - where the problem is; it also prefixes the message.
   * @param problem - what is wrong, quoting the bad value.
   */
  constructor(param: string, problem: string) {
    super({ vendor: "voipstudio", param, message: `${param}: ${problem}` });
  }
}

/** An immutable, chainable filter. */
export interface Filter<P extends string = string> {
  /**
   * Adds a condition (ANDed with the others).
   * @returns a new filter; this one is left unchanged.
   * @throws {@link FilterError} when the operator or value is not one the API accepts.
   */
  and<K extends P, O extends FilterOperatorSpelling>(property: K, operator: O, value: FilterValueFor<O>): Filter<P>;
  /** The conditions, frozen, with canonical operators. */
  readonly conditions: readonly FilterCondition<P>[];
  /** A fresh, mutable copy of the conditions. */
  toJSON(): FilterCondition<P>[];
  /** The exact text to send as the `filter` query parameter. */
  toString(): string;
}

const MAX_SHOWN = 60;

// Error messages quote the offending value as JSON, except where JSON would mislead (NaN prints as null)
// or cannot say anything (undefined, functions, cycles); long values are cut so messages stay readable.
function show(value: unknown): string {
  let text: string | undefined;
  if (typeof value === "number" || typeof value === "bigint") {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
  }
  text ??= typeof value === "object" ? Object.prototype.toString.call(value) : String(value);
  const chars = Array.from(text);
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join("")}…` : text;
}

function canonicalOperator(op: unknown, param: string): FilterOperator {
  const canonical = typeof op === "string" ? canonicalBySpelling.get(op) : undefined;
  if (canonical !== undefined) return canonical;
  const loose = typeof op === "string" ? op.trim().toLowerCase() : "";
  let hint: string;
  if (loose === "between") {
    hint = "the API rejects between with 400; use gte and lte";
  } else if (canonicalBySpelling.has(loose)) {
    // Spellings are matched exactly, as the API does; point at the near miss rather than guess.
    hint = `did you mean ${JSON.stringify(loose)}? operators are exact and lower case`;
  } else {
    hint = "use eq, ne, lt, lte, gt, gte, in, like or notlike";
  }
  throw new FilterError(param, `${show(op)} is not a VoIPstudio operator (${hint})`);
}

/**
 * Normalise any accepted spelling to its canonical operator (`=` → `eq`; `neq`, `<>`, `!=` → `ne`; `<` → `lt`;
 * `<=` → `lte`; `>` → `gt`; `>=` → `gte`). Matching is exact: `"EQ"` and `"eq "` are rejected.
 * @param op - the spelling to normalise.
 * @param param - the parameter name to report in an error; defaults to `"operator"`.
 * @throws {@link FilterError} for anything else, with a hint for `between`.
 */
export function normaliseOperator(op: string, param = "operator"): FilterOperator {
  return canonicalOperator(op, param);
}

function checkScalar(value: unknown, param: string): FilterValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new FilterError(param, `${show(value)} is not a finite number (JSON has no NaN or Infinity)`);
    // JSON.stringify writes -0 as 0; storing 0 keeps conditions and the sent text in agreement.
    return value === 0 ? 0 : value;
  }
  if (value instanceof Date) {
    // No automatic conversion: which time zone the account expects is not ours to guess.
    throw new FilterError(param, `${show(value)} is a Date; send dates as "YYYY-MM-DD HH:MM:SS" text`);
  }
  if (Array.isArray(value)) throw new FilterError(param, `${show(value)} is a list; only the in operator takes a list`);
  throw new FilterError(param, `${show(value)} is not a filter value (a string, finite number, boolean or null)`);
}

function checkValue(operator: FilterOperator, value: unknown, param: string): FilterValue | FilterValue[] {
  if (operator === "in") {
    if (!Array.isArray(value) || value.length === 0) {
      throw new FilterError(param, `${show(value)} is not a non-empty list; in takes an array such as ["foo","bar"]`);
    }
    return Object.freeze(value.map((item, i) => checkScalar(item, `${param}[${i}]`))) as FilterValue[];
  }
  if ((operator === "like" || operator === "notlike") && typeof value !== "string") {
    throw new FilterError(param, `${show(value)} is not a string; ${operator} takes a text pattern`);
  }
  return checkScalar(value, param);
}

// Every condition, built or parsed, passes through here, so both paths enforce the same rules.
function makeCondition(property: unknown, operator: unknown, value: unknown, index: number): FilterCondition {
  const at = `filter[${index}]`;
  if (typeof property !== "string" || property === "") {
    throw new FilterError(`${at}.property`, `${show(property)} is not a property name (a non-empty string)`);
  }
  const canonical = canonicalOperator(operator, `${at}.operator`);
  // Key order here is the key order of the sent JSON.
  return Object.freeze({ property, operator: canonical, value: checkValue(canonical, value, `${at}.value`) });
}

const CONDITION_KEYS: ReadonlySet<string> = new Set(["property", "operator", "value"]);

function conditionFromJSON(item: unknown, index: number): FilterCondition {
  const at = `filter[${index}]`;
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw new FilterError(at, `${show(item)} is not a condition {"property","operator","value"}`);
  }
  // An extra key is most likely a typo ("values", "op") that the API would silently ignore.
  for (const key of Object.keys(item)) {
    if (!CONDITION_KEYS.has(key)) {
      throw new FilterError(`${at}.${key}`, `${show(key)} is not a condition key (only property, operator and value)`);
    }
  }
  const { property, operator, value } = item as Record<string, unknown>;
  return makeCondition(property, operator, value, index);
}

class ImmutableFilter<P extends string> implements Filter<P> {
  readonly conditions: readonly FilterCondition<P>[];

  constructor(conditions: readonly FilterCondition[]) {
    this.conditions = Object.freeze(conditions.slice()) as readonly FilterCondition<P>[];
    Object.freeze(this);
  }

  and<K extends P, O extends FilterOperatorSpelling>(property: K, operator: O, value: FilterValueFor<O>): Filter<P> {
    const next = makeCondition(property, operator, value, this.conditions.length);
    return new ImmutableFilter<P>([...this.conditions, next]);
  }

  toJSON(): FilterCondition<P>[] {
    return this.conditions.map(({ property, operator, value }) => ({
      property,
      operator,
      value: Array.isArray(value) ? value.slice() : value,
    }));
  }

  toString(): string {
    return JSON.stringify(this.conditions);
  }
}

/**
 * Start a filter typed for one collection, so property names are checked against its items:
 * `filterFor("/cdrs").where("calldate", "gt", "2018-09-01 00:00:00").and("dst_id", "eq", 123456)`.
 * @param path - the collection; it is used only for its type.
 */
export function filterFor<P extends CollectionPath>(
  path: P,
): {
  /**
   * The first condition.
   * @throws {@link FilterError} when the operator or value is not one the API accepts.
   */
  where<K extends PropertyOf<P>, O extends FilterOperatorSpelling>(property: K, operator: O, value: FilterValueFor<O>): Filter<PropertyOf<P>>;
} {
  void path;
  return {
    where: (property, operator, value) => new ImmutableFilter<PropertyOf<P>>([makeCondition(property, operator, value, 0)]),
  };
}

/**
 * Untyped start of a filter (any property name): `where("duration", "gte", 60)`.
 * @throws {@link FilterError} when the property, operator or value is not one the API accepts.
 */
export function where<O extends FilterOperatorSpelling>(property: string, operator: O, value: FilterValueFor<O>): Filter<string> {
  return new ImmutableFilter<string>([makeCondition(property, operator, value, 0)]);
}

/**
 * Parse filter text (the decoded value of the `filter` query parameter) back into a Filter, validating
 * it like the builder does. `"[]"` gives a filter without conditions.
 * @throws {@link FilterError} naming the bad condition part, e.g. `filter[1].operator`.
 */
export function parseFilter(text: string): Filter<string> {
  if (typeof text !== "string") throw new FilterError("filter", `${show(text)} is not filter text`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FilterError("filter", `${show(text)} is not JSON`);
  }
  if (!Array.isArray(parsed)) throw new FilterError("filter", `${show(text)} is not a JSON array of conditions`);
  return new ImmutableFilter<string>(parsed.map(conditionFromJSON));
}

function filterText(filter: unknown): string {
  if (typeof filter === "string") return parseFilter(filter).toString();
  // Checked by shape rather than instanceof: a Filter from another copy of this module (ESM next to CJS)
  // is just as good, and re-validating its conditions also catches hand-made look-alikes.
  if (typeof filter === "object" && filter !== null && Array.isArray((filter as { conditions?: unknown }).conditions)) {
    const conditions = (filter as { conditions: unknown[] }).conditions;
    return new ImmutableFilter(conditions.map(conditionFromJSON)).toString();
  }
  throw new FilterError("filter", `${show(filter)} is neither filter text nor a Filter`);
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  // Strings such as "2" are rejected rather than coerced: the client's types say number, so a string
  // means unparsed input, and coercing would also let "2abc" or " 2" slip through as something else.
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new FilterError(name, `${show(value)} is not an integer ${range}`);
  }
}

/**
 * Checks collection query parameters before a request: `page` an integer ≥ 1, `limit` an integer from 1
 * to 5000, `dir` exactly `ASC` or `DESC`, `sort` and `group_by` non-empty strings, and `filter` either text
 * (parsed and validated) or a {@link Filter}. Numbers given as strings are rejected, not coerced. Other
 * parameters pass through untouched; `undefined` means "not sent".
 * @returns a copy of the query whose `filter`, if any, is the canonical filter text.
 * @throws {@link FilterError} naming the parameter and the bad value.
 */
export function checkCollectionQuery<Q extends Record<string, unknown>>(query: Q): Q & { filter?: string } {
  checkCollectionParams(query);
  const checked: Record<string, unknown> = { ...query };
  if (query.filter !== undefined) checked.filter = filterText(query.filter);
  return checked as Q & { filter?: string };
}

/** The checks of {@link checkCollectionQuery} for every parameter but `filter`, without copying the query. */
export function checkCollectionParams(query: Record<string, unknown>): void {
  if (typeof query !== "object" || query === null) throw new FilterError("query", `${show(query)} is not a query object`);
  const { page, limit, dir, sort, group_by: groupBy } = query;
  if (page !== undefined) checkInteger("page", page, 1, Number.MAX_SAFE_INTEGER);
  if (limit !== undefined) checkInteger("limit", limit, 1, VOIPSTUDIO_MAX_LIMIT);
  if (dir !== undefined && dir !== "ASC" && dir !== "DESC") {
    // The API documents upper case only; "asc" might work today, but nothing promises it.
    throw new FilterError("dir", `${show(dir)} is not ASC or DESC (upper case)`);
  }
  checkPropertyName("sort", sort);
  checkPropertyName("group_by", groupBy);
}

function checkPropertyName(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== "string" || value === "")) {
    throw new FilterError(name, `${show(value)} is not a property name (a non-empty string)`);
  }
}
