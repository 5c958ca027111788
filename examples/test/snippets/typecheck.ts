// Compiles every snippet module in one TypeScript program (one program is far quicker than one per
// snippet) and hands each snippet back its own diagnostics, located in the README rather than in the
// generated file.
import { join, resolve } from "node:path";
import ts from "typescript";
import type { SnippetModule } from "./materialise.js";

export interface TypecheckResult {
  /** Diagnostics that belong to no snippet (a broken tsconfig, a missing lib): they fail every snippet. */
  global: string[];
  /** Formatted diagnostics per generated module path. */
  byFile: Map<string, string[]>;
}

export function typecheckSnippets(dir: string, modules: SnippetModule[]): TypecheckResult {
  const configPath = join(dir, "tsconfig.json");
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return { global: [flatten(read.error)], byFile: new Map() };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configPath);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const global = parsed.errors.map(flatten);
  const byFile = new Map<string, string[]>();
  const moduleOf = new Map(modules.map((m) => [resolve(m.file), m]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const owner = diagnostic.file && moduleOf.get(resolve(diagnostic.file.fileName));
    if (!owner) {
      global.push(formatElsewhere(diagnostic));
      continue;
    }
    const list = byFile.get(owner.file) ?? [];
    list.push(formatInReadme(owner, diagnostic));
    byFile.set(owner.file, list);
  }
  return { global, byFile };
}

function formatInReadme(owner: SnippetModule, diagnostic: ts.Diagnostic): string {
  const file = diagnostic.file!;
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const readmeLine = owner.readmeLines[line] ?? owner.snippet.fenceLine;
  const source = file.text.split("\n")[line] ?? "";
  return `${owner.snippet.readme}:${readmeLine}:${character + 1} - error TS${diagnostic.code}: ${flatten(diagnostic)}\n    ${source.trim()}`;
}

function formatElsewhere(diagnostic: ts.Diagnostic): string {
  if (!diagnostic.file) return `error TS${diagnostic.code}: ${flatten(diagnostic)}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1} - error TS${diagnostic.code}: ${flatten(diagnostic)}`;
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
}
