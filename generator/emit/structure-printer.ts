/**
 * Prints the ts-morph structures the emitters build (imports, interfaces, functions, classes
 * with properties, a constructor and methods, and string statements) to exactly the text
 * ts-morph's `printStructure` gives, about ten times faster: ts-morph writes through
 * code-block-writer, which allocates a writer per type and parameter and scans every character
 * for string and comment state (a third of `generate --check`'s time, see BENCHMARKS.md).
 *
 * The layout rules below are ts-morph 28's (`StatementStructurePrinter`, `ClassDeclaration...`,
 * `JSDocStructurePrinter` in ts-morph.js) over code-block-writer's primitives. Its character
 * scan only matters where a line could start inside a string or comment; `printable` accepts
 * only text where that cannot happen, and `printStructures` returns `undefined` for anything
 * else (another structure kind or property, a template literal, an unclosed `/*`), so that the
 * caller prints that file with ts-morph itself. test/generator/structure-printer.test.ts holds
 * the two printers to the same bytes.
 */
import type {
  ClassDeclarationStructure,
  ConstructorDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  InterfaceDeclarationStructure,
  MethodDeclarationStructure,
  OptionalKind,
  ParameterDeclarationStructure,
  PropertyDeclarationStructure,
  PropertySignatureStructure,
  StatementStructures,
} from "ts-morph";
import { StructureKind } from "./structure-kind.js";
import { literalEnd } from "./string-scan.js";

/** A statement as the emitters give it (generated-file.ts's `Statement`). */
type Statement = string | StatementStructures;

/** Thrown inside the printer when a structure is outside what it prints exactly. */
class Unsupported extends Error {}

/** The file's text as `printStructure({ kind: SourceFile, statements }, { indentNumberOfSpaces, newLine: "\n" })` prints it, or `undefined`. */
export function printStructures(statements: readonly Statement[], indentNumberOfSpaces: number): string | undefined {
  const writer = new Writer(" ".repeat(indentNumberOfSpaces));
  try {
    printStatements(writer, statements);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  if (!writer.isAtStartOfFirstLineOfBlock() && !writer.isLastNewLine()) writer.newLine();
  return writer.toString();
}

/** code-block-writer's state, less the string and comment scan that `printable` makes moot. */
class Writer {
  #text = "";
  #indentation = 0;
  #onFirstLineOfBlock = true;
  #lastChar = "";
  #lastNonWhitespace = "";
  #trailingNewLines = 0;

  constructor(private readonly indentText: string) {}

  write(text: string): this {
    if (text.length === 0) {
      this.#indentIfAtLineStart();
      return this;
    }
    let start = 0;
    for (let end = text.indexOf("\n"); ; end = text.indexOf("\n", start)) {
      const piece = end === -1 ? text.slice(start) : text.slice(start, end);
      if (piece.length !== 0) {
        this.#indentIfAtLineStart();
        this.#push(piece);
      }
      if (end === -1) return this;
      this.newLine();
      start = end + 1;
    }
  }

  newLine(): this {
    this.#text += "\n";
    this.#lastChar = "\n";
    this.#trailingNewLines++;
    this.#onFirstLineOfBlock = false;
    return this;
  }

  newLineIfLastNot(): this {
    return this.isLastNewLine() ? this : this.newLine();
  }

  blankLine(): this {
    return this.newLineIfLastNot().newLine();
  }

  blankLineIfLastNot(): this {
    return this.#trailingNewLines >= 2 ? this : this.blankLine();
  }

  space(): this {
    return this.write(" ");
  }

  spaceIfLastNot(): this {
    return this.#lastChar === " " ? this : this.write(" ");
  }

  inlineBlock(block: () => void): this {
    this.write("{");
    if (this.#lastChar !== "") this.newLineIfLastNot();
    this.#indentation++;
    this.#onFirstLineOfBlock = true;
    block();
    this.#onFirstLineOfBlock = false;
    this.#indentation--;
    return this.newLineIfLastNot().write("}");
  }

  isLastNewLine(): boolean {
    return this.#lastChar === "\n";
  }

  isAtStartOfFirstLineOfBlock(): boolean {
    return this.#onFirstLineOfBlock && (this.#lastChar === "\n" || this.#lastChar === "");
  }

  isLastNonWhitespaceCloseBrace(): boolean {
    return this.#lastNonWhitespace === "}";
  }

  toString(): string {
    return this.#text;
  }

  #indentIfAtLineStart(): void {
    if ((this.#lastChar === "\n" || this.#lastChar === "") && this.#indentation > 0)
      this.#push(this.indentText.repeat(this.#indentation));
  }

  #push(text: string): void {
    this.#text += text;
    this.#lastChar = text[text.length - 1]!;
    this.#trailingNewLines = 0;
    const trimmed = text.trimEnd();
    if (trimmed.length !== 0) this.#lastNonWhitespace = trimmed[trimmed.length - 1]!;
  }
}

// --- What the printer accepts -------------------------------------------------------------

/**
 * Code text whose every line starts outside a string and a comment in code-block-writer's
 * reading: template literals closed on their own line (validators print value paths as
 * `${path}names[${i}]`), no line ending in a backslash (a quote string then stays open), every
 * `/*` closed on its own line, nothing that could join a `/` of one write to a `*` of the next.
 */
function printable(text: string): string {
  if (
    text.includes("\r") ||
    text.includes("\\\n") ||
    text.endsWith("\\") ||
    text.endsWith("/") ||
    text.startsWith("*")
  ) {
    throw new Unsupported();
  }
  const code = text.includes("`") ? text.replace(LINE_START_COMMENTS, "") : text;
  if (code.includes("`") && !code.split("\n").every(endsInCode)) throw new Unsupported();
  for (let open = code.indexOf("/*"); open !== -1; open = code.indexOf("/*", open + 1)) {
    const close = code.indexOf("*/", open + 1);
    const lineEnd = code.indexOf("\n", open);
    if (close === -1 || (lineEnd !== -1 && close > lineEnd)) throw new Unsupported();
  }
  return text;
}

/** Whether a line that holds a backtick ends outside every string and block comment. */
function endsInCode(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "/" && line[i + 1] === "/") return true;
    if (char === "/" && line[i + 1] === "*") {
      const close = line.indexOf("*/", i + 2);
      if (close === -1) return false;
      i = close + 1;
    } else if (char === '"' || char === "'" || char === "`") {
      const end = literalEnd(line, i);
      if (end === -1) return false;
      i = end - 1;
    }
  }
  return true;
}

/** `/* ... *\/` opening a line and closed on it (not `/*\/`, which code-block-writer reads as closed). */
const LINE_START_COMMENTS = /^[ \t]*\/\*(?!\/).*?\*\//gm;

/** Text printed on a header line (a name, a type, an initializer): one line, no comment. */
function inline(text: string): string {
  if (text.includes("\n") || text.includes("//")) throw new Unsupported();
  return printable(text);
}

/** Structures printed here have only these keys (with values other than `undefined`). */
function only(structure: object, keys: ReadonlySet<string>): void {
  for (const key in structure) {
    if (!keys.has(key) && (structure as Record<string, unknown>)[key] !== undefined) throw new Unsupported();
  }
}

const IMPORT_KEYS = new Set(["kind", "moduleSpecifier", "namedImports"]);
const SPECIFIER_KEYS = new Set(["name", "isTypeOnly"]);
const PARAMETER_KEYS = new Set(["name", "type"]);
const INTERFACE_KEYS = new Set(["kind", "name", "isExported", "docs", "extends", "properties"]);
const PROPERTY_SIGNATURE_KEYS = new Set(["name", "isReadonly", "hasQuestionToken", "type", "docs"]);
const FUNCTION_KEYS = new Set(["kind", "name", "isExported", "docs", "parameters", "returnType", "statements"]);
const CLASS_KEYS = new Set(["kind", "name", "isExported", "docs", "implements", "properties", "ctors", "methods"]);
const PROPERTY_KEYS = new Set(["name", "isStatic", "isReadonly", "type", "docs", "initializer"]);
const CONSTRUCTOR_KEYS = new Set(["docs", "parameters", "statements"]);
const METHOD_KEYS = new Set(["name", "isStatic", "docs", "parameters", "returnType", "statements"]);

function strings(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw new Unsupported();
  return value;
}

// --- ts-morph's layout ----------------------------------------------------------------------

function printStatements(writer: Writer, statements: string | readonly Statement[] | undefined): void {
  if (statements === undefined) return;
  if (typeof statements === "string") {
    writer.write(printable(statements));
    return;
  }
  if (!Array.isArray(statements)) throw new Unsupported();
  for (const statement of statements) {
    if (writer.isLastNonWhitespaceCloseBrace()) writer.blankLineIfLastNot();
    else if (!writer.isAtStartOfFirstLineOfBlock()) writer.newLineIfLastNot();
    printStatement(writer, statement);
  }
}

function printStatement(writer: Writer, statement: Statement): void {
  if (typeof statement === "string") {
    writer.write(printable(statement));
    return;
  }
  const ensureBlankLine = () => {
    if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLineIfLastNot();
  };
  switch (statement.kind) {
    case StructureKind.ImportDeclaration:
      printImport(writer, statement);
      return;
    case StructureKind.Interface:
      ensureBlankLine();
      printInterface(writer, statement);
      return;
    case StructureKind.Function:
      ensureBlankLine();
      printFunction(writer, statement);
      return;
    case StructureKind.Class:
      ensureBlankLine();
      printClass(writer, statement);
      return;
    default:
      throw new Unsupported();
  }
}

function printImport(writer: Writer, structure: OptionalKind<ImportDeclarationStructure>): void {
  only(structure, IMPORT_KEYS);
  if (
    !/^[\w@./-]+$/.test(structure.moduleSpecifier) ||
    !Array.isArray(structure.namedImports) ||
    structure.namedImports.length === 0
  )
    throw new Unsupported();
  const names = structure.namedImports.map((specifier) => {
    if (typeof specifier !== "object") throw new Unsupported();
    only(specifier, SPECIFIER_KEYS);
    return `${specifier.isTypeOnly === true ? "type " : ""}${inline(specifier.name)}`;
  });
  writer.write(`import { ${names.join(", ")} } from "${structure.moduleSpecifier}";`);
}

function printDocs(writer: Writer, docs: unknown): void {
  for (const doc of strings(docs)) {
    if (doc.includes("*/") || doc.includes("\r")) throw new Unsupported();
    const lines = doc.split("\n");
    const start = lines[0]!.length === 0 ? 1 : 0;
    writer.write("/**");
    if (lines.length <= 1) writer.space().write(lines[start] ?? "");
    else {
      writer.newLine();
      for (let i = start; i < lines.length; i++) {
        writer.write(" *");
        if (lines[i]!.length > 0) writer.write(` ${lines[i]}`);
        writer.newLine();
      }
    }
    writer.spaceIfLastNot().write("*/").newLine();
  }
}

interface Modifiers {
  readonly isExported?: boolean | undefined;
  readonly isStatic?: boolean | undefined;
  readonly isReadonly?: boolean | undefined;
}

function printModifiers(writer: Writer, structure: Modifiers): void {
  if (structure.isExported === true) writer.write("export ");
  if (structure.isStatic === true) writer.write("static ");
  if (structure.isReadonly === true) writer.write("readonly ");
}

function printType(writer: Writer, separator: string, type: unknown): void {
  if (type === undefined) return;
  if (typeof type !== "string") throw new Unsupported();
  if (type.trim().length !== 0) writer.write(`${separator} ${inline(type)}`);
}

function printParameters(
  writer: Writer,
  parameters: readonly OptionalKind<ParameterDeclarationStructure>[] | undefined,
): void {
  const printed = (parameters ?? []).map((parameter) => {
    only(parameter, PARAMETER_KEYS);
    if (typeof parameter.type !== "string" || parameter.type.trim().length === 0) throw new Unsupported();
    return `${inline(parameter.name)}: ${inline(parameter.type)}`;
  });
  writer.write(`(${printed.join(", ")})`);
}

function printBody(writer: Writer, statements: unknown): void {
  writer.inlineBlock(() => printStatements(writer, statements as string | readonly Statement[] | undefined));
}

function printInterface(writer: Writer, structure: OptionalKind<InterfaceDeclarationStructure>): void {
  only(structure, INTERFACE_KEYS);
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write(`interface ${inline(structure.name)}`).space();
  const extendsText = strings(structure.extends).map(inline).join(", ");
  if (extendsText.trim().length !== 0) writer.write(`extends ${extendsText} `);
  writer.inlineBlock(() => {
    const properties = structure.properties ?? [];
    if (properties.length !== 0 && !writer.isAtStartOfFirstLineOfBlock()) writer.newLine();
    properties.forEach((property, i) => {
      if (i > 0) writer.newLine();
      printPropertySignature(writer, property);
    });
  });
}

function printPropertySignature(writer: Writer, structure: OptionalKind<PropertySignatureStructure>): void {
  only(structure, PROPERTY_SIGNATURE_KEYS);
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write(inline(structure.name));
  if (structure.hasQuestionToken === true) writer.write("?");
  printType(writer, ":", structure.type);
  writer.write(";");
}

function printFunction(writer: Writer, structure: OptionalKind<FunctionDeclarationStructure>): void {
  only(structure, FUNCTION_KEYS);
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write("function");
  if (structure.name !== undefined && structure.name.trim().length !== 0) writer.write(` ${inline(structure.name)}`);
  printParameters(writer, structure.parameters);
  printType(writer, ":", structure.returnType);
  writer.space();
  printBody(writer, structure.statements);
}

function printClass(writer: Writer, structure: OptionalKind<ClassDeclarationStructure>): void {
  only(structure, CLASS_KEYS);
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write("class");
  if (structure.name !== undefined && structure.name.trim().length !== 0) writer.space().write(inline(structure.name));
  writer.space();
  const implementsText = strings(structure.implements).map(inline).join(", ");
  if (implementsText.trim().length !== 0) writer.write(`implements ${implementsText} `);
  const separator = () => {
    if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLine();
  };
  writer.inlineBlock(() => {
    (structure.properties ?? []).forEach((property, i) => {
      if (i > 0) writer.newLine();
      printProperty(writer, property);
    });
    for (const ctor of structure.ctors ?? []) {
      separator();
      printConstructor(writer, ctor);
    }
    const methods = structure.methods ?? [];
    if (methods.length === 0) return;
    separator();
    methods.forEach((method, i) => {
      if (i > 0) writer.blankLine();
      printMethod(writer, method);
    });
  });
}

function printProperty(writer: Writer, structure: OptionalKind<PropertyDeclarationStructure>): void {
  only(structure, PROPERTY_KEYS);
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write(inline(structure.name));
  printType(writer, ":", structure.type);
  if (structure.initializer !== undefined) {
    if (typeof structure.initializer !== "string") throw new Unsupported();
    if (structure.initializer.trim().length !== 0) writer.spaceIfLastNot().write(`= ${inline(structure.initializer)}`);
  }
  writer.write(";");
}

function printConstructor(writer: Writer, structure: OptionalKind<ConstructorDeclarationStructure>): void {
  only(structure, CONSTRUCTOR_KEYS);
  printDocs(writer, structure.docs);
  writer.write("constructor");
  printParameters(writer, structure.parameters);
  writer.space();
  printBody(writer, structure.statements);
}

function printMethod(writer: Writer, structure: OptionalKind<MethodDeclarationStructure>): void {
  only(structure, METHOD_KEYS);
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write(inline(structure.name));
  printParameters(writer, structure.parameters);
  printType(writer, ":", structure.returnType);
  writer.spaceIfLastNot();
  printBody(writer, structure.statements);
}
