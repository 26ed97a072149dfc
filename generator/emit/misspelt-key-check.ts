/**
 * A row class's check of a key that misspells a field its input lacks (`batery` beside no
 * `battery`), whose value conversion dropped: the static method `~misspeltKeys(input)` that its
 * constructor, `parse` and `fromJSON` ask once the row is valid (runtime/row-class-descriptors.ts
 * `MISSPELT_KEY_CHECK`). The walk is the runtime's (runtime/misspelt-optional-keys.ts); what is
 * generated is when to call it, so that an input given every field pays a few property reads, not
 * a walk of its keys: when the input lacks a field that may be left out (`null` given is no
 * lack), or the version has a field whose values can hold such a field deeper (a struct, record,
 * list, ..., by runtime/field-types.ts `mayHoldLeavableChild`, the walk's own rule). A version
 * with neither has no method, and its constructor no call. A read of a field that throws here (a
 * getter that throws on its second read) makes the `RowValidationError` of an unreadable value
 * (runtime/row-validation.ts `unreadableInputError`), as a throw in conversion's first read does.
 */
import { isLeavable, mayHoldLeavableChild, type RecordName } from "legolas-ts/internal/field-types";
import { MISSPELT_KEY_CHECK } from "legolas-ts/internal/row-class-descriptors";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { SchemaEmitContext } from "./context.js";
import type { MethodStructure } from "./structures.js";
import { fieldRead } from "./syntax.js";

/** `~misspeltKeys`, or `null` when no key of the version's inputs can misspell a field they lack. */
export function misspeltKeyCheck(version: ResolvedVersion, context: SchemaEmitContext): MethodStructure | null {
  const { file, references } = context;
  const fieldsOf = (record: RecordName) => references.version(record.identifier).fields.map((f) => f.descriptor);
  const fields = version.fields.map((field) => field.descriptor);
  const deep = fields.some((field) => mayHoldLeavableChild(field, fieldsOf));
  const leavable = fields.filter(isLeavable);
  if (!deep && leavable.length === 0) return null;
  const walk = `${file.runtime("holdsMisspeltOptionalKey")}(${version.names.schemaVersion}, input)`;
  // The walk's own test of a field lacking (`undefined`, as `null` given says it is missing). A valid
  // row holds every field that can hold one deeper, or lacks it: no test picks those out.
  const lacking = leavable.map((field) => `${fieldRead("input", field.name)} === undefined`);
  return {
    name: JSON.stringify(MISSPELT_KEY_CHECK),
    isStatic: true,
    parameters: [{ name: "input", type: version.names.input }],
    returnType: "boolean",
    // Conversion read these fields once, safely; a getter may throw only now, at its second read:
    // the input is refused as one whose reading threw, never with what it threw raw (the walk
    // itself throws nothing: it reads keys conversion never read, such as undeclared ones).
    statements: [
      "try {",
      `  return ${deep ? "" : `(${lacking.join(" || ")}) && `}${walk};`,
      "} catch (error) {",
      `  throw ${file.runtime("unreadableInputError")}(${version.names.schemaVersion}, input, error);`,
      "}",
    ],
  };
}
