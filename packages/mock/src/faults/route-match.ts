/**
 * Builds a test for `"METHOD /path/{param}"` (or a bare path, any method) against a request's method and
 * path. A `{name}` matches one non-empty path segment; everything else must be equal.
 */
export function routeMatcher(route: string): (method: string, path: string) => boolean {
  const space = route.indexOf(" ");
  const method = space < 0 ? undefined : route.slice(0, space).toUpperCase();
  const template = space < 0 ? route : route.slice(space + 1).trim();
  const pattern = new RegExp(
    `^${template
      .split(/\{[^}/]+\}/)
      .map(escapeRegExp)
      .join("[^/]+")}$`,
  );
  return (m, path) => (method === undefined || m.toUpperCase() === method) && pattern.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
