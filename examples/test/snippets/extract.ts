// Finds the TypeScript code blocks of the repo's READMEs, with the `<!-- snippet: … -->` directives
// written right above each one.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** One ```ts block of a README. */
export interface Snippet {
  /** The README, relative to the repo root with forward slashes. */
  readme: string;
  /** 1-based line of the opening fence. */
  fenceLine: number;
  /** The code, one entry per line, indentation of the fence removed. */
  lines: string[];
  /** `declare …` statements the snippet assumes, each with the README line it was written on. */
  declarations: { text: string; line: number }[];
  /** Why the snippet is only type-checked, when a `no-run` directive says so. */
  noRun?: string;
}

const TS_LANGUAGES = new Set(["ts", "typescript"]);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const DIRECTIVE = /^\s*<!--\s*snippet:\s*(.*?)\s*-->\s*$/;

/**
 * Every README.md git knows of or would add (tracked, or untracked and not ignored), so a new package's
 * README is tested from the moment it exists.
 */
export function listReadmes(repoRoot: string): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "*.md"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  const files = out.split("\0").filter((f) => f && basename(f).toLowerCase() === "readme.md");
  return [...new Set(files)].filter((f) => !f.split("/").includes("node_modules")).sort();
}

export function snippetsOfRepo(repoRoot: string): Snippet[] {
  return listReadmes(repoRoot).flatMap((readme) => parseSnippets(readme, readFileSync(join(repoRoot, readme), "utf8")));
}

/**
 * Parses one README. Fences of every language are tracked, so a ```ts example quoted inside a ```md
 * block is not mistaken for a snippet of its own.
 */
export function parseSnippets(readme: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent = "", marker = "", language = ""] = open;
    const close = findClosingFence(lines, i + 1, marker);
    if (close < 0) throw new Error(`${readme}:${i + 1}: the code block opened here is never closed`);
    if (TS_LANGUAGES.has(language.toLowerCase())) {
      const body = lines.slice(i + 1, close).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
      snippets.push({ readme, fenceLine: i + 1, lines: body, ...readDirectives(readme, lines, i) });
    }
    i = close;
  }
  return snippets;
}

function findClosingFence(lines: string[], from: number, marker: string): number {
  for (let j = from; j < lines.length; j++) {
    const trimmed = lines[j]!.trim();
    const sameChar = [...trimmed].every((c) => c === marker[0]);
    if (sameChar && trimmed.length >= marker.length) return j;
  }
  return -1;
}

/**
 * Reads the directive comments on the lines directly above the fence at `fenceIndex`. Only type-level
 * `declare` statements are accepted as setup: a hidden comment must never run code the reader cannot see,
 * so what runs is exactly what the README shows.
 */
function readDirectives(readme: string, lines: string[], fenceIndex: number): Pick<Snippet, "declarations" | "noRun"> {
  const declarations: Snippet["declarations"] = [];
  let noRun: string | undefined;
  for (let j = fenceIndex - 1; j >= 0; j--) {
    const directive = DIRECTIVE.exec(lines[j]!)?.[1];
    if (directive === undefined) break;
    const where = `${readme}:${j + 1}`;
    if (/^declare\s/.test(directive)) {
      declarations.unshift({ text: directive, line: j + 1 });
    } else if (/^no-run\b/.test(directive)) {
      noRun = directive.replace(/^no-run\b[\s:—-]*/, "");
      if (!noRun) throw new Error(`${where}: \`no-run\` needs a reason, e.g. <!-- snippet: no-run: runs inside vitest -->`);
    } else {
      throw new Error(`${where}: unknown snippet directive "${directive}" (expected "declare …" or "no-run: <reason>")`);
    }
  }
  return noRun === undefined ? { declarations } : { declarations, noRun };
}
