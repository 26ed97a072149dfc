/**
 * Row checks are TypeScript expressions copied into generated code, and `legolas validate` and
 * `inspect` run the checks of whatever folder they are pointed at, so a check is parsed, never
 * trusted. It must be written in a small language (the words in check-language.ts; the guide in
 * docs/schemas.md, "Row checks"): reads of `row`'s fields and their fields and elements,
 * literals, comparison, arithmetic and logic, `?:`, `typeof`, and calls of listed pure
 * functions. Anything else is refused by name and offset. The accepted expression is re-printed
 * from its tree, so no comment or trailing text reaches the output.
 *
 * Two rules need the row's types and are applied with the type-check (check-types.ts): a computed
 * index is a number, and no function is held as a value.
 */
import type { ts as Ts } from "ts-morph";
import { typescript } from "../ts-morph-lazy.js";
import {
  CHECK_LANGUAGE_REFERENCE,
  FORBIDDEN_PROPERTIES,
  GLOBAL_FUNCTIONS,
  MAX_CHECK_DEPTH,
  MAX_CHECK_LENGTH,
  METHODS,
  NAMESPACE_CONSTANTS,
  NAMESPACE_FUNCTIONS,
  VALUE_NAMES,
} from "./check-language.js";

/** The check re-printed, or why it is refused and where in its text (a UTF-16 offset; none for the whole check). */
export type ParsedCheck = { readonly expression: string } | { readonly problem: string; readonly offset?: number };

interface Refusal {
  /** What the check does, as a verb phrase: `reads .constructor`, `contains an object literal`. */
  readonly what: string;
  readonly node: Ts.Node;
}

export function parseCheckExpression(text: string): ParsedCheck {
  if (text.length > MAX_CHECK_LENGTH) {
    return {
      problem: `it is ${text.length} characters long; a check has at most ${MAX_CHECK_LENGTH} (move the logic into fields and constraints)`,
    };
  }
  const ts = typescript();
  let sourceFile: Ts.SourceFile;
  let syntax: Ts.Diagnostic | undefined;
  try {
    sourceFile = ts.createSourceFile("check.ts", text, ts.ScriptTarget.Latest, true);
    syntax = firstSyntaxError(sourceFile);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { problem: `it nests too deeply to read; a check nests at most ${MAX_CHECK_DEPTH} levels` };
  }
  if (syntax !== undefined) {
    const message = ts.flattenDiagnosticMessageText(syntax.messageText, " ").toLowerCase();
    return {
      problem: `it does not parse: ${message}`,
      ...(syntax.start === undefined ? {} : { offset: syntax.start }),
    };
  }
  const [statement, ...rest] = sourceFile.statements;
  if (statement === undefined || rest.length > 0 || !ts.isExpressionStatement(statement)) {
    return { problem: "it must be exactly one expression over row, such as row.epoch >= 0n" };
  }
  const refusal = refusalOf(statement.expression, 0, false);
  if (refusal !== null) {
    return {
      problem: `it ${refusal.what}, which a check may not (${CHECK_LANGUAGE_REFERENCE})`,
      offset: refusal.node.getStart(sourceFile),
    };
  }
  const separator = separatorOutsideText(text, sourceFile);
  if (separator !== null) {
    return {
      problem: `it holds ${separator.name} outside a string, which TypeScript reads as a line break and YAML (and most editors) do not: after // it would end the comment, and what follows would run; remove it, or write ${separator.escape} in a string`,
      offset: separator.offset,
    };
  }
  return {
    expression: ts
      .createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })
      .printNode(ts.EmitHint.Expression, statement.expression, sourceFile),
  };
}

const SEPARATORS = /[\u2028\u2029]/gu;

/**
 * The first U+2028 or U+2029 of `text` that is not inside a string or template literal, or
 * `null`: a line break to TypeScript (a `//` comment ends there), to YAML a character of the line.
 */
function separatorOutsideText(
  text: string,
  sourceFile: Ts.SourceFile,
): { readonly offset: number; readonly name: string; readonly escape: string } | null {
  const offsets = [...text.matchAll(SEPARATORS)].map((match) => match.index);
  if (offsets.length === 0) return null;
  const ts = typescript();
  const literals: [number, number][] = [];
  const visit = (node: Ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node))
      literals.push([node.getStart(sourceFile), node.end]);
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const offset = offsets.find((at) => !literals.some(([start, end]) => at >= start && at < end));
  if (offset === undefined) return null;
  return text[offset] === "\u2028"
    ? { offset, name: "U+2028 (a line separator)", escape: "\\u2028" }
    : { offset, name: "U+2029 (a paragraph separator)", escape: "\\u2029" };
}

/** The first syntax error of a parsed file (a program of that one file, never type-checked). */
function firstSyntaxError(sourceFile: Ts.SourceFile): Ts.Diagnostic | undefined {
  const ts = typescript();
  const host: Ts.CompilerHost = {
    getSourceFile: (name) => (name === sourceFile.fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => {},
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => name === sourceFile.fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({
    rootNames: [sourceFile.fileName],
    options: { noLib: true, noResolve: true, types: [] },
    host,
  });
  return program.getSyntacticDiagnostics(sourceFile)[0];
}

/** The first construct outside the language, depth first; `callee` when `node` is the function a call calls. */
function refusalOf(node: Ts.Node, depth: number, callee: boolean): Refusal | null {
  const ts = typescript();
  if (depth > MAX_CHECK_DEPTH) return { what: `nests more than ${MAX_CHECK_DEPTH} levels deep`, node };
  const inner = (child: Ts.Node): Refusal | null => refusalOf(child, depth + 1, false);
  const all = (children: readonly Ts.Node[]): Refusal | null => {
    for (const child of children) {
      const refusal = inner(child);
      if (refusal !== null) return refusal;
    }
    return null;
  };
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node))
    return refusalOf(node.expression, depth + 1, callee);
  if (isLiteral(node)) return null;
  if (ts.isTemplateExpression(node)) return all(node.templateSpans.map((span) => span.expression));
  if (ts.isIdentifier(node)) return nameRefusal(node, callee);
  if (ts.isPropertyAccessExpression(node)) {
    if (ts.isIdentifier(node.expression) && !VALUE_NAMES.has(node.expression.text))
      return namespaceRefusal(node, callee);
    return inner(node.expression) ?? propertyRefusal(node, callee);
  }
  if (ts.isElementAccessExpression(node)) {
    if (callee) return { what: "calls a computed member", node };
    return indexRefusal(node.argumentExpression) ?? all([node.expression, node.argumentExpression]);
  }
  if (ts.isCallExpression(node)) {
    if (node.typeArguments !== undefined) return { what: "gives type arguments", node: node.typeArguments[0]! };
    return refusalOf(node.expression, depth + 1, true) ?? all(node.arguments);
  }
  if (ts.isBinaryExpression(node)) return operatorRefusal(node) ?? all([node.left, node.right]);
  if (ts.isPrefixUnaryExpression(node)) {
    return PREFIX_OPERATORS.has(ts.tokenToString(node.operator) ?? "")
      ? inner(node.operand)
      : { what: "contains an increment or decrement", node };
  }
  if (ts.isTypeOfExpression(node)) return inner(node.expression);
  if (ts.isConditionalExpression(node)) return all([node.condition, node.whenTrue, node.whenFalse]);
  if (ts.isArrayLiteralExpression(node)) return all(node.elements);
  return { what: `contains ${constructName(node)}`, node };
}

function isLiteral(node: Ts.Node): boolean {
  const ts = typescript();
  return (
    ts.isNumericLiteral(node) ||
    ts.isBigIntLiteral(node) ||
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

/** A bare name: `row` and a few constants as values, the listed global functions as callees. */
function nameRefusal(node: Ts.Identifier, callee: boolean): Refusal | null {
  if (callee) return GLOBAL_FUNCTIONS.has(node.text) ? null : { what: `calls ${node.text}()`, node };
  return VALUE_NAMES.has(node.text) ? null : { what: `names ${node.text}`, node };
}

/** `Math.max`, `Number.EPSILON`: a listed function of a global namespace, or a listed constant. */
function namespaceRefusal(node: Ts.PropertyAccessExpression, callee: boolean): Refusal | null {
  const namespace = node.expression.getText();
  const name = node.name.getText();
  const listed = (callee ? NAMESPACE_FUNCTIONS : NAMESPACE_CONSTANTS).get(namespace);
  if (listed?.has(name)) return null;
  return { what: callee ? `calls ${namespace}.${name}()` : `reads ${namespace}.${name}`, node };
}

/** `x.name` on a value: never a forbidden property; called, a listed method. */
function propertyRefusal(node: Ts.PropertyAccessExpression, callee: boolean): Refusal | null {
  const ts = typescript();
  if (!ts.isIdentifier(node.name)) return { what: "reads a private member", node: node.name };
  const name = node.name.text;
  if (FORBIDDEN_PROPERTIES.has(name)) return { what: `reads .${name}`, node: node.name };
  if (callee && !METHODS.has(name)) return { what: `calls .${name}()`, node: node.name };
  return null;
}

/** `x["name"]`: a quoted index is held to the property rule; other indexes to the type rule (check-types.ts). */
function indexRefusal(index: Ts.Expression): Refusal | null {
  const ts = typescript();
  if (
    (ts.isStringLiteral(index) || ts.isNoSubstitutionTemplateLiteral(index)) &&
    FORBIDDEN_PROPERTIES.has(index.text)
  ) {
    return { what: `reads [${JSON.stringify(index.text)}]`, node: index };
  }
  return null;
}

const BINARY_OPERATORS: ReadonlySet<string> = new Set([
  ...["===", "!==", "==", "!=", "<", "<=", ">", ">="],
  ...["+", "-", "*", "/", "%", "&", "|", "^"],
  ...["&&", "||", "??", "in"],
]);

const PREFIX_OPERATORS: ReadonlySet<string> = new Set(["!", "-", "+", "~"]);

function operatorRefusal(node: Ts.BinaryExpression): Refusal | null {
  const ts = typescript();
  const kind = node.operatorToken.kind;
  const operator = ts.tokenToString(kind) ?? "";
  if (BINARY_OPERATORS.has(operator)) return null;
  const what =
    kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment
      ? "contains an assignment"
      : kind === ts.SyntaxKind.CommaToken
        ? "contains the comma operator"
        : kind === ts.SyntaxKind.AsteriskAsteriskToken
          ? "contains ** (use Math.pow: a bigint power can run for minutes)"
          : `contains the operator ${operator}`;
  return { what, node: node.operatorToken };
}

/** A construct outside the language, named as a user would name it. */
function constructName(node: Ts.Node): string {
  const ts = typescript();
  const { SyntaxKind } = ts;
  const names: Partial<Record<Ts.SyntaxKind, string>> = {
    [SyntaxKind.ArrowFunction]: "a function",
    [SyntaxKind.FunctionExpression]: "a function",
    [SyntaxKind.ClassExpression]: "a class",
    [SyntaxKind.ObjectLiteralExpression]: "an object literal (its getters and methods would run code)",
    [SyntaxKind.TaggedTemplateExpression]: "a tagged template",
    [SyntaxKind.NewExpression]: "new",
    [SyntaxKind.AsExpression]: "a type assertion",
    [SyntaxKind.TypeAssertionExpression]: "a type assertion",
    [SyntaxKind.SatisfiesExpression]: "satisfies",
    [SyntaxKind.RegularExpressionLiteral]: "a regular expression (give the field a pattern: constraint instead)",
    [SyntaxKind.SpreadElement]: "a spread (...)",
    [SyntaxKind.OmittedExpression]: "an array hole",
    [SyntaxKind.PostfixUnaryExpression]: "an increment or decrement",
    [SyntaxKind.DeleteExpression]: "delete",
    [SyntaxKind.VoidExpression]: "void",
    [SyntaxKind.AwaitExpression]: "await",
    [SyntaxKind.YieldExpression]: "yield",
    [SyntaxKind.MetaProperty]: "import.meta or new.target",
    [SyntaxKind.ThisKeyword]: "this",
    [SyntaxKind.SuperKeyword]: "super",
  };
  if (ts.isCallExpression(node.parent) && node.kind === SyntaxKind.ImportKeyword) return "import()";
  return names[node.kind] ?? JSON.stringify(node.getText().slice(0, 40));
}
