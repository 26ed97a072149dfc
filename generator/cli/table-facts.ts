/**
 * What `legolas inspect` knows about one Arrow file, as plain data (the `--json` output): its
 * Legolas metadata, columns, row count, the column check against the registered schema version,
 * and the arrays of its Weights columns. Gathering never fails on a readable Arrow file: a file
 * without Legolas metadata, or of a version not registered here, still has its raw facts.
 */
import { DataType, type Field, type RecordBatch, type Schema } from "apache-arrow";
import { nearestRegisteredLink } from "./registered-versions.js";
import { tableHead, type HeadValue } from "./table-head.js";
import { openTableArgument } from "./stdin-table.js";
import { shortText, shownSource } from "legolas-ts/internal/internal";
import {
  extensionNameOf,
  flatArrayProblem,
  TableCheck,
  tableWeightsLayout,
  type UnknownWeightsLayout,
  WEIGHTS_EXTENSION,
  weightsColumnReader,
} from "legolas-ts/internal/internal-tables";
import {
  findSchemaVersion,
  formatSchemaVersionName,
  legacyLayoutHint,
  parseIdentifier,
  type SchemaVersion,
  type TableSchemaError,
  type Violation,
  type Weights,
  type WeightsLayout,
} from "legolas-ts";

export interface TableFacts {
  readonly file: string;
  readonly bytes: number;
  /** `file`: the Arrow IPC file format (`ARROW1` magic); `stream`: the IPC stream format. */
  readonly format: "file" | "stream";
  /** The codecs its record batches are compressed with (`lz4`, `zstd`); empty when none is. */
  readonly compression: readonly string[];
  /** `legolas_schema_qualified`, or `null` when the table has none. */
  readonly identifier: string | null;
  /** The identifier's links, `name@version`, the table's own version first. */
  readonly chain: string[];
  readonly provider: { readonly name: string | null; readonly version: string | null };
  /**
   * Whose layout the Weights columns' arrays are in: `legolas_ts_weights_layout`, `flux` when the
   * table does not state it (LegolasFlux.jl's), `{ unknown }` for a value this version does not
   * know. `null` when no row holds weights (each value is missing, or there are no rows): nothing
   * says a layout then, as a table written without weights states none. `null` too for a table
   * without a Weights column.
   */
  readonly weightsLayout: WeightsLayout | UnknownWeightsLayout | null;
  /** Every table metadata entry, Legolas keys included. */
  readonly metadata: Record<string, string>;
  readonly rows: number;
  readonly batches: number;
  /**
   * For a stream, whether it ends with the end-of-stream marker every writer adds when it closes
   * it (`TableFile.streamFinished`): `false` when its writer was stopped or is still writing, so
   * rows may be missing from its end. `null` for the file format.
   */
  readonly streamFinished: boolean | null;
  readonly columns: ColumnFacts[];
  readonly check: SchemaCheck;
  readonly weights: WeightsColumnFacts[];
  /** The first rows, when asked for (`--head N`): see table-head.ts. */
  readonly head?: Record<string, HeadValue>[];
}

export interface ColumnFacts {
  readonly name: string;
  /** apache-arrow's name of the Arrow type, e.g. `Int64`, `Struct<{a:Int64}>`. */
  readonly type: string;
  readonly nullable: boolean;
  /** `ARROW:extension:name`, or `null`. */
  readonly extension: string | null;
  /** The children of a struct column, by name. */
  readonly children?: ColumnFacts[];
}

export interface SchemaCheck {
  /** `name@version` the columns were checked against, or `null` when they could not be. */
  readonly checkedAgainst: string | null;
  /** The identifier of the version checked against, as registered here (its parent chain). */
  readonly registeredIdentifier: string | null;
  /** Why the check is partial or missing, or how registration and file disagree; `null` when neither. */
  readonly note: string | null;
  readonly violations: Violation[];
}

export interface WeightsColumnFacts {
  readonly column: string;
  readonly rows: WeightsRowFacts[];
  /** Set when the column's layout is not LegolasFlux's Weights: what is wrong with it. */
  readonly problem?: string;
}

export interface WeightsRowFacts {
  readonly row: number;
  /** `null` for a missing value. */
  readonly arrays: FlatArrayFacts[] | null;
  readonly elements: number;
}

export interface FlatArrayFacts {
  readonly index: number;
  /** Row-major (tfjs) dimensions: `size` reversed. */
  readonly shape: number[];
  /** Julia's column-major dimensions, as stored. */
  readonly size: number[];
  readonly elements: number;
  /** Set when `size` does not describe the stored values: why. */
  readonly problem?: string;
}

/**
 * Reads `path` (the runtime's `openTableFile`, every batch, with no Legolas validation) and
 * gathers its facts, with its first `head` rows when given; throws `NotArrowFileError` when it is
 * not Arrow at all, `FileAccessError` when it cannot be read (or is not a regular file),
 * `FileChangedError`, `CorruptTableError`. The facts are taken batch by batch, each batch let go
 * before the next is read, so that memory holds one batch whatever the file's size.
 */
export async function tableFacts(path: string, head?: number): Promise<TableFacts> {
  const file = await openTableArgument(path);
  // The file's schema, not the first batch's: a file of no record batch has columns and metadata too.
  const { schema, metadata } = file;
  const { chain, problem } = chainOf(metadata.identifier);
  const check = columnCheck(schema, metadata.identifier, chain, problem);
  const weights = weightsColumns(schema, check.schemaVersion);
  const headRows: Record<string, HeadValue>[] = [];
  let rows = 0;
  let batches = 0;
  for await (const batch of file.recordBatches()) {
    check.add(batch);
    for (const column of weights) column.add(batch, batches);
    if (head !== undefined && headRows.length < head)
      for (const row of tableHead(batch, head - headRows.length)) headRows.push(row);
    rows += batch.numRows;
    batches++;
  }
  const weightsFacts = weights.map((column) => column.facts());
  return {
    file: shownSource(path),
    bytes: file.byteLength,
    format: file.format,
    // Known for every batch once all are read: the file format's open reads only the first's metadata.
    compression: file.compression,
    identifier: metadata.identifier,
    chain,
    provider: { name: metadata.providerName, version: metadata.providerVersion },
    weightsLayout: holdsWeights(weightsFacts) ? tableWeightsLayout(schema.metadata) : null,
    metadata: Object.fromEntries(schema.metadata),
    rows,
    batches,
    streamFinished: file.streamFinished,
    columns: schema.fields.map(columnFacts),
    check: check.result(),
    weights: weightsFacts,
    ...(head === undefined ? {} : { head: headRows }),
  };
}

function chainOf(identifier: string | null): { chain: string[]; problem: string | null } {
  if (identifier === null) return { chain: [], problem: null };
  try {
    return { chain: parseIdentifier(identifier).map(formatSchemaVersionName), problem: null };
  } catch (error) {
    return { chain: [], problem: (error as Error).message };
  }
}

function columnFacts(field: Field): ColumnFacts {
  const facts = {
    name: field.name,
    type: String(field.type),
    nullable: field.nullable,
    extension: extensionNameOf(field),
  };
  return DataType.isStruct(field.type) ? { ...facts, children: field.type.children.map(columnFacts) } : facts;
}

const REGISTER_HINT = "pass --schemas <folder> with its YAML declaration";

/** The column check of a table read batch by batch: `add` each batch (its nulls are counted), then `result()`. */
interface ColumnCheck {
  /** The registered version the columns are checked against; `undefined` when they are not checked. */
  readonly schemaVersion: SchemaVersion | undefined;
  add(batch: RecordBatch): void;
  result(): SchemaCheck;
}

/** Checks the columns against the table's version, or the nearest registered version of its chain. */
function columnCheck(
  schema: Schema,
  identifier: string | null,
  chain: readonly string[],
  problem: string | null,
): ColumnCheck {
  const unchecked = (note: string): ColumnCheck => ({
    schemaVersion: undefined,
    add: () => {},
    result: () => ({ checkedAgainst: null, registeredIdentifier: null, note, violations: [] }),
  });
  if (identifier === null)
    return unchecked("no legolas_schema_qualified metadata: not a Legolas table, so its columns were not checked");
  if (problem !== null) return unchecked(`${problem}; its columns were not checked`);
  const index = nearestRegisteredLink(chain);
  if (index < 0)
    return unchecked(`${shortText(chain[0]!)} is not registered (nor is any version it extends): ${REGISTER_HINT}`);
  const schemaVersion = findSchemaVersion(chain[index]!)!;
  const notes: string[] = [];
  if (index > 0)
    notes.push(
      `${shortText(chain[0]!)} is not registered (${REGISTER_HINT}); checked against ${chain[index]}, which it extends`,
    );
  const fileIdentifier = chain.slice(index).join(">");
  if (schemaVersion.identifier !== fileIdentifier) {
    notes.push(`the file's chain ${shortText(fileIdentifier)} differs from the registered ${schemaVersion.identifier}`);
  }
  const check = new TableCheck(schema, schemaVersion);
  return {
    schemaVersion,
    add: (batch) => check.add(batch),
    result: () => {
      const violations = check.violations();
      const hint = legacyLayoutHint(violations);
      const all = hint === null ? notes : [...notes, hint];
      return {
        checkedAgainst: chain[index]!,
        registeredIdentifier: schemaVersion.identifier,
        note: all.length === 0 ? null : all.join("; "),
        violations,
      };
    },
  };
}

/** The arrays of every Weights column: by extension name, or declared `Weights` by the schema version. */
function weightsColumns(schema: Schema, schemaVersion: SchemaVersion | undefined): WeightsColumnReading[] {
  const declared = new Set(schemaVersion?.fields.filter((f) => f.type.kind === "weights").map((f) => f.name) ?? []);
  return schema.fields
    .filter((field) => extensionNameOf(field) === WEIGHTS_EXTENSION || declared.has(field.name))
    .map((field) => new WeightsColumnReading(schema, field.name));
}

/** The facts of one Weights column, its rows read batch by batch (`add`), each row kept as its arrays' shapes. */
class WeightsColumnReading {
  private readonly rows: WeightsRowFacts[] = [];
  private readonly read: ReturnType<typeof weightsColumnReader> | undefined;
  private problem: string | undefined;

  constructor(
    schema: Schema,
    private readonly column: string,
  ) {
    try {
      this.read = weightsColumnReader(schema, column);
    } catch (error) {
      this.problem = notWeightsLayout(error);
    }
  }

  add(batch: RecordBatch, batchIndex: number): void {
    if (this.problem !== undefined) return;
    let values: (Weights | null)[];
    try {
      values = this.read!([batch], batchIndex);
    } catch (error) {
      this.problem = notWeightsLayout(error);
      return;
    }
    for (const value of values) this.rows.push(weightsRow(this.rows.length, value));
  }

  facts(): WeightsColumnFacts {
    if (this.problem === undefined) return { column: this.column, rows: this.rows };
    return { column: this.column, rows: [], problem: this.problem };
  }
}

/** Whether any row holds weights; a column not read as Weights (its `problem`) may, for all that is known. */
function holdsWeights(columns: readonly WeightsColumnFacts[]): boolean {
  return columns.some((column) => column.problem !== undefined || column.rows.some((row) => row.arrays !== null));
}

/** Why a column is not read as Weights (a `TableSchemaError` of the runtime's read); any other error is thrown on. */
function notWeightsLayout(error: unknown): string {
  if ((error as { code?: unknown }).code !== "table_schema_invalid") throw error;
  return `not LegolasFlux's Weights layout: expected ${(error as TableSchemaError).violations[0]!.expected}`;
}

function weightsRow(row: number, value: Weights | null): WeightsRowFacts {
  if (value === null) return { row, arrays: null, elements: 0 };
  const arrays = value.arrays.map((array, index) => {
    const facts = { index, shape: [...array.size].reverse(), size: [...array.size], elements: array.vec.length };
    const problem = flatArrayProblem(array.vec, [...array.size]);
    return problem === null ? facts : { ...facts, problem };
  });
  return { row, arrays, elements: arrays.reduce((sum, a) => sum + a.elements, 0) };
}
