import { describe, expect, it } from "vitest";
import { highlight } from "./highlight";
import { normaliseText } from "./normalise";
import { namePinyinTokens } from "./pinyin";
import { bigrams, indexString, prepare, queryTerms } from "./segment";
import { splitSubtitle } from "./subtitle";
import { canonicalise } from "./synonyms";

describe("normalisation", () => {
  it("folds full-width, traditional characters, punctuation and case", () => {
    expect(normaliseText("國家社會科學基金：（ＡＢＣ）")).toBe("国家社会科学基金:(abc)");
    expect(normaliseText("「城镇化」—— 以湘江為例")).toBe('"城镇化"— 以湘江为例');
    expect(normaliseText("臺灣與香港")).toBe("台湾与香港");
  });

  it("drops control and zero-width characters, keeps emoji harmlessly", () => {
    expect(normaliseText("农村\u0000土地\u200b流转\u0007")).toBe("农村 土地流转");
    expect(() => indexString("🚀农村😀")).not.toThrow();
    expect(indexString("🚀农村😀")).toContain("农村");
  });

  it("maps synonyms to one form, longest first", () => {
    expect(canonicalise("乡村振兴与城市化")).toBe("农村振兴与城镇化");
    expect(prepare("進城務工人員")).toBe("农民工");
  });
});

describe("subtitles", () => {
  it("keeps a case subtitle apart from the main title", () => {
    expect(splitSubtitle("长江经济带生态补偿机制研究——以湘江流域为例")).toEqual({ main: "长江经济带生态补偿机制研究", subtitle: "以湘江流域为例" });
    expect(splitSubtitle("生态补偿研究：以湘江流域为例")).toEqual({ main: "生态补偿研究", subtitle: "以湘江流域为例" });
    expect(splitSubtitle("农村土地流转机制研究")).toEqual({ main: "农村土地流转机制研究" });
  });
});

describe("segmentation and typos", () => {
  it("a typo keeps the bigrams it does not touch (城填化 ↔ 城镇化 share 城)", () => {
    const a = new Set(bigrams(prepare("新型城填化背景下的土地流转")));
    const b = bigrams(prepare("新型城镇化背景下的土地流转"));
    expect(b.filter((x) => a.has(x)).length).toBeGreaterThanOrEqual(b.length - 2);
  });

  it("flags generic research words in query terms", () => {
    const terms = queryTerms("基于大数据的农村金融风险对策研究");
    const generic = terms.filter((x) => x.generic).map((x) => x.term);
    expect(generic).toEqual(expect.arrayContaining(["基于", "对策", "研究"]));
    expect(terms.find((x) => x.term === "金融")?.generic).toBe(false);
  });
});

describe("highlighting and pinyin", () => {
  it("marks matches in the original text, including traditional and synonym variants", () => {
    expect(highlight("鄉村<b>土地</b>", ["农村", "土地"])).toBe("<mark>鄉村</mark>&lt;b&gt;<mark>土地</mark>&lt;/b&gt;");
    expect(highlight("ＡＢＣ研究", ["abc"])).toBe("<mark>ＡＢＣ</mark>研究");
  });

  it("gives full pinyin, initials and syllables of a name, surnames read as surnames", () => {
    expect(namePinyinTokens("单雄信")).toEqual(["shanxiongxin", "sxx", "shan", "xiong", "xin"]);
    expect(namePinyinTokens("John")).toEqual([]);
  });
});
