import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber } from "./format";

describe("date and number formatting", () => {
  it("shows UTC instants in Asia/Shanghai for each locale, however often and in whatever order it is asked", () => {
    const at = new Date(Date.UTC(2026, 11, 31, 17, 30)); // 2027-01-01 01:30 in Shanghai
    for (let i = 0; i < 3; i++) {
      expect(formatDateTime(at, "zh-CN")).toBe("2027年1月1日 01:30");
      expect(formatDate(at, "en")).toBe("Jan 1, 2027");
      expect(formatDateTime(at.toISOString(), "en")).toBe("Jan 1, 2027, 1:30 AM");
      expect(formatDate(at.getTime(), "zh-CN")).toBe("2027年1月1日");
    }
    expect(formatDate("not a date", "zh-CN")).toBe("not a date");
    expect(formatDateTime(null, "en")).toBe("");
    expect(formatNumber(76195, "zh-CN")).toBe("76,195");
    expect(formatNumber(1234.5, "en")).toBe("1,234.5");
  });
});
