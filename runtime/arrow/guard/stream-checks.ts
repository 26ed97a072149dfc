/**
 * The checks of ipc-bounds.ts on a stream of IPC messages read once, as its bytes come (a table
 * piped in: arrow/piped-table.ts), where the walk of a file checks the whole stream before
 * apache-arrow reads it. Each message is checked once all its bytes have come, with what the
 * messages before it left (the schema's layout, the dictionaries given, the codecs, the
 * decompression budget), as that walk checks it; a stream that ends inside a message, or after
 * its end-of-stream marker, is checked once its end is known, with the walk's own words.
 */
import { decompressionLimit } from "./compressed-bodies.js";
import { FlatBuffer } from "./flatbuffer.js";
import {
  checkMessage,
  type IpcFacts,
  type PieceAt,
  refusal,
  walkBytes,
  walkMessages,
  type WalkState,
} from "./ipc-bounds.js";

export class StreamChecks {
  private readonly state: WalkState;
  /** The bytes of stream the decompression budget has been granted for so far. */
  private budgetedBytes = 0;

  /** `isFile`: the stream of an IPC file, whose dictionaries may not be replaced. */
  constructor(
    isFile: boolean,
    private readonly source: string,
  ) {
    this.state = {
      layout: null,
      budget: { remaining: decompressionLimit(0) },
      source,
      codecs: new Set(),
      dictionaryIds: isFile ? new Set() : null,
    };
  }

  /** What has been found, as it is found: the codecs of the batches checked, whether the stream's end was met. */
  get facts(): IpcFacts {
    const { state } = this;
    return {
      codecs: state.codecs,
      get streamFinished() {
        return state.streamFinished === true;
      },
      longMessages: [],
    };
  }

  /**
   * The type and the body length a message's metadata states, bounds-checked as the walk checks
   * them (a `NotArrowFileError` when out of bounds): where the message ends.
   */
  header(metadata: Uint8Array): { readonly type: number; readonly bodyLength: number } {
    try {
      return checkMessage(new FlatBuffer(metadata));
    } catch (error) {
      throw refusal(error, this.source);
    }
  }

  /**
   * Checks the bytes from `from` to `to` (a whole message, or the stream's last bytes once its end
   * is known), which `pieceAt` holds, as the walk of a stream of `to` bytes checks them there.
   * The decompression budget is that of a file of `to` bytes, granted as the stream comes: what a
   * message may decompress is bounded by the bytes up to its end, never more than its file's.
   */
  check(from: number, to: number, pieceAt: PieceAt): void {
    if (to > this.budgetedBytes) {
      this.state.budget.remaining += decompressionLimit(to) - decompressionLimit(this.budgetedBytes);
      this.budgetedBytes = to;
    }
    walkBytes(walkMessages(from, to, this.state), pieceAt, this.source);
  }
}
