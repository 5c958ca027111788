import { readFileSync } from "node:fs";

/** One test case of a JUnit XML report (pytest, go-junit-report, Maven surefire all write this shape). */
export interface JUnitCase {
  classname: string;
  name: string;
  /** `undefined` when it passed; the failure's or error's message otherwise; `"skipped"` when skipped. */
  problem: string | undefined;
}

/** Reads every `<testcase>` of the JUnit XML files given. */
export function readJUnit(...files: string[]): JUnitCase[] {
  return files.flatMap((file) => {
    const xml = readFileSync(file, "utf8");
    return [...xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
      const attrs = m[1] ?? "";
      const body = m[2] ?? "";
      const attr = (key: string) => new RegExp(`\\b${key}="([^"]*)"`).exec(attrs)?.[1] ?? "";
      const failure = /<(failure|error)\b([^>]*)>?/.exec(body);
      const problem = failure ? decode(/message="([^"]*)"/.exec(failure[2] ?? "")?.[1] ?? failure[1]!) : /<skipped\b/.test(body) ? "skipped" : undefined;
      return { classname: decode(attr("classname")), name: decode(attr("name")), problem };
    });
  });
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
