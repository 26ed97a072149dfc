/**
 * A table's `legolas_ts_weights_layout` (arrow/metadata.ts): whose layout its `Weights` are in,
 * tfjs's or Flux's (weights/layout.ts). Writing, it comes from what the rows' weights say
 * (`fetchWeights` gives "tfjs", `tfjsToFlux` "flux") or from the caller's metadata, and a table
 * whose rows disagree is refused: one key speaks for all of them. Reading, every row's `Weights`
 * says the table's layout; a table without the key was written by LegolasFlux.jl, so its
 * weights are Flux's. Legolas.jl ignores the key (it reads only its own keys), so Julia reads
 * these tables as before.
 */
import { propertyKey } from "../field-names.js";
import { formatFieldType } from "../field-types.js";
import type { SchemaVersion } from "../schema-version-types.js";
import { isWeightsLayout, type WeightsLayout } from "../weights-shape.js";
import { WeightsLayoutError } from "../weights/errors.js";
import { unknownLayoutOf } from "../weights/unknown-layout.js";
import { WEIGHTS_LAYOUT_KEY } from "./metadata.js";
import { unreadableRowError } from "./rows/unreadable-rows.js";

type Metadata = Readonly<Record<string, string>> | ReadonlyMap<string, string> | undefined;

/** A table's `legolas_ts_weights_layout` that this version does not know, as the table states it. */
export interface UnknownWeightsLayout {
  readonly unknown: string;
}

/** The layout a table's weights are in: its key, Flux's without one, or the key's value this version does not know. */
export function tableWeightsLayout(metadata: ReadonlyMap<string, string>): WeightsLayout | UnknownWeightsLayout {
  const stated = metadata.get(WEIGHTS_LAYOUT_KEY);
  if (stated === undefined) return "flux";
  return isWeightsLayout(stated) ? stated : { unknown: stated };
}

/** The layout the caller's metadata states, if any. */
export function statedWeightsLayout(metadata: Metadata): WeightsLayout | undefined {
  const stated =
    metadata instanceof Map
      ? metadata.get(WEIGHTS_LAYOUT_KEY)
      : (metadata as Record<string, string> | undefined)?.[WEIGHTS_LAYOUT_KEY];
  if (stated === undefined || isWeightsLayout(stated)) return stated;
  throw new WeightsLayoutError(
    null,
    null,
    null,
    `metadata ${WEIGHTS_LAYOUT_KEY} is "tfjs" or "flux", not ${JSON.stringify(stated)}`,
  );
}

/**
 * The layout to record for `rows` (all of a table's rows): the stated one, else the one their
 * weights say, else none (the rows' weights do not say: the table will read as Flux's).
 *
 * @throws WeightsLayoutError when rows say different layouts, or one that the metadata does not.
 */
export function rowsWeightsLayout(
  rows: readonly unknown[],
  version: SchemaVersion,
  stated: WeightsLayout | undefined,
): WeightsLayout | undefined {
  const learned = new LearnedLayout(version, stated);
  rows.forEach((row, index) => learned.check(row, index));
  return learned.record();
}

/**
 * The layout of a table whose rows come one by one (from an iterator): the stated one, else the
 * one its first batch's rows say, recorded with that batch (a table's metadata goes out with its
 * first batch), else none (Flux's). {@link check} each row as it comes; {@link record} once the
 * first batch is made; the rows after it must hold the layout recorded.
 */
export class LearnedLayout {
  readonly #keys: readonly string[];
  #found: { readonly layout: WeightsLayout; readonly row: number } | undefined;
  #recorded = false;

  constructor(
    private readonly version: SchemaVersion,
    private readonly stated: WeightsLayout | undefined,
  ) {
    this.#keys = weightsKeys(version);
  }

  /** @throws WeightsLayoutError when row `index`'s weights say a layout other than the table's. */
  check(row: unknown, index: number): void {
    // No Weights field: no row says a layout (and no row need be walked).
    if (this.#keys.length === 0) return;
    for (const layout of layoutsOf(row, this.#keys, index, this.version.identifier)) {
      if (this.stated !== undefined) {
        if (layout !== this.stated) throw conflict(this.stated, layout, index);
      } else if (this.#recorded) {
        if (layout !== (this.#found?.layout ?? "flux")) throw this.#unrecorded(layout, index);
      } else if (this.#found === undefined) {
        this.#found = { layout, row: index };
      } else if (layout !== this.#found.layout) {
        throw new WeightsLayoutError(
          null,
          null,
          `row ${index}`,
          `rows ${this.#found.row} and ${index} hold weights in ${this.#found.layout}'s and ${layout}'s layouts, but a table says one ` +
            `layout for all its weights (${WEIGHTS_LAYOUT_KEY}); convert them to one (fluxToTfjs, tfjsToFlux) or write two tables`,
        );
      }
    }
  }

  /** The layout to record in the table's metadata, now that its first rows are in: none when they said none. */
  record(): WeightsLayout | undefined {
    this.#recorded = true;
    return this.stated ?? this.#found?.layout;
  }

  #unrecorded(layout: WeightsLayout, index: number): WeightsLayoutError {
    const recorded =
      this.#found === undefined
        ? "none (Flux's), as no row of its first batch held weights"
        : `${this.#found.layout}'s, as its first batch's rows said`;
    return new WeightsLayoutError(
      layout,
      null,
      `row ${index}`,
      `row ${index}'s weights are in ${layout}'s layout, but a table written from an iterator records its layout with its ` +
        `first batch, and this one recorded ${recorded}: pass { metadata: { ${WEIGHTS_LAYOUT_KEY}: "${layout}" } } to state it before the rows come`,
    );
  }
}

function conflict(stated: WeightsLayout, layout: WeightsLayout, index: number): WeightsLayoutError {
  return new WeightsLayoutError(
    layout,
    stated,
    `row ${index}`,
    `metadata ${WEIGHTS_LAYOUT_KEY} says "${stated}", but row ${index}'s weights are in ${layout}'s layout; leave the key ` +
      `out (the weights say their layout) or convert them`,
  );
}

/** The property keys of a version's Weights fields. */
function weightsKeys(version: SchemaVersion): string[] {
  return version.fields.filter((field) => field.type.kind === "weights").map((field) => propertyKey(field.name));
}

/**
 * The layouts the weights of row `index` say they are in.
 *
 * @throws WeightsLayoutError for weights read from a table whose layout this version does not
 * know: written without it they would read back as Flux's, and with it as a layout no one knows.
 */
function layoutsOf(row: unknown, keys: readonly string[], index: number, identifier: string): WeightsLayout[] {
  const layouts: WeightsLayout[] = [];
  for (const key of keys) {
    let weights: { layout?: unknown } | null | undefined;
    try {
      weights = (row as Record<string, { layout?: unknown } | null> | null)?.[key];
    } catch (error) {
      throw unreadableRowError(identifier, error, index, { path: key, expected: formatFieldType({ kind: "weights" }) });
    }
    const unknown = unknownLayoutOf(weights);
    if (unknown !== null) {
      throw new WeightsLayoutError(
        null,
        null,
        `row ${index}`,
        `row ${index}'s weights come from a table whose ${WEIGHTS_LAYOUT_KEY} is ${JSON.stringify(unknown)}, which this ` +
          `version of legolas-ts does not know; written here they would read back as Flux's. Write them with a ` +
          `legolas-ts that knows it, write the Arrow table they were read from (it keeps its key), or state the ` +
          `layout you know they are in (weights.withLayout("tfjs")). Nothing was written.`,
      );
    }
    if (isWeightsLayout(weights?.layout)) layouts.push(weights.layout);
  }
  return layouts;
}
