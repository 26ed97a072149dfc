/**
 * Running the validation a generated module prints. For each schema version it prints one walk
 * over a row's fields (`validateFields`, straight-line code) and, when the chain declares any,
 * the row checks (`checkRow`); the descriptor holds both. Here they become the doors of a row
 * class: `X.is(value)` (the walk stopping at the first failure), `X.validate(value)` (every
 * violation), the constructor's error, and the nested records inside a walk.
 */
import { RowValidationError } from "./errors.js";
import type { RowClass, SchemaVersion } from "./schema-version-types.js";
import { blankRow, isPromiseOrCollection, isRowObject, isWellFormedText, placeInInput } from "./convert.js";
import {
  declaredClassName,
  isGeneratedRowClass,
  schemaVersionOf,
  schemaVersionOfWalk,
} from "./row-class-descriptors.js";
import { firstUnreadablePlace } from "./unreadable-places.js";
import { violationsAsGiven } from "./input-lists.js";
import {
  checkFailed,
  constraintViolated,
  incorrectType,
  isUnpairedEntries,
  keepViolation,
  reportsUnreadable,
  rowOfIdentifier,
  rowOfVersion,
  unpairedEntry,
  unreadableRow,
  UnreadableValue,
  type Violation,
  violationCount,
  symbolWithoutNul,
  wellFormedUnicode,
} from "./violations.js";

type FieldsWalk = SchemaVersion["validateFields"];
type RowChecks = NonNullable<SchemaVersion["checkRow"]>;

/**
 * `true` when `value` complies: it passes `validateFields` (a generated walk, which tests that it
 * is an object first) and then `checkRow`; a value whose reading throws does not. Small on
 * purpose: a generated `is` passes its module's own functions, and the engine inlines them.
 */
export function isRow(value: unknown, validateFields: FieldsWalk, checkRow?: RowChecks): boolean {
  try {
    return validateFields(value, null) && (checkRow === undefined || passes(checkRow, value as object));
  } catch {
    return false;
  }
}

function passes(checkRow: RowChecks, row: object): boolean {
  const failures: Violation[] = [];
  checkRow(row, "", failures);
  return failures.length === 0;
}

/** Every violation of `value` (what a generated `validate` passes, as for `isRow`); never throws. */
export function validateRow(value: unknown, validateFields: FieldsWalk, checkRow?: RowChecks): Violation[] {
  // `report` keeps the first KEPT_VIOLATIONS and counts the rest: a list of a million bad elements stays small.
  const out: Violation[] = [];
  try {
    collect(value, validateFields, checkRow, out);
  } catch (error) {
    // A hostile getter or proxy met while reading: one more violation, at the innermost place whose
    // reading throws when the declared fields are read once more (a nested record's field, a list's
    // element), else at the row itself.
    const unreadable = firstUnreadablePlace(schemaVersionOfWalk(validateFields)?.fields ?? [], value);
    keepViolation(out, unreadableRow(error, unreadable));
  }
  return out.length === 0 ? out : (noRowViolations(value, validateFields) ?? out);
}

/**
 * A Promise, Map or Set refused by a version with a required field, which its walk refuses there
 * (a missing field each) without telling these apart (convert.ts `isPromiseOrCollection`): said
 * as the walk of a version of optional fields only says it, found a Promise; `null` for any other value.
 */
function noRowViolations(value: unknown, validateFields: FieldsWalk): Violation[] | null {
  const schemaVersion = schemaVersionOfWalk(validateFields);
  if (schemaVersion === undefined || !isPromiseOrCollectionSafely(value)) return null;
  return [incorrectType("", rowOfVersion(schemaVersion.name, schemaVersion.version), value)];
}

/** {@link isPromiseOrCollection} of any value, `false` where a proxy's trap throws. */
function isPromiseOrCollectionSafely(value: unknown): boolean {
  try {
    return isRowObject(value) && isPromiseOrCollection(value);
  } catch {
    return false;
  }
}

/**
 * The error a constructor throws for `row` (converted from `input`, and found not to comply):
 * every violation, a missing field's telling the key of `input` that misspells it. When a value
 * of `input` could not be read, what its getter threw is the error's `cause`, as the writers
 * give it (arrow/rows/unreadable-rows.ts): found by reading `input` once more, on this path only.
 */
export function rowError(schemaVersion: SchemaVersion, row: object, input?: unknown): RowValidationError {
  const violations = rowViolations(schemaVersion, row, input);
  const unreadable = violations.some(reportsUnreadable) ? firstUnreadablePlace(schemaVersion.fields, input) : undefined;
  return rowValidationError(
    schemaVersion.identifier,
    violations,
    unreadable === undefined ? undefined : { cause: unreadable.error },
  );
}

/**
 * The error a constructor throws for `input` when a read of it after its conversion threw
 * `error` (its check of misspelt keys reads it again: a getter that throws on its second read):
 * the violation of an unreadable value, as conversion makes one where a first read throws, at
 * the innermost place whose reading throws once more (else at the row), `error` its `cause`.
 */
export function unreadableInputError(schemaVersion: SchemaVersion, input: unknown, error: unknown): RowValidationError {
  const place = firstUnreadablePlace(schemaVersion.fields, input);
  return rowValidationError(schemaVersion.identifier, [unreadableRow(error, place)], { cause: error });
}

/** The violations of {@link rowError}'s error. */
function rowViolations(schemaVersion: SchemaVersion, row: object, input: unknown): Violation[] {
  const violations = validateRow(row, schemaVersion.validateFields, schemaVersion.checkRow);
  return violationsAsGiven(violations, schemaVersion, input);
}

/**
 * What `new rowClass(input)` reports, for a caller that keeps only the violations (a collecting
 * read): `null` when the row is made, else the violations of the `RowValidationError` it throws
 * (made without a stack; any other error is thrown on). A row class the generator wrote
 * (row-class-descriptors.ts `GENERATED_ROW_CLASS`) is not constructed: its constructor's steps
 * run on a blank row, `convert`, `is`, then `rowError`'s violations, with no instance, error or
 * throw (a file of invalid rows cost ~7x a valid one when each row was constructed). Any other
 * class, a subclass written by hand included (its constructor may check more), is constructed.
 */
export function constructorViolations(
  rowClass: RowClass<object, never>,
): (input: object) => readonly Violation[] | null {
  const schemaVersion = isGeneratedRowClass(rowClass) ? schemaVersionOf(rowClass) : undefined;
  const convert = rowClass.convert as ((input: unknown, row: object) => object) | undefined;
  const construct = rowConstructor(rowClass);
  const violationsOf =
    schemaVersion === undefined || schemaVersion.rowClass !== rowClass || convert === undefined
      ? (input: object) => {
          construct(input);
          return null;
        }
      : (input: object) => {
          const row = convert.call(rowClass, input, blankRow(rowClass));
          return rowClass.is(row) ? null : rowViolations(schemaVersion, row, input);
        };
  return (input) => {
    const result = collected(() => violationsOf(input));
    return "made" in result ? result.made : result.violations;
  };
}

/**
 * `new rowClass(input)`, as the readers build a row through its class. A row class the generator
 * did not write (a subclass written by hand, whose constructor may check more than its schema
 * version declares: row-class-descriptors.ts `isGeneratedRowClass`) refuses a row with whatever
 * it throws; anything but a `RowValidationError` becomes one, its one violation the row's
 * (`check_failed` at the row, the thrown error's message found, the error as `cause`), so that a
 * read reports it as any invalid row: with the row's index, thrown or collected. A generated
 * class's constructor is called as it is.
 */
export function rowConstructor<Row extends object>(rowClass: RowClass<Row, never>): (input: unknown) => Row {
  if (isGeneratedRowClass(rowClass)) return (input) => new rowClass(input as never);
  const identifier = schemaVersionOf(rowClass)?.identifier ?? declaredClassName(rowClass);
  return (input) => {
    try {
      return new rowClass(input as never);
    } catch (error) {
      if ((error as Error | null)?.name === "RowValidationError") throw error;
      throw rowValidationError(identifier, [constructorRefused(rowClass, error)], { cause: error });
    }
  };
}

/**
 * {@link rowConstructor} for a caller that keeps the violations of the rows it refuses (a read
 * with `invalidRows: "collect"`, `parse`): the row made, or the violations of its error, made
 * without a stack as in {@link constructorViolations}.
 */
export function collectingConstructor<Row extends object>(
  rowClass: RowClass<Row, never>,
): (input: unknown) => Collected<Row> {
  const construct = rowConstructor(rowClass);
  return (input) => collected(() => construct(input));
}

/** What {@link collected} gives: what was made, or the violations of the row refused instead. */
export type Collected<T> = { readonly made: T } | { readonly violations: readonly Violation[] };

/**
 * `attempt()`'s result, or the violations of the `RowValidationError` it throws (any other error
 * is thrown on), the row errors made meanwhile without a stack (see {@link collecting}).
 */
function collected<T>(attempt: () => T): Collected<T> {
  collecting++;
  try {
    return { made: attempt() };
  } catch (error) {
    if ((error as Error | null)?.name !== "RowValidationError") throw error;
    return { violations: (error as RowValidationError).violations };
  } finally {
    collecting--;
  }
}

/** The violation of a row that a row class's constructor refused by throwing `error`, no `RowValidationError`. */
export function constructorRefused(rowClass: object, error: unknown): Violation {
  return checkFailed("", `the constructor of ${declaredClassName(rowClass)} accepts the row`, error);
}

/**
 * How many {@link constructorViolations} calls are running: while any is, row errors are made
 * without a stack. Its caller keeps only their data and never throws them on
 * (`invalidRows: "collect"`, `validateRecordBatch`, `recordBatchComplies`); capturing a stack
 * cost ~5 us an error here, 60% of reading a file whose rows are all invalid.
 */
let collecting = 0;

/** `new RowValidationError(...)`, without a stack inside {@link constructorViolations}. */
function rowValidationError(
  identifier: string,
  violations: readonly Violation[],
  options?: { readonly cause: unknown },
): RowValidationError {
  if (collecting === 0) return new RowValidationError(identifier, violations, undefined, undefined, options);
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    // Frozen intrinsics (a hardened realm): the error with its stack.
    return new RowValidationError(identifier, violations, undefined, undefined, options);
  }
  try {
    return new RowValidationError(identifier, violations, undefined, undefined, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A nested record inside a generated walk: `value` validated as a row of `schemaVersion` at
 * `path`. Like the walk, it pushes each violation onto `out` and returns `true`, or with `out`
 * null returns `false` at the first failure. Walks write paths relative to their row; `path` is
 * put before them here, on failure only, so that a walk over valid rows builds no path at all.
 */
export function validateRecord(
  schemaVersion: SchemaVersion,
  value: unknown,
  path: string,
  out: Violation[] | null,
): boolean {
  // Where the record's own reading threw, conversion put this: an object, but no row (whose
  // fields, all optional, the walk would pass as a record of missing values).
  if (value instanceof UnreadableValue)
    return report(out, incorrectType, path, rowOfIdentifier(schemaVersion.identifier), value);
  const { validateFields, checkRow } = schemaVersion;
  if (out === null) return isRow(value, validateFields, checkRow);
  const before = out.length;
  collect(value, validateFields, checkRow, out);
  for (let k = before; k < out.length; k++) out[k] = { ...out[k]!, path: joinPath(path, out[k]!.path) };
  return true;
}

/**
 * Pushes every violation of `value` onto `out`: its fields', then, when they hold, its row checks'.
 * Whether they hold is told by the count, not the length: past KEPT_VIOLATIONS, a field's
 * violation is counted (`omitted`) and the list no longer grows.
 */
function collect(value: unknown, validateFields: FieldsWalk, checkRow: RowChecks | undefined, out: Violation[]): void {
  const before = violationCount(out);
  validateFields(value, out);
  if (checkRow !== undefined && violationCount(out) === before) checkRow(value as object, "", out);
}

/**
 * A generated walk's failed test: the violation `build(path, expected, value)` pushed onto `out`,
 * and `true` to go on; or, when `out` is null (a yes/no walk, which stops at the first failure),
 * `false`, having built nothing. A map's entries that conversion found to be no pairs
 * ({@link UnpairedEntries}) are one violation each, at the entry (`counts[1]`).
 */
export function report(
  out: Violation[] | null,
  build: (path: string, expected: string, value: unknown) => Violation,
  path: string,
  expected: string,
  value?: unknown,
): boolean {
  if (out === null) return false;
  if (isUnpairedEntries(value))
    for (const [k, entry] of value.unpaired) keepViolation(out, unpairedEntry(`${path}[${k}]`, expected, entry));
  else keepViolation(out, build(path, expected, value));
  return true;
}

/**
 * A generated walk's report of a string that a pattern or a value set refused (which refuse every
 * ill-formed string, so the walk tests well-formedness only here, after the refusal): as `report`,
 * and when `text` is ill-formed, that violation first.
 */
export function reportRefusedText(out: Violation[] | null, path: string, expected: string, text: string): boolean {
  if (out !== null && !isWellFormedText(text)) report(out, constraintViolated, path, wellFormedUnicode, text);
  return report(out, constraintViolated, path, expected, text);
}

/**
 * The elements of a list (or vector, tuple, set) of text at `path`, checked as a generated walk
 * checks any list's elements: each a string (`expected` names the element type), and well-formed;
 * for a `symbol`'s elements (`symbol`), without NUL. Lists of text are the commonest lists in
 * schemas, so walks call this one loop rather than each printing it; it reports as the walk
 * does, each element at `path[i]`, or, for the elements of a set (`of`), at the place in the
 * input that the set was made from (convert.ts `placeInInput`).
 */
export function validateTextElements(
  elements: readonly unknown[],
  path: string,
  expected: string,
  out: Violation[] | null,
  symbol = false,
  of?: ReadonlySet<unknown>,
): boolean {
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (typeof element !== "string") {
      if (!report(out, incorrectType, elementPath(path, i, of), expected, element)) return false;
    } else if (!isWellFormedText(element)) {
      if (!report(out, constraintViolated, elementPath(path, i, of), wellFormedUnicode, element)) return false;
    } else if (symbol && element.includes("\u0000")) {
      if (!report(out, constraintViolated, elementPath(path, i, of), symbolWithoutNul, element)) return false;
    }
  }
  return true;
}

function elementPath(path: string, i: number, of: ReadonlySet<unknown> | undefined): string {
  return `${path}[${of === undefined ? i : placeInInput(of, i)}]`;
}

/** `child` and `tags[0]` as `child.tags[0]`; a violation at the record itself keeps the record's path. */
function joinPath(path: string, inner: string): string {
  return inner === "" ? path : `${path}.${inner}`;
}
