/**
 * The Ajv side: JSON Schemas equivalent to `bench.training-run@1` and `bench.event@1`, compiled once.
 *
 * JSON Schema has no bigint, so `int64` is a custom keyword whose code Ajv inlines into the
 * compiled validator (`typeof x == "bigint" && BigInt.asIntN(64, x) === x`, the generated
 * validators' exact test), not a function call per value. `Weights` is a keyword that calls the
 * runtime's `isWeights` (only reached for non-null values; the benchmark rows carry none);
 * `float32Array` is an inlined `instanceof Float32Array`.
 * Optional fields are "not required, and null allowed", which is what `T?` means.
 */
import { _, Ajv, type KeywordCxt, type SchemaObject } from "ajv";
import { isWeights } from "legolas-ts";

export interface AjvValidators {
  /** Stops at the first error, like an `is` check. */
  readonly first: (row: unknown) => boolean;
  /** `allErrors: true`: every violation, like `validate`. */
  readonly all: ((row: unknown) => boolean) & { errors?: unknown[] | null };
}

function ajv(allErrors: boolean): Ajv {
  const instance = new Ajv({ allErrors, strict: true, allowUnionTypes: true });
  instance.addKeyword({
    keyword: "int64",
    schemaType: "object",
    code(cxt: KeywordCxt) {
      const { data } = cxt;
      const schema = cxt.schema as { nullable?: boolean; minimum?: number };
      let valid = _`typeof ${data} == "bigint" && BigInt.asIntN(64, ${data}) === ${data}`;
      if (schema.minimum !== undefined) valid = _`${valid} && ${data} >= ${schema.minimum}`; // bigint >= number compares exactly
      if (schema.nullable) valid = _`${data} === null || (${valid})`;
      cxt.fail(_`!(${valid})`);
    },
  });
  instance.addKeyword({
    keyword: "float32Array",
    schemaType: "boolean",
    code(cxt: KeywordCxt) {
      cxt.fail(_`!(${cxt.data} instanceof Float32Array)`);
    },
  });
  instance.addKeyword({
    keyword: "weights",
    schemaType: "boolean",
    code(cxt: KeywordCxt) {
      const isWeightsRef = cxt.gen.scopeValue("func", { ref: isWeights });
      cxt.fail(_`!(${cxt.data} === null || ${isWeightsRef}(${cxt.data}))`);
    },
  });
  return instance;
}

const nullable = (type: string) => ({ type: [type, "null"] });
const int = (minimum: number, maximum: number) => ({ type: "integer", minimum, maximum });
const nullableInt = (minimum: number, maximum: number) => ({ type: ["integer", "null"], minimum, maximum });
const INT32 = [-2147483648, 2147483647] as const;

export const digitsJsonSchema: SchemaObject = {
  type: "object",
  properties: {
    weights: { weights: true },
    architecture_version: { int64: { nullable: true } },
    // The row check `epoch === null || epoch >= 0n`, as a bound on the field.
    epoch: { int64: { nullable: true, minimum: 0 } },
    accuracy: { ...nullable("number"), minimum: 0, maximum: 1 },
    commit_sha: { ...nullable("string"), pattern: "^[0-9a-f]{7,40}$" },
  },
};

const ownerJsonSchema: SchemaObject = {
  type: "object",
  required: ["id", "name"],
  properties: {
    id: int(...INT32),
    name: { type: "string", minLength: 1, maxLength: 64 },
    email: { ...nullable("string"), pattern: "^[^@\\s]+@[^@\\s]+$" },
  },
};

export const eventJsonSchema: SchemaObject = {
  type: "object",
  required: ["id", "name", "kind", "enabled", "count", "step", "retries", "size", "priority", "score", "owner"],
  properties: {
    id: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" },
    name: { type: "string", minLength: 1, maxLength: 64 },
    kind: { type: "string", enum: ["train", "eval", "test"] },
    enabled: { type: "boolean" },
    count: int(0, INT32[1]),
    step: { int64: {} },
    offset: { int64: { nullable: true } },
    epoch: nullableInt(...INT32),
    retries: int(0, 255),
    port: nullableInt(0, 65535),
    size: int(0, 4294967295),
    priority: int(-128, 127),
    score: { type: "number", minimum: 0, maximum: 1 },
    loss: nullable("number"),
    tag: nullable("string"),
    note: { ...nullable("string"), maxLength: 200 },
    labels: { ...nullable("array"), maxItems: 8, items: { type: "string" } },
    location: {
      ...nullable("object"),
      required: ["lat", "lon"],
      properties: {
        lat: { type: "number", minimum: -90, maximum: 90 },
        lon: { type: "number", minimum: -180, maximum: 180 },
        label: nullable("string"),
      },
    },
    owner: ownerJsonSchema,
    source: { enum: ["cli", "api", "cron", null] },
  },
};

export function compileAjv(schema: SchemaObject): AjvValidators {
  return { first: ajv(false).compile(schema), all: ajv(true).compile(schema) };
}
