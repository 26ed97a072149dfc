/**
 * A schema version seen through some of its fields: what a read of some columns validates and
 * gives. Its descriptor has the chosen fields only, every row check of the version's chain, and a
 * row class whose verdicts are the version's own restricted to those fields:
 *
 * - a value's violations are its row class's violations of the chosen fields (a field not chosen
 *   was not read, so its absence is no violation), then, when those hold, the chain's row checks,
 *   which read only chosen fields (the reader chooses the fields the checks read, from
 *   `checks[i].fields`);
 * - rows are plain objects holding the chosen fields, typed as a `Pick` of the row type: not
 *   row-class instances with holes, whose methods would see fields that are not there. Their one
 *   method, on their prototype, is `toJSON`: the version's JSON form of the chosen fields, since
 *   `JSON.stringify` of the bare fields throws on an `int64` and turns a typed array into an
 *   object of indexes.
 *
 * The projection is not registered: it names the version (`identifier`), it is not another one.
 */
import { arrowSchemaOf } from "./schema.js";
import { UNREAD_FIELDS } from "./rows/unread-fields.js";
import { RowValidationError } from "../errors.js";
import { propertyKey } from "../field-names.js";
import type { FieldDescriptor } from "../field-types.js";
import { rowToJson } from "../json.js";
import { GENERATED_ROW_CLASS, isGeneratedRowClass } from "../row-class-descriptors.js";
import { jsonSchemaOf } from "../json-schema.js";
import type { CheckDescriptor, JsonSchema, RowClass, SchemaVersion } from "../schema-version-types.js";
import type { Violation } from "../violations.js";
import type { Schema } from "apache-arrow";

/**
 * `schemaVersion` restricted to the fields named in `names` (in declaration order); `unread`: the
 * fields the table holds that its rows will lack, which a writer refuses to write as null.
 */
export function projectSchemaVersion(
  schemaVersion: SchemaVersion,
  names: ReadonlySet<string>,
  unread: readonly string[] = [],
): SchemaVersion {
  const fields = schemaVersion.fields.filter((field) => names.has(field.name));
  let arrowSchema: Schema | undefined;
  let jsonSchema: JsonSchema | undefined;
  const projection: SchemaVersion = {
    name: schemaVersion.name,
    version: schemaVersion.version,
    identifier: schemaVersion.identifier,
    parent: null,
    fields,
    // The chain's checks, on this one descriptor: `checkRow` runs them all, parents' first.
    checks: chainChecks(schemaVersion),
    validateFields: projectedFields(schemaVersion, names),
    ...(schemaVersion.checkRow === undefined ? {} : { checkRow: schemaVersion.checkRow }),
    ...(schemaVersion.doc === undefined ? {} : { doc: schemaVersion.doc }),
    rowClass: projectedRowClass(schemaVersion, names, unread),
    get arrowSchema() {
      arrowSchema ??= arrowSchemaOf(projection);
      return arrowSchema;
    },
    get jsonSchema() {
      jsonSchema ??= jsonSchemaOf(schemaVersion.identifier, fields);
      return jsonSchema;
    },
  };
  return projection;
}

/** Every check of `schemaVersion` and its parents. */
export function chainChecks(schemaVersion: SchemaVersion): CheckDescriptor[] {
  const checks: CheckDescriptor[] = [];
  for (let version: SchemaVersion | null = schemaVersion; version !== null; version = version.parent)
    checks.unshift(...version.checks);
  return checks;
}

/** The field a violation's path starts in: `epoch`, `weights.weights[0]` and `xs[3]` start in `epoch`, `weights`, `xs`. */
function fieldOfPath(path: string): string {
  const end = path.search(/[.[]/);
  return end < 0 ? path : path.slice(0, end);
}

/** The violations of the chosen fields of `value`, as the version's row class finds them. */
function chosenFieldViolations(
  schemaVersion: SchemaVersion,
  names: ReadonlySet<string>,
): (value: unknown) => Violation[] {
  const keys = schemaVersion.fields.filter((field) => names.has(field.name)).map((field) => propertyKey(field.name));
  // A path names a field by its name or, for the few escaped names, its property.
  const chosen = new Set([...names, ...keys]);
  return (value) =>
    schemaVersion.rowClass
      .validate(value)
      .filter((violation) => violation.code !== "check_failed" && chosen.has(fieldOfPath(violation.path)));
}

/** The projection's `validateFields`: the chosen fields' violations, pushed or, without `out`, a verdict. */
function projectedFields(schemaVersion: SchemaVersion, names: ReadonlySet<string>): SchemaVersion["validateFields"] {
  const violations = chosenFieldViolations(schemaVersion, names);
  return (value, out) => {
    const found = violations(value);
    if (out === null) return found.length === 0;
    out.push(...found);
    return true;
  };
}

function projectedRowClass(
  schemaVersion: SchemaVersion,
  names: ReadonlySet<string>,
  unread: readonly string[],
): RowClass<object, never> {
  const { rowClass, checkRow, identifier } = schemaVersion;
  // Generated row classes convert input as their constructor does (`DigitsRowV1.convert`).
  const convert =
    (rowClass as Partial<{ convert(input: unknown): unknown }>).convert?.bind(rowClass) ?? ((input: unknown) => input);
  const keys = schemaVersion.fields.filter((field) => names.has(field.name)).map((field) => propertyKey(field.name));
  const chosenFields = chosenFieldViolations(schemaVersion, names);
  const validate = (value: unknown): Violation[] => {
    const found = chosenFields(value);
    // The row path runs checks on rows whose fields are valid; here, whose chosen fields are.
    if (found.length === 0 && checkRow !== undefined && typeof value === "object" && value !== null)
      checkRow.call(schemaVersion, value as never, "", found);
    return found;
  };
  function ProjectedRow(this: Record<string, unknown>, input: unknown): void {
    const row = convert(input) as Record<string, unknown>;
    const violations = validate(row);
    if (violations.length > 0) throw new RowValidationError(identifier, violations);
    for (const key of keys) this[key] = row[key];
  }
  // Readers build a projection's rows from `rowClass.prototype`.
  ProjectedRow.prototype = projectedRowPrototype(
    schemaVersion.fields.filter((field) => names.has(field.name)),
    unread,
  );
  ProjectedRow.validate = validate;
  ProjectedRow.is = (value: unknown) => validate(value).length === 0;
  // Its constructor converts and validates, nothing else, as a generated class's: marked as one
  // when its version's class is one (a class written by hand may check more; readers then build
  // its rows whole, arrow/projection.ts).
  if (isGeneratedRowClass(rowClass)) Object.defineProperty(ProjectedRow, GENERATED_ROW_CLASS, { value: true });
  return ProjectedRow as unknown as RowClass<object, never>;
}

/**
 * What a projection's rows inherit: `toJSON`, the JSON form of `fields`, a row class's own for
 * those fields, and the fields their table held that they lack (rows/unread-fields.ts).
 */
function projectedRowPrototype(fields: readonly FieldDescriptor[], unread: readonly string[]): object {
  const projection = { fields };
  return Object.create(Object.prototype, {
    [UNREAD_FIELDS]: { value: unread },
    toJSON: {
      value: function toJSON(this: object): object {
        return rowToJson(projection, this);
      },
      writable: true,
      configurable: true,
    },
  }) as object;
}
