/**
 * Straight-line validation code: for each field, the type test and then each constraint, written
 * out in full so that validating a row interprets nothing at run time. The same tests are printed
 * in two modes: "collect" pushes a violation with the value's path and goes on, so one call
 * reports everything (`validate`); "test" returns `false` at the first failure (`is`).
 */
import {
  formatFieldType,
  typedArrayName,
  type Constraints,
  type DeclaredFieldDescriptor,
  type DeclaredFieldType,
} from "legolas-ts/internal/field-types";
import type { GeneratedFile } from "./generated-file.js";
import { validatorConstantName } from "../resolve/names.js";
import { fieldRead, indent, literal, negate, templateLiteral, typeCondition } from "./syntax.js";
import type { References } from "./references.js";

/** A value's path as the parts of a string concatenation: literals and expressions. */
export type PathParts = readonly ({ readonly literal: string } | { readonly expression: string })[];

function renderPath(parts: PathParts): string {
  return parts.length === 1 && "expression" in parts[0]! ? parts[0].expression : templateLiteral(parts);
}

export interface ValidatorContext {
  readonly mode: "collect" | "test";
  readonly file: GeneratedFile;
  readonly references: References;
  /** Module-level constants (compiled patterns, value sets): `Type = initializer` -> name. */
  readonly constants: Map<string, string>;
  /** Prefixes constant names so that two versions in one file never clash, e.g. `DigitsRowV1`. */
  readonly constantPrefix: string;
}

/** The body lines validating every field of `fields` on the object held in `object`. */
export function fieldValidation(
  fields: readonly DeclaredFieldDescriptor[],
  object: string,
  path: PathParts,
  context: ValidatorContext,
  depth: number,
): string[] {
  return fields.flatMap((field) => {
    const value = depth === 0 ? "value" : `value${depth}`;
    const fieldPath: PathParts = [...path, { literal: field.name }];
    return [
      "{",
      ...indent([
        `const ${value} = ${fieldRead(object, field.name)};`,
        ...presenceChecks(field, value, fieldPath, context, depth),
      ]),
      "}",
    ];
  });
}

function presenceChecks(
  field: DeclaredFieldDescriptor,
  value: string,
  path: PathParts,
  context: ValidatorContext,
  depth: number,
): string[] {
  const checks = valueChecks(field.type, field.constraints, value, path, context, depth);
  if (field.optional) return [`if (${value} != null) {`, ...indent(checks), "}"];
  const missing = report(context, "missingField", path, formatFieldType(field.type));
  return [`if (${value} == null) ${missing}`, "else {", ...indent(checks), "}"];
}

/** The type test of `value`, then (when it passes) its constraints and nested values. */
function valueChecks(
  type: DeclaredFieldType,
  constraints: Constraints,
  value: string,
  path: PathParts,
  context: ValidatorContext,
  depth: number,
): string[] {
  const { file } = context;
  if (type.kind === "record") {
    const record = context.references.version(type.identifier);
    if (context.mode === "test") return [`if (!${context.references.name(record, "is")}(${value})) return false;`];
    return [
      `${context.references.name(record, "validate")}(${value}, ${renderPath([...path, { literal: "." }])}, out);`,
    ];
  }
  const wrongType = report(context, "incorrectType", path, formatFieldType(type), value);
  const inner = [
    ...constraintChecks(type, constraints, value, path, context),
    ...nestedChecks(type, value, path, context, depth),
  ];
  const test = `if (${negate(typeCondition(type, value, file))}) ${wrongType}`;
  return inner.length === 0 ? [test] : [test, "else {", ...indent(inner), "}"];
}

function constraintChecks(
  type: DeclaredFieldType,
  constraints: Constraints,
  value: string,
  path: PathParts,
  context: ValidatorContext,
): string[] {
  const { file } = context;
  const violated = (expected: string) => report(context, "constraintViolated", path, expected, value);
  // Imported only when a length constraint uses it (`noUnusedLocals`).
  let length = () => (type.kind === "string" ? `${file.runtime("codePointLength")}(${value})` : `${value}.length`);
  const lines: string[] = [];
  if (type.kind === "string") {
    if (context.mode === "collect")
      lines.push(
        `if (!${file.runtime("isWellFormedText")}(${value})) ${violated("well-formed Unicode (no lone surrogate)")}`,
      );
    else lines.push(...wellFormedTest(constraints, value, file, (name) => (length = () => name)));
  }
  if (constraints.min !== undefined)
    lines.push(`if (!(${value} >= ${literal(constraints.min)})) ${violated(`>= ${constraints.min}`)}`);
  if (constraints.max !== undefined)
    lines.push(`if (!(${value} <= ${literal(constraints.max)})) ${violated(`<= ${constraints.max}`)}`);
  if (constraints.pattern !== undefined) {
    const pattern = constant(context, ...patternMatcher(constraints, file), path, "Pattern");
    lines.push(`if (!${pattern}.test(${value})) ${violated(`a match of /${constraints.pattern}/`)}`);
  }
  if (constraints.values !== undefined) {
    const values = constant(
      context,
      "ReadonlySet<unknown>",
      `new Set<unknown>(${literal(constraints.values)})`,
      path,
      "Values",
    );
    lines.push(
      `if (!${values}.has(${value})) ${violated(`one of ${constraints.values.map((v) => literal(v)).join(", ")}`)}`,
    );
  }
  if (constraints.length !== undefined)
    lines.push(`if (${length()} !== ${constraints.length}) ${violated(`of length ${constraints.length}`)}`);
  if (constraints.minLength !== undefined)
    lines.push(`if (${length()} < ${constraints.minLength}) ${violated(`of length >= ${constraints.minLength}`)}`);
  if (constraints.maxLength !== undefined)
    lines.push(`if (${length()} > ${constraints.maxLength}) ${violated(`of length <= ${constraints.maxLength}`)}`);
  return lines;
}

/**
 * The type and initializer of a pattern's matcher: its automaton (generator/resolve/patterns.ts),
 * or a `RegExp` where it needs one, which the generated code says.
 */
function patternMatcher(constraints: Constraints, file: GeneratedFile): [type: string, initializer: string] {
  if (constraints.patternDfa !== undefined)
    return [
      file.runtime("PatternAutomaton"),
      `${file.runtime("patternAutomaton")}(${literal(constraints.patternDfa)})`,
    ];
  return [
    "RegExp",
    `/* a RegExp: a lookaround or backreference no automaton expresses */ new RegExp(${literal(constraints.pattern!)}, "u")`,
  ];
}

/**
 * The first-failure form of the well-formed-text test, as cheap as it can be exactly (an
 * `isWellFormed` call costs more than the rest of a short string's checks, BENCHMARKS.md): none
 * when a pattern's automaton holds (it accepts no lone surrogate) or `values` does (every allowed
 * value was found well-formed at generate time, and only those pass); one pass that also counts
 * code points when a length is constrained (-1: a lone surrogate), whose count the length tests
 * then read.
 */
function wellFormedTest(
  constraints: Constraints,
  value: string,
  file: GeneratedFile,
  useLength: (name: string) => void,
): string[] {
  if (
    constraints.values !== undefined ||
    constraints.patternDfa !== undefined ||
    (constraints.pattern !== undefined && matchesOnlyWellFormed(constraints.pattern))
  )
    return [];
  if (constraints.length === undefined && constraints.minLength === undefined && constraints.maxLength === undefined) {
    return [`if (!${file.runtime("isWellFormedText")}(${value})) return false;`];
  }
  const name = `${value}Length`;
  useLength(name);
  return [`const ${name} = ${file.runtime("wellFormedLength")}(${value});`, `if (${name} < 0) return false;`];
}

/**
 * `true` when every string `pattern` (compiled with the `u` flag) accepts is well-formed, decided
 * conservatively on its text: anchored at both ends, no alternation or group syntax that could
 * escape the anchors, and only atoms that cannot match a surrogate (ASCII literals, non-negated
 * classes of ASCII, `\d`, `\w`, `\s`). A pattern such as a UUID's then needs no second scan.
 */
export function matchesOnlyWellFormed(pattern: string): boolean {
  if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) return false;
  const body = pattern.slice(1, -1);
  return !/[^\x20-\x7e]|[.|^$]|\(\?|\\[^dws\-[\]{}()*+?.\\/^$|]/.test(body);
}

/** Checks of the values inside a list or struct. */
function nestedChecks(
  type: DeclaredFieldType,
  value: string,
  path: PathParts,
  context: ValidatorContext,
  depth: number,
): string[] {
  if (type.kind === "struct") {
    return fieldValidation(
      type.fields,
      `(${value} as Record<string, unknown>)`,
      [...path, { literal: "." }],
      context,
      depth + 1,
    );
  }
  if (type.kind !== "list" || typedArrayName(type.element) !== null) return [];
  const index = depth === 0 ? "i" : `i${depth}`;
  const element = `value${depth + 1}`;
  const elementPath: PathParts = [...path, { literal: "[" }, { expression: index }, { literal: "]" }];
  return [
    `for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
    ...indent([
      `const ${element}: unknown = ${value}[${index}];`,
      `if (${element} == null) ${report(context, "missingField", elementPath, formatFieldType(type.element))}`,
      "else {",
      ...indent(valueChecks(type.element, {}, element, elementPath, context, depth + 1)),
      "}",
    ]),
    "}",
  ];
}

/** The statement run when a test fails: push a violation, or return `false`. */
function report(
  context: ValidatorContext,
  builder: "missingField" | "incorrectType" | "constraintViolated",
  path: PathParts,
  expected: string,
  value?: string,
): string {
  if (context.mode === "test") return "return false;";
  const found = value === undefined ? "" : `, ${value}`;
  return `out.push(${context.file.runtime(builder)}(${renderPath(path)}, ${literal(expected)}${found}));`;
}

/**
 * Declares a module-level constant (once per initializer, named after the first value it checks)
 * and returns its name.
 */
function constant(
  context: ValidatorContext,
  type: string,
  initializer: string,
  path: PathParts,
  holds: "Pattern" | "Values",
): string {
  // Typed explicitly, as `isolatedDeclarations` asks of every module-level declaration.
  const declaration = `${type} = ${initializer}`;
  let name = context.constants.get(declaration);
  if (name === undefined) {
    const pathText = path.map((part) => ("literal" in part ? part.literal : "")).join("");
    const base = validatorConstantName(context.constantPrefix, pathText, holds);
    const taken = new Set(context.constants.values());
    name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    context.constants.set(declaration, name);
  }
  return name;
}

export function rootPath(): PathParts {
  return [{ expression: "path" }];
}
