// The extractor decides what the README test sees; a parsing slip would silently drop snippets.
import { describe, expect, test } from "vitest";
import { parseSnippets } from "./snippets/extract.js";

const fence = "```";

describe("parseSnippets", () => {
  test("takes ts and typescript blocks with their fence line, and nothing else", () => {
    const md = ["# T", `${fence}sh`, "pnpm add x", fence, `${fence}ts`, "const a = 1;", fence, `${fence}typescript title="b"`, "const b = 2;", fence].join(
      "\n",
    );
    const found = parseSnippets("README.md", md);
    expect(found.map((s) => [s.fenceLine, s.lines])).toEqual([
      [5, ["const a = 1;"]],
      [8, ["const b = 2;"]],
    ]);
  });

  test("ignores a ts block quoted inside a longer fence", () => {
    const md = ["````md", `${fence}ts`, "not a snippet", fence, "````"].join("\n");
    expect(parseSnippets("README.md", md)).toEqual([]);
  });

  test("strips the indentation of a block nested in a list", () => {
    const md = ["- step", `  ${fence}ts`, "  const a = 1;", `  ${fence}`].join("\n");
    expect(parseSnippets("README.md", md)[0]!.lines).toEqual(["const a = 1;"]);
  });

  test("reads declare and no-run directives written right above the fence", () => {
    const md = ["<!-- snippet: declare const callId: string -->", "<!-- snippet: no-run: needs a browser -->", `${fence}ts`, "callId;", fence].join("\n");
    const [snippet] = parseSnippets("README.md", md);
    expect(snippet!.declarations).toEqual([{ text: "declare const callId: string", line: 1 }]);
    expect(snippet!.noRun).toBe("needs a browser");
  });

  test("rejects an unknown directive, a reasonless no-run and an unclosed block", () => {
    expect(() => parseSnippets("R.md", ["<!-- snippet: no-rn -->", `${fence}ts`, fence].join("\n"))).toThrow(/R.md:1: unknown snippet directive/);
    expect(() => parseSnippets("R.md", ["<!-- snippet: no-run -->", `${fence}ts`, fence].join("\n"))).toThrow(/needs a reason/);
    expect(() => parseSnippets("R.md", ["", `${fence}ts`, "x"].join("\n"))).toThrow(/R.md:2: .* never closed/);
  });
});
