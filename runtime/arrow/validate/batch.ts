/**
 * Columnar validation of record batches: every row of a batch checked against a schema version
 * without building its row. Columns are scanned in tight loops over their buffers
 * (validate/column-scan.ts), then the version's row checks run on a reused row cursor (validate/row-cursor.ts) for
 * the rows that passed. Only rows flagged on the way (every row, for a row class written by hand,
 * whose constructor may refuse what no column shows) are confirmed, by their row class's
 * constructor as the row path runs it (a generated class's steps without making the row, when
 * only the violations are kept: row-validation.ts `constructorViolations`), so that their
 * violations are exactly the row path's: same codes, paths, expected and found text, and row
 * indexes. Valid rows cost no allocation per row.
 *
 * The validator is a descriptor-driven interpreter, compiled once per table schema (the scans
 * and the cursor class), not generated code per version: see BENCHMARKS.md, "Columnar
 * validation", for the figures behind that choice.
 */
import { type RecordBatch, Table, type Schema } from "apache-arrow";
import type { SchemaVersion } from "../../schema-version-types.js";
import type { Violation } from "../../violations.js";
import { checkBatchData } from "../guard/data-bounds.js";
import { checkArrowArgument } from "../arrow-arguments.js";
import { checkOptions, checkSchemaVersionArgument } from "../options.js";
import { fieldComputes } from "../../field-expressions.js";
import { fieldScan, flagAll, unreadableScan } from "./column-scan.js";
import { rowChecker } from "./row-cursor.js";
import { fieldsReader, locatedRowError, rowReader } from "../rows/batch-rows.js";
import { constructorViolations, rowConstructor } from "../../row-validation.js";
import { isGeneratedRowClass } from "../../row-class-descriptors.js";
import { assertTableValid } from "./table-schema.js";

/** The violations of one row, with its index in the table. */
export interface RowViolations {
  readonly rowIndex: number;
  readonly violations: readonly Violation[];
}

export interface BatchValidationOptions {
  /** The index in the whole table of the batch's first row (default 0), for the reported row indexes. */
  readonly firstRowIndex?: number | undefined;
  /** Stop after this many invalid rows (default: every one). */
  readonly maxInvalidRows?: number | undefined;
}

/** A schema version's validator for batches of one Arrow schema, compiled once. */
export interface ColumnValidator {
  /** The invalid rows of `batch`, in order, each with every violation its row class reports. */
  violations(batch: RecordBatch, options?: BatchValidationOptions): RowViolations[];
  /** `true` when every row of `batch` complies; stops at the first column that flags a row it confirms. */
  complies(batch: RecordBatch): boolean;
  /** Throws the `RowValidationError` the row path throws for the first invalid row of `batch`. */
  assertValid(batch: RecordBatch, firstRowIndex?: number): void;
}

/** The validator as the readers hold it, who have checked the options they read with. */
export interface CompiledValidator extends ColumnValidator {
  /**
   * {@link ColumnValidator.violations} from checked options: the index in the table of the
   * batch's first row, and how many invalid rows to give at most.
   */
  invalidRows(batch: RecordBatch, firstRowIndex: number, maxInvalidRows: number): RowViolations[];
  /**
   * The scans of {@link ColumnValidator.assertValid}, step by step: each step yields the column
   * it is about to read (-1: any), the columns taken in `order` (column indexes; default, the
   * schema version's); the return is the rows to confirm, for {@link assertScanned}.
   */
  scanSteps(batch: RecordBatch, order?: readonly number[]): Generator<number, Uint8Array | null>;
  /** {@link ColumnValidator.assertValid} once `bad` holds what {@link scanSteps} returned for `batch`. */
  assertScanned(batch: RecordBatch, bad: Uint8Array | null, firstRowIndex: number): void;
}

/**
 * Compiles the validator of `schemaVersion` for batches of `schema`, whose columns must comply
 * (validate/table-schema.ts) and whose batches must have passed `checkBatchData` (as every read path's do).
 */
export function columnValidator(schemaVersion: SchemaVersion, schema: Schema): ColumnValidator {
  checkSchemaVersionArgument(schemaVersion);
  checkArrowArgument(schema, "the schema", ["Schema"]);
  return compiledValidator(schemaVersion, schema);
}

/** {@link columnValidator}, for the readers. */
export function compiledValidator(schemaVersion: SchemaVersion, schema: Schema): CompiledValidator {
  const columns = schemaVersion.fields.map((field) => {
    const index = schema.fields.findIndex((f) => f.name === field.name);
    const scan = fieldComputes(field) ? flagAll : fieldScan(field, index < 0 ? null : schema.fields[index]!);
    return { index, scan };
  });
  const checks = rowChecker(schemaVersion, schema.fields);
  // What the row path gives the row class's constructor: its error, when thrown on, is placed in
  // the table here; when only collected, its violations are had without the row where they can be.
  const readFields = fieldsReader(schemaVersion as SchemaVersion<object, never>, schema);
  const rowClass = schemaVersion.rowClass as SchemaVersion<object, never>["rowClass"];
  const construct = rowConstructor(rowClass);
  const violationsOf = constructorViolations(rowClass);
  // A row class written by hand may refuse in its constructor what no column shows: every row is a suspect.
  const everyRow = !isGeneratedRowClass(rowClass);

  /**
   * Rows that may be invalid (`null`: none); with `firstOnly`, stops after the first column that
   * flags one. A step before each scan yields the column it reads (its index in the batch; -1 for
   * the row checks, which read any), so that a read can wait for that column's bytes
   * (pipelined-read.ts); {@link suspects} runs the steps through at once.
   */
  function* suspectSteps(
    batch: RecordBatch,
    firstOnly: boolean,
    order?: readonly number[],
  ): Generator<number, Uint8Array | null> {
    const n = batch.numRows;
    if (n === 0) return null;
    const bad = new Uint8Array(n);
    if (everyRow) {
      // No scan: the constructor runs its parent's steps on each row. Each column is still yielded,
      // so that a read waiting on bytes has them all before the rows are built.
      for (const { index } of order === undefined ? columns : inOrder(order)) if (index >= 0) yield index;
      yield -1;
      return bad.fill(1);
    }
    let any = false;
    for (const { index, scan } of order === undefined ? columns : inOrder(order)) {
      if (index >= 0) yield index;
      any = scan(index < 0 ? batch.data : batch.data.children[index]!, n, bad) || any;
      if (any && firstOnly) return bad;
    }
    if (checks !== null) {
      yield -1;
      const passes = checks(batch.data);
      for (let i = 0; i < n; i++) {
        if (bad[i] === 0 && !passes(i)) {
          bad[i] = 1;
          any = true;
          if (firstOnly) return bad;
        }
      }
    }
    return any ? bad : null;
  }

  /** The scans with the columns they read in `order` (column indexes), those of missing columns first. */
  const inOrder = (order: readonly number[]) => {
    const rank = new Map(order.map((index, k) => [index, k]));
    return [...columns].sort((a, b) => (rank.get(a.index) ?? -1) - (rank.get(b.index) ?? -1));
  };

  const suspects = (batch: RecordBatch, firstOnly: boolean): Uint8Array | null => {
    const steps = suspectSteps(batch, firstOnly);
    for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
  };

  /** Builds the suspect rows through the row path, in order: the error of the first invalid one, thrown. */
  const assertScanned = (batch: RecordBatch, bad: Uint8Array | null, firstRowIndex: number): void => {
    if (bad === null) return;
    const fieldsOf = readFields(batch);
    for (let i = 0; i < bad.length; i++) {
      if (bad[i] === 0) continue;
      try {
        construct(fieldsOf(i));
      } catch (error) {
        throw locatedRowError(error, schemaVersion.identifier, { rowIndex: firstRowIndex + i });
      }
    }
  };

  /**
   * The suspect rows through the row path, in order: the violations of each invalid one, as its
   * row class's constructor reports them (row-validation.ts `constructorViolations`: a generated
   * class's row is not made, another's error is made without a stack and not located again).
   */
  function* confirmed(batch: RecordBatch, bad: Uint8Array, firstRowIndex: number): Generator<RowViolations> {
    const fieldsOf = readFields(batch);
    for (let i = 0; i < bad.length; i++) {
      if (bad[i] === 0) continue;
      const violations = violationsOf(fieldsOf(i));
      if (violations !== null) yield { rowIndex: firstRowIndex + i, violations };
    }
  }

  const invalidRows = (batch: RecordBatch, firstRowIndex: number, maxInvalidRows: number): RowViolations[] => {
    const out: RowViolations[] = [];
    const bad = suspects(batch, false);
    if (bad === null) return out;
    for (const row of confirmed(batch, bad, firstRowIndex)) {
      if (out.length >= maxInvalidRows) break;
      out.push(row);
    }
    return out;
  };

  return {
    invalidRows,
    violations(batch, options = {}) {
      const { firstRowIndex = 0, maxInvalidRows = Infinity } = checkOptions(options, "ColumnValidator.violations");
      return invalidRows(batch, firstRowIndex, maxInvalidRows);
    },
    complies(batch) {
      const quick = suspects(batch, true);
      if (quick === null) return true;
      if (!confirmed(batch, quick, 0).next().done) return false;
      // The rows flagged first were false alarms: look at every suspect.
      const bad = suspects(batch, false);
      return bad === null || confirmed(batch, bad, 0).next().done === true;
    },
    assertValid(batch, firstRowIndex = 0) {
      assertScanned(batch, suspects(batch, false), firstRowIndex);
    },
    scanSteps: (batch, order) => suspectSteps(batch, false, order),
    assertScanned,
  };
}

/**
 * For a read that trusts the values (`validate: "columns"`): compiled once per table schema, a
 * check of each batch that throws, before any row is given, the error its decoder throws for a
 * value no row can hold (validate/column-scan.ts `unreadableScan`: a char past U+10FFFF, a date
 * or datetime beyond a JavaScript `Date`, a broken Weights value), as eager rows and the row path throw it at read time;
 * lazy rows would throw it later, from a getter. `null` when no column can hold such a value.
 */
export function unreadableValuesCheck(
  schemaVersion: SchemaVersion,
  schema: Schema,
): ((batch: RecordBatch, firstRowIndex: number) => void) | null {
  const indexes = new Map(schema.fields.map((f, index) => [f.name, index]));
  const columns = schemaVersion.fields.flatMap((field) => {
    const index = indexes.get(field.name);
    const scan = index === undefined ? null : unreadableScan(field.type, schema.fields[index]!);
    return scan === null ? [] : [{ index: index!, scan }];
  });
  if (columns.length === 0) return null;
  const readRow = rowReader(schemaVersion as SchemaVersion<object, never>, schema, "columns");
  return (batch, firstRowIndex) => {
    const n = batch.numRows;
    if (n === 0) return;
    const bad = new Uint8Array(n);
    let any = false;
    for (const { index, scan } of columns) any = scan(batch.data.children[index]!, n, bad) || any;
    if (!any) return;
    // The decoder of a flagged value throws; a value flagged only as present (in a union, say) reads.
    const read = readRow(batch, firstRowIndex);
    for (let i = 0; i < n; i++) if (bad[i] === 1) read(i);
  };
}

const compiled = new WeakMap<Schema, WeakMap<SchemaVersion, CompiledValidator>>();

/** The validator for batches of `schema`, compiled on first use and kept while the schema lives. */
function validatorFor(schemaVersion: SchemaVersion, schema: Schema, source?: string): CompiledValidator {
  let bySchemaVersion = compiled.get(schema);
  if (bySchemaVersion === undefined) compiled.set(schema, (bySchemaVersion = new WeakMap()));
  let validator = bySchemaVersion.get(schemaVersion);
  if (validator === undefined) {
    assertTableValid(schema, schemaVersion, source);
    bySchemaVersion.set(schemaVersion, (validator = compiledValidator(schemaVersion, schema)));
  }
  return validator;
}

/**
 * Every invalid row of `batch` (or of every batch of a table) against `schemaVersion`, as its
 * row class would report it, found column by column. Throws `TableSchemaError` when the columns
 * themselves do not comply, and `CorruptTableError` when the data contradicts its buffers.
 */
export function validateRecordBatch(
  batch: RecordBatch | Table,
  schemaVersion: SchemaVersion,
  options: BatchValidationOptions = {},
): RowViolations[] {
  checkOptions(options, "validateRecordBatch");
  checkArrowArgument(batch, "the batch", ["RecordBatch", "Table"]);
  checkSchemaVersionArgument(schemaVersion);
  const batches = batch instanceof Table ? batch.batches : [batch];
  const validator = validatorFor(schemaVersion, batch.schema);
  const out: RowViolations[] = [];
  let firstRowIndex = options.firstRowIndex ?? 0;
  const maxInvalidRows = options.maxInvalidRows ?? Infinity;
  batches.forEach((each, index) => {
    if (out.length >= maxInvalidRows) return;
    checkBatchData(each, index);
    // One by one, never push(...): a batch can hold a million invalid rows.
    for (const row of validator.invalidRows(each, firstRowIndex, maxInvalidRows - out.length)) out.push(row);
    firstRowIndex += each.numRows;
  });
  return out;
}

/**
 * Throws the `RowValidationError` the row path throws for the first invalid row of `batch`
 * (checked with `checkBatchData`), `firstRowIndex` being the index in the table of its first row.
 */
export function assertBatchValid(batch: RecordBatch, schemaVersion: SchemaVersion, firstRowIndex = 0): void {
  validatorFor(schemaVersion, batch.schema).assertValid(batch, firstRowIndex);
}

/**
 * `true` when every row of `batch` (or table) complies with `schemaVersion`; stops early. Columns
 * that do not comply are no `false`: like {@link validateRecordBatch}, it throws `TableSchemaError`
 * (a missing column, another type; `compliesWith` tells that without throwing), and
 * `CorruptTableError` when the data contradicts its buffers.
 */
export function recordBatchComplies(batch: RecordBatch | Table, schemaVersion: SchemaVersion): boolean {
  checkArrowArgument(batch, "the batch", ["RecordBatch", "Table"]);
  checkSchemaVersionArgument(schemaVersion);
  const batches = batch instanceof Table ? batch.batches : [batch];
  const validator = validatorFor(schemaVersion, batch.schema);
  return batches.every((each, index) => {
    checkBatchData(each, index);
    return validator.complies(each);
  });
}
