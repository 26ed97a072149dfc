/**
 * A writer process for the atomicity test: it writes a large table slowly through writeTable,
 * says "writing" once its temporary file holds data, and waits to be killed. Bundled with
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

async function* rows() {
  for (let i = 0n; ; i++) {
    yield { id: i, values: new Float64Array(10_000).fill(Number(i)) };
    // after the first batches have reached the temporary file, announce and slow down
    if (i === 300n) process.stdout.write("writing\n");
    if (i > 300n) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await writeTable(process.argv[2]!, rows(), BlobRowSchemaVersion, { batchSize: 100 });
