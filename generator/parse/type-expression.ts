/**
 * The type language of a field: `int64`, `string?`, `list<float32>`, `timestamp<ms, UTC>`,
 * `duration<us>`, `struct`, `other-schema@2`, `Weights`, and Julia's containers and unions
 * (`map<string, set<int64>>`, `union<int64, string>`: container-types.ts). Parsed by a small
 * recursive descent over the text; errors say which part of the text is wrong.
 */
import { TIME_UNITS, type TimeUnitName } from "legolas-ts/internal/field-types";
import { didYouMean } from "legolas-ts/internal/did-you-mean";
import { whyJuliaRefusesTimeZone } from "legolas-ts/internal/arrow/time-zones";
import { CONTAINER_NAMES, isContainerName, parseContainer } from "./container-types.js";
import { foreignNameHint, foreignSyntaxHint } from "./foreign-types.js";
import { PLAIN_TYPES } from "./plain-types.js";
import type { TypeExpression } from "./type-expression-model.js";

export type { TypeExpression } from "./type-expression-model.js";

export class TypeSyntaxError extends Error {
  /** The declaration error's rule: the type is not written right, or (`julia-unreadable`) no file Julia reads has it. */
  constructor(
    message: string,
    readonly rule: "unknown-type" | "julia-unreadable" = "unknown-type",
  ) {
    super(message);
  }
}

const RECORD_REFERENCE = /^[a-z0-9.-]+@(0|[1-9][0-9]*)$/;
/** A Legolas schema name with a `.` or `-` and no `@version`: a record type written without its version. */
const SCHEMA_NAME_WITHOUT_VERSION = /^[a-z0-9]+(?:[.-][a-z0-9]+)+$/;
const TIME_ZONE = /^[A-Za-z0-9_+:/-]+$/;

/** Every type name the language knows, for "did you mean" hints and the JSON Schema. */
export const TYPE_NAMES: readonly string[] = [
  ...Object.keys(PLAIN_TYPES),
  "timestamp",
  "duration",
  "list<T>",
  ...CONTAINER_NAMES,
  "struct",
  "<schema>@<version>",
];

/** The types written with arguments in `<...>` (`list<T>`, `timestamp<ms>`), by the name before the `<`. */
const GENERIC_TYPE_NAMES: readonly string[] = [
  "list",
  ...CONTAINER_NAMES.map((name) => name.slice(0, name.indexOf("<"))),
  "timestamp",
  "duration",
];

const MAX_TYPE_LENGTH = 200;

/** Parses a whole type text, with its optional trailing `?`. */
export function parseTypeText(text: string): { type: TypeExpression; optional: boolean } {
  const trimmed = text.trim();
  // Bounds the recursive descent below (and the messages that quote the text).
  if (trimmed.length > MAX_TYPE_LENGTH)
    throw new TypeSyntaxError(`the type is ${trimmed.length} characters long; a type is at most ${MAX_TYPE_LENGTH}`);
  const optional = trimmed.endsWith("?");
  const body = optional ? trimmed.slice(0, -1).trimEnd() : trimmed;
  if (body.length === 0) throw new TypeSyntaxError("the type is empty");
  return { type: parseType(body), optional };
}

/** Parses a type without its `?`; `inContainer` when it is a part of a list or container, which cannot be missing. */
function parseType(text: string, inContainer = false): TypeExpression {
  const syntaxHint = foreignSyntaxHint(text, inContainer);
  if (syntaxHint !== null) throw new TypeSyntaxError(`unknown type ${JSON.stringify(text)} (${syntaxHint})`);
  const open = text.indexOf("<");
  if (open < 0) return parseNamedType(text);
  if (!text.endsWith(">")) throw new TypeSyntaxError(`${JSON.stringify(text)} has an unclosed "<"`);
  const head = text.slice(0, open).trim();
  const inner = text.slice(open + 1, -1).trim();
  if (isContainerName(head))
    return parseContainer(
      head,
      inner,
      (part) => parseType(part, true),
      (message) => {
        throw new TypeSyntaxError(message);
      },
    );
  switch (head) {
    case "list":
      if (inner.endsWith("?")) {
        throw new TypeSyntaxError(
          `list elements cannot be missing; make the list itself optional: list<${inner.slice(0, -1)}>?`,
        );
      }
      return { kind: "list", element: parseType(inner, true) };
    case "timestamp": {
      const [unit, timezone, ...rest] = inner.split(",").map((part) => part.trim());
      if (rest.length > 0)
        throw new TypeSyntaxError("timestamp takes a unit and an optional time zone: timestamp<ms, UTC>");
      if (timezone !== undefined && !TIME_ZONE.test(timezone)) {
        throw new TypeSyntaxError(`time zone ${JSON.stringify(timezone)} is not an IANA name or an offset`);
      }
      const refused = timezone === undefined ? null : whyJuliaRefusesTimeZone(timezone);
      if (refused !== null) throw new TypeSyntaxError(`time zone ${refused}`, "julia-unreadable");
      return { kind: "plain", type: { kind: "timestamp", unit: parseUnit(unit), timezone: timezone ?? null } };
    }
    case "duration":
      return { kind: "plain", type: { kind: "duration", unit: parseUnit(inner) } };
    default: {
      const generic = `${GENERIC_TYPE_NAMES.slice(0, -1).join(", ")} and ${GENERIC_TYPE_NAMES.at(-1)}`;
      // `List<Float32>`, `Array<string>`: a name no type has is no type that refuses arguments.
      if (!TYPE_NAMES.includes(head)) {
        const hint = foreignNameHint(head, inner, inContainer);
        const suggestion = hint === null ? didYouMean(head, GENERIC_TYPE_NAMES) : ` (${hint})`;
        throw new TypeSyntaxError(
          `unknown type ${JSON.stringify(head)}${suggestion}; the types that take arguments in <...> are ${generic}`,
        );
      }
      const hint =
        head === "struct"
          ? " (a struct's fields go under fields: in the long form)"
          : head === "datetime"
            ? ` (a datetime has no zone, as Julia's DateTime; for a ZonedDateTime write timestamp<ms, ${zoneMeant(inner)}>)`
            : "";
      throw new TypeSyntaxError(`${JSON.stringify(head)} takes no type arguments${hint}; only ${generic} do`);
    }
  }
}

/** The zone `datetime<Europe/Paris>` or `datetime<ms, UTC>` asks for, its last argument; `UTC` where that is a unit or no zone. */
function zoneMeant(inner: string): string {
  const last = inner.slice(inner.lastIndexOf(",") + 1).trim();
  return TIME_ZONE.test(last) && !TIME_UNITS.includes(last as TimeUnitName) ? last : "UTC";
}

function parseNamedType(name: string): TypeExpression {
  const plain = PLAIN_TYPES[name];
  if (plain !== undefined) return { kind: "plain", type: plain };
  if (name === "timestamp") return { kind: "plain", type: { kind: "timestamp", unit: "ns", timezone: null } };
  if (name === "duration") return { kind: "plain", type: { kind: "duration", unit: "ns" } };
  if (name === "struct") return { kind: "struct" };
  if (RECORD_REFERENCE.test(name)) return { kind: "record", identifier: name };
  // `sensor.location`, a schema's name: no type's name holds a '.' or '-'.
  if (SCHEMA_NAME_WITHOUT_VERSION.test(name)) {
    throw new TypeSyntaxError(
      `unknown type ${JSON.stringify(name)} (a nested record names a version of its schema: write ${name}@1, or the version you mean); known types: ${TYPE_NAMES.join(", ")}`,
    );
  }
  const hint = foreignNameHint(name);
  const suggestion =
    hint === null
      ? didYouMean(
          name,
          TYPE_NAMES.filter((type) => !type.includes("<")),
        )
      : ` (${hint})`;
  throw new TypeSyntaxError(`unknown type ${JSON.stringify(name)}${suggestion}; known types: ${TYPE_NAMES.join(", ")}`);
}

function parseUnit(unit: string | undefined): TimeUnitName {
  if (TIME_UNITS.includes(unit as TimeUnitName)) return unit as TimeUnitName;
  throw new TypeSyntaxError(`time unit ${JSON.stringify(unit ?? "")} is not one of ${TIME_UNITS.join(", ")}`);
}
