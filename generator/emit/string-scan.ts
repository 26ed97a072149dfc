/**
 * Reading printed code: where a string or template literal that opens at a quote ends. Shared by
 * the structure printer (which must know that a line ends outside every string) and the line
 * breaker (which keeps literals whole).
 */

/**
 * The index just past the quote that closes the literal opening at `start` (`"`, `'` or a
 * backtick, whose `${...}` parts are skipped by brace depth), or -1 when `code` ends first.
 */
export function literalEnd(code: string, start: number): number {
  const quote = code[start]!;
  for (let at = start + 1; at < code.length; at++) {
    const char = code[at]!;
    if (char === "\\") at++;
    else if (char === quote) return at + 1;
    else if (quote === "`" && char === "$" && code[at + 1] === "{") {
      let depth = 0;
      for (; at < code.length; at++) {
        if (code[at] === "{") depth++;
        else if (code[at] === "}" && --depth === 0) break;
      }
    }
  }
  return -1;
}
