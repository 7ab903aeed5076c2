import { redirect } from "@remix-run/node";

/** People are listed in the directory. */
export const loader = () => redirect("/directory");
