/**
 * What to write for a type named as TypeScript, JSON Schema, SQL, Java or Julia name it: `boolean`,
 * `string[]`, `string | null`, `Array<T>`, `enum`, `Int`, `Union{Missing, String}`. Such a name is
 * no misspelling, so "did you mean" finds nothing close to it (or, for `Date`, only the day without
 * its time; for Julia's `Int`, every int), and a list of every known type leaves the newcomer to
 * guess which one is theirs.
 */
import { HASHABLE_KINDS } from "legolas-ts/internal/julia-containers";
import { splitOutsideAngles } from "legolas-ts/internal/type-arguments";
import { PLAIN_TYPES } from "./plain-types.js";

/** The plain names, with the type this language writes for them. */
export const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  boolean: "write bool",
  double: "write float64",
  long: "write int64",
  bigint: "write int64",
  short: "write int16",
  text: "write string",
  varchar: "write string",
  bytes: "write binary",
  Uint8Array: "write binary",
  Date: "write datetime for a JavaScript Date (day and time, UTC), date for a day",
  object: "write struct with its fields: in the long form, or map<K, V>",
  Object: "write struct with its fields: in the long form, or map<K, V>",
  enum: "an enumeration is a type with values: in the long form, as type: string and values: [a, b]",
};

/** The generic names, with what to write for the text between their `<` and `>`. */
export const FOREIGN_GENERICS: Readonly<Record<string, (inner: string) => string | null>> = {
  Array: oneElement,
  array: oneElement,
  ReadonlyArray: oneElement,
  Record: (inner) => (splitOutsideAngles(inner, ",").length === 2 ? `write map<${inner}>` : null),
};

/** The hint for a list of `inner`, one type (`Array<string, int32>` is no list's). */
function oneElement(inner: string): string | null {
  return splitOutsideAngles(inner, ",").length === 1 ? listHint(inner) : null;
}

/** The generic names of an optional value (`Optional<T>`), whose hint is that of `T | null`. */
const FOREIGN_OPTIONALS = new Set(["Optional", "optional", "Option"]);

/** A value always missing: `null`, `undefined`, Julia's `Missing` and `Nothing`. */
const ABSENT = new Set(["null", "undefined", "Missing", "Nothing"]);

/** What a type's text is made of: a hint repeats the text given only when it is no more than that. */
const TYPE_TEXT = /^[A-Za-z0-9_.@<>,?|[\] -]*$/;

/**
 * The hint for a type text written in another language's syntax (`T[]`, `A | B`), or null.
 * `inContainer` says the text is a part of a list, map or other container, which cannot be
 * missing: there `string | null` gets the container's optional form, not the refused `string?`.
 */
export function foreignSyntaxHint(text: string, inContainer: boolean): string | null {
  if (text.includes("{")) return juliaHint(text, inContainer);
  if (!TYPE_TEXT.test(text)) return null;
  if (text.endsWith("[]")) return listHint(text.slice(0, -2).trim());
  // union<int32, null>: a member always missing is the union's "?".
  if (text.startsWith("union<") && text.endsWith(">")) {
    const members = splitOutsideAngles(text.slice("union<".length, -1), ",");
    if (!members.some((member) => ABSENT.has(member))) return null;
    const { required } = requiredPart(members);
    return required === null ? null : optionalHint(required, inContainer);
  }
  const members = splitOutsideAngles(text, "|");
  if (members.length === 1) return null;
  const { required, optional } = requiredPart(members);
  if (required === null) return null;
  return optional ? optionalHint(required, inContainer) : `write ${required}`;
}

/**
 * What to write for a `required` type that may be missing (`string | null`, `Optional<string>`):
 * `required?`, but where it is a part of a container, which cannot be missing, the container's
 * optional form.
 */
function optionalHint(required: string, inContainer: boolean): string {
  return inContainer
    ? `the parts of a container cannot be missing: write ${required}, and make the container itself optional with "?"`
    : `an optional type ends in "?": write ${required}?`;
}

/** `Optional<T>` (or `optional<T>`, `Option<T>`) as `T`'s members, `null` among them; else `text`'s members. */
function membersOf(text: string): string[] {
  const open = text.indexOf("<");
  if (open > 0 && text.endsWith(">") && FOREIGN_OPTIONALS.has(text.slice(0, open).trim()))
    return [...membersOf(text.slice(open + 1, -1).trim()), "null"];
  if (text.endsWith("?")) return [...splitOutsideAngles(text.slice(0, -1).trim(), "|"), "null"];
  return splitOutsideAngles(text, "|");
}

/** What to write for a list of `element` (`string?[]`, `Array<string | null>`): its elements cannot be missing. */
function listHint(element: string): string {
  const { required, optional } = requiredPart(membersOf(element));
  if (required === null) return `write list<${element}>`;
  return optional
    ? `list elements cannot be missing: write list<${required}>, or list<${required}>? for a list that may be missing; vector<any> reads lists whose elements may be missing`
    : `write list<${required}>`;
}

/**
 * A union's members as the one type to write, without `null` and `undefined` (null when only they
 * are left), and whether they were there. A hint names each member once, and only what was
 * written: no empty member.
 */
function requiredPart(members: readonly string[]): { required: string | null; optional: boolean } {
  const present = [...new Set(members.filter((member) => member !== "" && !ABSENT.has(member)))];
  const optional = members.some((member) => ABSENT.has(member));
  const required = present.length === 0 ? null : present.length === 1 ? present[0]! : `union<${present.join(", ")}>`;
  return { required, optional };
}

/**
 * The hint for a type name another language gives (`boolean`), or one written with `<...>`
 * (`Array<string>`), or null; `inContainer` as for {@link foreignSyntaxHint}.
 */
export function foreignNameHint(name: string, inner?: string, inContainer = false): string | null {
  if (inner === undefined)
    return Object.hasOwn(FOREIGN_NAMES, name) ? (FOREIGN_NAMES[name] ?? null) : juliaHint(name, inContainer);
  if (!TYPE_TEXT.test(inner)) return null;
  if (FOREIGN_OPTIONALS.has(name)) {
    const { required } = requiredPart(membersOf(inner));
    if (required === null) return null;
    return inContainer ? optionalHint(required, true) : `write ${required}?`;
  }
  return Object.hasOwn(FOREIGN_GENERICS, name) ? (FOREIGN_GENERICS[name]?.(inner) ?? null) : null;
}

// Julia's types, as a Legolas.jl @version declares them (docs/julia.md's table).

/**
 * Julia's names whose type here is not their own name in lower case (`Float64`, `UUID`,
 * `DateTime`, `Period` are `float64`, `uuid`, `datetime`, `period`: plain-types.ts).
 */
export const JULIA_NAMES: Readonly<Record<string, string>> = {
  Int: "int64",
  UInt: "uint64",
  AbstractString: "string",
  VersionNumber: "version",
  ZonedDateTime: "timestamp<ms, UTC>",
  Nanosecond: "duration",
  Microsecond: "duration<us>",
  Millisecond: "duration<ms>",
  // Arrow.jl stores Minute ... Week as seconds.
  Second: "duration<s>",
  Minute: "duration<s>",
  Hour: "duration<s>",
  Day: "duration<s>",
  Week: "duration<s>",
  // Without an element type.
  Vector: "vector<any>",
  AbstractVector: "vector<any>",
};

/** Julia's containers, by the name before `{`, with the type written for their parameters. */
export const JULIA_CONTAINERS: Readonly<Record<string, (parts: readonly string[]) => string | null>> = {
  Vector: (parts) => (parts.length !== 1 ? null : parts[0] === "any" ? "vector<any>" : `list<${parts[0]}>`),
  AbstractVector: (parts) => (parts.length === 1 ? `vector<${parts[0]}>` : null),
  Set: (parts) => (parts.length === 1 ? `set<${parts[0]}>` : null),
  Dict: (parts) => (parts.length === 2 ? `map<${parts[0]}, ${parts[1]}>` : null),
  NTuple: ([length, element, ...rest]) =>
    rest.length === 0 && element !== undefined && /^[1-9][0-9]*$/.test(length!)
      ? `ntuple<${element}, ${length}>`
      : null,
  // Tuple{Int64, Int64} is NTuple{2, Int64}, which Arrow.jl stores as a FixedSizeList.
  Tuple: (parts) => (new Set(parts).size === 1 ? `ntuple<${parts[0]}, ${parts.length}>` : `tuple<${parts.join(", ")}>`),
};

/** A schema version's row type, `DigitsModelV1`: the prefix and the version. */
const JULIA_ROW_TYPE = /^([A-Z][A-Za-z0-9]*)V([1-9][0-9]*)$/;

/** A Julia type's text as parsed: a name, `Name{parameters}`, or a number (`NTuple`'s length). */
interface JuliaType {
  readonly name: string;
  readonly parameters: readonly JuliaType[] | null;
}

/** What a Julia type is here: the type (null for `Missing` alone), whether it may be missing, and what it lost. */
interface Translated {
  readonly type: string | null;
  readonly optional: boolean;
  /** The type lost a missing part: of a `Vector`'s element (`list`), of another container's part. */
  readonly lostMissing: "list" | "part" | null;
  /** The first `Set{K}` or `Dict{K, V}` whose `K` no set or map here may have, as its type here. */
  readonly unhashable: { readonly type: string; readonly set: boolean } | null;
  /** The row types in it (`DigitsModelV1`), each with its record (`digits-model@1`). */
  readonly rows: readonly (readonly [string, string])[];
}

/**
 * The hint for a type written as Julia writes it (`Union{Missing, Int64}`, `Dict{String, Float64}`,
 * `Int`, `Dates.DateTime`, `DigitsModelV1`), or null: a name not capitalised (it has "did you
 * mean"), or any name Julia's table has no type for. `inContainer` as for {@link foreignSyntaxHint}.
 */
export function juliaHint(text: string, inContainer: boolean): string | null {
  const parsed = parseJulia(text);
  if (parsed === null || !/^[A-Z]/.test(parsed.name)) return null;
  const translated = translate(parsed);
  if (translated === null) return null;
  const { type, optional, lostMissing, unhashable, rows } = translated;
  if (type === null) return "a field always missing: write any, with a row check that its value is null";
  if (unhashable !== null)
    return `${unhashable.type} would be Julia's type, but a ${unhashable.set ? "set element" : "map key"} must be one of bool, an integer type, string, symbol, char, uuid, timestamp, duration or time: write any, with a row check of its values`;
  const ROW = "a row type is a record here, its schema's name and version";
  const prefix = (julia: string) => `(the schema whose prefix is ${julia.replace(/V[0-9]+$/, "")})`;
  const [row] = rows;
  if (row !== undefined && rows.length === 1 && type === row[1] && !optional)
    return `${ROW}: write ${type} ${prefix(row[0])}`;
  const hint =
    lostMissing === "list"
      ? `list elements cannot be missing: write ${type}, or ${type}? for a list that may be missing; vector<any> reads lists whose elements may be missing`
      : lostMissing === "part"
        ? optionalHint(type, true)
        : optional
          ? optionalHint(type, inContainer)
          : `write ${type}`;
  const records = rows.map(([julia, record]) => `${julia} is ${record} ${prefix(julia)}`);
  return rows.length === 0 ? hint : `${hint}; ${ROW}: ${[...new Set(records)].join(", ")}`;
}

/** One Julia type here, or null when a name in it has no type in docs/julia.md's table. */
function translate(julia: JuliaType): Translated | null {
  const name = julia.name.replace(/^(?:[A-Z][A-Za-z0-9]*\.)+/, "");
  const plain = { optional: false, lostMissing: null, unhashable: null, rows: [] } as const;
  if (julia.parameters === null) {
    if (ABSENT.has(name)) return { ...plain, type: null, optional: true };
    const row = JULIA_ROW_TYPE.exec(name);
    if (row !== null) {
      const record = `${row[1]!.replace(/(?<=[a-z0-9])(?=[A-Z])/g, "-").toLowerCase()}@${row[2]}`;
      return { ...plain, type: record, rows: [[name, record]] };
    }
    const type = Object.hasOwn(JULIA_NAMES, name)
      ? JULIA_NAMES[name]!
      : [name, name.toLowerCase()].find((candidate) => Object.hasOwn(PLAIN_TYPES, candidate));
    return type === undefined ? null : { ...plain, type };
  }
  const container = Object.hasOwn(JULIA_CONTAINERS, name) ? JULIA_CONTAINERS[name]! : null;
  if (name !== "Union" && container === null) return null;
  const parts = julia.parameters.map((part, index) =>
    name === "NTuple" && index === 0 ? { ...plain, type: part.name } : translate(part),
  );
  if (parts.includes(null)) return null;
  const present = parts as Translated[];
  const rows = present.flatMap((part) => part.rows);
  const unhashable = present.find((part) => part.unhashable !== null)?.unhashable ?? null;
  if (name === "Union") {
    const { required } = requiredPart(present.map((member) => member.type ?? "null"));
    const lost = present.some((member) => member.lostMissing !== null) ? "part" : null;
    return { type: required, optional: present.some((member) => member.optional), lostMissing: lost, unhashable, rows };
  }
  if (present.some((part) => part.type === null)) return null;
  const type = container!(present.map((part) => part.type!));
  if (type === null) return null;
  const missingPart = present.some((part) => part.optional || part.lostMissing !== null);
  const lostMissing = !missingPart ? null : name === "Vector" && present[0]!.lostMissing === null ? "list" : "part";
  const key = present[0]!.type!;
  const keyKind = Object.hasOwn(PLAIN_TYPES, key) ? PLAIN_TYPES[key]!.kind : key.replace(/<.*/, "");
  const keyed = (name === "Set" || name === "Dict") && !HASHABLE_KINDS.has(keyKind);
  return {
    type,
    optional: false,
    lostMissing,
    unhashable: unhashable ?? (keyed ? { type, set: name === "Set" } : null),
    rows,
  };
}

/** `Name`, `Module.Name`, `Name{A, B{C}}` or a whole number, else null (no Julia type's text). */
function parseJulia(text: string): JuliaType | null {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_.]*|[0-9]+|[{},]|\S/g) ?? [];
  let at = 0;
  const type = (): JuliaType | null => {
    const name = tokens[at++];
    if (name === undefined || !/^[A-Za-z_0-9]/.test(name)) return null;
    if (tokens[at] !== "{") return { name, parameters: null };
    at++;
    const parameters: JuliaType[] = [];
    for (;;) {
      const parameter = type();
      if (parameter === null) return null;
      parameters.push(parameter);
      const next = tokens[at++];
      if (next === "}") return { name, parameters };
      if (next !== ",") return null;
    }
  };
  const parsed = type();
  return parsed !== null && at === tokens.length ? parsed : null;
}
