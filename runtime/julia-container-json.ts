/**
 * The JSON form of Julia's containers (json.ts, json-schema.ts): every one is an array, since
 * JSON has no sets, tuples or maps with keys other than strings. A `vector`, `ntuple` or `set`
 * is the array of its elements (a set's in insertion order), a `tuple` the array of its parts,
 * a `map` the array of its `[key, value]` entries in insertion order. A `union`'s value is an
 * object of one key, its member's YAML type, since JSON loses the class that tells members apart
 * (`{"int64": "5"}` and `{"string": "5"}`).
 */
import { isList } from "./arrays.js";
import { listElements, pairIn, TYPED_ARRAY_ELEMENTS, toTypedArray } from "./convert.js";
import { formatFieldType, type FieldType, type TypedArrayName } from "./field-types.js";
import type { JuliaContainerType } from "./julia-containers.js";
import { isOfMemberClass, unionMemberIndex, valueClass } from "./julia-unions.js";
import type { JsonSchema } from "./schema-version-types.js";
import { describeValue, UnconvertibleValue } from "./violations.js";

type ToJson = (type: FieldType, value: unknown) => unknown;
type FromJson = (type: FieldType, json: unknown) => unknown;

/** A container value's JSON form; `toJson` is json.ts's own for the types it holds. */
export function containerToJson(type: JuliaContainerType, value: unknown, toJson: ToJson): unknown {
  const part = (partType: FieldType, item: unknown) => (item === null ? null : toJson(partType, item));
  switch (type.kind) {
    case "vector":
    case "ntuple":
    case "set":
      return Array.from(value as Iterable<unknown>, (element) => part(type.element, element));
    case "tuple":
      return type.elements.map((element, k) => part(element, (value as readonly unknown[])[k]));
    case "map":
      return Array.from(value as ReadonlyMap<unknown, unknown>, ([key, item]) => [
        part(type.key, key),
        part(type.value, item),
      ]);
    case "union": {
      const member = type.members[unionMemberIndex(type, value)]!;
      return { [formatFieldType(member)]: toJson(member, value) };
    }
  }
}

/**
 * A container's input read back from JSON: the value its row class's constructor converts (a
 * set's array and a map's entries become a `Set` and a `Map` there). Anything of another shape
 * is left as it is, for the constructor to report.
 */
export function containerFromJson(type: JuliaContainerType, json: unknown, fromJson: FromJson): unknown {
  if (type.kind === "union") return unionFromJson(type, json, fromJson);
  const elements = listElements(json);
  if (elements === undefined) return json;
  const part = (partType: FieldType, item: unknown) => (item === null ? null : fromJson(partType, item));
  switch (type.kind) {
    case "vector":
    case "ntuple":
    case "set":
      return elements.map((element: unknown) => part(type.element, element));
    case "tuple":
      return elements.map((item: unknown, k: number) =>
        k < type.elements.length ? part(type.elements[k]!, item) : item,
      );
    case "map":
      return elements.map((entry: unknown) => {
        // Read as toMap reads it, so that an entry is refused at its place by both forms (`counts[1]`).
        const pair = pairIn(entry);
        return Array.isArray(pair) ? [part(type.key, pair[0]), part(type.value, pair[1])] : (pair ?? entry);
      });
  }
}

function unionFromJson(
  type: Extract<JuliaContainerType, { kind: "union" }>,
  json: unknown,
  fromJson: FromJson,
): unknown {
  const tagged = jsonUnionMember(type, json);
  return tagged === undefined || tagged.value === null
    ? json
    : memberFromJson(type.members[tagged.member]!, tagged.value, json as object, fromJson);
}

/**
 * The member a union's JSON form names (`{"int64": "5"}`: its index in `type.members`) and the
 * value it holds there; `undefined` for anything else, a value in its input form included.
 */
export function jsonUnionMember(
  type: Extract<FieldType, { kind: "union" }>,
  json: unknown,
): { readonly member: number; readonly value: unknown } | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const keys = Object.keys(json);
  const member = keys.length === 1 ? type.members.findIndex((m) => keys[0] === formatFieldType(m)) : -1;
  return member < 0 ? undefined : { member, value: (json as Record<string, unknown>)[keys[0]!] };
}

/**
 * A union member's value read from its JSON form, brought to the member's class (a set's array
 * as a `Set`, a numeric list's as its typed array), since the constructor tells members apart by
 * class alone: `{"int64": "x"}` would otherwise pass as the string member's "x", and
 * `{"set<string>": ["a"]}` as a tuple's array. A value its key's member cannot hold is refused.
 */
function memberFromJson(member: FieldType, value: unknown, json: object, fromJson: FromJson): unknown {
  const converted = fromJson(member, value);
  const memberClass = valueClass(member);
  let held = converted;
  if (memberClass === "Set" && isList(converted)) held = new Set(converted);
  else if (memberClass === "Map" && isList(converted) && converted.every(isPair)) held = new Map(converted);
  else if (memberClass !== null && memberClass in TYPED_ARRAY_ELEMENTS) {
    const arrayType = memberClass as TypedArrayName;
    held = toTypedArray(converted, globalThis[arrayType], TYPED_ARRAY_ELEMENTS[arrayType].accepts);
  }
  if (isOfMemberClass(member, held)) return held;
  const name = formatFieldType(member);
  return new UnconvertibleValue(json, `its "${name}" holds no ${name}: ${describeValue(value)}`);
}

function isPair(entry: unknown): entry is [unknown, unknown] {
  return isList(entry) && entry.length === 2;
}

/** A container's JSON Schema; `schemaOf` is json-schema.ts's own for the types it holds. */
export function containerJsonSchema(type: JuliaContainerType, schemaOf: (type: FieldType) => JsonSchema): JsonSchema {
  switch (type.kind) {
    case "vector":
      return { type: "array", items: schemaOf(type.element) };
    case "ntuple":
      return { type: "array", items: schemaOf(type.element), minItems: type.length, maxItems: type.length };
    case "set":
      return { type: "array", items: schemaOf(type.element), uniqueItems: true };
    case "tuple":
      return fixedArray(type.elements.map(schemaOf));
    case "map":
      return { type: "array", items: fixedArray([schemaOf(type.key), schemaOf(type.value)]) };
    case "union":
      return {
        oneOf: type.members.map((member) => {
          const name = formatFieldType(member);
          return {
            type: "object",
            required: [name],
            properties: { [name]: schemaOf(member) },
            additionalProperties: false,
          };
        }),
      };
  }
}

function fixedArray(parts: readonly JsonSchema[]): JsonSchema {
  return { type: "array", prefixItems: parts, items: false, minItems: parts.length, maxItems: parts.length };
}
