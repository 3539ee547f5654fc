// JSON that keeps integers beyond 2^53 exact (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import { BIG_MARK, parseJson, stringifyJson, unmarkDeep } from "../omni-mini/dist/_runtime/json.js";

test("ordinary JSON takes the fast path and parses as JSON.parse does", () => {
  const text = '{"items":[{"a":1,"b":1729356272492,"c":"9007199254740993 in a string","d":-2.5e-3}],"nextCursor":null}';
  const parsed = parseJson(text);
  assert.equal(parsed.big, false);
  assert.deepEqual(parsed.value, JSON.parse(text));
});

test("integers beyond 2^53 are kept as marked digits, everything else is untouched", () => {
  const text =
    '{"x": 9007199254740993, "neg": -9223372036854775808, "safe": 9007199254740991, "f": 12345678901234567.5,' +
    ' "e": 1234567890123456789e2, "s": "12345678901234567890", "esc": "a\\"9007199254740993\\"", "list": [18446744073709551615]}';
  const parsed = parseJson(text);
  assert.equal(parsed.big, true);
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

test("stringifyJson writes bigints as exact integer literals", () => {
  const text = stringifyJson({ a: 9007199254740993n, b: [-9223372036854775808n, 1], c: "x", d: new Date(Date.UTC(2024, 0, 2)) });
  assert.equal(text, '{"a":9007199254740993,"b":[-9223372036854775808,1],"c":"x","d":"2024-01-02T00:00:00.000Z"}');
  assert.equal(stringifyJson({ plain: 1 }), '{"plain":1}');
  const round = parseJson(text);
  assert.deepEqual(unmarkDeep(round.value), { a: 9007199254740993n, b: [-9223372036854775808n, 1], c: "x", d: "2024-01-02T00:00:00.000Z" });
});
