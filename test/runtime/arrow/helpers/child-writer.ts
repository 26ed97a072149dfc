/**
 * A writer process for the atomicity tests: it writes a large table through writeTable, says
 * "writing" once its temporary file holds data, and waits, mid-write, to be signalled. With
 * "exits-on-sigint" it has a SIGINT listener of its own, which exits with code 1. Bundled with
 * rolldown by atomic-write.test.ts and run with plain node.
 */
import { writeTable } from "../../../../runtime/arrow/table-files.js";
import { defineSchemaVersion } from "../../../../runtime/schema-version.js";

class BlobRow {
  readonly id: bigint;
  readonly values: Float64Array;
  constructor(input: { id: bigint; values: Float64Array }) {
    this.id = input.id;
    this.values = input.values;
  }
  static validate(): [] {
    return [];
  }
  static is(): boolean {
    return true;
  }
}

const BlobRowSchemaVersion = defineSchemaVersion<BlobRow, { id: bigint; values: Float64Array }>({
  name: "test.blob",
  version: 1,
  parent: null,
  fields: [
    { name: "id", type: { kind: "int", bits: 64, signed: true }, optional: false, constraints: {} },
    { name: "values", type: { kind: "list", element: { kind: "float", bits: 64 } }, optional: false, constraints: {} },
  ],
  checks: [],
  rowClass: BlobRow,
});

const [path, handling] = process.argv.slice(2);
if (handling === "exits-on-sigint") process.once("SIGINT", () => process.exit(1));

async function* rows() {
  for (let i = 0n; i <= 300n; i++) yield { id: i, values: new Float64Array(10_000).fill(Number(i)) };
  // the first batches have reached the temporary file: announce, and wait for the signal (the timer keeps node running)
  process.stdout.write("writing\n");
  await new Promise(() => setInterval(() => undefined, 60_000));
}

await writeTable(path!, rows(), BlobRowSchemaVersion, { batchSize: 100 });
