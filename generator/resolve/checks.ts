/**
 * Row checks are TypeScript expressions copied into generated code, so they are parsed, never
 * trusted: exactly one expression, nothing that declares, assigns or runs statements, and
 * re-printed from the syntax tree so no comment or trailing text reaches the output.
 */
import type { ts as Ts } from "ts-morph";
import { typescript } from "../ts-morph-lazy.js";

const FORBIDDEN_NAMES = new Set(["eval", "Function", "require", "process", "globalThis"]);

/** The check re-printed, or the reason it is not a single side-effect-free expression. */
export function parseCheckExpression(text: string): { expression: string } | { problem: string } {
  const ts = typescript();
  const { diagnostics = [] } = ts.transpileModule(text, { reportDiagnostics: true });
  if (diagnostics.length > 0) {
    return {
      problem: `it does not parse: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, " ").toLowerCase()}`,
    };
  }
  const sourceFile = ts.createSourceFile("check.ts", text, ts.ScriptTarget.Latest, true);
  const [statement, ...rest] = sourceFile.statements;
  if (statement === undefined || rest.length > 0 || !ts.isExpressionStatement(statement)) {
    return { problem: "it must be exactly one expression over row, such as row.epoch >= 0n" };
  }
  const forbidden = findForbidden(statement.expression);
  if (forbidden !== null) return { problem: `it must only compute a value, but it contains ${forbidden}` };
  return {
    expression: ts
      .createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })
      .printNode(ts.EmitHint.Expression, statement.expression, sourceFile),
  };
}

function findForbidden(root: Ts.Node): string | null {
  const ts = typescript();
  let found: string | null = null;
  const visit = (node: Ts.Node): void => {
    if (found !== null) return;
    found = forbiddenConstruct(node);
    if (found === null) ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function forbiddenConstruct(node: Ts.Node): string | null {
  const ts = typescript();
  if (ts.isArrowFunction(node) && ts.isBlock(node.body)) return "a function body";
  if (ts.isFunctionExpression(node) || ts.isClassExpression(node)) return "a function or class declaration";
  if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) return "an assignment";
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isIncrement(node.operator)) {
    return "an increment or decrement";
  }
  if (ts.isDeleteExpression(node)) return "delete";
  if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) return "await or yield";
  if (node.kind === ts.SyntaxKind.ImportKeyword) return "import";
  if (ts.isIdentifier(node) && FORBIDDEN_NAMES.has(node.text)) return `a reference to ${node.text}`;
  return null;
}

function isAssignment(kind: Ts.SyntaxKind): boolean {
  const ts = typescript();
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isIncrement(operator: Ts.SyntaxKind): boolean {
  const ts = typescript();
  return operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken;
}
