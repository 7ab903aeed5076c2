import { describe, expect, it } from "vitest";
import { directoryHref, parseDirectoryParams } from "./params";

describe("directory URL", () => {
  it("reads what the GET form sends, ignoring empty and malformed values", () => {
    const p = parseDirectoryParams(new URLSearchParams("tab=organisations&q=+张伟+&type=高校&region=&discipline=法学&kind=department&archive=1&org=12&page=3"));
    expect(p).toEqual({ tab: "organisations", q: "张伟", thinkTankType: "高校", region: "", discipline: "法学", kind: "department", includeArchive: true, organisationId: 12, page: 3 });
    const bad = parseDirectoryParams(new URLSearchParams("tab=x&org=1;drop&page=-2"));
    expect(bad).toMatchObject({ tab: "experts", organisationId: null, page: 1 });
  });

  it("writes back a URL that parses to the same parameters", () => {
    const p = parseDirectoryParams(new URLSearchParams("q=zw&discipline=法学&archive=1&page=2"));
    expect(parseDirectoryParams(new URL(directoryHref(p), "http://x").searchParams)).toEqual(p);
    expect(directoryHref({ tab: "experts" })).toBe("/directory");
  });
});
