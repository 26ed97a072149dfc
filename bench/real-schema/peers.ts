/**
 * The validator peers of the real-schema benchmarks, each given bench.reading@1's rules as its
 * users would write them: Ajv 8 (a JSON Schema, compiled; `int64` and `float32Array` keywords
 * inlined into its code, bench/validation/ajv.ts), TypeBox 0.34's `TypeCompiler` (a compiled
 * checker; `Float32Array` a registered kind) and Valibot 1.5 (`safeParse`). Strings count UTF-16
 * units in all three (legolas-ts counts code points): on these ASCII rows the answers agree.
 */
import { Kind, Type, TypeRegistry } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import * as v from "valibot";
import type { SchemaObject } from "ajv";
import { compileAjv } from "../validation/ajv.js";

const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const COMMIT = "^[0-9a-f]{7,40}$";
const INT32 = { minimum: -2147483648, maximum: 2147483647 } as const;

export const readingJsonSchema: SchemaObject = {
  type: "object",
  required: ["id", "value", "gain", "label", "valid", "samples", "uuid", "source", "level"],
  properties: {
    id: { int64: {} },
    value: { type: "number" },
    gain: { type: "number", minimum: 0, maximum: 100 },
    label: { type: "string", maxLength: 32 },
    valid: { type: "boolean" },
    note: { type: ["string", "null"] },
    samples: { float32Array: true },
    uuid: { type: "string", pattern: UUID },
    source: {
      type: "object",
      required: ["commit", "attempt"],
      properties: { commit: { type: "string", pattern: COMMIT }, attempt: { type: "integer", ...INT32 } },
    },
    level: { type: "integer", minimum: 0, maximum: 1000 },
  },
};

export const readingAjv = (): ReturnType<typeof compileAjv> => compileAjv(readingJsonSchema);

TypeRegistry.Set("Float32Array", (_schema, value) => value instanceof Float32Array);
const Float32ArrayType = Type.Unsafe<Float32Array>({ [Kind]: "Float32Array" });

const readingTypeBox = Type.Object({
  id: Type.BigInt({ minimum: -(2n ** 63n), maximum: 2n ** 63n - 1n }),
  value: Type.Number(),
  gain: Type.Number({ minimum: 0, maximum: 100 }),
  label: Type.String({ maxLength: 32 }),
  valid: Type.Boolean(),
  note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  samples: Float32ArrayType,
  uuid: Type.String({ pattern: UUID }),
  source: Type.Object({ commit: Type.String({ pattern: COMMIT }), attempt: Type.Integer(INT32) }),
  level: Type.Integer({ minimum: 0, maximum: 1000 }),
});

/** TypeBox's compiled checker: `Check` stops at the first failure; `Errors` lists every one. */
export const readingTypeBoxChecker = () => TypeCompiler.Compile(readingTypeBox);

const uuidPattern = new RegExp(UUID, "u");
const commitPattern = new RegExp(COMMIT, "u");

export const readingValibot = v.object({
  id: v.pipe(v.bigint(), v.minValue(-(2n ** 63n)), v.maxValue(2n ** 63n - 1n)),
  value: v.number(),
  gain: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  label: v.pipe(v.string(), v.maxLength(32)),
  valid: v.boolean(),
  note: v.nullish(v.string()),
  samples: v.instance(Float32Array),
  uuid: v.pipe(v.string(), v.regex(uuidPattern)),
  source: v.object({
    commit: v.pipe(v.string(), v.regex(commitPattern)),
    attempt: v.pipe(v.number(), v.integer(), v.minValue(INT32.minimum), v.maxValue(INT32.maximum)),
  }),
  level: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)),
});
