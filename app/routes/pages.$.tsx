import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ComponentType } from "react";
import { getLocale } from "~/i18n/i18next.server";
import { contentPage, pageExists } from "~/features/content/pages";

/** MDX pages from content/<locale>/, with the frontmatter's title as the page title. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params["*"] ?? "";
  const locale = await getLocale(request);
  if (!pageExists(locale, slug)) throw new Response("Not found", { status: 404 });
  return { slug, locale, title: contentPage(locale, slug)!.frontmatter.title };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · 智库咨政协同平台` : "智库咨政协同平台" }];

export default function ContentPage() {
  const { slug, locale } = useLoaderData<typeof loader>();
  const Page = contentPage(locale, slug)!.default as ComponentType;
  return (
    <article className="prose-portal card mx-auto max-w-3xl">
      <Page />
    </article>
  );
}
