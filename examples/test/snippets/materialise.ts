// Turns each snippet into a module of its own under examples/.snippets, next to a tsconfig that checks
// them the way a user's strict NodeNext project would.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Snippet } from "./extract.js";

/** A snippet written to disk, with what it takes to point a diagnostic back at the README. */
export interface SnippetModule {
  snippet: Snippet;
  /** `README.md:62`, the name tests and messages use. */
  label: string;
  /** Absolute path of the generated module. */
  file: string;
  /** README line of each generated line (index 0 is line 1). */
  readmeLines: number[];
}

/** Where the generated modules go; git-ignored, rebuilt from scratch on every run. */
export function snippetDir(examplesDir: string): string {
  return join(examplesDir, ".snippets");
}

export function writeSnippetModules(examplesDir: string, snippets: Snippet[]): SnippetModule[] {
  const dir = snippetDir(examplesDir);
  // Stale modules of blocks that moved or vanished would otherwise still be compiled.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const modules = snippets.map((snippet) => writeModule(dir, snippet));
  writeFileSync(join(dir, "tsconfig.json"), tsconfigFor(modules));
  return modules;
}

function writeModule(dir: string, snippet: Snippet): SnippetModule {
  const name = `${snippet.readme.replace(/[^A-Za-z0-9]+/g, "_")}_L${snippet.fenceLine}.ts`;
  const generated: string[] = [];
  const readmeLines: number[] = [];
  const add = (text: string, line: number) => {
    generated.push(text);
    readmeLines.push(line);
  };
  add(`// Generated from ${snippet.readme}:${snippet.fenceLine}; edit the README, not this file.`, snippet.fenceLine);
  for (const d of snippet.declarations) add(d.text, d.line);
  for (const [i, line] of snippet.lines.entries()) add(line, snippet.fenceLine + 1 + i);
  // A snippet without imports would be a script, and scripts share one global scope: two snippets that
  // both declare `const voice` would then clash.
  add("export {};", snippet.fenceLine + snippet.lines.length + 1);
  const file = join(dir, name);
  writeFileSync(file, `${generated.join("\n")}\n`);
  return { snippet, label: `${snippet.readme}:${snippet.fenceLine}`, file, readmeLines };
}

/**
 * Strict like the repo's own code, NodeNext like an ESM Node user: package `exports` decide which
 * declaration file each `@callspec/*` import gets, which is the built dist, never the sources.
 */
function tsconfigFor(modules: SnippetModule[]): string {
  const config = {
    extends: "../../tsconfig.base.json",
    compilerOptions: { noEmit: true, declaration: false, sourceMap: false },
    files: modules.map((m) => `./${m.file.split(/[\\/]/).pop()}`),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
