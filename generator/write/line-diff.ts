/**
 * A short line diff for `generate --check`: which lines would change, `-` for what is on disk
 * and `+` for what would be generated, found with a longest-common-subsequence table over the
 * region between the common head and tail (generated files are small, so this stays cheap).
 */

const MAX_REGION_LINES = 3000;

export function lineDiff(current: string, next: string, maxLines = 16): string {
  const a = current.split("\n");
  const b = next.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tailA = a.length;
  let tailB = b.length;
  while (tailA > head && tailB > head && a[tailA - 1] === b[tailB - 1]) {
    tailA--;
    tailB--;
  }
  const regionA = a.slice(head, tailA);
  const regionB = b.slice(head, tailB);
  const edits =
    regionA.length * regionB.length > MAX_REGION_LINES * MAX_REGION_LINES
      ? [...regionA.map((line) => `- ${line}`), ...regionB.map((line) => `+ ${line}`)]
      : editScript(regionA, regionB);
  const shown = edits.slice(0, maxLines);
  if (edits.length > maxLines) shown.push(`  … ${edits.length - maxLines} more changed lines`);
  return [`@@ line ${head + 1}`, ...shown].join("\n");
}

/** The changed lines of `a` -> `b` in order, unchanged lines left out. */
function editScript(a: readonly string[], b: readonly string[]): string[] {
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i] === b[j] ? common[(i + 1) * width + j + 1]! + 1 : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  const edits: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[(i + 1) * width + j]! >= common[i * width + j + 1]!)) {
      edits.push(`- ${a[i++]}`);
    } else {
      edits.push(`+ ${b[j++]}`);
    }
  }
  return edits;
}
