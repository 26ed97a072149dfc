/**
 * The walk over a row's fields, as straight-line code: for each field its presence and its type
 * (one test where the type's test refuses a missing value too), then each constraint, written out
 * in full so that validating a row interprets nothing at run time. One walk serves `validate` and `is` (runtime/row-validation.ts): each failing test calls
 * `report`, which pushes a violation onto `out` and goes on, or, when `out` is null, builds
 * nothing and stops the walk; a value that passes never touches `out`, so both cost the same on
 * valid rows. Paths are relative to the row, and string literals unless they hold a list index.
 */
import {
  formatFieldType,
  isTextType,
  typedArrayName,
  type Constraints,
  type DeclaredFieldDescriptor,
  type DeclaredFieldType,
} from "legolas-ts/internal/field-types";
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import { fieldValueExpected, oneOfListed } from "legolas-ts/internal/expected-values";
import { rowOfVersion } from "legolas-ts/internal/violations";
import type { ResolvedVersion } from "../resolve/ir.js";
import { validatorConstantName } from "../resolve/names.js";
import type { GeneratedFile } from "./generated-file.js";
import type { References } from "./references.js";
import { type FunctionStructure, StructureKind } from "./structures.js";
import { fieldRead, literal, templateLiteral, typeMismatch } from "./syntax.js";
import { classTest } from "./julia-containers.js";
import { type Branch, chain, layout, type Line, statement, type Test, whenPresent } from "./walk-layout.js";

/** A value's path as the parts of a string concatenation: literals and expressions. */
type PathParts = readonly ({ readonly literal: string } | { readonly expression: string })[];

/** What a violation says was expected: text, or the runtime's constant holding it. */
type Expected = string | { readonly expression: string };

/** A set's or a map's elements named by their place in its input: the collection's variable, and the runtime's lookup. */
interface PlaceInInput {
  readonly of: string;
  readonly place: "placeInInput" | "valuePlaceInInput";
}

export interface ValidatorContext {
  readonly file: GeneratedFile;
  readonly references: References;
  /** The file's module-level constants (compiled patterns, value sets): `Type = initializer` -> name. */
  readonly constants: Map<string, string>;
}

/** `validateXV1(row, out)`: the version's walk, held by its descriptor as `validateFields`. */
export function fieldsValidator(version: ResolvedVersion, context: ValidatorContext): FunctionStructure {
  const { parent } = version;
  // A child that narrows no inherited field starts with its parent's walk and adds its own fields.
  const narrows = parent !== null && version.fields.some((field) => field.own && parent.fields.some(named(field)));
  const reuse = parent !== null && !narrows;
  const fields = (reuse ? version.fields.filter((field) => field.own) : version.fields).map((f) => f.descriptor);
  const walk = new Walk(context, version.names.rowClass);
  const { file } = context;
  const expected = rowOfVersion(version.name, version.version);
  const parentWalk = reuse
    ? [`if (!${context.references.name(parent, "schemaVersion")}.validateFields(row, out)) return false;`]
    : [];
  const fieldWalk = layout(walk.fields(fields, "row", [], 0));
  // A Promise, Map or Set fails a required field's test; where every field is optional, it is told apart here.
  const noRow = version.fields.some((field) => !field.descriptor.optional)
    ? `!${file.runtime("isRowObject")}(row)`
    : `!${file.runtime("isRowObject")}(row) || ${file.runtime("isPromiseOrCollection")}(row)`;
  const objectTest = `if (${noRow}) return ${file.runtime("report")}(out, ${file.runtime("incorrectType")}, "", ${literal(expected)}, row);`;
  return {
    kind: StructureKind.Function,
    name: version.names.validate,
    docs: [
      `Checks the fields of \`${formatSchemaVersionName(version)}\`: its descriptor's \`validateFields\` (see \`SchemaVersion\`).`,
    ],
    parameters: [
      { name: "row", type: "unknown" },
      { name: "out", type: `${file.runtime("Violation")}[] | null` },
    ],
    returnType: "boolean",
    statements: [objectTest, ...parentWalk, ...fieldWalk, "return true;"],
  };
}

function named(field: { readonly descriptor: { readonly name: string } }) {
  return (other: { readonly descriptor: { readonly name: string } }) => other.descriptor.name === field.descriptor.name;
}

class Walk {
  constructor(
    private readonly context: ValidatorContext,
    /** Prefixes constant names so that two versions in one file never clash, e.g. `DigitsRowV1`. */
    private readonly constantPrefix: string,
  ) {}

  /** The lines checking every field of `fields` on the object held in `object`. */
  fields(fields: readonly DeclaredFieldDescriptor[], object: string, path: PathParts, depth: number): Line[] {
    const value = depth === 0 ? "value" : `value${depth}`;
    return fields.flatMap((field, index, checked) => {
      const fieldPath: PathParts = [...path, ...(path.length === 0 ? [] : [{ literal: "." }]), { literal: field.name }];
      // One variable for every field of the object, declared at the first.
      const declare = index > 0 ? "" : checked.length === 1 ? "const " : "let ";
      const read = `${declare}${value} = ${fieldRead(object, field.name)};`;
      if (!field.optional)
        return [read, ...chain(this.present(field.type, field.constraints, value, fieldPath, depth, "field"))];
      const checks = this.value(field.type, field.constraints, value, fieldPath, depth);
      const [only, ...more] = checks;
      if (more.length === 0 && only !== undefined && "test" in only)
        return [read, ...statement(whenPresent(value, only))];
      return [read, { head: `if (${value} != null)`, block: chain(checks) }];
    });
  }

  /**
   * The branches testing a `value` that must be there, a `field`'s or an `element`'s (of a list,
   * set, tuple or map). Every type's test (`typeMismatch`) refuses `null` and `undefined`, so it
   * also finds a missing value (`missingOrIncorrectType` tells the two apart when it fails): one
   * test where there were two. An element is no field, so `null` there is of the wrong type, not
   * a missing field: `tags[1]`, "expected string, found null". A record's check reports for
   * itself (its first branch reports nothing), so a missing record keeps a test of its own.
   */
  private present(
    type: DeclaredFieldType,
    constraints: Constraints,
    value: string,
    path: PathParts,
    depth: number,
    holder: "field" | "element",
  ): Branch[] {
    const checks = this.value(type, constraints, value, path, depth);
    const [typeTest, ...rest] = checks;
    const expected = fieldValueExpected(type, constraints);
    const refused = holder === "field" ? "missingOrIncorrectType" : "incorrectType";
    if (typeTest !== undefined && "test" in typeTest && typeTest.report !== null)
      return [{ ...typeTest, report: this.report(refused, path, expected, value) }, ...rest];
    const absent =
      holder === "field"
        ? this.report("missingField", path, expected)
        : this.report("incorrectType", path, expected, value);
    return [{ test: `${value} == null`, report: absent }, ...checks];
  }

  /** The branches testing `value`: its type, then its constraints and the values inside it. */
  private value(
    type: DeclaredFieldType,
    constraints: Constraints,
    value: string,
    path: PathParts,
    depth: number,
  ): Branch[] {
    if (type.kind === "record") {
      const record = this.context.references.name(this.context.references.version(type.identifier), "schemaVersion");
      const recordPath = renderPath(path);
      const validate = this.context.file.runtime("validateRecord");
      return [{ test: `!${validate}(${record}, ${value}, ${recordPath}, out)`, report: null }];
    }
    const wrongType = {
      test: typeMismatch(type, value, this.context.file),
      report: this.report("incorrectType", path, fieldValueExpected(type, constraints), value),
    };
    const inner = [...this.constraints(type, constraints, value, path), ...this.nested(type, value, path, depth)];
    // One test after the type's joins the chain; more are independent, so that `validate` reports each.
    if (inner.length === 1 && "test" in inner[0]!) return [wrongType, inner[0]];
    return inner.length === 0 ? [wrongType] : [wrongType, { lines: inner.flatMap(statement) }];
  }

  private constraints(type: DeclaredFieldType, constraints: Constraints, value: string, path: PathParts): Branch[] {
    const violated = (expected: Expected) => this.report("constraintViolated", path, expected, value);
    const checks: Branch[] = [];
    const illFormedRefusedBy = isTextType(type) ? this.illFormedRefusedBy(constraints) : undefined;
    if (isTextType(type) && illFormedRefusedBy === undefined)
      checks.push({
        test: `!${this.context.file.runtime("isWellFormedText")}(${value})`,
        report: violated({ expression: this.context.file.runtime("wellFormedUnicode") }),
      });
    // Julia's Symbol cannot hold NUL (jl_symbol_n throws): Arrow.jl could not read the value back.
    // A value set needs no test: the generator refuses NUL in a symbol's listed values.
    if (type.kind === "symbol" && constraints.values === undefined)
      checks.push({
        test: `${value}.includes("\\u0000")`,
        report: violated({ expression: this.context.file.runtime("symbolWithoutNul") }),
      });
    // What the pattern or the value set refuses is reported with its ill-formed text, if it is.
    const refused = (by: "pattern" | "values", expected: string) =>
      illFormedRefusedBy === by ? this.refusedText(path, expected, value) : violated(expected);
    // A float (or a `real`, or a union holding a float: a child's narrowing of a bounded `real`)
    // may be NaN, which fails `!(value >= min)` but would pass `value < min`.
    const mayBeNaN =
      type.kind === "float" ||
      type.kind === "abstract" ||
      (type.kind === "union" && type.members.some((member) => member.kind === "float"));
    const below = (bound: string) => (mayBeNaN ? `!(${value} >= ${bound})` : `${value} < ${bound}`);
    const above = (bound: string) => (mayBeNaN ? `!(${value} <= ${bound})` : `${value} > ${bound}`);
    if (constraints.min !== undefined)
      checks.push({ test: below(literal(constraints.min)), report: violated(`>= ${constraints.min}`) });
    if (constraints.max !== undefined)
      checks.push({ test: above(literal(constraints.max)), report: violated(`<= ${constraints.max}`) });
    if (constraints.pattern !== undefined) {
      const pattern = this.constant(...this.patternMatcher(constraints, path), path, "Pattern");
      checks.push({
        test: `!${pattern}.test(${value})`,
        report: refused("pattern", `a match of /${constraints.pattern}/`),
      });
    }
    if (constraints.values !== undefined) {
      // An `integer`, `real` or `number` holds a listed integer as a number or as a bigint (an
      // Int64 column reads as one), which a `Set` tells apart: it lists each in both forms.
      const listed = type.kind === "abstract" ? constraints.values.flatMap(numericForms) : constraints.values;
      const values = this.constant("ReadonlySet<unknown>", `new Set<unknown>(${literal(listed)})`, path, "Values");
      // A SchemaVersion is listed by its first link: Legolas.jl writes its parents after it.
      const test =
        type.kind === "schema-version"
          ? `!${this.context.file.runtime("isListedSchemaVersion")}(${values}, ${value})`
          : `!${values}.has(${value})`;
      checks.push({ test, report: refused("values", oneOfListed(type, constraints.values)) });
    }
    checks.push(...this.lengths(type, constraints, value, violated));
    return checks;
  }

  /**
   * What refuses every ill-formed string of a text field already, if anything does: the pattern
   * (an automaton accepts no lone surrogate) or the value set. Such a field needs no test of its
   * own for well-formed text, so a valid string pays none; the refusal reports it.
   */
  private illFormedRefusedBy(constraints: Constraints): "pattern" | "values" | undefined {
    const { pattern, patternDfa, values } = constraints;
    if (patternDfa !== undefined || (pattern !== undefined && matchesOnlyWellFormed(pattern))) return "pattern";
    return values !== undefined ? "values" : undefined;
  }

  /**
   * The length tests. A text's length is in code points, which a string of n UTF-16 units has
   * between n / 2 and n of: its code points are counted (a pass over the string) only when
   * `length` cannot answer, so a string well inside its bounds costs no pass at all.
   */
  private lengths(
    type: DeclaredFieldType,
    constraints: Constraints,
    value: string,
    violated: (expected: string) => string,
  ): Branch[] {
    const text = isTextType(type);
    // Imported only where a text's length is constrained (`noUnusedLocals`).
    const counted = () => `${this.context.file.runtime("codePointLength")}(${value})`;
    const units = `${value}.length`;
    const checks: Branch[] = [];
    const { length: exact, minLength: min, maxLength: max } = constraints;
    if (exact !== undefined)
      checks.push({
        test: text
          ? `${units} < ${exact} || ${units} > ${2 * exact} || ${counted()} !== ${exact}`
          : `${units} !== ${exact}`,
        report: violated(`of length ${exact}`),
      });
    if (min !== undefined)
      checks.push({
        test: text ? `${units} < ${2 * min} && ${counted()} < ${min}` : `${units} < ${min}`,
        report: violated(`of length >= ${min}`),
      });
    if (max !== undefined)
      checks.push({
        test: text ? `${units} > ${max} && ${counted()} > ${max}` : `${units} > ${max}`,
        report: violated(`of length <= ${max}`),
      });
    return checks;
  }

  /** The checks of the values inside a list or struct. */
  private nested(type: DeclaredFieldType, value: string, path: PathParts, depth: number): Branch[] {
    if (type.kind === "struct") {
      const struct = `struct${depth + 1}`;
      const fields = this.fields(type.fields, struct, path, depth + 1);
      return [{ lines: [`const ${struct} = ${value} as Record<string, unknown>;`, ...fields] }];
    }
    switch (type.kind) {
      case "list":
      case "vector":
      case "ntuple":
        return typedArrayName(type.element) !== null || type.element.kind === "any"
          ? []
          : [this.elements(type.element, value, [], path, depth)];
      case "set": {
        // A set's elements by their place in what was given: its array, or the `Set`'s order.
        const elements = `elements${depth + 1}`;
        return [
          this.elements(type.element, elements, [`const ${elements} = [...${value}];`], path, depth, "", {
            of: value,
            place: "placeInInput",
          }),
        ];
      }
      case "map": {
        // Keys and values by their place in the JSON form, the array of [key, value] entries: a
        // repeated key's where it was first given, its value where the entry that won gave it.
        const [keys, values] = [`keys${depth + 1}`, `values${depth + 1}`];
        const keySetup = [`const ${keys} = [...${value}.keys()];`];
        const valueSetup = [`const ${values} = [...${value}.values()];`];
        const key = this.elements(type.key, keys, keySetup, path, depth, "[0]", {
          of: value,
          place: "placeInInput",
        });
        const item = this.elements(type.value, values, valueSetup, path, depth, "[1]", {
          of: value,
          place: "valuePlaceInInput",
        });
        return [key, item];
      }
      case "tuple":
        return type.elements.map((part, k) => {
          const partValue = `${value}_${k + 1}`;
          const partPath: PathParts = [...path, { literal: `[${k}]` }];
          const checks = this.present(part, {}, partValue, partPath, depth + 1, "element");
          return { lines: [`const ${partValue}: unknown = ${value}[${k}];`, ...chain(checks)] };
        });
      case "union": {
        // The member of the value's class checks it (the type test above found one).
        const last = type.members.length - 1;
        const members = type.members.map((member, k): Line => {
          const head =
            k === 0
              ? `if (${classTest(member, value)})`
              : k === last
                ? "else"
                : `else if (${classTest(member, value)})`;
          return { head, block: chain(this.value(member, {}, value, path, depth)) };
        });
        return [{ lines: members }];
      }
      default:
        return [];
    }
  }

  /**
   * The loop over the elements of an array (`array`, declared by `setup`), each of type `element`;
   * for a set's or a map's (`inInput.of`, the variable holding it), each at its place in the input
   * it was made from (by the runtime's `inInput.place`), which differs from its index where
   * duplicates were dropped.
   */
  private elements(
    element: DeclaredFieldType,
    array: string,
    setup: readonly string[],
    path: PathParts,
    depth: number,
    suffix = "",
    inInput?: PlaceInInput,
  ): Branch {
    const { file } = this.context;
    // Text elements at a path known when generating: the runtime's loop, the same checks in one call.
    if (isTextType(element) && suffix === "" && path.every((part) => "literal" in part)) {
      const validate = file.runtime("validateTextElements");
      const expected = literal(formatFieldType(element));
      const symbol = element.kind === "symbol";
      const rest = inInput !== undefined ? `, ${symbol}, ${inInput.of}` : symbol ? ", true" : "";
      const check: Test = {
        test: `!${validate}(${array}, ${renderPath(path)}, ${expected}, out${rest})`,
        report: null,
      };
      return setup.length === 0 ? check : { lines: [...setup, ...statement(check)] };
    }
    const index = depth === 0 ? "i" : `i${depth}`;
    const item = `value${depth + 1}`;
    const place = inInput === undefined ? index : `${file.runtime(inInput.place)}(${inInput.of}, ${index})`;
    const elementPath: PathParts = [...path, { literal: "[" }, { expression: place }, { literal: `]${suffix}` }];
    const checks = this.present(element, {}, item, elementPath, depth + 1, "element");
    const loop = `for (let ${index} = 0; ${index} < ${array}.length; ${index}++)`;
    const body = [`const ${item}: unknown = ${array}[${index}];`, ...chain(checks)];
    return { lines: [...setup, { head: loop, block: body }] };
  }

  /** The call a failed test makes: `report(out, builder, path, expected, value)`, `false` to stop. */
  private report(
    builder: "missingField" | "incorrectType" | "missingOrIncorrectType" | "constraintViolated",
    path: PathParts,
    expected: Expected,
    value?: string,
  ): string {
    const { file } = this.context;
    const found = value === undefined ? "" : `, ${value}`;
    const expectation = typeof expected === "string" ? literal(expected) : expected.expression;
    return `${file.runtime("report")}(out, ${file.runtime(builder)}, ${renderPath(path)}, ${expectation}${found})`;
  }

  /** The report of a string that a pattern or a value set refused: the runtime's `reportRefusedText`. */
  private refusedText(path: PathParts, expected: string, value: string): string {
    return `${this.context.file.runtime("reportRefusedText")}(out, ${renderPath(path)}, ${literal(expected)}, ${value})`;
  }

  /**
   * Declares a module-level constant (once per initializer in the file, named after the first
   * value it checks) and returns its name.
   */
  /**
   * The type and initializer of a pattern's matcher: its automaton (generator/resolve/patterns.ts),
   * whose text the descriptor's `patternDfa` shares (see `automatonTextConstant`), or a
   * `RegExp` where it needs one, which the generated code says.
   */
  private patternMatcher(constraints: Constraints, path: PathParts): [type: string, initializer: string] {
    const { file } = this.context;
    if (constraints.patternDfa === undefined)
      return [
        "RegExp",
        `/* a RegExp: this pattern has no automaton (a lookaround, a backreference, or too many states) */ new RegExp(${literal(constraints.pattern!)}, "u")`,
      ];
    const text = this.constant(...automatonTextDeclaration(constraints.patternDfa), path, "PatternDfa");
    return [file.runtime("PatternAutomaton"), `${file.runtime("patternAutomaton")}(${text})`];
  }

  private constant(
    type: string,
    initializer: string,
    path: PathParts,
    holds: "Pattern" | "PatternDfa" | "Values",
  ): string {
    // Typed explicitly, as `isolatedDeclarations` asks of every module-level declaration.
    const declaration = constantDeclaration(type, initializer);
    const { constants } = this.context;
    let name = constants.get(declaration);
    if (name === undefined) {
      const pathText = path.map((part) => ("literal" in part ? part.literal : "")).join("");
      const base = validatorConstantName(this.constantPrefix, pathText, holds);
      const taken = new Set(constants.values());
      name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      constants.set(declaration, name);
    }
    return name;
  }
}

/**
 * The module constant holding a pattern's automaton as text (type and initializer): declared once,
 * read by the matcher and by the descriptor's `patternDfa`, so that the text (hundreds to
 * thousands of characters for a UUID's) is printed once.
 */
function automatonTextDeclaration(patternDfa: string): [type: string, initializer: string] {
  return ["string", literal(patternDfa)];
}

/** The constant a walk declared for a pattern's automaton text (`patternDfa`), if any. */
export function automatonTextConstant(constants: ReadonlyMap<string, string>, patternDfa: string): string | undefined {
  return constants.get(constantDeclaration(...automatonTextDeclaration(patternDfa)));
}

/** How the file's constants map (`ValidatorContext.constants`) keys a constant. */
function constantDeclaration(type: string, initializer: string): string {
  return `${type} = ${initializer}`;
}

/** A listed integer as a number and as a bigint, each where it holds the integer exactly; any other value as it is. */
function numericForms(value: unknown): unknown[] {
  if (typeof value === "number" && Number.isInteger(value)) return [value, BigInt(value)];
  if (typeof value === "bigint" && BigInt(Number(value)) === value) return [Number(value), value];
  return [value];
}

/** A path relative to the row, as a string literal (`"config.rate"`) or, with an index, a template. */
function renderPath(parts: PathParts): string {
  return parts.every((part) => "literal" in part)
    ? literal(parts.map((part) => part.literal).join(""))
    : templateLiteral(parts);
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
