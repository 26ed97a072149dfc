/**
 * A parsed field type, before resolving: what type-expression.ts reads from `list<float32>` or
 * `map<string, other-schema@2>`, records still by name. Apart from the parser, so that the
 * container forms (container-types.ts) and the parser both name it without importing each other.
 */
import { formatFieldType, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { JuliaContainerKind } from "legolas-ts/internal/julia-containers";

export type TypeExpression =
  | { readonly kind: "plain"; readonly type: DeclaredFieldType }
  | { readonly kind: "list"; readonly element: TypeExpression }
  | { readonly kind: "struct" }
  | { readonly kind: "record"; readonly identifier: string }
  /** Julia's containers (container-types.ts); `length` is an `ntuple`'s N. */
  | {
      readonly kind: "container";
      readonly container: JuliaContainerKind;
      readonly parts: readonly TypeExpression[];
      readonly length?: number;
    };

/** An expression as the YAML writes it (`tuple<any, int32>`), for a message that names it. */
export function formatTypeExpression(expression: TypeExpression): string {
  switch (expression.kind) {
    case "plain":
      return formatFieldType(expression.type);
    case "list":
      return `list<${formatTypeExpression(expression.element)}>`;
    case "struct":
      return "struct";
    case "record":
      return expression.identifier;
    case "container": {
      const parts = expression.parts.map(formatTypeExpression);
      return `${expression.container}<${[...parts, ...(expression.length === undefined ? [] : [expression.length])].join(", ")}>`;
    }
  }
}
