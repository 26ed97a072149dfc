/**
 * The rows every validator sees: pools of distinct valid and invalid rows, cycled through by
 * index so that no side benefits from validating one object over and over.
 */

export const POOL = 64; // a power of two: rows[i & (POOL - 1)]

/** `bench.training-run@1` rows without weights (`weights: null`), as a training loop would write them. */
export function digitsRows(): { valid: object[]; invalid: object[] } {
  const valid: object[] = [];
  const invalid: object[] = [];
  for (let i = 0; i < POOL; i++) {
    const sha = (0x1234567 + i * 7919).toString(16).padStart(7, "0") + "abcdef0123456789".slice(0, i % 16);
    valid.push({
      weights: null,
      architecture_version: i % 5 === 0 ? null : 3n,
      epoch: BigInt(i),
      accuracy: i % 7 === 0 ? null : (i % 100) / 100,
      commit_sha: i % 3 === 0 ? null : sha,
    });
    // One fault per row, four kinds: a range, a pattern, a type and a row check.
    const fault = [{ accuracy: 1.5 }, { commit_sha: "not-a-sha" }, { epoch: "3" }, { epoch: -1n }][i % 4];
    invalid.push({ ...valid[i], ...fault });
  }
  return { valid, invalid };
}

const KINDS = ["train", "eval", "test"] as const;
const SOURCES = [null, "cli", "api", "cron"] as const;

function uuid(i: number): string {
  const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, "0").slice(-width);
  return `${hex(i * 2654435761, 8)}-${hex(i, 4)}-4${hex(i * 31, 3)}-a${hex(i * 17, 3)}-${hex(i * 97, 4)}${hex(i * 40503, 8)}`;
}

/** `bench.event@1` rows: 20 fields, some optional ones missing, some null, a nested record. */
export function eventRows(): { valid: object[]; invalid: object[] } {
  const valid: object[] = [];
  const invalid: object[] = [];
  for (let i = 0; i < POOL; i++) {
    const row: Record<string, unknown> = {
      id: uuid(i + 1),
      name: `run ${i} of the nightly sweep`,
      kind: KINDS[i % 3],
      enabled: i % 2 === 0,
      count: i * 1000,
      step: BigInt(i) * 1_000_000_007n,
      offset: i % 4 === 0 ? null : BigInt(-i),
      epoch: i % 5 === 0 ? null : i,
      retries: i % 4,
      port: i % 3 === 0 ? null : 8000 + i,
      size: 4_000_000_000 - i,
      priority: (i % 256) - 128,
      score: (i % 100) / 100,
      loss: i % 6 === 0 ? null : 1 / (i + 1),
      tag: i % 2 === 0 ? null : `tag-${i}`,
      note: i % 3 === 0 ? null : "a note that is shorter than two hundred characters",
      labels: i % 4 === 0 ? null : ["a", "b", "c"].slice(0, (i % 3) + 1),
      location: i % 5 === 0 ? null : { lat: (i % 180) - 90, lon: (i % 360) - 180, label: i % 2 ? "lab" : null },
      owner: { id: i, name: `owner ${i}`, email: i % 2 === 0 ? `o${i}@example.org` : null },
      source: SOURCES[i % 4],
    };
    if (i % 4 === 0) delete row.tag; // missing, not null
    if (i % 8 === 1) delete row.source;
    valid.push(row);
    // Two faults per row, cycling through kinds (type, range, enum, length, pattern, nested).
    const faults = [
      { count: -1, kind: "deploy" },
      { step: 2n ** 64n, name: "" },
      { retries: 256, owner: { id: 1.5, name: "x" } },
      { score: "0.5", labels: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] },
      { id: "not-a-uuid", location: { lat: 91, lon: 0 } },
      { enabled: "yes", priority: 128 },
    ][i % 6];
    invalid.push({ ...row, ...faults });
  }
  return { valid, invalid };
}
