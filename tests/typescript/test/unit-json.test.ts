// JSON that keeps integers beyond 2^53 exact (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BIG_MARK,
  hasUnsafe,
  parseFast,
  parseJson,
  stringifyJson,
  UNSAFE,
  unmarkDeep,
  withExact,
} from "../omni-mini/dist/_runtime/json.js";

test("ordinary JSON takes the fast path and parses as JSON.parse does", () => {
  const text = '{"items":[{"a":1,"b":1729356272492,"c":"9007199254740993 in a string","d":-2.5e-3}],"nextCursor":null}';
  const parsed = parseJson(text);
  assert.equal(parsed.exact, true);
  assert.deepEqual(parsed.value, JSON.parse(text));
});

test("integers beyond 2^53 are kept as marked digits, everything else is untouched", () => {
  const text =
    '{"x": 9007199254740993, "neg": -9223372036854775808, "safe": 9007199254740991, "f": 12345678901234567.5,' +
    ' "e": 1234567890123456789e2, "s": "12345678901234567890", "esc": "a\\"9007199254740993\\"", "list": [18446744073709551615]}';
  const parsed = parseJson(text);
  const value = parsed.value as Record<string, unknown>;
  assert.equal(value["x"], `${BIG_MARK}9007199254740993`);
  assert.equal(value["neg"], `${BIG_MARK}-9223372036854775808`);
  assert.equal(value["safe"], 9007199254740991);
  assert.equal(value["f"], 12345678901234567.5);
  assert.equal(value["e"], 1234567890123456789e2);
  assert.equal(value["s"], "12345678901234567890");
  assert.equal(value["esc"], 'a"9007199254740993"');
  assert.deepEqual(unmarkDeep(value["list"]), [18446744073709551615n]);
});

test("a 16-digit run inside a string alone does not change any value", () => {
  const text = '{"id": "node-1234567890123456789", "n": 42}';
  const parsed = parseJson(text);
  assert.deepEqual(parsed.value, { id: "node-1234567890123456789", n: 42 });
});

test("digits after a decimal point are never taken for an integer", () => {
  const parsed = parseJson('{"a": 0.12345678901234567890123, "b": 9007199254740993}');
  const value = parsed.value as Record<string, unknown>;
  assert.equal(value["a"], 0.12345678901234567890123);
  assert.equal(value["b"], `${BIG_MARK}9007199254740993`);
});

test("escaped quotes and backslashes in strings do not confuse where strings end", () => {
  const text = String.raw`{"a": "x\"9007199254740993\"", "b": "ends with a backslash \\", "n": 9007199254740993, "c": "\\\"12345678901234567"}`;
  const parsed = parseJson(text);
  const value = unmarkDeep(parsed.value) as Record<string, unknown>;
  assert.equal(value["a"], 'x"9007199254740993"');
  assert.equal(value["b"], "ends with a backslash \\");
  assert.equal(value["n"], 9007199254740993n);
  assert.equal(value["c"], '\\"12345678901234567');
});

test("fast parsing, and the exact parse when a decoder finds a value that may have lost digits", () => {
  const text = '{"a": 9007199254740993, "b": [1, 2.5, {"c": 1e300}]}';
  const fast = parseFast(text);
  assert.equal(fast.exact, false);
  assert.equal(hasUnsafe(fast.value), true);
  assert.equal(hasUnsafe({ a: 9007199254740991, b: [0.1, "9007199254740993", -(2 ** 52)] }), false);
  assert.equal(hasUnsafe([{ deep: [-(2 ** 60)] }]), true);
  const seen: boolean[] = [];
  const result = withExact(fast, (value, exact) => {
    seen.push(exact);
    if (!exact && hasUnsafe(value)) throw UNSAFE;
    return unmarkDeep(value);
  });
  assert.deepEqual(seen, [false, true]);
  assert.deepEqual(result, { a: 9007199254740993n, b: [1, 2.5, { c: 1e300 }] });
  const ordinary = parseFast('{"x": 1}');
  assert.deepEqual(
    withExact(ordinary, (value, exact) => [value, exact]),
    [{ x: 1 }, false],
  );
  assert.throws(
    () =>
      withExact(ordinary, () => {
        throw new Error("other");
      }),
    /other/,
  );
});

test("stringifyJson writes bigints as exact integer literals", () => {
  const text = stringifyJson({
    a: 9007199254740993n,
    b: [-9223372036854775808n, 1],
    c: "x",
    d: new Date(Date.UTC(2024, 0, 2)),
  });
  assert.equal(text, '{"a":9007199254740993,"b":[-9223372036854775808,1],"c":"x","d":"2024-01-02T00:00:00.000Z"}');
  assert.equal(stringifyJson({ plain: 1 }), '{"plain":1}');
  const round = parseJson(text);
  assert.deepEqual(unmarkDeep(round.value), {
    a: 9007199254740993n,
    b: [-9223372036854775808n, 1],
    c: "x",
    d: "2024-01-02T00:00:00.000Z",
  });
});
