import { redirect } from "@remix-run/node";

/** Organisations are listed in the directory. */
export const loader = () => redirect("/directory?tab=organisations");
