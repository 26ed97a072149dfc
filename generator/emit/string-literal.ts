/**
 * How generated code writes a string: one rule for the emitters and the type printers
 * (type-script.ts).
 */

/**
 * `text` as a string literal for generated code, quoted as the formatter quotes it (biome.jsonc): in double quotes
 * unless the text holds more double quotes than single ones. Escapes come from `JSON.stringify`.
 */
export function stringLiteral(text: string): string {
  const json = JSON.stringify(text);
  if (!text.includes('"') || count(text, '"') <= count(text, "'")) return json;
  // In single quotes a double quote needs no escape and a single one does.
  const body = json.slice(1, -1).replace(/\\(.)|'/g, (match, escaped: string | undefined) => {
    if (escaped === undefined) return "\\'";
    return escaped === '"' ? '"' : match;
  });
  return `'${body}'`;
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}
