// The VoIPstudio filter builder: the exact text it sends, the operators and values it lets through, the
// collection parameters it checks, and (with fast-check) that building, sending and parsing agree.
import type { components } from "@callspec/voipstudio";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  checkCollectionQuery,
  FILTER_OPERATOR_SPELLINGS,
  FilterError,
  filterFor,
  normaliseOperator,
  parseFilter,
  where,
  type CollectionItem,
  type CollectionPath,
  type Filter,
  type FilterCondition,
  type FilterOperator,
  type FilterOperatorSpelling,
  type FilterValue,
  type PropertyOf,
} from "../src/voipstudio/filter-builder.js";
import { ValidationError } from "../src/index.js";

// Written out by hand from the vendor's seed example, not produced by the code under test.
const SEED = '[{"property":"dst_id","operator":"eq","value":"123456"},{"property":"calldate","operator":"gt","value":"2018-09-01 00:00:00"}]';

const CANONICAL: Record<FilterOperatorSpelling, FilterOperator> = {
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
const CANONICAL_OPERATORS: readonly string[] = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "like", "notlike"];

/** Runs `fn`, expects a FilterError, and returns it for closer checks. */
function filterErrorOf(fn: () => unknown): FilterError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FilterError);
    // Inside the facade's error tree: a caller catching local bad input catches a bad filter too.
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBeUndefined();
    return error as FilterError;
  }
  throw new Error("expected a FilterError, nothing was thrown");
}

/** A value of the kind each operator takes, for table tests. */
function sampleValue(op: FilterOperatorSpelling): FilterValue | FilterValue[] {
  if (op === "in") return ["foo", "bar"];
  if (op === "like" || op === "notlike") return "%foo%";
  return 60;
}

describe("building filters", () => {
  it("serialises the vendor's seed example exactly", () => {
    const filter = filterFor("/cdrs").where("dst_id", "eq", "123456").and("calldate", "gt", "2018-09-01 00:00:00");
    expect(filter.toString()).toBe(SEED);
    expect(`${filter}`).toBe(SEED);
    expect(JSON.stringify(filter)).toBe(SEED);
    expect(new URLSearchParams({ filter: String(filter) }).get("filter")).toBe(SEED);
  });

  it("sends numbers as JSON numbers and canonical operators", () => {
    expect(where("duration", ">=", 60).toString()).toBe('[{"property":"duration","operator":"gte","value":60}]');
    const doc = filterFor("/cdrs").where("calldate", "gt", "2018-09-01 00:00:00").and("dst_id", "=", 123456);
    expect(doc.toString()).toBe('[{"property":"calldate","operator":"gt","value":"2018-09-01 00:00:00"},{"property":"dst_id","operator":"eq","value":123456}]');
    expect(where("src", "in", ["a", 1, true, null]).toString()).toBe('[{"property":"src","operator":"in","value":["a",1,true,null]}]');
  });

  it("is immutable: and() returns a new filter, and copies handed out do not reach back", () => {
    const first = where("a", "eq", 1);
    const second = first.and("b", "ne", 2);
    expect(first.conditions).toHaveLength(1);
    expect(second.conditions).toHaveLength(2);
    expect(Object.isFrozen(second.conditions)).toBe(true);
    expect(Object.isFrozen(second.conditions[0])).toBe(true);

    const list = where("a", "in", ["x"]);
    const copy = list.toJSON();
    (copy[0]!.value as FilterValue[]).push("y");
    copy.push({ property: "b", operator: "eq", value: 1 });
    expect(list.toString()).toBe('[{"property":"a","operator":"in","value":["x"]}]');
  });

  it("does not keep a reference to the caller's array", () => {
    const values: FilterValue[] = ["x"];
    const filter = where("a", "in", values);
    values.push("y");
    expect(filter.toJSON()[0]!.value).toEqual(["x"]);
  });

  it("stores -0 as 0, since JSON cannot tell them apart", () => {
    expect(Object.is(where("a", "eq", -0).conditions[0]!.value, 0)).toBe(true);
  });
});

describe("operators", () => {
  it("has exactly the 17 spellings", () => {
    expect(FILTER_OPERATOR_SPELLINGS).toHaveLength(17);
    expect([...FILTER_OPERATOR_SPELLINGS].sort()).toEqual(Object.keys(CANONICAL).sort());
  });

  it.each(Object.entries(CANONICAL) as [FilterOperatorSpelling, FilterOperator][])("accepts %j as %j", (spelling, canonical) => {
    expect(normaliseOperator(spelling)).toBe(canonical);
    expect(where("p", spelling, sampleValue(spelling)).conditions[0]!.operator).toBe(canonical);
    const text = JSON.stringify([{ property: "p", operator: spelling, value: sampleValue(spelling) }]);
    expect(parseFilter(text).conditions[0]!.operator).toBe(canonical);
  });

  it.each(["between", "BETWEEN", "eq ", "===", "contains", "", "EQ", "toString", "__proto__"])("rejects %j when building, parsing and normalising", (op) => {
    const built = filterErrorOf(() => where("p", op as FilterOperatorSpelling, 1));
    expect(built.param).toBe("filter[0].operator");
    expect(built.message).toContain(JSON.stringify(op));

    const chained = filterErrorOf(() => where("p", "eq", 1).and("q", op as FilterOperatorSpelling, 1));
    expect(chained.param).toBe("filter[1].operator");

    const parsed = filterErrorOf(() =>
      parseFilter(
        JSON.stringify([
          { property: "p", operator: "eq", value: 1 },
          { property: "q", operator: op, value: 1 },
        ]),
      ),
    );
    expect(parsed.param).toBe("filter[1].operator");
    expect(parsed.message).toContain(JSON.stringify(op));

    expect(filterErrorOf(() => normaliseOperator(op)).param).toBe("operator");
    expect(filterErrorOf(() => normaliseOperator(op, "ops[3]")).param).toBe("ops[3]");
  });

  it("explains between with the vendor's own advice", () => {
    expect(filterErrorOf(() => where("p", "between" as FilterOperatorSpelling, 1)).message).toBe(
      'filter[0].operator: "between" is not a VoIPstudio operator (the API rejects between with 400; use gte and lte)',
    );
    expect(filterErrorOf(() => normaliseOperator("BETWEEN")).message).toContain("use gte and lte");
  });

  it("points at the near miss for wrong case or stray spaces", () => {
    expect(filterErrorOf(() => normaliseOperator("EQ")).message).toContain('did you mean "eq"?');
    expect(filterErrorOf(() => normaliseOperator(" like ")).message).toContain('did you mean "like"?');
  });
});

describe("values and properties", () => {
  const cases: [string, () => unknown, string, string][] = [
    ["in with a single value", () => where("p", "in", "foo" as never), "filter[0].value", '"foo"'],
    ["in with an empty list", () => where("p", "in", []), "filter[0].value", "[]"],
    ["in with a nested list", () => where("p", "in", ["a", ["b"]] as never), "filter[0].value[1]", '["b"]'],
    ["in with NaN inside", () => where("p", "in", [1, Number.NaN]), "filter[0].value[1]", "NaN"],
    ["like with a number", () => where("p", "like", 5 as never), "filter[0].value", "5"],
    ["notlike with null", () => where("p", "notlike", null as never), "filter[0].value", "null"],
    ["eq with a list", () => where("p", "eq", ["a"] as never), "filter[0].value", '["a"]'],
    ["NaN", () => where("p", "eq", Number.NaN), "filter[0].value", "NaN"],
    ["Infinity", () => where("p", "gt", Number.POSITIVE_INFINITY), "filter[0].value", "Infinity"],
    ["-Infinity", () => where("p", "lt", Number.NEGATIVE_INFINITY), "filter[0].value", "-Infinity"],
    ["an object", () => where("p", "eq", { a: 1 } as never), "filter[0].value", '{"a":1}'],
    ["a Date", () => where("p", "gt", new Date(0) as never), "filter[0].value", "1970-01-01"],
    ["undefined", () => where("p", "eq", undefined as never), "filter[0].value", "undefined"],
    ["a bigint", () => where("p", "eq", 10n as never), "filter[0].value", "10"],
    ["an empty property", () => where("", "eq", 1), "filter[0].property", '""'],
    ["a non-string property", () => where(7 as never, "eq", 1), "filter[0].property", "7"],
    ["a bad second condition", () => where("a", "eq", 1).and("b", "in", []), "filter[1].value", "[]"],
  ];

  it.each(cases)("rejects %s", (_name, build, param, shown) => {
    const error = filterErrorOf(build);
    expect(error.param).toBe(param);
    expect(error.message.startsWith(`${param}: `)).toBe(true);
    expect(error.message).toContain(shown);
  });

  it("cuts long values short in messages", () => {
    const error = filterErrorOf(() => where("p", "like", "x").and("q", "in", "x".repeat(500) as never));
    expect(error.message).toContain(`"${"x".repeat(40)}`);
    expect(error.message).toContain("…");
    expect(error.message.length).toBeLessThan(200);
  });
});

describe("parseFilter", () => {
  it("reads the seed and writes it back unchanged", () => {
    const filter = parseFilter(SEED);
    expect(filter.toString()).toBe(SEED);
    expect(filter.toJSON()).toEqual([
      { property: "dst_id", operator: "eq", value: "123456" },
      { property: "calldate", operator: "gt", value: "2018-09-01 00:00:00" },
    ]);
  });

  it("writes keys in property, operator, value order whatever order they came in", () => {
    expect(parseFilter('[{"value":60,"operator":">=","property":"duration"}]').toString()).toBe('[{"property":"duration","operator":"gte","value":60}]');
  });

  it("accepts an empty list", () => {
    expect(parseFilter("[]").toString()).toBe("[]");
  });

  it("returns a filter that can be extended", () => {
    expect(parseFilter(SEED).and("duration", "gte", 60).conditions).toHaveLength(3);
  });

  it.each([
    ["not JSON", "[{", "filter"],
    ["not an array", '{"property":"a","operator":"eq","value":1}', "filter"],
    ["an empty string", "", "filter"],
    ["a condition that is not an object", '[{"property":"a","operator":"eq","value":1}, 3]', "filter[1]"],
    ["a condition that is a list", '[["a","eq",1]]', "filter[0]"],
    ["an unknown key", '[{"property":"a","operator":"eq","values":1}]', "filter[0].values"],
    ["a missing value", '[{"property":"a","operator":"eq"}]', "filter[0].value"],
    ["a missing property", '[{"operator":"eq","value":1}]', "filter[0].property"],
    ["a non-string operator", '[{"property":"a","operator":1,"value":1}]', "filter[0].operator"],
    ["a number too large for a double", '[{"property":"a","operator":"eq","value":1e400}]', "filter[0].value"],
    ["an object value", '[{"property":"a","operator":"eq","value":{"x":1}}]', "filter[0].value"],
    ["like with a number", '[{"property":"a","operator":"like","value":1}]', "filter[0].value"],
    ["in with a string", '[{"property":"a","operator":"in","value":"x"}]', "filter[0].value"],
  ])("rejects %s", (_name, text, param) => {
    expect(filterErrorOf(() => parseFilter(text)).param).toBe(param);
  });
});

describe("checkCollectionQuery", () => {
  it.each([
    ["page", 0],
    ["page", 1.5],
    ["page", -1],
    ["page", "2"],
    ["page", null],
    ["limit", 0],
    ["limit", 5001],
    ["limit", Number.NaN],
    ["limit", "100"],
    ["dir", "asc"],
    ["dir", "descending"],
    ["sort", ""],
    ["sort", 3],
    ["group_by", ""],
  ])("rejects %s = %j, naming both", (param, value) => {
    const error = filterErrorOf(() => checkCollectionQuery({ [param]: value }));
    expect(error.param).toBe(param);
    expect(error.message).toContain(typeof value === "number" ? String(value) : JSON.stringify(value));
  });

  it("accepts the documented bounds and leaves other parameters alone", () => {
    const query = { page: 1, limit: 5000, dir: "DESC", sort: "calldate", group_by: "dst_id", include: "users" };
    expect(checkCollectionQuery(query)).toEqual(query);
    expect(checkCollectionQuery({ limit: 1, dir: "ASC" })).toEqual({ limit: 1, dir: "ASC" });
    expect(checkCollectionQuery({})).toEqual({});
    expect(checkCollectionQuery({ page: undefined })).toEqual({ page: undefined });
  });

  it("turns a Filter into its text without changing the caller's object", () => {
    const filter = filterFor("/cdrs").where("dst_id", "eq", "123456").and("calldate", "gt", "2018-09-01 00:00:00");
    const query = { filter, limit: 100 };
    expect(checkCollectionQuery(query)).toEqual({ filter: SEED, limit: 100 });
    expect(query.filter).toBe(filter);
  });

  it("validates filter text and sends it with canonical operators", () => {
    expect(checkCollectionQuery({ filter: SEED }).filter).toBe(SEED);
    expect(checkCollectionQuery({ filter: '[{"property":"duration","operator":">=","value":60}]' }).filter).toBe(
      '[{"property":"duration","operator":"gte","value":60}]',
    );
  });

  it("rejects filter text with a bad operator", () => {
    const text = '[{"property":"calldate","operator":"between","value":["2018-09-01 00:00:00","2018-09-02 00:00:00"]}]';
    const error = filterErrorOf(() => checkCollectionQuery({ filter: text }));
    expect(error.param).toBe("filter[0].operator");
    expect(error.message).toContain('"between"');
  });

  it("re-validates a filter-shaped object and rejects anything else", () => {
    const fake = { conditions: [{ property: "a", operator: "between", value: 1 }] };
    expect(filterErrorOf(() => checkCollectionQuery({ filter: fake })).param).toBe("filter[0].operator");
    expect(filterErrorOf(() => checkCollectionQuery({ filter: 42 })).param).toBe("filter");
    expect(filterErrorOf(() => checkCollectionQuery(null as never)).param).toBe("query");
  });
});

describe("properties (fast-check)", () => {
  const propertyName = fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }),
    fc.constantFrom('"', "\\", '\\"', "dst_id", "café", "名前", "😀", "a\nb", "\u0000"),
  );
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.constantFrom('say "hi"', "C:\\path", "line\nbreak\ttab", "2018-09-01 00:00:00", "%foo%", "🎉"),
  );
  const scalar: fc.Arbitrary<FilterValue> = fc.oneof(
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    // Edges fc.double reaches only rarely.
    fc.constantFrom(-0, Number.MIN_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER + 2, 1e21, 1e-7),
  );
  const condition = fc.constantFrom(...FILTER_OPERATOR_SPELLINGS).chain((operator) =>
    fc.record({
      property: propertyName,
      operator: fc.constant(operator),
      value: (operator === "in"
        ? fc.array(scalar, { minLength: 1, maxLength: 5 })
        : operator === "like" || operator === "notlike"
          ? text
          : scalar) as fc.Arbitrary<FilterValue | FilterValue[]>,
    }),
  );
  const conditions = fc.array(condition, { minLength: 1, maxLength: 6 });

  function build(list: { property: string; operator: FilterOperatorSpelling; value: FilterValue | FilterValue[] }[]) {
    const [first, ...rest] = list;
    return rest.reduce<Filter>((f, c) => f.and(c.property, c.operator, c.value), where(first!.property, first!.operator, first!.value));
  }

  it("round-trips through the sent text", () => {
    fc.assert(
      fc.property(conditions, (list) => {
        const filter = build(list);
        const expected: FilterCondition[] = list.map((c) => ({
          property: c.property,
          operator: CANONICAL[c.operator],
          value: c.value,
        }));
        expect(filter.toJSON()).toEqual(JSON.parse(JSON.stringify(expected)));
        expect(parseFilter(filter.toString()).toJSON()).toEqual(filter.toJSON());
        expect(JSON.parse(filter.toString())).toEqual(filter.toJSON());
        expect(parseFilter(filter.toString()).toString()).toBe(filter.toString());
      }),
    );
  });

  it("sends canonical operators only", () => {
    fc.assert(
      fc.property(conditions, (list) => {
        const sent = JSON.parse(build(list).toString()) as { operator: string }[];
        for (const c of sent) expect(CANONICAL_OPERATORS).toContain(c.operator);
      }),
    );
  });

  it("rejects every other operator", () => {
    const spellings: readonly string[] = FILTER_OPERATOR_SPELLINGS;
    const other = fc.oneof(
      fc.string().filter((s) => !spellings.includes(s)),
      fc.string({ unit: "binary" }).filter((s) => !spellings.includes(s)),
      fc.constantFrom("between", "BETWEEN", "EQ", "Eq", "== ", "contains"),
    );
    fc.assert(
      fc.property(other, (op) => {
        const error = filterErrorOf(() => normaliseOperator(op));
        expect(error.param).toBe("operator");
        if (JSON.stringify(op).length <= 40) expect(error.message).toContain(JSON.stringify(op));
      }),
    );
  });
});

describe("types", () => {
  it("derives collections, items and properties from the generated paths", () => {
    expectTypeOf<CollectionItem<"/cdrs">>().toEqualTypeOf<components["schemas"]["Cdr"]>();
    expectTypeOf<"/cdrs">().toExtend<CollectionPath>();
    expectTypeOf<"/contacts">().toExtend<CollectionPath>();
    expectTypeOf<"/cdrs/{id}">().not.toExtend<CollectionPath>();
    expectTypeOf<"/login">().not.toExtend<CollectionPath>();
    expectTypeOf<"calldate">().toExtend<PropertyOf<"/cdrs">>();
    expectTypeOf<"not_a_field">().not.toExtend<PropertyOf<"/cdrs">>();
  });

  it("checks property names and value kinds at compile time", () => {
    const typed = filterFor("/cdrs").where("calldate", "gt", "2018-09-01 00:00:00");
    expectTypeOf(typed).toEqualTypeOf<Filter<PropertyOf<"/cdrs">>>();
    expectTypeOf(typed.and("duration", "gte", 60)).toEqualTypeOf<Filter<PropertyOf<"/cdrs">>>();
    expectTypeOf(where("anything", "in", ["a", "b"])).toEqualTypeOf<Filter<string>>();

    // @ts-expect-error not a field of Cdr
    filterFor("/cdrs").where("not_a_field", "eq", 1);
    // @ts-expect-error not a field of Cdr
    typed.and("not_a_field", "eq", 1);
    // @ts-expect-error a single item, not a collection
    filterFor("/cdrs/{id}");
    // @ts-expect-error in takes a list
    expect(() => where("p", "in", "a")).toThrow(FilterError);
    // @ts-expect-error like takes a string pattern
    expect(() => where("p", "like", 1)).toThrow(FilterError);
    // @ts-expect-error only in takes a list
    expect(() => where("p", "eq", ["a"])).toThrow(FilterError);
  });
});
