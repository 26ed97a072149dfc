/**
 * Prints the emitters' structures (structures.ts) as TypeScript, in one fixed layout: two-space
 * indents, a blank line between top-level statements and between class members that span lines,
 * JSDoc above what it documents (on one line when it fits, else its prose wrapped at 100
 * columns), and a method whose body is one short statement on one line. Code lines are never
 * broken: a generated schema module's header says `biome-ignore-all format`, so a formatter
 * leaves it as printed, and nothing here imitates one (commit 493b1d9, which dropped the line
 * breaking, has the measurement behind that choice).
 */
import type {
  ClassStructure,
  ConstructorStructure,
  FunctionStructure,
  InterfaceStructure,
  MethodStructure,
  ParameterStructure,
  PropertySignatureStructure,
  PropertyStructure,
  Statement,
} from "./structures.js";
import { StructureKind } from "./structures.js";

/** The width a one-line method must fit in, as Biome's (biome.jsonc) for the rest of the code. */
const CODE_WIDTH = 120;
/** Where JSDoc prose wraps, as the repository's own comments do. */
const PROSE_WIDTH = 100;
const INDENT = "  ";

/** The statements of a module body, a blank line between two. */
export function printStatements(statements: readonly Statement[]): string {
  return statements.map((statement) => printStatement(statement).join("\n")).join("\n\n");
}

function printStatement(statement: Statement): string[] {
  if (typeof statement === "string") return statement.split("\n");
  switch (statement.kind) {
    case StructureKind.Interface:
      return printInterface(statement);
    case StructureKind.Function:
      return printFunction(statement);
    case StructureKind.Class:
      return printClass(statement);
  }
}

function printInterface(structure: InterfaceStructure): string[] {
  const heritage = structure.extends?.length ? ` extends ${structure.extends.join(", ")}` : "";
  const header = `${exported(structure)}interface ${structure.name}${heritage}`;
  if (structure.properties.length === 0) return [...docLines(structure.docs, ""), `${header} {}`];
  return [
    ...docLines(structure.docs, ""),
    `${header} {`,
    ...structure.properties.flatMap((property) => indent(printPropertySignature(property))),
    "}",
  ];
}

function printPropertySignature(property: PropertySignatureStructure): string[] {
  const optional = property.hasQuestionToken ? "?" : "";
  return [...docLines(property.docs, INDENT), `${readonly(property)}${property.name}${optional}: ${property.type};`];
}

function printFunction(structure: FunctionStructure): string[] {
  const signature = `${exported(structure)}function ${structure.name}${parameters(structure.parameters)}: ${structure.returnType}`;
  return [...docLines(structure.docs, ""), ...body(signature, structure.statements, false)];
}

function printClass(structure: ClassStructure): string[] {
  const heritage = structure.extends === undefined ? "" : ` extends ${structure.extends}`;
  const members = [
    ...(structure.properties ?? []).map(printProperty),
    ...(structure.ctors ?? []).map(printConstructor),
    ...(structure.methods ?? []).map(printMethod),
  ];
  // A blank line sets off every member that spans lines (its docs included) from its neighbours.
  const lines = members.flatMap((member, i) => {
    const spaced = i > 0 && (member.length > 1 || members[i - 1]!.length > 1);
    return spaced ? ["", ...member] : member;
  });
  return [
    ...docLines(structure.docs, ""),
    `${exported(structure)}class ${structure.name}${heritage} {`,
    ...indent(lines),
    "}",
  ];
}

function printProperty(property: PropertyStructure): string[] {
  const name = `${modifiers(property)}${readonly(property)}${property.name}`;
  const declaration = property.hasDeclareKeyword
    ? `declare ${name}: ${property.type};`
    : `${name} = ${property.initializer};`;
  return [...docLines(property.docs, INDENT), declaration];
}

function printConstructor(ctor: ConstructorStructure): string[] {
  return [...docLines(ctor.docs, INDENT), ...body(`constructor${parameters(ctor.parameters)}`, ctor.statements, true)];
}

function printMethod(method: MethodStructure): string[] {
  const signature = `${modifiers(method)}${method.name}${parameters(method.parameters)}: ${method.returnType}`;
  return [...docLines(method.docs, INDENT), ...body(signature, method.statements, true)];
}

/** `signature { ... }`: on one line when the body is one statement and the line fits (members only). */
function body(signature: string, statements: readonly string[], member: boolean): string[] {
  const lines = statements.flatMap((statement) => statement.split("\n"));
  const oneLine = `${signature} { ${lines[0]} }`;
  if (member && lines.length === 1 && INDENT.length + oneLine.length <= CODE_WIDTH) return [oneLine];
  return [`${signature} {`, ...indent(lines), "}"];
}

function modifiers(member: { readonly isStatic?: boolean; readonly hasOverrideKeyword?: boolean }): string {
  return `${member.isStatic ? "static " : ""}${member.hasOverrideKeyword ? "override " : ""}`;
}

function parameters(list: readonly ParameterStructure[]): string {
  return `(${list.map((parameter) => `${parameter.name}: ${parameter.type}`).join(", ")})`;
}

function exported(structure: { readonly isExported?: boolean }): string {
  return structure.isExported ? "export " : "";
}

/** Lines one level deeper; empty lines stay empty. */
export function indent(lines: readonly string[]): string[] {
  return lines.map((line) => (line === "" ? line : `${INDENT}${line}`));
}

function readonly(structure: { readonly isReadonly?: boolean }): string {
  return structure.isReadonly ? "readonly " : "";
}

/**
 * The JSDoc blocks of `docs`, for a declaration at `depth`: `/** text *\/` when that fits the
 * code's width, else one ` * ` line per line of prose wrapped at 100 columns. The text is the
 * emitter's (syntax.ts's `docText` has already made any `*\/` in it harmless).
 */
function docLines(docs: readonly string[] | undefined, depth: string): string[] {
  return (docs ?? []).flatMap((doc) => {
    const oneLine = `/** ${doc} */`;
    if (!doc.includes("\n") && depth.length + oneLine.length <= CODE_WIDTH) return [oneLine];
    const text = doc.split("\n").flatMap((line) => wrap(line, PROSE_WIDTH - depth.length - " * ".length));
    return ["/**", ...text.map((line) => (line === "" ? " *" : ` * ${line}`)), " */"];
  });
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
