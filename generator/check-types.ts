/**
 * Row checks type-checked against the row type at generate time: a typo such as
 * `row.los_history` becomes a declaration error at the check's `file:line:col`, rather than a
 * check that fails on every row at run time. One in-memory TypeScript program per run (the
 * compiler that ts-morph bundles) holds the generated modules, a stand-in for the runtime whose
 * building blocks are all `any` (the runtime's own types would cost seconds to load, and checks
 * are about the row's fields) and which re-exports the shipped schemas' generated modules, as
 * `legolas-ts/codegen` does, and one probe function per check: `(row: XV1Fields) => (check)`.
 * Only the probes' diagnostics are reported, under `strict`, as a user's compiler would.
 *
 * A check that type-checks is then held to the two rules of the check language that need types
 * (resolve/checks.ts holds the rest): a computed index is a number (`row.list[row.i]`), so no
 * value read from a row can name a property such as `constructor`; and no function is held as a
 * value (`row.name.startsWith` without a call), so none can be handed to anything that calls it.
 */
import type { Project, ts as Ts } from "ts-morph";
import { RUNTIME_SYMBOLS } from "legolas-ts/internal/symbols";
import type { Diagnostics } from "./diagnostics.js";
import { quote } from "./diagnostics.js";
import { tsMorph } from "./ts-morph-lazy.js";
import type { EmitOptions } from "./emit/references.js";
import type { SourcePosition } from "./errors.js";
import type { ResolvedField, ResolvedVersion } from "./resolve/ir.js";
import { propertyKey } from "legolas-ts/internal/field-names";
import { CHECK_LANGUAGE_REFERENCE } from "./resolve/check-language.js";

/** A generated module's text, by its schema name, and whether it is shipped with the package. */
export interface ModuleText {
  readonly schema: string;
  readonly external: boolean;
  readonly content: string;
}

interface Probe {
  /** How messages name it: `check "row.a > 0"`, `field "z": value "..."`. */
  readonly what: string;
  readonly position: SourcePosition;
  readonly start: number;
  readonly end: number;
}

/** Adds a diagnostic for every check of `checked` (versions generated in this run) that does not type-check over its row. */
export function typeCheckRowChecks(
  checked: readonly ResolvedVersion[],
  modules: readonly ModuleText[],
  options: EmitOptions,
  diagnostics: Diagnostics,
): void {
  const { ts } = tsMorph();
  const project = reusableProject(options);
  for (const file of project.getSourceFiles()) project.removeSourceFile(file);
  // The runtime module exports the shipped schemas too: a row type that extends one resolves.
  const shipped = modules
    .filter((module) => module.external)
    .map((module) => `export * from "./shipped/${module.schema}.js";`);
  project.createSourceFile("/runtime.d.ts", [RUNTIME_STAND_IN, ...shipped].join("\n"));
  for (const module of modules)
    project.createSourceFile(`${moduleFolder(module.external)}/${module.schema}.ts`, module.content);

  const probes: Probe[] = [];
  let source = checked
    .map(
      (version, index) =>
        `import type * as m${index} from "${moduleFolder(version.file.external)}/${version.name}.js";\n`,
    )
    .join("");
  for (const [index, version] of checked.entries()) {
    for (const check of version.checks) {
      source += `export const c${probes.length} = (row: m${index}.${version.names.fields}): unknown => (`;
      const what = `check ${quote(check.source)}`;
      probes.push({
        what,
        position: check.position,
        start: source.length,
        end: source.length + check.expression.length,
      });
      source += `${check.expression});\n`;
    }
    for (const { row, result, field } of fieldExpressionTypes(version, `m${index}`)) {
      source += `export const c${probes.length} = (row: ${row}): ${result} => (`;
      const { expression } = field.value!;
      const what = `field ${quote(field.descriptor.name)}: value ${quote(field.value!.source)}`;
      probes.push({
        what,
        position: field.value!.position,
        start: source.length,
        end: source.length + expression.length,
      });
      source += `${expression});\n`;
    }
  }
  const probeFile = project.createSourceFile("/checks.ts", source);
  const typeErrors = new Map<Probe, string[]>();
  for (const diagnostic of probeFile.getPreEmitDiagnostics()) {
    const start = diagnostic.getStart() ?? 0;
    const probe = probes.find((p) => start >= p.start && start <= p.end);
    if (probe === undefined) continue;
    const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, " ");
    typeErrors.set(probe, [...(typeErrors.get(probe) ?? []), message]);
  }
  // A breach of the check language's own rules says more than what TypeScript makes of it
  // (`row.w[row.id]`: an index of type string, not "can't be used to index type 'Weights'").
  const checker = project.getTypeChecker().compilerObject;
  for (const [index, probe] of probes.entries()) {
    const messages = typeErrors.get(probe);
    const problem = typedRuleProblem(checkExpression(probeFile.compilerNode, index), checker, messages !== undefined);
    if (problem !== null) diagnostics.add(probe.position, "check-expression", `${probe.what}: ${problem}`);
    else
      for (const message of messages ?? [])
        diagnostics.add(probe.position, "check-type", `${probe.what} does not type-check over the row: ${message}`);
  }
}

/**
 * The row a field's `value:` expression sees, and the type its result must have, as TypeScript
 * over the module `module`: the fields converted before it (every parent field, then this
 * version's earlier ones) with their row types, the rest as the input gives them; the result is
 * what the input may hold for the field, which the conversion and validation then judge.
 */
function fieldExpressionTypes(
  version: ResolvedVersion,
  module: string,
): { row: string; result: string; field: ResolvedField }[] {
  const { fields, input } = version.names;
  const inherited = new Set(version.parent?.fields.map((field) => field.descriptor.name) ?? []);
  const converted: string[] = [...inherited].map((name) => JSON.stringify(propertyKey(name)));
  const out: { row: string; result: string; field: ResolvedField }[] = [];
  for (const field of version.fields) {
    const key = JSON.stringify(propertyKey(field.descriptor.name));
    if (field.own && field.value !== undefined) {
      const earlier = converted.length === 0 ? "never" : converted.join(" | ");
      out.push({
        row: `Pick<${module}.${fields}, ${earlier}> & Omit<${module}.${input}, ${earlier}>`,
        result: `${module}.${input}[${key}]`,
        field,
      });
    }
    if (!inherited.has(field.descriptor.name)) converted.push(key);
  }
  return out;
}

/** The check of probe `c<index>`: the body of its arrow function, inside the parentheses. */
function checkExpression(file: Ts.SourceFile, index: number): Ts.Expression {
  const { ts } = tsMorph();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const [declaration] = statement.declarationList.declarations;
    if (declaration === undefined || !ts.isIdentifier(declaration.name) || declaration.name.text !== `c${index}`)
      continue;
    const arrow = declaration.initializer as Ts.ArrowFunction;
    return (arrow.body as Ts.ParenthesizedExpression).expression;
  }
  throw new Error(`internal: no probe c${index}`);
}

/**
 * The first breach of the typed rules of the check language in `root`, as a sentence fragment.
 * In a check TypeScript refuses (`mistyped`), an index of type `any` is what an unknown name
 * gets: TypeScript's message says more of it.
 */
function typedRuleProblem(root: Ts.Node, checker: Ts.TypeChecker, mistyped: boolean): string | null {
  const { ts } = tsMorph();
  let problem: string | null = null;
  const visit = (node: Ts.Node): void => {
    if (problem !== null) return;
    if (ts.isElementAccessExpression(node) && !isQuoted(node.argumentExpression)) {
      const type = checker.getTypeAtLocation(node.argumentExpression);
      if (!isNumber(type) && !(mistyped && (type.flags & ts.TypeFlags.Any) !== 0)) {
        problem = `its index ${quote(node.argumentExpression.getText())} has type ${checker.typeToString(type)}; an index in a check is a number, or a field name in quotes (${CHECK_LANGUAGE_REFERENCE})`;
        return;
      }
    }
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && !isCallee(node)) {
      if (checker.getTypeAtLocation(node).getCallSignatures().length > 0) {
        problem = `it holds the function ${quote(node.getText())} as a value; a check may only call functions (${CHECK_LANGUAGE_REFERENCE})`;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return problem;
}

function isQuoted(node: Ts.Expression): boolean {
  const { ts } = tsMorph();
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** A number, a number literal or a union of them; never `any`, which could be anything. */
function isNumber(type: Ts.Type): boolean {
  const { ts } = tsMorph();
  const parts = type.isUnion() ? type.types : [type];
  return parts.length > 0 && parts.every((part) => (part.flags & ts.TypeFlags.NumberLike) !== 0);
}

/** Whether `node` is what a call calls (through parentheses and `!`). */
function isCallee(node: Ts.Node): boolean {
  const { ts } = tsMorph();
  let callee = node;
  while (ts.isParenthesizedExpression(callee.parent) || ts.isNonNullExpression(callee.parent)) callee = callee.parent;
  return ts.isCallExpression(callee.parent) && callee.parent.expression === callee;
}

let cached: { key: string; project: Project } | undefined;

/**
 * One project per process and set of options: a later run (`--watch`, tests) reuses the parsed
 * standard library, which is most of the cost (BENCHMARKS.md, "Figures behind choices in the code").
 */
function reusableProject(options: EmitOptions): Project {
  const key = options.runtimeModule;
  if (cached?.key !== key) {
    const { Project, ts } = tsMorph();
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2023.d.ts"],
        types: [],
        noEmit: true,
        paths: { [options.runtimeModule]: ["/runtime.d.ts"] },
      },
    });
    cached = { key, project };
  }
  return cached.project;
}

function moduleFolder(external: boolean): string {
  return external ? "/shipped" : "/out";
}

/**
 * The stand-ins that keep a type, where `any` would let a check read a member by a wrong name:
 *
 *  - A generated row class extends `LegolasRow`, and a class that extends `any` takes any
 *    property (`row.config.learningrate`). A class of no members leaves a record's instances typed
 *    by their fields alone. (The modules' own errors against it, such as an `override` of
 *    nothing, are not the probes' and are not reported.)
 *  - A `Weights` field's value is the runtime's class (`row.weights.arrys`), and its input
 *    (`value:` expressions) what the runtime's `WeightsInput` says. Their public members, as
 *    runtime/weights/weights.ts declares them; test/generator/check-type-stand-ins.test.ts holds
 *    the two to one type, so a member the runtime adds is not refused here.
 */
export const TYPED_STAND_INS: Readonly<Record<string, string>> = {
  LegolasRow: "export declare class LegolasRow<Json = unknown> {}",
  Weights: `type WeightsLayout = "tfjs" | "flux";
type WeightsElementType = "float16" | "float32" | "float64" | "int8" | "int16" | "int32" | "uint8" | "uint32";
type FlatArrayVec = Float32Array | Float64Array | Uint16Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint32Array;
declare class FlatArray {
  readonly vec: FlatArrayVec;
  readonly size: readonly number[];
  get shape(): number[];
  get elementType(): WeightsElementType;
}
export declare class Weights {
  readonly arrays: readonly FlatArray[];
  readonly layout?: WeightsLayout;
  readonly unknownLayout?: string;
  withLayout(layout: WeightsLayout): Weights;
  get parameterCount(): number;
  get elementType(): WeightsElementType;
}`,
  WeightsInput: `type FlatArrayInput = FlatArray | { readonly vec: FlatArrayVec; readonly size: readonly number[] };
export type WeightsInput =
  | Weights
  | {
      readonly arrays: readonly FlatArrayInput[];
      readonly layout?: WeightsLayout | undefined;
      readonly unknownLayout?: string | undefined;
    };`,
};

/** The runtime as far as the probes need it: every symbol generated code may import, as `any` but for {@link TYPED_STAND_INS}. */
const RUNTIME_STAND_IN = Object.entries(RUNTIME_SYMBOLS)
  .map(
    ([name, { typeOnly }]) =>
      TYPED_STAND_INS[name] ??
      (typeOnly ? `export type ${name}<A = any, B = any> = any;` : `export declare const ${name}: any;`),
  )
  .join("\n");
