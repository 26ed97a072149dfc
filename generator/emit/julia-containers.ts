/**
 * The generated code of Julia's containers (runtime/julia-containers.ts) that differs from a
 * `list<T>`'s (a `vector` is one, an `ntuple` one of a fixed length): the conversions of a `set`,
 * `tuple`, `map` and `union` input (runtime convert.ts's `toSet`, `toTuple`, `toMap`,
 * `toUnion`) and each container's type test. The walk over the values inside them is validator.ts's.
 */
import { typedArrayName, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import { valueClass } from "legolas-ts/internal/julia-unions";
import type { GeneratedFile } from "./generated-file.js";

type ConvertPart = (type: DeclaredFieldType, input: string) => string;

/** The conversion of a `set`, `tuple` or `map` input; `convertPart` converts what it holds. */
export function containerConversion(
  type: Extract<DeclaredFieldType, { kind: "set" | "tuple" | "map" | "union" }>,
  input: string,
  file: GeneratedFile,
  convertPart: ConvertPart,
): string {
  // `(x) => x` is left out: the runtime keeps what needs no conversion as it is.
  const converter = (part: DeclaredFieldType, name: string) => {
    const converted = convertPart(part, name);
    return converted === name ? "undefined" : `(${name}) => ${converted}`;
  };
  // A Set's elements and a Map's keys are never -0 (both store it as 0): an integer there needs
  // no toInteger.
  const keyOrElement = (part: DeclaredFieldType, name: string) =>
    (part.kind === "int" && part.bits <= 32) || (part.kind === "abstract" && part.name === "integer")
      ? "undefined"
      : converter(part, name);
  switch (type.kind) {
    case "set": {
      const element = keyOrElement(type.element, "element");
      return `${file.runtime("toSet")}(${input}${element === "undefined" ? "" : `, ${element}`})`;
    }
    case "tuple": {
      const parts = type.elements.map((part, k) => convertPart(part, `parts[${k}]`));
      return `${file.runtime("toTuple")}(${input}, (parts) => [${parts.join(", ")}])`;
    }
    case "map": {
      const [key, value] = [keyOrElement(type.key, "key"), converter(type.value, "item")];
      const converters = value === "undefined" ? (key === "undefined" ? "" : `, ${key}`) : `, ${key}, ${value}`;
      return `${file.runtime("toMap")}(${input}${converters})`;
    }
    case "union": {
      // Each member converts the values of its class: a record's plain object in a list, say.
      const members = type.members.flatMap((member) => {
        const converted = convertPart(member, "value");
        return converted === "value" ? [] : [`${classTest(member, "value")} ? ${converted} : `];
      });
      if (members.length === 0) return input;
      return `${file.runtime("toUnion")}(${input}, (value) => ${members.join("")}value)`;
    }
  }
}

/** A boolean expression that is true when `value` is no container of `type`'s outer shape. */
export function containerMismatch(
  type: Extract<DeclaredFieldType, { kind: "ntuple" | "set" | "tuple" | "map" | "union" }>,
  value: string,
  file: GeneratedFile,
): string {
  switch (type.kind) {
    case "ntuple": {
      const arrayType = typedArrayName(type.element);
      const notList =
        arrayType === null ? `!${file.runtime("isList")}(${value})` : `!(${value} instanceof ${arrayType})`;
      return `${notList} || ${value}.length !== ${type.length}`;
    }
    case "set":
      return `!(${value} instanceof Set)`;
    case "map":
      return `!(${value} instanceof Map)`;
    case "tuple":
      return `!${file.runtime("isList")}(${value}) || ${value}.length !== ${type.elements.length}`;
    case "union":
      return `!(${type.members.map((member) => classTest(member, value)).join(" || ")})`;
  }
}

/** A boolean expression that is true when `value` is of the class of `member`'s values. */
export function classTest(member: DeclaredFieldType, value: string): string {
  const memberClass = valueClass(member)!;
  switch (memberClass) {
    case "boolean":
    case "number":
    case "bigint":
    case "string":
      return `typeof ${value} === "${memberClass}"`;
    case "Array":
      return `Array.isArray(${value})`;
    default:
      return `${value} instanceof ${memberClass}`;
  }
}
