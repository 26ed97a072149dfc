/**
 * Every storage Legolas.jl accepts for Julia's `DateTime`, `Time` and `UUID` reads (issue 23),
 * on the whole-file and the batch-by-batch read path, with validation by columns and by rows:
 * Timestamp of any unit without a zone (pandas, pyarrow and Polars write ns and us) and
 * Date(MILLISECOND) for a `datetime`, their sub-millisecond part dropped toward zero as
 * Arrow.jl's `Dates.toms` drops it; Time32/Time64 of any unit for a `time`, exactly; a UInt128
 * for a `uuid`, as `accepted_field_type` allows. What Julia refuses is refused, with a typed
 * error that says what to do: a zoned Timestamp for a `datetime`, an Int128 for a `uuid`, the
 * canonical `arrow.uuid` (RFC 4122 byte order) for a `uuid`, and an old Arrow.jl
 * `JuliaLang.ZonedDateTime` column, whose counts are local wall-clock times.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DateDay,
  DateMillisecond,
  type DataType,
  DenseUnion,
  Field,
  FixedSizeBinary,
  Int,
  Int64,
  List,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimeMicrosecond,
  TimeMillisecond,
  TimeNanosecond,
  TimeSecond,
  Time,
  Timestamp,
  TimeUnit,
  type Data,
} from "apache-arrow";
import pl from "nodejs-polars";
import { afterAll, describe, expect, test } from "vitest";
import {
  findJuliaUnreadableColumns,
  openTableFile,
  readTableBytes,
  SCHEMA_QUALIFIED_KEY,
  validateTable,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { arrowTypeOf } from "../../../runtime/arrow/schema.js";
import {
  ChildV1,
  ChildV1SchemaVersion,
  type JuliaStoragesV1,
  JuliaStoragesV1SchemaVersion,
  TaggedUnionsV1SchemaVersion,
} from "../../generated/index.js";
import { errorOf } from "../../helpers/error-of.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-julia-storages-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Column {
  readonly name: string;
  readonly data: Data;
  /** The field's type, when it is not the data's. */
  readonly fieldType?: DataType;
  readonly extension?: string;
}

/** An IPC file of `columns` as one batch, labelled `test.julia-storages@1`, the way another writer lays it out. */
function fileOf(columns: readonly Column[]): Uint8Array {
  const fields = columns.map(
    ({ name, data, fieldType, extension }) =>
      new Field(
        name,
        fieldType ?? data.type,
        true,
        extension === undefined ? undefined : new Map([["ARROW:extension:name", extension]]),
      ),
  );
  const schema = new Schema(fields, new Map([[SCHEMA_QUALIFIED_KEY, JuliaStoragesV1SchemaVersion.identifier]]));
  const length = columns[0]!.data.length;
  const children = columns.map((c) => c.data);
  return tableToIPC(
    new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length, children }))]),
    "file",
  );
}

const column = (name: string, type: DataType, values: ArrayLike<number | bigint>, extension?: string): Column => ({
  name,
  extension,
  data: makeData({ type, length: values.length, nullCount: 0, data: values } as never),
});

/** Both read paths, with both validations: the rows of each must be the same. */
async function readBothWays(bytes: Uint8Array): Promise<readonly JuliaStoragesV1[]> {
  const byRows = readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion }).rows;
  expect(
    readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion, validate: "columns" }).rows,
  ).toStrictEqual(byRows);
  const path = join(folder, `table-${Math.random().toString(36).slice(2)}.arrow`);
  writeFileSync(path, bytes);
  const file = await openTableFile(path);
  const batched: JuliaStoragesV1[] = [];
  for await (const batch of file.readBatches({ schemaVersion: JuliaStoragesV1SchemaVersion }))
    batched.push(...batch.rows);
  expect(batched).toStrictEqual([...byRows]);
  return byRows;
}

const ms = (iso: string) => new Date(iso).getTime();

describe("datetime from any Timestamp unit without a zone, and Date(MILLISECOND)", () => {
  // 2023-11-14T22:13:20.123Z plus sub-millisecond digits; and instants just around 1970.
  const instants = [1_700_000_000_123_456_789n, -1n, 1_500_000n, -1_500_000n, 0n];
  const expected = [ms("2023-11-14T22:13:20.123Z"), 0, 1, -1, 0];

  test.each([
    ["ns", TimeUnit.NANOSECOND, 1n],
    ["us", TimeUnit.MICROSECOND, 1_000n],
  ])(
    "Timestamp(%s): whole milliseconds, the rest dropped toward zero as Arrow.jl's Dates.toms does",
    async (_, unit, per) => {
      const stored = BigInt64Array.from(instants, (ns) => ns / per);
      const rows = await readBothWays(fileOf([column("at", new Timestamp(unit), stored)]));
      expect(rows.map((row) => row.at.getTime())).toEqual(expected);
    },
  );

  test("Timestamp(s), Timestamp(ms) and Date(MILLISECOND) read exactly", async () => {
    const seconds = BigInt64Array.of(1_700_000_000n, -1n, 0n);
    const milliseconds = BigInt64Array.of(1_700_000_000_123n, -1n, 0n);
    const rows = await readBothWays(
      fileOf([
        column("at", new Timestamp(TimeUnit.SECOND), seconds),
        column("maybe_at", new Timestamp(TimeUnit.MILLISECOND), milliseconds),
        column("zoned", new Timestamp(TimeUnit.MILLISECOND, "UTC"), milliseconds.slice()), // (apache-arrow writes a corrupt footer for one buffer in two columns)
      ]),
    );
    expect(rows.map((row) => row.at.getTime())).toEqual([1_700_000_000_000, -1000, 0]);
    expect(rows.map((row) => row.maybe_at!.getTime())).toEqual([1_700_000_000_123, -1, 0]);
    const dates = await readBothWays(fileOf([column("at", new DateMillisecond(), milliseconds)]));
    expect(dates.map((row) => row.at.getTime())).toEqual([1_700_000_000_123, -1, 0]);
  });

  test("a list<datetime> of Timestamp(us) elements, as pyarrow writes a list of datetimes", async () => {
    const values = makeData({
      type: new Timestamp(TimeUnit.MICROSECOND),
      length: 3,
      nullCount: 0,
      data: BigInt64Array.of(1_000n, 2_999n, -1_999n),
    });
    const listType = new (await import("apache-arrow")).List(new Field("item", values.type, false));
    const stamps = makeData({
      type: listType,
      length: 1,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 3),
      child: values,
    });
    const rows = await readBothWays(
      fileOf([
        column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
        { name: "stamps", data: stamps },
      ]),
    );
    expect(rows[0]!.stamps!.map((date) => date.getTime())).toEqual([1, 2, -1]);
  });

  test("an instant beyond a JavaScript Date (±8.64e15 ms), in seconds: refused, never clamped", () => {
    const bytes = fileOf([column("at", new Timestamp(TimeUnit.SECOND), BigInt64Array.of(8_640_000_000_001n))]);
    for (const validate of ["rows", "columns"] as const) {
      // Rows decode a field when it is read (lazy fields): the refusal comes with the value.
      const error = errorOf(() => (readTableBytes(bytes, { validate }).rows[0] as { at: Date }).at);
      expect(error.message).toContain("beyond what a JavaScript Date holds");
    }
  });

  test("a Timestamp with a time zone is a ZonedDateTime in Julia, not a DateTime: a TableSchemaError", () => {
    const bytes = fileOf([column("at", new Timestamp(TimeUnit.NANOSECOND, "UTC"), BigInt64Array.of(0n))]);
    const error = errorOf(() => readTableBytes(bytes));
    expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
    expect(error.message).toContain(
      "at: expected datetime (Arrow Timestamp<MILLISECOND>), found Arrow Timestamp<NANOSECOND, UTC>",
    );
  });
});

test("a Timestamp or Time whose unit is none of Arrow's four (a damaged file) is a TableSchemaError, not a conversion without a scale", () => {
  const NO_UNIT = 7 as TimeUnit;
  const midnight = column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n));
  const files = [
    fileOf([column("at", new Timestamp(NO_UNIT), BigInt64Array.of(0n))]),
    fileOf([
      midnight,
      { ...column("clock", new TimeNanosecond(), BigInt64Array.of(0n)), fieldType: new Time(NO_UNIT, 64) },
    ]),
  ];
  for (const bytes of files) {
    for (const validate of ["rows", "columns"] as const) {
      expect(errorOf(() => readTableBytes(bytes, { validate }))).toMatchObject({
        name: "TableSchemaError",
        code: "table_schema_invalid",
      });
    }
  }
});

test("a Time whose bit width is neither 32 nor 64 (a damaged file) is refused with a typed error by every read", async () => {
  const midnight = column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n));
  for (const bitWidth of [16, 65, 0]) {
    const bytes = fileOf([
      midnight,
      {
        ...column("clock", new TimeNanosecond(), BigInt64Array.of(0n)),
        fieldType: new Time(TimeUnit.NANOSECOND, bitWidth as 64),
      },
    ]);
    const reads = {
      "readTableBytes, validate rows": async () => readTableBytes(bytes),
      "readTableBytes, validate columns": async () => readTableBytes(bytes, { validate: "columns" }),
      "readBatches collecting invalid rows": async () => {
        for await (const _ of (await openTableFile(bytes)).readBatches({ invalidRows: "collect" }));
      },
      recordBatches: async () => {
        for await (const _ of (await openTableFile(bytes)).recordBatches());
      },
    };
    for (const [how, read] of Object.entries(reads)) {
      const error = await read().then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error, `bit width ${bitWidth}, ${how}`).toMatchObject({
        code: expect.stringMatching(/^(table_schema_invalid|not_arrow_file|corrupt_table)$/),
      });
    }
  }
});

describe("time from Time32 and Time64 of any unit", () => {
  const HOUR = 3_600_000_000_000n;
  const LAST = 24n * HOUR - 1n;
  test.each([
    ["Time32(s)", new TimeSecond(), 1_000_000_000n],
    ["Time32(ms)", new TimeMillisecond(), 1_000_000n],
    ["Time64(us)", new TimeMicrosecond(), 1_000n],
    ["Time64(ns)", new TimeNanosecond(), 1n],
  ])("%s reads as exact nanoseconds, min/max checked on them", async (_, type, per) => {
    const stored = (nanoseconds: readonly bigint[]) =>
      type.bitWidth === 32
        ? Int32Array.from(nanoseconds, (ns) => Number(ns / per))
        : BigInt64Array.from(nanoseconds, (ns) => ns / per);
    const midnight = BigInt64Array.of(0n, 0n, 0n);
    const clocks = [9n * HOUR, 0n, (LAST / per) * per];
    const rows = await readBothWays(
      fileOf([
        column("at", new Timestamp(TimeUnit.MILLISECOND), midnight),
        column("clock", type, stored(clocks)),
        column("office_hours", type, stored([9n * HOUR, 12n * HOUR, 17n * HOUR])),
      ]),
    );
    expect(rows.map((row) => row.clock)).toEqual(clocks);
    expect(rows.map((row) => row.office_hours)).toEqual([9n * HOUR, 12n * HOUR, 17n * HOUR]);

    // 08:00 breaks office_hours' `min` whatever the unit: the row class's RowValidationError.
    const early = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), midnight.subarray(0, 1)),
      column("office_hours", type, stored([8n * HOUR])),
    ]);
    const error = errorOf(() => readTableBytes(early).rows[0]);
    expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 0 });
    expect(error.message).toContain(`office_hours: must be >= 32400000000000, found ${8n * HOUR}`);
  });

  test("a count past midnight (a day of 86,400 s) is a RowValidationError, in any unit", () => {
    const bytes = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("clock", new TimeSecond(), Int32Array.of(86_400)),
    ]);
    const error = errorOf(() => readTableBytes(bytes).rows[0]);
    expect(error).toMatchObject({ name: "RowValidationError" });
    expect(error.message).toContain("clock: expected time");
  });
});

describe("uuid from a UInt128 (Int bitWidth 128), as Legolas.jl's accepted_field_type allows", () => {
  // The UUID 094e4b16-21cd-4acc-b5a7-e16096cdc069 as Julia's UInt128 stores it: the integer, little-endian.
  const uuid = "094e4b16-21cd-4acc-b5a7-e16096cdc069";
  const littleEndian = Uint8Array.from({ length: 16 }, (_, k) =>
    Number((BigInt(`0x${uuid.replaceAll("-", "")}`) >> BigInt(8 * k)) & 0xffn),
  );

  /** A 128-bit Int column: apache-arrow cannot build its data, so its bytes go in as FixedSizeBinary(16) under an Int(128) field. */
  const fileWithId = (signed: boolean) =>
    fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      {
        name: "id",
        fieldType: new Int(signed, 128 as never),
        data: makeData({ type: new FixedSizeBinary(16), length: 1, nullCount: 0, data: littleEndian }),
      },
    ]);

  test("reads as the UUID whose 128 bits the integer holds, on both read paths", async () => {
    const bytes = fileWithId(false);
    expect(String(tableFromIPC(bytes).schema.fields[1]!.type)).toBe("Uint128");
    const rows = await readBothWays(bytes);
    expect(rows[0]!.id).toBe(uuid);
  });

  test("the table read back is written back with the same UInt128 column, byte for byte", () => {
    const { table } = readTableBytes(fileWithId(false));
    const again = readTableBytes(writeTableBytes(table, JuliaStoragesV1SchemaVersion), {
      schemaVersion: JuliaStoragesV1SchemaVersion,
    });
    expect(String(again.table.schema.fields[1]!.type)).toBe("Uint128");
    expect(again.table.getChild("id")!.data[0]!.values).toEqual(littleEndian);
    expect(again.rows[0]!.id).toBe(uuid);
  });

  // Arrow.jl reads a union's UInt128 member as a UInt128, and accepted_field_type widens no union:
  // Legolas.jl refuses Union{Date, UInt128} for the field Union{Missing, Date, UUID}.
  test("a union's uuid member stored as a UInt128 reads, and a validated write refuses it: Julia reads no UUID there", () => {
    const unionType = new DenseUnion(
      [0, 1],
      [new Field("", new DateDay(), false), new Field("", new Int(false, 128 as never), false)],
    );
    const days = makeData({ type: new DateDay(), length: 0, nullCount: 0, data: new Int32Array(0) });
    const ids = makeData({ type: new FixedSizeBinary(16), length: 1, nullCount: 0, data: littleEndian });
    const day = makeData({
      type: unionType,
      length: 1,
      nullCount: 0,
      typeIds: Int8Array.of(1),
      valueOffsets: Int32Array.of(0),
      children: [days, ids],
    } as never);
    const fields = [new Field("day", unionType, true)];
    const schema = new Schema(fields, new Map([[SCHEMA_QUALIFIED_KEY, TaggedUnionsV1SchemaVersion.identifier]]));
    const bytes = tableToIPC(
      new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, children: [day] }))]),
      "file",
    );
    const { table, rows } = readTableBytes(bytes, { schemaVersion: TaggedUnionsV1SchemaVersion });
    expect(rows[0]!.day).toBe(uuid);
    const error = errorOf(() => writeTableBytes(table, TaggedUnionsV1SchemaVersion));
    expect(error).toMatchObject({ name: "TableSchemaError" });
    expect(error.message).toContain(
      "day: expected uuid (Arrow FixedSizeBinary[16] labelled JuliaLang.UUID), found Arrow Uint128, which Julia reads as a UInt128, no UUID, here",
    );
    // The rows store UUIDs as Arrow.jl does.
    const written = tableFromIPC(writeTableBytes(rows, TaggedUnionsV1SchemaVersion));
    expect(String(written.schema.fields.find((field) => field.name === "day")!.type)).toBe(
      "Union<Null | Date32<DAY> | FixedSizeBinary[16]>",
    );
  });

  test("an Int128 is not a UUID in Legolas.jl either: a TableSchemaError", () => {
    const error = errorOf(() => readTableBytes(fileWithId(true)));
    expect(error).toMatchObject({ name: "TableSchemaError" });
    expect(error.message).toContain("id: expected uuid (Arrow FixedSizeBinary[16]), found Arrow Int128");
  });

  // Arrow.jl reads an unlabelled FixedSizeBinary(16) as NTuple{16, UInt8}, no UUID (src/eltypes.jl),
  // and writes one only for UUIDs under an abstract type (Any), which it reads back as bytes too.
  test.each([
    {
      bytesOf: "the canonical arrow.uuid (RFC 4122 byte order, as pyarrow and DuckDB write it)",
      label: "arrow.uuid",
      found: "labelled arrow.uuid, not JuliaLang.UUID",
    },
    {
      bytesOf: "16 bytes without JuliaLang.UUID (pyarrow's binary(16) of Python's uuid.bytes, RFC 4122 order)",
      label: undefined,
      found: "without the extension label JuliaLang.UUID",
    },
  ])("$bytesOf: refused, as Julia refuses them, never read backwards", async ({ label, found }) => {
    const rfcOrder = Uint8Array.from(Buffer.from(uuid.replaceAll("-", ""), "hex"));
    const bytes = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("id", new FixedSizeBinary(16), rfcOrder, label),
    ]);
    const message = `id: expected uuid (Arrow FixedSizeBinary[16]), found Arrow FixedSizeBinary[16] ${found}`;
    for (const validate of ["rows", "columns"] as const) {
      const error = errorOf(() => readTableBytes(bytes, { validate }));
      expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
      expect(error.message).toContain(message);
    }
    const file = await openTableFile(bytes);
    await expect(file.readBatches().next()).rejects.toThrow(message);
  });
});

test("a Null column labelled JuliaLang.Nothing (Julia's nothing, not missing) is refused for an optional field, as Legolas.jl refuses it", () => {
  const nulls = (extension?: string): Column => ({
    name: "maybe_at",
    data: makeData({ type: new Null(), length: 1 }),
    ...(extension === undefined ? {} : { extension }),
  });
  const at = column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n));
  // Arrow.jl's Vector{Missing}: every value missing.
  expect(readTableBytes(fileOf([at, nulls()]), { schemaVersion: JuliaStoragesV1SchemaVersion }).rows[0]!.maybe_at).toBe(
    null,
  );
  const bytes = fileOf([at, nulls("JuliaLang.Nothing")]);
  const error = errorOf(() => readTableBytes(bytes));
  expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
  expect(error.message).toContain(
    "maybe_at: expected datetime (Arrow Timestamp<MILLISECOND>), found Arrow Null labelled JuliaLang.Nothing: Julia's nothing, not missing",
  );
  expect(validateTable(tableFromIPC(bytes), JuliaStoragesV1SchemaVersion)).toHaveLength(1);
});

test("old Arrow.jl's JuliaLang.ZonedDateTime (local wall-clock time) is refused, never read as UTC", () => {
  const bytes = fileOf([
    column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
    column("zoned", new Timestamp(TimeUnit.MILLISECOND, "UTC"), BigInt64Array.of(0n), "JuliaLang.ZonedDateTime"),
  ]);
  const error = errorOf(() => readTableBytes(bytes));
  expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
  expect(error.message).toContain(
    "zoned: expected timestamp<ms, UTC> (Arrow Timestamp<MILLISECOND, UTC>), found Arrow Timestamp<MILLISECOND, UTC> " +
      "labelled JuliaLang.ZonedDateTime: local wall-clock times written by Arrow.jl before 2.4.2, not UTC instants; " +
      "read the file with a current Arrow.jl and write it again, which stores UTC (JuliaLang.ZonedDateTime-UTC)",
  );
  // The label Arrow.jl writes today stores UTC: read as it is.
  const current = fileOf([
    column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
    column("zoned", new Timestamp(TimeUnit.MILLISECOND, "UTC"), BigInt64Array.of(5n), "JuliaLang.ZonedDateTime-UTC"),
  ]);
  expect(readTableBytes(current, { schemaVersion: JuliaStoragesV1SchemaVersion }).rows[0]!.zoned).toBe(5n);
});

describe("a timestamp<ms, UTC> field", () => {
  const zoned = (zone: string) =>
    fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("zoned", new Timestamp(TimeUnit.MILLISECOND, zone), BigInt64Array.of(5n)),
    ]);

  test.each([
    "Etc/UTC",
    "+00:00",
    "-00:00",
    "Z",
    "GMT",
    "Etc/GMT",
    "UCT",
    "Etc/UCT",
    "Zulu",
    "Etc/Zulu",
    "Universal",
    "Etc/Universal",
    "Greenwich",
    "Etc/Greenwich",
  ])("reads a Timestamp whose zone is UTC spelled %s, and validates it", async (zone) => {
    const rows = await readBothWays(zoned(zone));
    expect(rows.map((row) => row.zoned)).toEqual([5n]);
    expect(validateTable(tableFromIPC(zoned(zone)), JuliaStoragesV1SchemaVersion)).toEqual([]);
  });

  // Arrow.jl reads a zoned Timestamp of every unit as a ZonedDateTime, in milliseconds (apache/arrow-julia
  // src/eltypes.jl: finaljuliatype(::Type{Timestamp{U,TZ}}) = ZonedDateTime, and convert(ZonedDateTime, x)
  // takes Dates.toms of the count), which a Legolas.jl ZonedDateTime field accepts: pandas' and pyarrow's
  // datetime64[ns, UTC] and Polars' Datetime("us", "UTC") columns.
  test.each([
    ["ns", TimeUnit.NANOSECOND, [1_700_000_000_123_456_789n, -1n, -1_500_000n], [1_700_000_000_123n, 0n, -1n]],
    ["us", TimeUnit.MICROSECOND, [1_700_000_000_123_456n, -1n, -1_500n], [1_700_000_000_123n, 0n, -1n]],
    ["s", TimeUnit.SECOND, [1_700_000_000n, -1n, 0n], [1_700_000_000_000n, -1_000n, 0n]],
  ])(
    "reads a Timestamp(%s, UTC) in milliseconds as Arrow.jl reads a ZonedDateTime, a finer count truncated toward zero",
    async (_, unit, stored, expected) => {
      const bytes = fileOf([
        column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n, 0n, 0n)),
        column("zoned", new Timestamp(unit, "UTC"), BigInt64Array.from(stored)),
      ]);
      const rows = await readBothWays(bytes);
      expect(rows.map((row) => row.zoned)).toEqual(expected);
      expect(validateTable(tableFromIPC(bytes), JuliaStoragesV1SchemaVersion)).toEqual([]);
      // Written back as declared: milliseconds, the same instants.
      const written = readTableBytes(
        writeTableBytes(rows, JuliaStoragesV1SchemaVersion, { fieldMetadataFrom: tableFromIPC(bytes) }),
      );
      expect(written.rows.map((row) => (row as JuliaStoragesV1).zoned)).toEqual(expected);
    },
  );

  test("a count of seconds past what Int64 milliseconds hold is refused, never wrapped", () => {
    const bytes = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("zoned", new Timestamp(TimeUnit.SECOND, "UTC"), BigInt64Array.of(2n ** 62n)),
    ]);
    for (const validate of ["rows", "columns"] as const) {
      const error = errorOf(() => (readTableBytes(bytes, { validate }).rows[0] as JuliaStoragesV1).zoned);
      expect(error, validate).toMatchObject({ name: "UnrepresentableValueError", code: "value_unrepresentable" });
      expect(error.message, validate).toContain("holds 4611686018427387904, past what an Int64 count of ms holds");
    }
  });

  // A Legolas.jl ZonedDateTime field takes a column of any zone, which Arrow.jl reads as ZonedDateTimes in
  // it (apache/arrow-julia src/eltypes.jl, convert(::Type{ZonedDateTime}, x::Timestamp{U,TZ}) builds
  // ZonedDateTime(..., TimeZone(String(TZ)); from_utc=true)): Julia writes one in the zone its values
  // have (toarrow(x::ZonedDateTime), Timestamp{MILLISECOND,Symbol(x.timezone)}), America/New_York as
  // readily as UTC. The counts are UTC instants whatever the zone.
  test("reads another zone as the same instants, and writes its table back in that zone", async () => {
    for (const zone of ["America/New_York", "Europe/Paris", "+01:00", "UTC-0130"]) {
      const rows = await readBothWays(zoned(zone));
      expect(
        rows.map((row) => row.zoned),
        zone,
      ).toEqual([5n]);
      expect(validateTable(tableFromIPC(zoned(zone)), JuliaStoragesV1SchemaVersion), zone).toEqual([]);
      const written = tableFromIPC(writeTableBytes(tableFromIPC(zoned(zone)), JuliaStoragesV1SchemaVersion));
      expect(written.schema.fields.find((field) => field.name === "zoned")!.type, zone).toMatchObject({
        timezone: zone,
      });
    }
  });

  test("refuses a Timestamp without a zone, which Julia reads as a DateTime, naming it", () => {
    const bytes = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("zoned", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(5n)),
    ]);
    const error = errorOf(() => readTableBytes(bytes));
    expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
    expect(error.message).toContain(
      "zoned: expected timestamp<ms, UTC> (Arrow Timestamp<MILLISECOND, UTC>), found Arrow Timestamp<MILLISECOND>",
    );
  });

  test("a table holding another spelling of UTC is written in the zone UTC, its instants as they are", () => {
    for (const zone of ["Etc/UTC", "Zulu", "+00:00"]) {
      const written = tableFromIPC(writeTableBytes(tableFromIPC(zoned(zone)), JuliaStoragesV1SchemaVersion));
      expect(written.schema.fields.find((field) => field.name === "zoned")!.type, zone).toMatchObject({
        timezone: "UTC",
      });
      expect(written.getChild("zoned")!.toArray(), zone).toEqual(BigInt64Array.of(5n));
    }
    // In another unit too, its counts as stored (Julia's TimeZones.jl refuses the zone Etc/UTC).
    const nanoseconds = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("zoned", new Timestamp(TimeUnit.NANOSECOND, "Etc/UTC"), BigInt64Array.of(5_000_001n)),
    ]);
    const written = tableFromIPC(writeTableBytes(tableFromIPC(nanoseconds), JuliaStoragesV1SchemaVersion));
    expect(written.schema.fields.find((field) => field.name === "zoned")!.type).toMatchObject({
      unit: TimeUnit.NANOSECOND,
      timezone: "UTC",
    });
    expect(written.getChild("zoned")!.toArray()).toEqual(BigInt64Array.of(5_000_001n));
    expect(readTableBytes(tableToIPC(written)).rows.map((row) => (row as JuliaStoragesV1).zoned)).toEqual([5n]);
  });

  test("an extra column in another spelling of UTC, itself or a struct's child, is written in the zone UTC too, validated or not, and validate names it", () => {
    const at = new Timestamp(TimeUnit.MILLISECOND, "Etc/UTC");
    const logged = makeData({ type: at, length: 1, nullCount: 0, data: BigInt64Array.of(7n) });
    const bytes = fileOf([
      column("at", new Timestamp(TimeUnit.MILLISECOND), BigInt64Array.of(0n)),
      column("zoned", new Timestamp(TimeUnit.MILLISECOND, "UTC"), BigInt64Array.of(5n)),
      column("logged_at", at, BigInt64Array.of(7n)),
      {
        name: "audit",
        data: makeData({
          type: new Struct([new Field("when", at, false)]),
          length: 1,
          nullCount: 0,
          children: [logged],
        }),
      },
    ]);
    const read = tableFromIPC(bytes);
    // A file Julia cannot read as it is: TimeZones.jl refuses Etc/UTC in any column.
    const zoneFindings = (schema: Schema) =>
      findJuliaUnreadableColumns(schema, JuliaStoragesV1SchemaVersion)
        .filter((v) => v.found?.includes("time zone"))
        .map((v) => [v.path, v.found]);
    expect(zoneFindings(read.schema)).toEqual([
      ["logged_at", expect.stringContaining("Etc/UTC")],
      ["audit.when", expect.stringContaining("Etc/UTC")],
    ]);
    const written = tableFromIPC(writeTableBytes(read, JuliaStoragesV1SchemaVersion));
    const typeOf = (name: string) => written.schema.fields.find((field) => field.name === name)!.type;
    expect(typeOf("logged_at")).toMatchObject({ timezone: "UTC" });
    expect((typeOf("audit") as Struct).children[0]!.type).toMatchObject({ timezone: "UTC" });
    expect(written.getChild("logged_at")!.toArray()).toEqual(BigInt64Array.of(7n));
    expect(zoneFindings(written.schema)).toEqual([]);
    // Unvalidated too, declared column included: a zone is the schema's, no row's.
    const trusted = tableFromIPC(
      writeTableBytes(tableFromIPC(zoned("Etc/UTC")), JuliaStoragesV1SchemaVersion, { validate: false }),
    );
    expect(trusted.schema.fields.find((field) => field.name === "zoned")!.type).toMatchObject({ timezone: "UTC" });
    expect(
      tableFromIPC(writeTableBytes(read, JuliaStoragesV1SchemaVersion, { validate: false })).schema.fields.find(
        (field) => field.name === "logged_at",
      )!.type,
    ).toMatchObject({ timezone: "UTC" });
  });

  test("is written in the zone UTC however it spells UTC, as Arrow.jl writes a ZonedDateTime in UTC (Julia reads no Etc/UTC)", () => {
    for (const zone of ["UTC", "Etc/UTC", "Zulu", "+00:00"])
      expect(arrowTypeOf({ kind: "timestamp", unit: "ms", timezone: zone })).toMatchObject({ timezone: "UTC" });
    expect(arrowTypeOf({ kind: "timestamp", unit: "ms", timezone: "Europe/Paris" })).toMatchObject({
      timezone: "Europe/Paris",
    });
  });

  // Arrow.jl reads each value with TimeZones.jl's TimeZone(zone), which refuses a legacy name and an unknown one.
  test.each([
    [
      "US/Pacific",
      "is a legacy name (tzdata's backward or etcetera file), which Julia's TimeZones.jl refuses; write America/Los_Angeles, the same zone",
    ],
    [
      "Etc/GMT+1",
      "is a legacy name (tzdata's backward or etcetera file), which Julia's TimeZones.jl refuses; write -01:00, the same zone",
    ],
    ["Europe/Pari", "is no time zone Julia's TimeZones.jl knows (tzdata 2025b) (did you mean Europe/Paris?)"],
  ])(
    "a table in the zone %s is read, and refused by the writers, validating or not, saying what to write",
    async (zone, why) => {
      const bytes = zoned(zone);
      expect((await readBothWays(bytes)).map((row) => row.zoned)).toEqual([5n]);
      const error = errorOf(() => writeTableBytes(tableFromIPC(bytes), JuliaStoragesV1SchemaVersion));
      expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
      expect(error.message).toContain(`zoned: expected a time zone Julia reads, found "${zone}" ${why}`);
      // The zone is the column's, no row's: trusting the rows does not make a file Julia cannot read.
      const unvalidated = errorOf(() =>
        writeTableBytes(tableFromIPC(bytes), JuliaStoragesV1SchemaVersion, { validate: false }),
      );
      expect(unvalidated).toMatchObject({ name: "TableSchemaError", violations: error.violations });
      const path = join(folder, "refused-zone.arrow");
      for (const validate of [true, false]) {
        await expect(
          writeTable(path, tableFromIPC(bytes), JuliaStoragesV1SchemaVersion, { validate }),
        ).rejects.toMatchObject({ code: "table_schema_invalid" });
        expect(existsSync(path)).toBe(false);
      }
    },
  );

  test("an any column given the zone US/Pacific by fieldMetadataFrom is refused by the row writers, validating or not", async () => {
    // Julia's `z::Any` reads as its storage: a ZonedDateTime in a zone TimeZones.jl refuses.
    const fieldMetadataFrom = new Schema([
      new Field("x", new List(new Field("", new Int64(), false)), false),
      new Field("z", new Timestamp(TimeUnit.MILLISECOND, "US/Pacific"), false),
    ]);
    const rows = [new ChildV1({ x: [1n], y: "a", z: 5n })];
    const path = join(folder, "refused-any-zone.arrow");
    for (const validate of [true, false]) {
      const error = errorOf(() => writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom, validate }));
      expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
      expect(error.message).toContain('z: expected a time zone Julia reads, found "US/Pacific" is a legacy name');
      await expect(
        writeTable(path, rows.values(), ChildV1SchemaVersion, { fieldMetadataFrom, validate }),
      ).rejects.toMatchObject({ code: "table_schema_invalid" });
      expect(existsSync(path)).toBe(false);
    }
  });
});

test("a table Polars writes (Datetime ns and us, Time) reads with exact values", async () => {
  const path = join(folder, "polars.arrow");
  const nanoseconds = ["1700000000123456789", "-1", "-1500000"];
  pl.DataFrame([
    pl.Series("at", nanoseconds, pl.Utf8).cast(pl.Int64).cast(pl.Datetime("ns")),
    pl.Series("maybe_at", nanoseconds, pl.Utf8).cast(pl.Int64).cast(pl.Datetime("us")),
    pl.Series("clock", ["1", "3600000000000", "86399999999999"], pl.Utf8).cast(pl.Int64).cast(pl.Time),
  ]).writeIPC(path);
  const file = await openTableFile(path);
  const rows: JuliaStoragesV1[] = [];
  for await (const batch of file.readBatches({ schemaVersion: JuliaStoragesV1SchemaVersion })) rows.push(...batch.rows);
  expect(rows.map((row) => row.at.getTime())).toEqual([ms("2023-11-14T22:13:20.123Z"), 0, -1]);
  expect(rows.map((row) => row.maybe_at!.getTime())).toEqual([1_700_000_000_123_456, 0, -1_500]);
  expect(rows.map((row) => row.clock)).toEqual([1n, 3_600_000_000_000n, 86_399_999_999_999n]);
});
