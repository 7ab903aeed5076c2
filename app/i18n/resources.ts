/**
 * Every namespace of every language, bundled so the server and the browser translate from the
 * same text with no extra request. One JSON file per feature namespace and language.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>("./locales/*/*.json", { eager: true });

export type Resources = Record<string, Record<string, Record<string, unknown>>>;
export const resources: Resources = {};
for (const [path, mod] of Object.entries(files)) {
  const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!m) continue;
  const [, lng, ns] = m;
  (resources[lng] ??= {})[ns] = mod.default;
}
export const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
