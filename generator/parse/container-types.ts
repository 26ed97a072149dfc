/**
 * The YAML forms of Julia's containers (runtime/julia-containers.ts): `vector<T>`, `ntuple<T, N>`,
 * `set<T>`, `tuple<A, B, ...>` and `map<K, V>`, their parts any type the language has but an
 * inline `struct` (name a record, `schema@1`, instead) and never missing (`T?`: as in `list<T>`).
 * Each form refuses what Julia's type would not be: a `tuple` of one type is Julia's `NTuple`,
 * which Arrow.jl stores otherwise; a `set` element or `map` key must compare by value in
 * JavaScript as Julia's `isequal` compares it (`HASHABLE_KINDS`); a `union`'s members must have
 * values of distinct JavaScript classes (runtime/julia-unions.ts), which only resolving shows.
 */
import { formatFieldType, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import { splitOutsideAngles } from "legolas-ts/internal/type-arguments";
import { valueClass } from "legolas-ts/internal/julia-unions";
import { HASHABLE_KINDS, type JuliaContainerKind } from "legolas-ts/internal/julia-containers";
import type { TypeExpression } from "./type-expression-model.js";

export const CONTAINER_NAMES: readonly string[] = [
  "vector<T>",
  "ntuple<T, N>",
  "set<T>",
  "tuple<A, B, ...>",
  "map<K, V>",
  "union<A, B, ...>",
];

/** The largest `N` of `ntuple<T, N>`: an Arrow FixedSizeList's size is an int32. */
const MAX_NTUPLE_LENGTH = 2 ** 31 - 1;

export function isContainerName(head: string): head is JuliaContainerKind {
  return ["vector", "ntuple", "set", "tuple", "map", "union"].includes(head);
}

/**
 * The same text for two expressions exactly when they name one Julia type: a union's members in
 * any order (`Union{Int64, String} === Union{String, Int64}`), at any depth.
 */
function juliaTypeKey(type: TypeExpression): string {
  if (type.kind === "list") return `list<${juliaTypeKey(type.element)}>`;
  if (type.kind !== "container") return JSON.stringify(type);
  const parts = type.parts.map(juliaTypeKey);
  if (type.container === "union") parts.sort();
  return `${type.container}<${parts.join(", ")}${type.length === undefined ? "" : `, ${type.length}`}>`;
}

/** Parses the arguments (`inner`, the text between `<` and `>`) of container `head`. */
export function parseContainer(
  head: JuliaContainerKind,
  inner: string,
  parseType: (text: string) => TypeExpression,
  fail: (message: string) => never,
): TypeExpression {
  const texts = splitOutsideAngles(inner, ",");
  const usage = CONTAINER_NAMES.find((name) => name.startsWith(`${head}<`))!;
  const arity = head === "tuple" || head === "union" ? null : head === "vector" || head === "set" ? 1 : 2;
  if ((arity === null && texts.length < 2) || (arity !== null && texts.length !== arity))
    fail(
      `${head} takes ${arity === null ? "two or more types" : arity === 1 ? "one type" : "two arguments"}: ${usage}`,
    );
  const typeTexts = head === "ntuple" ? texts.slice(0, 1) : texts;
  const parts = typeTexts.map((text) => {
    if (text.endsWith("?"))
      fail(`the parts of ${head} cannot be missing; make the ${head} itself optional: ${head}<...>?`);
    const part = parseType(text);
    if (part.kind === "struct")
      fail(
        `a ${head} cannot hold an inline struct (it has no "fields:"); declare the struct as a schema and name it, e.g. my.point@1`,
      );
    return part;
  });
  if (head === "set" || head === "map") {
    const keyed = parts[0]!;
    if (keyed.kind !== "plain" || !HASHABLE_KINDS.has(keyed.type.kind))
      fail(
        `a ${head === "set" ? "set element" : "map key"} must be one of bool, an integer type, string, symbol, char, uuid, timestamp, duration or time, whose JavaScript values are equal exactly when Julia's isequal says so; found ${JSON.stringify(typeTexts[0])}`,
      );
  }
  if (head === "union" && parts.some((part) => part.kind === "container" && part.container === "union"))
    fail("a union of unions is one union, as in Julia: list every member in one union<...>");
  if (head === "union" && new Set(parts.map(juliaTypeKey)).size < parts.length)
    fail(`union<${texts.join(", ")}> names a member twice`);
  if (head === "tuple" && new Set(parts.map(juliaTypeKey)).size === 1)
    fail(
      `tuple<${texts.join(", ")}> is Julia's NTuple{${texts.length}, ${texts[0]}}, which Arrow.jl stores as a FixedSizeList: write ntuple<${texts[0]}, ${texts.length}>`,
    );
  if (head !== "ntuple") return { kind: "container", container: head, parts };
  const lengthText = texts[1]!;
  const length = /^[1-9][0-9]{0,9}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  if (!(length <= MAX_NTUPLE_LENGTH))
    fail(
      `ntuple's length ${JSON.stringify(lengthText)} is not a whole number from 1 to ${MAX_NTUPLE_LENGTH}: ntuple<float64, 3>`,
    );
  return { kind: "container", container: head, parts, length };
}

/**
 * The field type of a parsed container whose parts resolved to `parts`, or what is wrong with
 * it: a union whose members JavaScript values cannot tell apart.
 */
export function containerFieldType(
  expression: Extract<TypeExpression, { kind: "container" }>,
  parts: readonly DeclaredFieldType[],
): DeclaredFieldType | string {
  const [first, second] = parts as [DeclaredFieldType, DeclaredFieldType];
  switch (expression.container) {
    case "union":
      return unionProblem(parts) ?? { kind: "union", members: parts };
    case "vector":
    case "set":
      return { kind: expression.container, element: first };
    case "ntuple":
      return { kind: "ntuple", element: first, length: expression.length! };
    case "tuple":
      return { kind: "tuple", elements: parts };
    case "map":
      return { kind: "map", key: first, value: second };
  }
}

function unionProblem(members: readonly DeclaredFieldType[]): string | null {
  const seen = new Map<string, DeclaredFieldType>();
  for (const member of members) {
    const memberClass = valueClass(member);
    if (memberClass === null) return `a union cannot hold ${formatFieldType(member)}: ${whyNoMember(member)}`;
    const other = seen.get(memberClass);
    if (other !== undefined)
      return `union members ${formatFieldType(other)} and ${formatFieldType(member)} are both held as ${memberClass} in TypeScript, so a value cannot say which it is; keep one of them`;
    seen.set(memberClass, member);
  }
  return null;
}

/** Why a type with no one JavaScript class of its own cannot be a union's member. */
function whyNoMember(member: DeclaredFieldType): string {
  switch (member.kind) {
    case "abstract":
      // Julia's Union{Real,String} (Legolas.jl's tour, example.child-param): test/schemas/example.child-param.yaml.
      return (
        "its values are numbers or bigints, and a union tells its members apart by one JavaScript class each; " +
        "declare the field any with a row check of the members' classes (docs/julia.md)"
      );
    case "struct":
    case "record":
    case "weights":
      return "objects (structs, records, Weights) are not told apart by their class";
    default:
      return "its values have no JavaScript class of their own that a union could tell apart";
  }
}
