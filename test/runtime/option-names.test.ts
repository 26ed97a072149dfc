/**
 * runtime/arrow/options.ts refuses an option key that misspells one of OPTION_NAMES (option-calls.ts), so the list
 * must hold every option of every call that takes an options object: a real option missing from it
 * and spelt near one in it would be refused. The types of those options are the reference.
 */
import { expectTypeOf, test } from "vitest";
import type { OPTION_NAMES } from "../../runtime/arrow/option-calls.js";
import type { WHOLE_MODEL_CONVERSION_OPTIONS } from "../../runtime/arrow/options.js";
import type { ReadManyTablesOptions } from "../../runtime/arrow/many-tables.js";
import type { ReadBatchOptions } from "../../runtime/arrow/table-batches.js";
import type { SourceOptions } from "../../runtime/arrow/source/http-source.js";
import type { WriteTableFileOptions } from "../../runtime/arrow/table-files.js";
import type { BatchValidationOptions } from "../../runtime/arrow/validate/batch.js";
import type { LegolasModelRowFromOptions } from "../../runtime/tfjs/browser-io.js";
import type { FetchWeightsOptions } from "../../runtime/tfjs/fetch-weights.js";
import type { FluxConvOptions } from "../../runtime/tfjs/conv-kernels.js";
import type { FluxConversionOptions, FluxLayerOptions } from "../../runtime/tfjs/flux/options.js";
import type { LoadWeightsOptions } from "../../runtime/tfjs/load-weights.js";
import type { LoadModelRowOptions } from "../../runtime/tfjs/model-row-handler.js";

type EveryOption =
  | keyof ReadManyTablesOptions
  | keyof ReadBatchOptions
  | keyof SourceOptions
  | keyof WriteTableFileOptions
  | keyof BatchValidationOptions
  | keyof LegolasModelRowFromOptions<object, object>
  | keyof FetchWeightsOptions
  | keyof LoadWeightsOptions
  | keyof LoadModelRowOptions
  | keyof FluxConvOptions;

test("OPTION_NAMES lists exactly the options the public calls take", () => {
  expectTypeOf<(typeof OPTION_NAMES)[number]>().toEqualTypeOf<EveryOption>();
});

// The calls that do not convert refuse these names: one missing would go unused again.
test("WHOLE_MODEL_CONVERSION_OPTIONS lists exactly the whole-model conversions' options and a layer's", () => {
  expectTypeOf<keyof typeof WHOLE_MODEL_CONVERSION_OPTIONS>().toEqualTypeOf<
    keyof FluxConversionOptions | keyof FluxLayerOptions
  >();
});
