import type { ComponentType } from "react";

type MdxModule = { default: ComponentType; frontmatter: { title: string; description?: string } };

// content/ imports nothing; the app picks its pages up at build time
const modules = import.meta.glob<MdxModule>("../../../content/*/**/*.mdx", { eager: true });

const pages = new Map<string, MdxModule>();
for (const [file, mod] of Object.entries(modules)) {
  const m = /content\/([^/]+)\/(.+)\.mdx$/.exec(file);
  if (m) pages.set(`${m[1]}/${m[2]}`, mod);
}

export function pageExists(locale: string, slug: string): boolean {
  return pages.has(`${locale}/${slug}`);
}

export function contentPage(locale: string, slug: string): MdxModule | undefined {
  return pages.get(`${locale}/${slug}`);
}

export function allPages(): string[] {
  return [...pages.keys()];
}
