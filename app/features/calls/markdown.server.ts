import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * A call's introduction: Markdown rendered to HTML, then sanitised — scripts, raw HTML
 * elements outside a small list, event handlers and javascript: links are removed.
 */
export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false, gfm: true, breaks: true }) as string;
  return sanitizeHtml(html, {
    allowedTags: ["p", "br", "strong", "em", "del", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "hr"],
    allowedAttributes: { a: ["href", "title"] },
    allowedSchemes: ["http", "https", "mailto"],
    disallowedTagsMode: "discard",
    transformTags: { h1: "h2", a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener" }) },
  });
}
