/** The parts of a type's name: what the generator reads from a declaration, and what refusals name. */

/**
 * Splits `text` at its `separator`s outside `<...>`: `a, map<b, c>, d` at its top-level commas, a
 * union written `a | list<b | c>` at its top-level bars: declared types as the generator reads
 * them (its parse/container-types.ts and foreign-types.ts), and a type's name in a refusal
 * (violations.ts).
 */
export function splitOutsideAngles(text: string, separator: "," | "|"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<") depth++;
    else if (c === ">") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
