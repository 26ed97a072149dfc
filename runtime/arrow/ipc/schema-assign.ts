/**
 * A linear `Schema.prototype.assign` for apache-arrow. Its own (apache-arrow 21, schema.ts)
 * looks each new field up among the current ones with `findIndex` by name: O(n²) in the column
 * count. Every `RecordBatch` built from a schema and its data calls it with all n fields
 * (`ensureSameLengthData` in recordbatch.ts), and so does every table read from IPC
 * (`distributeVectorsIntoRecordBatches`), so a file of many thousand columns took minutes to
 * parse (BENCHMARKS.md, "Figures behind choices in the code"). This version gives the same schema (the first field of each name
 * is replaced by the new field with both metadata merged, new names are appended, dictionaries
 * merged) from one index of the names, in time linear in the column count.
 *
 * Installed once, with the other replacements of ipc/linear-arrow.ts, on the apache-arrow this package uses.
 */
import { type Field, Schema } from "apache-arrow";

const INSTALLED = Symbol.for("legolas-ts/linear-schema-assign");

export function linearSchemaAssign(this: Schema, ...args: unknown[]): Schema {
  const other = Schema.isSchema(args[0])
    ? (args[0] as Schema)
    : new Schema((Array.isArray(args[0]) ? args[0] : args) as Field[]);
  const fields = [...this.fields];
  const firstIndexOf = new Map<string, number>();
  fields.forEach((field, index) => {
    if (!firstIndexOf.has(field.name)) firstIndexOf.set(field.name, index);
  });
  const added: Field[] = [];
  for (const field of other.fields) {
    const index = firstIndexOf.get(field.name);
    if (index === undefined) added.push(field);
    else
      fields[index] = field.clone({
        metadata: new Map([...(fields[index]!.metadata ?? []), ...(field.metadata ?? [])]),
      });
  }
  const metadata = new Map([...(this.metadata ?? []), ...(other.metadata ?? [])]);
  // A schema built from the added fields alone collects their dictionaries as apache-arrow does.
  const dictionaries = new Map([...this.dictionaries, ...new Schema(added).dictionaries]);
  return new Schema([...fields, ...added], metadata, dictionaries);
}

/** Replaces apache-arrow's quadratic `Schema.prototype.assign` by {@link linearSchemaAssign}; idempotent. */
export function useLinearSchemaAssign(): void {
  const prototype = Schema.prototype as unknown as Record<symbol, unknown> & { assign: unknown };
  if (prototype[INSTALLED] === true) return;
  prototype.assign = linearSchemaAssign;
  prototype[INSTALLED] = true;
}
