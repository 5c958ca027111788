import { type FaultRule, parseFault } from "./fault-rules.js";
import { routeMatcher } from "./route-match.js";

interface ActiveRule {
  rule: FaultRule;
  matches: (method: string, path: string) => boolean;
  left: number;
}

/**
 * Which fault the next request gets: the one its `Prefer` header selects, else the first run or per-test rule
 * that matches it and has uses left. A header's fault applies to the first `times` requests carrying that
 * same header value (default 1), so a client that retries with the same headers meets it once and then gets
 * through, which is what a test of retries needs.
 */
export class FaultBook {
  readonly #rules: ActiveRule[] = [];
  readonly #headerUses = new Map<string, number>();

  /** Adds a rule; rules added earlier win when several match. */
  add(rule: FaultRule): void {
    const matches = rule.match === undefined ? () => true : routeMatcher(rule.match);
    this.#rules.push({ rule, matches, left: rule.times ?? 1 });
  }

  /** The rules still in force, with the uses they have left. */
  pending(): Array<FaultRule & { left: number }> {
    return this.#rules.filter((r) => r.left > 0).map((r) => ({ ...r.rule, left: r.left }));
  }

  /** Forgets every rule and every header's use count. */
  clear(): void {
    this.#rules.length = 0;
    this.#headerUses.clear();
  }

  /** Takes the fault for a request (using it up); throws a `SyntaxError` for a malformed header fault. */
  take(method: string, path: string, headerFault: string | undefined): FaultRule | undefined {
    if (headerFault !== undefined) return this.#fromHeader(headerFault);
    const active = this.#rules.find((r) => r.left > 0 && r.matches(method, path));
    if (!active) return undefined;
    active.left -= 1;
    return active.rule;
  }

  #fromHeader(text: string): FaultRule | undefined {
    const rule = parseFault(text);
    const used = this.#headerUses.get(text) ?? 0;
    this.#headerUses.set(text, used + 1);
    return used < (rule.times ?? 1) ? rule : undefined;
  }
}
