/**
 * Splits a research title into its main title and subtitle: "长江经济带生态补偿机制研究——以湘江流域为例"
 * → main "长江经济带生态补偿机制研究", subtitle "以湘江流域为例". The subtitle names a case, not the
 * topic, so it is indexed and weighed apart.
 */
export function splitSubtitle(title: string): { main: string; subtitle?: string } {
  const t = title.trim();
  const m = /^(.+?)\s*(?:——|--|—|－－|─)\s*(.+)$/.exec(t) ?? /^(.+?)\s*[:：]\s*(以.+?为例.*)$/.exec(t);
  if (!m || m[1].length < 4) return { main: t };
  const subtitle = m[2].replace(/^[(（]|[)）]$/g, "").trim();
  return subtitle ? { main: m[1].trim(), subtitle } : { main: t };
}
