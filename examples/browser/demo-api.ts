/** What the demo page exposes as `window.legolasDemo`, for tests and the devtools console. */
import type { ByteSource } from "legolas-ts";

export interface DemoPrediction {
  /** The class with the highest probability. */
  readonly label: number;
  /** The ten class probabilities, as the model returned them. */
  readonly probabilities: number[];
}

export interface LegolasDemo {
  /** Settles once the backend is chosen and the served row is loaded (or found missing). */
  readonly ready: Promise<void>;
  /** Sets the model input (size*size values in [0, 1], row-major, 0 paper, 1 ink) and predicts. */
  setInput(values: ArrayLike<number>): void;
  /** The current model input, or `null` when nothing is drawn. */
  input(): number[] | null;
  prediction(): DemoPrediction | null;
  loaded(): { source: string; size: number } | null;
  /** Loads a model row as the drop zone does; `true` when it loaded. */
  loadRow(source: ByteSource): Promise<boolean>;
}

declare global {
  interface Window {
    legolasDemo: LegolasDemo;
  }
}
