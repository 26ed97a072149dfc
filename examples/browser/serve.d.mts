/** Types of serve.mjs, for the TypeScript tests that build and serve the page. */
export declare const ROW_FILE_NAME: string;
export declare function buildPage(options?: { outDir?: string; row?: string }): Promise<string>;
export declare function serveStatic(
  root: string,
  options?: { host?: string; port?: number },
): Promise<{ url: string; close(): Promise<void> }>;
