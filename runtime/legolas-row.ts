/**
 * The base class of every generated row class, with the doors that read the same for every
 * schema version: `X.parse`, `X.fromJSON`, `X["~standard"]` and `row.toJSON()`.
 * `defineSchemaVersion` gives each class its own (`bindRowClass`), which find the class's
 * descriptor (row-class-descriptors.ts), so that they work detached as well
 * (`inputs.map(X.parse)`); a generated class declares the type of its `~standard`, which names
 * the version's input and row. What stays generated: the constructor and `convert`
 * (straight-line), `is` and `validate` (they pass the module's own walk to the runtime, which the
 * engine then inlines; `is` also names the version's fields), and the types of `parse`, `fromJSON`
 * and `~standard`, which name the version's row: a `this` parameter would type them only when
 * called on the class, and `inputs.map(X.parse)` calls them detached. Those are declared here
 * too, with their docs, which editors show for each class's own (so that no generated module
 * repeats them).
 */
import { RowValidationError } from "./errors.js";
import { rowFromJsonBody, rowToJson } from "./json.js";
import { droppedMisspeltValue, notingMisspeltKeys } from "./misspelt-keys.js";
import { type ParsableRowClass, type ParseResult, parseRow } from "./parse-row.js";
import { isGeneratedRowClass, schemaVersionOf } from "./row-class-descriptors.js";
import { rowConstructor } from "./row-validation.js";
import { type StandardSchemaProps, standardSchema } from "./standard-schema.js";
import type { Violation } from "./violations.js";

/** A generated row class's base; `Json` is its `XV1Json` type, what `toJSON` returns. */
export abstract class LegolasRow<Json extends object> {
  /**
   * Standard Schema v1: `validate` converts and checks a value (the input form or the JSON form)
   * and returns the row or issues with paths.
   */
  declare static readonly "~standard": StandardSchemaProps<unknown, unknown>;
  /**
   * Converts `input`'s values (missing to `null` or the default, safe integers to `bigint`, ...)
   * into `row`; an input that holds no fields (`5`, `null`, an array) is given back as it is.
   */
  declare static readonly convert: (input: unknown, row?: object) => object;
  /** Every violation of `value` against this schema version; empty when it complies. */
  declare static readonly validate: (value: unknown) => Violation[];
  /** `true` when `value` complies with this schema version. */
  declare static readonly is: (value: unknown) => boolean;
  /**
   * Converts and validates `input` (the input form or the JSON form) without throwing: `{ ok: true, value }`
   * (the row) or `{ ok: false, violations }`.
   */
  declare static readonly parse: (input: unknown) => ParseResult<object>;
  /** A row from its JSON form (`toJSON`'s); throws one `RowValidationError` listing every violation. */
  declare static readonly fromJSON: (json: unknown) => object;
  /**
   * `true` on a class the generator wrote (its own property; a subclass's constructor may check
   * more): its constructor only converts and validates, so a read that keeps invalid rows'
   * violations (`invalidRows: "collect"`, `validateRecordBatch`) has them without making the rows.
   */
  declare static readonly "~generated"?: true;
  /** The class's name as its generated module declares it, which a minifier does not rename (messages name the class by it). */
  declare static readonly "~className"?: string;

  /** This row in its JSON form; `JSON.stringify(row)` calls it. */
  toJSON(): Json {
    return rowToJson<Json>(schemaVersionOf(this.constructor)!, this);
  }
}

/**
 * Gives a generated row class (one that extends `LegolasRow`), once its descriptor is recorded,
 * its own `parse`, `fromJSON` and `~standard`; a row class written by hand keeps its own.
 */
export function bindRowClass(rowClass: unknown): void {
  if (typeof rowClass !== "function" || !(rowClass.prototype instanceof LegolasRow)) return;
  if (Object.hasOwn(rowClass, "parse")) return;
  const parsable = rowClass as unknown as ParsableRowClass<object>;
  const schemaVersion = schemaVersionOf(rowClass)!;
  // Called on a subclass (`class CheckedRow extends DigitsRowV1`, which inherits these statics),
  // they make rows of that subclass, through its constructor; detached, of this class.
  const target = (self: unknown): ParsableRowClass<object> =>
    typeof self === "function" && self !== parsable && self.prototype instanceof parsable
      ? (self as ParsableRowClass<object>)
      : parsable;
  const standard = new WeakMap<object, ReturnType<typeof standardSchema>>([[parsable, standardSchema(parsable)]]);
  Object.defineProperties(rowClass, {
    parse: {
      value: function parse(this: unknown, input: unknown) {
        return parseRow(target(this), input);
      },
    },
    fromJSON: {
      value: function fromJSON(this: unknown, json: unknown) {
        const own = target(this);
        // The body converted with every key it holds, at any depth: the constructor's check and
        // error see the keys that misspell a field, in its one walk (json.ts rowFromJsonBody).
        const input = rowFromJsonBody<never>(schemaVersion, json);
        const row = rowConstructor(own)(input);
        // A class written by hand, whose constructor may not ask the generated check: asked here.
        if (!isGeneratedRowClass(own) && droppedMisspeltValue(own, input))
          throw new RowValidationError(schemaVersion.identifier, notingMisspeltKeys([], schemaVersion, input));
        return row;
      },
    },
    "~standard": {
      get(this: unknown) {
        const own = target(this);
        let props = standard.get(own);
        if (props === undefined) standard.set(own, (props = standardSchema(own)));
        return props;
      },
    },
  });
}
