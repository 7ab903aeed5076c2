import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeText, parseDelimited } from "./csv-reader";
import { cleanPersonName, normaliseInstitutionType, normaliseProvince, normaliseSystem, parseDate, parsePeriod, yearFromNsfcNumber, yearFromNssfNumber } from "./normalise";

describe("splitting delimited text", () => {
  it("numbers records by the physical line they start on, across quoted line breaks and CRLF", () => {
    const r = parseDelimited('a,b\r\n1,"two\r\nlines"\r\n2,x\r\n');
    expect(r.records).toEqual([
      { line: 2, fields: ["1", "two\r\nlines"] },
      { line: 4, fields: ["2", "x"] },
    ]);
  });

  it("does not count a stray carriage return inside a field as a line", () => {
    const r = parseDelimited('a,b\n1,"x\ry"\n2,z\n');
    expect(r.records.map((x) => x.line)).toEqual([2, 3]);
  });

  it("reads a file that ends its lines with bare carriage returns", () => {
    const r = parseDelimited("a,b\r1,x\r2,y\r");
    expect(r.records.map((x) => [x.line, x.fields[1]])).toEqual([
      [2, "x"],
      [3, "y"],
    ]);
  });

  it("rejects only the first line of a record whose quote never closes, then reads on", () => {
    const r = parseDelimited('a,b,c\n1,"open,3\n2,ok,3\n3,ok,3\n');
    expect(r.rejects).toEqual([expect.objectContaining({ line: 2, reason: "broken_quote", raw: '1,"open,3' })]);
    expect(r.records.map((x) => x.line)).toEqual([3, 4]);
  });

  it("keeps doubled quotes and tolerates a quote inside an unquoted field", () => {
    const r = parseDelimited('a,b\n"say ""hi""",他说"好"\n');
    expect(r.records[0].fields).toEqual(['say "hi"', '他说"好"']);
  });

  it("skips empty lines and reads tab-separated text", () => {
    const r = parseDelimited("a\tb\n\n1\t2\n");
    expect(r.records).toEqual([{ line: 3, fields: ["1", "2"] }]);
  });

  it("detects UTF-8 with and without BOM, and falls back to GB18030", () => {
    expect(decodeText(Buffer.from("\ufeff项目", "utf8"))).toEqual({ text: "项目", encoding: "utf-8" });
    expect(decodeText(Buffer.from("项目", "utf8")).encoding).toBe("utf-8");
    expect(decodeText(iconv.encode("项目名称，城镇", "gbk"))).toEqual({ text: "项目名称，城镇", encoding: "gb18030" });
  });
});

describe("cleaning archive values", () => {
  it("sorts the 985/211 parts so one label has one spelling", () => {
    for (const v of ["985大学、211大学", "211大学、985大学", "211且985", "985、211", "211工程大学、985工程大学"]) expect(normaliseInstitutionType(v)).toBe("211、985");
    expect(normaliseInstitutionType("非211大学、非985大学")).toBe("非211、非985");
    expect(normaliseInstitutionType("非985非211")).toBe("非211、非985");
    expect(normaliseInstitutionType("211大学")).toBe("211");
    expect(normaliseInstitutionType("212大学")).toBe("212大学");
    expect(normaliseInstitutionType("0")).toBeNull();
  });

  it("reduces provinces and keeps non-geographic channels", () => {
    expect(normaliseProvince("山东省")).toBe("山东");
    expect(normaliseProvince("湖北武汉")).toBe("湖北");
    expect(normaliseProvince("内蒙")).toBe("内蒙古");
    expect(normaliseProvince("广西壮族自治区")).toBe("广西");
    expect(normaliseProvince("教育部")).toBe("教育部");
    expect(normaliseProvince("0")).toBeNull();
  });

  it("merges spelling variants of 所属系统", () => {
    expect(normaliseSystem("高等学校、其它学校")).toBe("高等院校、其他学校");
    expect(normaliseSystem("军队系统（包括地方军队院校）")).toBe("军队系统");
    expect(normaliseSystem("省市社科院")).toBe("省、市社会科学院");
    expect(normaliseSystem("&")).toBeNull();
  });

  it("parses dates, turning 0000-00-00 into nothing with a note", () => {
    expect(parseDate("2013-11-01")).toEqual({ value: "2013-11-01" });
    expect(parseDate("2013/1/5")).toEqual({ value: "2013-01-05" });
    expect(parseDate("2013年1月5日")).toEqual({ value: "2013-01-05" });
    expect(parseDate("0000-00-00")).toEqual({ value: null, note: "zero" });
    expect(parseDate("明年")).toEqual({ value: null, note: "invalid" });
    expect(parseDate("")).toEqual({ value: null });
  });

  it("reads funding periods and the year an approval number encodes", () => {
    expect(parsePeriod("2018.01-2020.12")).toEqual({ value: "2018-01/2020-12", startYear: 2018 });
    expect(yearFromNssfNumber("13AZD079")).toBe(2013);
    expect(yearFromNssfNumber("92BZS022")).toBe(1992);
    expect(yearFromNsfcNumber("71701001")).toBe(2017);
    expect(yearFromNsfcNumber("79770001")).toBe(1997);
  });

  it("collapses a PI name repeated on several lines, keeping spaces in Latin names", () => {
    expect(cleanPersonName("梁佳\n梁佳\n梁佳")).toBe("梁佳");
    expect(cleanPersonName(" 王 芳 ")).toBe("王芳");
    expect(cleanPersonName("John  Smith")).toBe("John Smith");
  });
});
