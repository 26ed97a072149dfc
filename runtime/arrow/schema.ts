/** PLACEHOLDER until the Arrow I/O lands: the Arrow schema of a schema version's table. */
import { Schema } from "apache-arrow";
import type { FieldDescriptor } from "../field-types.js";

export function arrowSchemaOf(identifier: string, fields: readonly FieldDescriptor[]): Schema {
  void fields;
  return new Schema([], new Map([["legolas_schema_qualified", identifier]]));
}
