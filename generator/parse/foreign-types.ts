/**
 * What to write for a type named as TypeScript, JSON Schema, SQL or Java name it: `boolean`,
 * `string[]`, `string | null`, `Array<T>`, `enum`. Such a name is no misspelling, so "did you
 * mean" finds nothing close to it (or, for `Date`, only the day without its time), and a list of
 * every known type leaves the newcomer to guess which one is theirs.
 */

/** The plain names, with the type this language writes for them. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
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
const FOREIGN_GENERICS: Readonly<Record<string, (inner: string) => string>> = {
  Array: listHint,
  array: listHint,
  ReadonlyArray: listHint,
  Record: (inner) => `write map<${inner}>`,
};

/** The generic names of an optional value (`Optional<T>`), whose hint is that of `T | null`. */
const FOREIGN_OPTIONALS = new Set(["Optional", "optional", "Option"]);

const ABSENT = new Set(["null", "undefined"]);

/** What a type's text is made of: a hint repeats the text given only when it is no more than that. */
const TYPE_TEXT = /^[A-Za-z0-9_.@<>,?|[\] -]*$/;

/**
 * The hint for a type text written in another language's syntax (`T[]`, `A | B`), or null.
 * `inContainer` says the text is a part of a list, map or other container, which cannot be
 * missing: there `string | null` gets the container's optional form, not the refused `string?`.
 */
export function foreignSyntaxHint(text: string, inContainer: boolean): string | null {
  if (!TYPE_TEXT.test(text)) return null;
  if (text.endsWith("[]")) return listHint(text.slice(0, -2).trim());
  const members = topLevelMembers(text);
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
  if (text.endsWith("?")) return [...topLevelMembers(text.slice(0, -1).trim()), "null"];
  return topLevelMembers(text);
}

/** What to write for a list of `element` (`string?[]`, `Array<string | null>`): its elements cannot be missing. */
function listHint(element: string): string {
  const { required, optional } = requiredPart(membersOf(element));
  if (required === null) return `write list<${element}>`;
  return optional
    ? `list elements cannot be missing: write list<${required}>, or list<${required}>? for a list that may be missing`
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
  if (inner === undefined) return Object.hasOwn(FOREIGN_NAMES, name) ? (FOREIGN_NAMES[name] ?? null) : null;
  if (!TYPE_TEXT.test(inner)) return null;
  if (FOREIGN_OPTIONALS.has(name)) {
    const { required } = requiredPart(membersOf(inner));
    if (required === null) return null;
    return inContainer ? optionalHint(required, true) : `write ${required}?`;
  }
  return Object.hasOwn(FOREIGN_GENERICS, name) ? (FOREIGN_GENERICS[name]?.(inner) ?? null) : null;
}

/** The parts of `text` between its `|`s outside `<...>`: a member's own `<...>` says its hint when it is parsed. */
function topLevelMembers(text: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === "<") depth++;
    else if (text[index] === ">") depth--;
    else if (text[index] === "|" && depth === 0) {
      members.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  members.push(text.slice(start).trim());
  return members;
}
