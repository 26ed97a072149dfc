export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}
export function templateGenerate(schemasDir: string): Promise<TemplateFile[]>;
export function templateRun(schemasDir: string, outDir: string, check: boolean): Promise<number>;
