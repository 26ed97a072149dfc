/**
 * The child side of memory figures: a child process does its setup, calls `resetPeak()`, does
 * the one thing measured and prints `report(...)` as its last line. Linux lets a process reset
 * its own peak RSS (`/proc/self/clear_refs` <- 5, kernel >= 4.0), so the peak is that of the
 * measured step alone, not of the setup (building a model, generating rows). Where that is not
 * possible the peak is the whole process's (`maxRSS`), and `reset: false` says so.
 *
 * Kept free of heavy imports: a child loads only what it measures.
 */
import { readFileSync, writeFileSync } from "node:fs";

function status(key: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"));
    return match === null ? null : Number(match[1]) / 1024;
  } catch {
    return null;
  }
}

let resetDone = false;
let startMb = 0;

/** Collects garbage if it can (`--expose-gc`), then starts the peak over from the current RSS. */
export function resetPeak(): void {
  (globalThis as { gc?: () => void }).gc?.();
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    resetDone = true;
  } catch {
    resetDone = false;
  }
  startMb = status("VmRSS") ?? process.memoryUsage().rss / 2 ** 20;
}

/** The last line a child prints: its step's time, the peak RSS since `resetPeak`, and the RSS it started from. */
export function report(ms: number, extra: Record<string, unknown> = {}): string {
  const peakMb = (resetDone ? status("VmHWM") : null) ?? process.resourceUsage().maxRSS / 1024;
  return JSON.stringify({ ms, peakMb, startMb, reset: resetDone, ...extra });
}

/** Times `step` between `resetPeak()` and `report()`, and prints the report. */
export async function measureStep(
  step: () => Promise<unknown> | unknown,
  extra: Record<string, unknown> = {},
): Promise<void> {
  resetPeak();
  const start = performance.now();
  const result = await step();
  const ms = performance.now() - start;
  console.log(report(ms, { ...extra, ...(typeof result === "number" ? { count: result } : {}) }));
}
