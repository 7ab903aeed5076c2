// 演示档案：国家社科基金、国家自然科学基金（管理科学部）已立项课题
//
// 生成方式：近似重复课题、重大/重点课题为手写；其余课题由下方确定性生成器
// 从手写的选题词库（按主题分组）组合而成，随机种子固定，每次生成结果一致。
import type { DemoNearDuplicatePair, DemoProject } from "./types";
import { organisations } from "./organisations";
import { people } from "./people";

// ───────────────────────── 基础工具 ─────────────────────────

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rng = mulberry32(20260517);
const randInt = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rng() * arr.length)]!;
const chance = (p: number): boolean => rng() < p;
const pad2 = (n: number): string => String(n).padStart(2, "0");
const pad3 = (n: number): string => String(n).padStart(3, "0");

function shuffle<T>(arr: T[]): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [arr[i], arr[j]] = [arr[j]!, arr[i]!];
  }
  return arr;
}

/** 数据截止日期：此后的结项不会出现 */
const CUTOFF = "2026-10-31";
const LAST_YEAR = 2024;

// ───────────────────────── 选题词库 ─────────────────────────
//
// 词干类型：
//   m 机制/体系/制度类（可接「的构建与完善研究」「创新研究」等）
//   e 问题/风险类（可接「的形成机理与治理对策研究」等）
//   q 水平/效率/能力等可测度对象（可接「的测度与影响因素研究」等）
//   p 政策/改革/工程类（可接「的实施效果评估研究」等）
//   f 完整题名主体，仅接「研究」
//   x 完整题名，原样使用

type Theme =
  | "urban" | "industry" | "digital" | "fiscal" | "rural" | "social" | "population" | "history"
  | "ethnic" | "party" | "governance" | "health" | "law" | "eco" | "energy" | "education"
  | "transport" | "defence" | "international" | "media" | "info" | "culture";

type StemType = "m" | "e" | "q" | "p" | "f" | "x";

type Stem = {
  t: StemType;
  s: string;
  /** 仅限该省机构使用 */
  p?: string;
  /** 该选题出现的最早/最晚立项年份 */
  from?: number;
  to?: number;
  /** 人文类选题：不加地域副标题、成果题名从简 */
  h?: boolean;
  /** 优先归入的学科（负责人具备该学科时） */
  d?: string;
};

type StemOpts = Omit<Stem, "t" | "s">;
const m = (s: string, o: StemOpts = {}): Stem => ({ t: "m", s, ...o });
const e = (s: string, o: StemOpts = {}): Stem => ({ t: "e", s, ...o });
const q = (s: string, o: StemOpts = {}): Stem => ({ t: "q", s, ...o });
const p = (s: string, o: StemOpts = {}): Stem => ({ t: "p", s, ...o });
const f = (s: string, o: StemOpts = {}): Stem => ({ t: "f", s, ...o });
const x = (s: string, o: StemOpts = {}): Stem => ({ t: "x", s, ...o });

const pools: Record<Theme, Stem[]> = {
  urban: [
    m("中部地区城市群协同发展机制"),
    f("中心城市对周边县域经济的辐射带动效应"),
    f("中部地区城市规模分布与经济集聚效应"),
    m("县城城镇化补短板强弱项的投融资机制", { from: 2020 }),
    f("城市收缩的识别、成因与应对策略", { from: 2016 }),
    m("都市圈同城化发展的体制机制", { from: 2019 }),
    f("产城融合发展水平及其影响因素", { from: 2014 }),
    p("城市更新政策", { from: 2019 }),
    m("城乡建设用地增减挂钩收益分配机制"),
    m("老旧小区改造的多元主体参与机制", { from: 2019 }),
    q("中部地区城市创新能力", { from: 2012 }),
    p("国家级新区发展政策", { from: 2015 }),
    m("城市群公共服务共建共享机制"),
    f("城市蔓延对耕地保护的影响与调控对策"),
    m("特色小镇培育的政策支持体系", { from: 2016, to: 2020 }),
    f("中部地区人口与产业向城市群集聚的动力机制"),
    p("撤县设区政策", { from: 2012 }),
    m("韧性城市建设的规划与治理体系", { from: 2020 }),
    f("城市群内部中小城市的功能定位与发展路径"),
    q("城市土地财政依赖度"),
    m("海绵城市建设投融资模式", { from: 2015 }),
    f("开发区转型升级与城市功能再造"),
  ],
  industry: [
    m("中部地区承接产业转移的政策支持体系"),
    f("制造业数字化转型的就业效应", { from: 2018 }),
    q("产业链供应链韧性", { from: 2021 }),
    m("先进制造业集群培育机制", { from: 2019 }),
    p("开发区“亩均论英雄”改革", { from: 2018 }),
    f("民营企业创新投入的融资约束及其缓解"),
    m("专精特新中小企业梯度培育体系", { from: 2021 }),
    f("工程机械产业集群国际竞争力的提升路径", { p: "湖南" }),
    f("国有企业混合所有制改革的治理效应", { from: 2014 }),
    m("产学研协同创新的利益分配机制"),
    p("战略性新兴产业补贴政策", { from: 2011 }),
    q("生产性服务业与制造业融合发展水平"),
    f("内陆地区加工贸易转型升级的路径与对策"),
    m("县域特色产业集群发展模式"),
    f("环境规制对制造业绿色转型的倒逼效应"),
    f("中部地区制造业高质量发展的评价指标体系与实现路径", { from: 2018 }),
  ],
  digital: [
    f("数字经济发展水平的统计测度与区域差异", { from: 2018 }),
    m("数字经济核心产业统计监测体系", { from: 2021 }),
    f("数字普惠金融对农户收入的影响及其作用机制", { from: 2016 }),
    m("政务数据共享与开放的治理机制", { from: 2015 }),
    f("平台经济反垄断的监管难点与制度回应", { from: 2020 }),
    m("地方经济运行监测预警指标体系"),
    f("老年群体数字鸿沟的成因与弥合路径", { from: 2019 }),
    m("公共数据授权运营机制", { from: 2021 }),
    f("基于多源大数据的县域经济活跃度测度方法", { from: 2016 }),
    m("数据要素市场化配置机制", { from: 2020 }),
    f("企业数字化转型的生产率效应", { from: 2019 }),
    m("统计数据质量评估与防范统计造假机制", { from: 2014 }),
    f("夜间灯光数据在地方经济核算中的应用", { from: 2014 }),
    f("人工智能应用对区域劳动力市场结构的影响", { from: 2018 }),
    m("新经济新业态统计调查制度", { from: 2017 }),
  ],
  fiscal: [
    m("省以下财政事权与支出责任划分机制", { from: 2016 }),
    f("一般性转移支付的财力均等化效应"),
    f("地方政府隐性债务的规模测算与风险传导", { from: 2017 }),
    m("全面预算绩效管理体系", { from: 2018 }),
    p("减税降费政策", { from: 2018 }),
    q("县级财政保障能力"),
    p("增值税留抵退税政策", { from: 2019 }),
    m("财政支持乡村振兴的投入保障机制", { from: 2018 }),
    f("土地出让收入波动对地方财政可持续性的影响"),
    f("地方政府融资平台市场化转型的路径与风险防范", { from: 2014 }),
    p("政府和社会资本合作模式", { from: 2015 }),
    m("横向财政转移支付制度"),
    f("财政分权对地方公共服务供给的影响"),
    m("地方税体系"),
    p("“省直管县”财政体制改革", { to: 2018 }),
    f("税收征管数字化对企业税负的影响", { from: 2019 }),
    m("政府采购支持中小企业发展的政策机制"),
    e("地方财政支出结构偏向"),
    p("政府投资基金", { from: 2015 }),
    m("财政资金直达机制", { from: 2021 }),
    f("房地产税立法对地方财政收入结构的潜在影响", { from: 2018 }),
    m("地方政府债务风险预警体系", { from: 2012 }),
    f("个人所得税改革的收入再分配效应", { from: 2019 }),
    p("涉农资金统筹整合试点政策", { from: 2017, to: 2021 }),
    f("财政补贴对企业研发投入的激励效应"),
    m("基本公共服务均等化的财政保障机制"),
  ],
  rural: [
    f("农村承包地“三权分置”的制度实现形式", { from: 2015 }),
    e("农村宅基地闲置", { from: 2014 }),
    m("新型农业经营主体培育机制", { from: 2013 }),
    m("农村产权交易市场体系"),
    f("农户土地流转意愿及其影响因素"),
    p("农业支持保护补贴政策", { from: 2016 }),
    m("小农户与现代农业有机衔接机制", { from: 2018 }),
    m("农村人居环境整治的农民参与机制", { from: 2018 }),
    f("农村集体产权制度改革的推进路径与风险防范", { from: 2016 }),
    m("粮食主产区利益补偿机制"),
    f("农业保险对农户生产行为的影响"),
    m("县域内城乡公共服务一体化供给机制"),
    p("高标准农田建设", { from: 2012 }),
    f("农村劳动力老龄化对农业生产效率的影响"),
    m("农业社会化服务体系"),
    e("农村金融排斥"),
    m("乡村人才振兴的激励机制", { from: 2018 }),
    f("农村电商发展对农户增收的影响及其机制", { from: 2015 }),
    m("农村集体经营性建设用地入市收益分配机制", { from: 2015 }),
    f("农村相对贫困的识别标准与治理机制", { from: 2020 }),
    f("农村最低生活保障制度的瞄准效率"),
    m("驻村帮扶工作机制", { from: 2015 }),
    m("农产品区域公用品牌建设机制", { from: 2017 }),
    f("家庭农场适度规模经营的实现路径", { from: 2013 }),
    e("农业面源污染"),
    m("乡村产业融合发展的利益联结机制", { from: 2016 }),
    f("易地扶贫搬迁后续扶持与社区融入", { from: 2018 }),
    m("脱贫人口稳定就业的长效机制", { from: 2021 }),
    q("农村基本公共服务供给水平"),
    f("返乡入乡创业对乡村产业发展的带动效应", { from: 2018 }),
    m("农村土地经营权抵押贷款风险分担机制", { from: 2015 }),
    e("耕地“非粮化”", { from: 2020 }),
  ],
  social: [
    m("社区居家养老服务体系"),
    f("城市空巢老人的社会支持网络"),
    m("长期护理保险筹资机制", { from: 2016 }),
    f("社会组织参与社会治理的制度空间与路径", { from: 2013 }),
    f("农村留守儿童心理健康及其社会支持"),
    m("分层分类社会救助体系", { from: 2019 }),
    p("城乡居民基本养老保险制度", { from: 2014 }),
    f("新就业形态劳动者社会保险参保困境与制度回应", { from: 2020 }),
    m("乡镇（街道）社会工作服务站运行机制", { from: 2020 }),
    m("慈善组织公信力建设机制"),
    f("城市商品房社区邻里关系的变迁与重建"),
    m("医养结合服务模式", { from: 2015 }),
    p("残疾人就业支持政策"),
    m("婚姻家庭辅导服务体系", { from: 2018 }),
    f("家庭养老功能弱化背景下的代际支持"),
    m("志愿服务长效机制"),
    p("临时救助制度", { from: 2015 }),
    f("流动儿童在流入地的社会融入"),
    m("老年友好型社区建设标准体系", { from: 2020 }),
    m("社会心理服务体系", { from: 2018 }),
    f("互联网慈善的发展规范与监管", { from: 2016 }),
    m("养老服务人才队伍建设机制"),
    f("城市新市民住房困难的成因与保障路径", { from: 2021 }),
    f("农村互助养老的实践模式与可持续性"),
    f("社区嵌入式养老服务设施的空间布局优化", { from: 2019 }),
    p("基本养老服务清单制度", { from: 2022 }),
  ],
  population: [
    f("中部地区劳动力回流的影响因素与就业支持"),
    f("生育支持政策对育龄女性生育意愿的影响", { from: 2016 }),
    f("人口负增长的区域经济社会影响", { from: 2022 }),
    m("积极应对人口老龄化的政策体系", { from: 2019 }),
    f("农民工返乡创业的影响因素与政策支持"),
    q("县域人口流失"),
    f("随迁老人的社会融入与公共服务需求"),
    p("三孩生育政策配套支持措施", { from: 2021 }),
    f("人口老龄化对地方财政支出结构的影响"),
    m("流动人口基本公共服务均等化实现机制"),
    f("人口结构变化对居民消费需求的影响"),
  ],
  history: [
    f("湖湘学派的经世思想及其近代转型", { p: "湖南", h: true }),
    f("近代湖南地方自治运动", { p: "湖南", h: true }),
    f("湘赣边革命根据地的基层政权建设", { h: true }),
    f("清代洞庭湖区垸田开发与水利社会", { p: "湖南", h: true }),
    f("抗战时期湖南的工业内迁与地方社会", { p: "湖南", h: true }),
    f("明清时期湘西土司制度变迁与国家治理", { p: "湖南", h: true }),
  ],
  ethnic: [
    f("武陵山区少数民族传统村落保护与发展"),
    m("民族地区铸牢中华民族共同体意识的教育机制", { from: 2018 }),
    e("民族地区脱贫人口返贫风险", { from: 2021 }),
    m("民族地区各民族交往交流交融的社区机制", { from: 2015 }),
    f("土家族传统文化的活态传承与旅游开发"),
    p("民族地区对口支援政策"),
    f("少数民族流动人口的城市融入与服务管理"),
    m("民族地区特色产业发展的帮扶机制"),
    f("湘西苗族传统手工艺的生产性保护", { p: "湖南" }),
    f("民族地区基本公共服务供给短板及其成因"),
    f("武陵山片区区域发展与扶贫攻坚的协同推进", { from: 2011, to: 2016 }),
  ],
  party: [
    m("党建引领城市基层治理的实现机制", { from: 2017 }),
    m("基层党组织组织力提升机制", { from: 2018 }),
    m("新时代干部担当作为的激励机制", { from: 2018 }),
    f("非公有制企业党建工作的难点与对策"),
    m("农村基层党组织带头人队伍建设机制"),
    f("社会组织党建的覆盖模式与功能发挥"),
    m("全面从严治党主体责任落实机制", { from: 2015 }),
    f("中国共产党在鄂豫皖地区的早期组织建设", { p: "湖北", h: true }),
    f("党员教育管理的数字化转型", { from: 2019 }),
    f("马克思主义中国化时代化的地方实践经验", { from: 2022 }),
    m("为基层减负的长效机制", { from: 2019 }),
    m("党内法规执行评估体系", { from: 2016 }),
    f("新时代“枫桥经验”的地方实践与创新", { from: 2018 }),
    m("年轻干部培养选拔机制"),
    f("中国特色社会主义政治经济学的基本范畴", { h: true, d: "马列·科社" }),
  ],
  governance: [
    m("数字政府建设的整体协同机制", { from: 2018 }),
    p("“放管服”改革", { from: 2016 }),
    f("地方营商环境评价指标体系与优化路径", { from: 2018 }),
    m("政务服务“一网通办”运行机制", { from: 2018 }),
    m("重大行政决策风险评估机制"),
    m("基层应急管理能力提升机制", { from: 2018 }),
    f("基层治理中形式主义的表现、成因与治理", { from: 2019 }),
    m("城市网格化管理运行机制"),
    m("社会稳定风险评估机制"),
    p("政府购买公共服务", { from: 2013 }),
    m("地方政府跨部门协同治理机制"),
    f("地方政府注意力分配与政策执行"),
    f("乡镇综合行政执法体制改革的推进路径", { from: 2019 }),
    f("地方政策创新扩散的机制与路径"),
    m("公共危机信息发布与沟通机制"),
    q("基层政府公信力"),
    f("基层协商民主的制度化路径", { from: 2015 }),
    m("基本公共服务标准化体系", { from: 2018 }),
    q("政务服务满意度"),
    m("12345政务服务便民热线运行机制", { from: 2021 }),
    f("县域治理能力现代化的评价体系与提升路径", { from: 2014 }),
    f("村级“小微权力”监督机制", { from: 2017 }),
    m("应急物资储备与调配体系", { from: 2020 }),
    f("公共政策评估的制度化建设"),
    f("地方政府绩效考核中的激励扭曲与矫正"),
    m("城乡社区服务体系"),
    f("中部地区省际毗邻区域协同治理"),
    m("智慧城市治理的数据协同机制", { from: 2016 }),
    p("相对集中行政许可权改革", { from: 2015 }),
    m("突发事件中的基层社会动员机制"),
    m("行政审批中介服务监管机制", { from: 2015 }),
    x("网络问政平台中的地方政府回应性研究"),
    m("基层公共服务资源下沉机制"),
    x("城市治理中的公众参与：实践类型与制度保障"),
  ],
  health: [
    m("分级诊疗制度", { from: 2015 }),
    p("城乡居民基本医疗保险制度整合", { from: 2016 }),
    m("基层医疗卫生服务能力提升机制"),
    e("医疗费用不合理增长"),
    p("国家组织药品集中带量采购", { from: 2019 }),
    m("公共卫生应急管理体系", { from: 2020 }),
    m("家庭医生签约服务激励机制", { from: 2016 }),
    p("按疾病诊断相关分组付费改革", { from: 2019 }),
    e("因病致贫返贫风险", { from: 2016 }),
    m("医防融合服务模式", { from: 2019 }),
    f("乡村医生队伍的稳定与发展"),
    m("基本医疗保险基金监管机制"),
    q("居民健康素养"),
    f("心理健康服务体系建设的现状与对策"),
    p("健康扶贫政策", { from: 2016, to: 2021 }),
  ],
  law: [
    m("地方立法质量评估机制"),
    f("设区的市地方立法权的运行与规范", { from: 2015 }),
    f("行政执法“三项制度”的实施效果与完善", { from: 2017 }),
    m("生态环境损害赔偿制度", { from: 2016 }),
    m("环境公益诉讼制度", { from: 2013 }),
    m("行政复议与行政诉讼衔接机制"),
    m("矛盾纠纷多元化解机制"),
    m("公共法律服务体系", { from: 2014 }),
    f("民营企业产权的司法保护", { from: 2016 }),
    m("个人信息保护的行政监管机制", { from: 2021 }),
    m("行政规范性文件合法性审查机制"),
    f("长江保护法实施中的跨区域执法协作", { from: 2021 }),
    f("基层行政执法中的选择性执法及其规制"),
    m("诉源治理机制", { from: 2019 }),
    f("社会信用立法的地方实践与制度边界", { from: 2016 }),
    m("法治政府建设考核评价体系"),
    f("村规民约的法治化改造"),
    m("检察公益诉讼制度", { from: 2017 }),
  ],
  eco: [
    f("生态产品价值核算方法与应用", { from: 2018 }),
    m("排污权有偿使用与交易制度"),
    m("区域大气污染联防联控机制"),
    p("河长制", { from: 2017 }),
    q("洞庭湖湿地生态系统服务价值", { p: "湖南" }),
    f("鄱阳湖生态经济区绿色发展的评价与路径", { p: "江西" }),
    p("长江十年禁渔政策", { from: 2021 }),
    f("重金属污染耕地修复治理的技术经济评价与政策选择"),
    m("以国家公园为主体的自然保护地体系", { from: 2019 }),
    f("环境规制对企业绿色创新的影响"),
    m("碳排放权交易配额分配机制", { from: 2017 }),
    q("中部地区城市碳排放效率"),
    m("农村生活污水治理长效运维机制", { from: 2018 }),
    p("中央生态环境保护督察制度", { from: 2016 }),
    e("化工园区环境风险"),
    m("跨界河流水污染联防联控机制"),
    f("绿色金融对产业结构升级的影响", { from: 2016 }),
    m("矿山生态修复的市场化机制"),
    p("新一轮退耕还林工程", { from: 2015 }),
    q("长江中游地区水资源利用效率"),
    m("绿色发展绩效考核评价体系", { from: 2016 }),
    f("湘江流域重金属污染治理的成效与经验", { p: "湖南" }),
    f("丹江口库区水源保护与移民可持续发展", { p: "湖北" }),
    f("公众环境关注度对地方环境治理的影响"),
    m("生态保护红线管控机制", { from: 2017 }),
    p("环境保护税", { from: 2018 }),
    m("城市生活垃圾分类的居民参与机制", { from: 2019 }),
    f("农户绿色生产行为的影响因素与激励政策"),
    m("生态环境分区管控体系", { from: 2020 }),
    f("湖泊富营养化治理的成本收益评估与政策优化"),
    m("林业碳汇与生态补偿协同机制", { from: 2021 }),
    q("长江经济带城市生态效率", { from: 2015 }),
    f("江汉平原湖泊湿地保护与恢复", { p: "湖北" }),
    p("耕地保护经济补偿制度"),
    m("城市黑臭水体治理长效机制", { from: 2016 }),
    m("长江岸线资源保护与开发利用协调机制", { from: 2016 }),
    q("城市绿色发展水平"),
    f("湖泊流域生态环境监测数据共享平台建设"),
    e("新污染物环境风险", { from: 2022 }),
  ],
  energy: [
    m("电力市场化改革中的价格形成机制", { from: 2015 }),
    f("新能源电力消纳的市场机制与政策支持", { from: 2016 }),
    m("煤电企业低碳转型的支持机制", { from: 2020 }),
    e("农村家庭能源贫困"),
    m("综合能源服务商业模式", { from: 2017 }),
    f("能源价格波动对制造业成本的传导效应"),
    m("电力需求侧响应机制"),
    f("中部地区能源安全保障体系与应急储备"),
    p("新能源汽车推广政策"),
    m("分布式光伏整县推进的运营模式", { from: 2021 }),
    p("能源消费强度和总量双控制度", { from: 2016 }),
    f("储能产业发展的商业模式与政策激励", { from: 2018 }),
    m("抽水蓄能电站建设的投资回报机制", { from: 2019 }),
  ],
  education: [
    m("义务教育优质均衡发展的推进机制", { from: 2017 }),
    m("乡村教师队伍建设的激励机制"),
    p("义务教育阶段“双减”政策", { from: 2021 }),
    m("县域普通高中振兴机制", { from: 2021 }),
    f("高校毕业生留湘就业的影响因素与政策支持", { p: "湖南" }),
    m("职业院校“双师型”教师队伍建设机制"),
    q("城乡义务教育资源配置差距"),
    m("学前教育公共服务体系"),
    f("随迁子女在流入地升学的政策困境与突破"),
    p("教育扶贫政策", { from: 2016, to: 2021 }),
    m("地方高校服务区域发展的协同机制"),
    f("乡村小规模学校的布局调整与办学质量"),
  ],
  transport: [
    m("综合交通枢纽一体化规划建设机制"),
    f("高铁开通对沿线城市经济的影响"),
    m("内河航运与铁路多式联运协同发展机制"),
    m("农村公路管护体制"),
    m("交通基础设施投融资模式"),
    q("社会物流成本"),
    f("长江中游航运中心建设的路径与对策", { from: 2011 }),
    m("城乡客运一体化发展机制"),
    e("城市交通拥堵"),
    m("农产品冷链物流体系"),
    f("中欧班列运营的可持续性与政策优化", { from: 2016 }),
    m("公路货运治超联合执法机制"),
    p("高速公路差异化收费政策", { from: 2019 }),
    q("交通运输业碳排放"),
    f("临空经济区发展的国际经验与借鉴", { from: 2013 }),
    m("城市公共交通优先发展的保障机制"),
    m("县乡村三级物流配送体系", { from: 2016 }),
    p("货车通行费减免政策", { from: 2020 }),
    f("港口资源整合与区域港口群协同发展"),
  ],
  defence: [
    m("国防动员潜力统计调查制度"),
    m("军民融合产业发展的政策支持体系", { from: 2015 }),
    f("新时代国防教育的内容体系与实施路径", { from: 2018 }),
    m("退役军人就业创业扶持机制", { from: 2018 }),
    m("应急管理与国防动员衔接机制", { from: 2018 }),
    f("民用交通运输设施贯彻国防要求的实施路径"),
    f("国防科技工业对地方经济的带动效应"),
    m("双拥工作长效机制"),
    f("地方经济安全风险的识别与防范", { from: 2015 }),
    m("战略物资储备的军地协同机制"),
    f("民兵队伍建设与基层应急救援力量融合", { from: 2019 }),
    f("国防经济动员中的民营企业参与"),
  ],
  international: [
    f("中非经贸合作的地方参与路径", { from: 2019 }),
    m("内陆开放型经济新体制", { from: 2014 }),
    f("区域全面经济伙伴关系协定对中部地区外贸的影响", { from: 2021 }),
    f("中国—东盟农产品贸易的竞争与互补"),
    m("自由贸易试验区制度创新的复制推广机制", { from: 2019 }),
    f("中美经贸摩擦对中部地区出口企业的影响", { from: 2018 }),
    f("跨境电商综合试验区发展模式比较", { from: 2016 }),
    f("中部地区企业“走出去”的风险识别与防范"),
    m("境外投资风险预警体系"),
    f("国际产能合作中的地方政府角色", { from: 2015 }),
    x("周边安全形势对我国边境贸易的影响研究"),
    f("中部地区利用外资的质量与结构优化"),
  ],
  media: [
    m("政务新媒体矩阵协同运行机制", { from: 2016 }),
    e("网络谣言"),
    m("县级融媒体中心运营机制", { from: 2018 }),
    f("主流媒体短视频传播的效果评估", { from: 2018 }),
    f("涉农网络舆情的演化特征与引导策略"),
    f("地方形象的国际传播策略", { from: 2014 }),
    f("算法推荐对青年群体价值观的影响", { from: 2018 }),
    m("媒体融合背景下主流媒体的舆论引导机制", { from: 2014 }),
    f("湖湘文化的对外传播路径", { p: "湖南" }),
    f("网络直播营销中的虚假宣传及其协同治理", { from: 2020 }),
    f("主流媒体参与基层社会治理的实践模式"),
    f("红色文化的新媒体传播"),
  ],
  info: [
    f("政府数据开放平台的利用绩效评价", { from: 2016 }),
    m("智库成果评价指标体系", { from: 2015 }),
    f("公共图书馆参与乡村文化振兴的路径", { from: 2018 }),
    m("政务信息资源目录体系"),
    f("地方文献数字化保护与开发利用"),
    f("科技情报服务地方产业创新的模式"),
  ],
  culture: [
    m("文化和旅游深度融合发展机制", { from: 2018 }),
    f("赣南等原中央苏区振兴发展的政策效应", { p: "江西", from: 2013 }),
    f("全域旅游示范区建设的成效评估", { from: 2016 }),
    m("非物质文化遗产活态传承机制"),
    f("乡村旅游发展对农民增收的影响"),
    m("传统村落保护利用机制", { from: 2013 }),
    f("景德镇陶瓷文化产业的创新发展", { p: "江西" }),
    f("庐山旅游资源的整合开发", { p: "江西" }),
    m("革命文物保护利用机制", { from: 2018 }),
    f("文化产业园区的集聚效应与发展路径"),
    f("夜间经济发展的业态创新与管理", { from: 2019 }),
  ],
};

/** 题名前缀（时代背景）：needs 为词干须包含的词之一，avoid 为词干不得包含的词 */
type Prefix = { t: string; themes: Theme[]; from?: number; to?: number; p?: string[]; needs?: string[]; avoid?: string[] };
const RURAL_WORDS = ["农", "乡村", "村", "县域", "民族"];
const prefixes: Prefix[] = [
  { t: "乡村振兴背景下", from: 2018, themes: ["rural", "social", "education", "culture", "health", "ethnic", "info"], needs: RURAL_WORDS, avoid: ["乡村振兴", "振兴"] },
  { t: "乡村振兴战略下", from: 2018, themes: ["rural", "fiscal", "culture", "ethnic"], needs: RURAL_WORDS, avoid: ["乡村振兴", "振兴"] },
  { t: "精准扶贫视角下", from: 2015, to: 2020, themes: ["rural", "ethnic"], needs: ["农户", "农民", "帮扶", "民族", "搬迁", "就业", "最低生活", "电商", "产业"], avoid: ["扶贫", "脱贫", "贫困"] },
  { t: "巩固拓展脱贫攻坚成果背景下", from: 2021, themes: ["rural", "ethnic", "social"], needs: ["农", "乡村", "民族", "帮扶", "搬迁", "就业", "最低生活"], avoid: ["扶贫", "脱贫", "贫困", "返贫"] },
  { t: "新型城镇化进程中", from: 2014, themes: ["urban", "population", "social", "rural", "transport"], needs: ["城市", "农民工", "流动", "人口", "住房", "土地", "县城", "市民", "社区", "随迁", "客运", "公共服务", "消费"], avoid: ["城镇化"] },
  { t: "统筹城乡发展背景下", from: 2008, to: 2013, themes: ["rural", "urban", "social", "fiscal", "education"], needs: ["农村", "乡村", "农民", "农户", "农业", "粮食", "县域", "小城镇", "公共服务", "养老", "土地"], avoid: ["城乡"] },
  { t: "城乡一体化视角下", from: 2009, to: 2015, themes: ["rural", "urban", "transport", "social"], needs: ["农村", "乡村", "农民", "农户", "农业", "粮食", "县域", "公共服务", "客运", "养老", "土地"], avoid: ["城乡"] },
  { t: "“两型社会”建设背景下", from: 2008, to: 2014, p: ["湖南", "湖北"], themes: ["eco", "urban", "industry", "energy"], needs: ["环境", "生态", "资源", "能源", "污染", "排放", "绿色", "用地", "土地", "产业转移", "电力", "湖", "湿地", "水"] },
  { t: "长江经济带发展战略下", from: 2015, themes: ["eco", "transport", "urban", "industry"], needs: ["流域", "水", "湖", "河", "岸线", "生态", "禁渔", "环境", "航运", "港口", "物流", "多式联运", "产业转移", "城市群"], avoid: ["长江"] },
  { t: "供给侧结构性改革背景下", from: 2016, to: 2019, themes: ["fiscal", "industry", "energy", "rural"], needs: ["税", "费", "补贴", "产业", "制造业", "企业", "能源", "电力", "农业", "农产品", "经营主体", "投融资"] },
  { t: "高质量发展视域下", from: 2018, themes: ["industry", "urban", "fiscal", "transport", "energy", "culture", "education"], avoid: ["高质量"] },
  { t: "“双碳”目标下", from: 2021, themes: ["eco", "energy", "transport", "industry"], needs: ["能源", "电力", "绿色", "排放", "交通运输", "产业", "金融", "光伏", "储能", "林业", "煤电", "新能源"], avoid: ["碳"] },
  { t: "数字经济背景下", from: 2018, themes: ["fiscal", "industry", "digital"], needs: ["税", "企业", "产业", "制造业", "就业", "劳动力", "统计", "核算", "金融"], avoid: ["数字", "数据", "平台"] },
  { t: "国家治理现代化视域下", from: 2014, themes: ["governance", "law", "party", "fiscal"], needs: ["治理", "体制", "机制", "体系", "制度", "改革", "协同", "法治", "事权"], avoid: ["现代化"] },
  { t: "共同富裕目标下", from: 2022, themes: ["fiscal", "social", "rural", "population"], needs: ["分配", "收入", "转移支付", "税", "公共服务", "社会保障", "救助", "养老保险", "农民", "增收", "最低生活", "相对贫困", "集体"] },
  { t: "新发展格局下", from: 2021, themes: ["industry", "international", "transport", "digital"], needs: ["产业", "供应链", "制造业", "开放", "外贸", "贸易", "物流", "消费", "内陆", "投资", "数据要素"] },
  { t: "“一带一路”倡议下", from: 2015, themes: ["international", "transport", "culture"], needs: ["开放", "贸易", "投资", "走出去", "产能", "跨境", "港口", "航运", "物流", "国际", "旅游"], avoid: ["一带一路", "中欧班列"] },
  { t: "后疫情时代", from: 2021, to: 2023, themes: ["health", "social", "international", "culture"], needs: ["公共卫生", "应急", "旅游", "贸易", "外贸", "出口", "就业", "心理", "医", "消费", "夜间经济"] },
  { t: "人口老龄化背景下", themes: ["social", "health", "population"], needs: ["养老", "护理", "医养", "健康", "长期", "医疗", "社区", "劳动力", "消费", "财政"], avoid: ["老龄化", "老年", "老人"] },
  { t: "中部崛起战略下", themes: ["urban", "industry", "transport", "international"], avoid: ["中部"] },
  { t: "全媒体时代", from: 2019, themes: ["media"], avoid: ["融媒体", "媒体融合"] },
  { t: "融媒体环境下", from: 2017, themes: ["media"], avoid: ["融媒体", "媒体融合"] },
  { t: "大数据背景下", from: 2014, themes: ["digital", "governance", "info", "fiscal"], needs: ["监测", "预警", "统计", "信息", "评价", "评估", "监督", "监管", "网格", "精准", "风险"], avoid: ["大数据", "数据", "数字"] },
  { t: "国际金融危机冲击下", from: 2009, to: 2011, themes: ["industry", "international", "fiscal"], needs: ["企业", "出口", "外贸", "加工贸易", "产业", "财政", "债务", "融资", "投资", "外资"] },
  { t: "全面依法治国背景下", from: 2015, themes: ["law"] },
  { t: "全面从严治党视域下", from: 2015, themes: ["party"], needs: ["党", "干部"], avoid: ["从严治党"] },
  { t: "新一轮科技革命背景下", from: 2019, themes: ["industry", "digital"], needs: ["制造业", "产业", "创新", "数据", "就业", "劳动力", "数字"], avoid: ["人工智能"] },
  { t: "总体国家安全观视域下", from: 2015, themes: ["defence", "international"], needs: ["动员", "储备", "风险", "战略", "国防"], avoid: ["安全"] },
  { t: "健康中国战略下", from: 2017, themes: ["health", "social"], needs: ["医", "健康", "卫生", "养老", "护理", "心理", "疾病"] },
  { t: "新时代", from: 2018, themes: ["party", "defence", "governance"], avoid: ["新时代"] },
  { t: "生态文明建设视域下", from: 2013, themes: ["eco"], avoid: ["生态文明"] },
  { t: "主体功能区战略下", from: 2011, to: 2018, themes: ["eco", "urban"], needs: ["生态", "环境", "保护", "国土", "开发", "城市", "耕地", "退耕", "湿地", "水"] },
];

/** 地域副标题（——以……为例） */
type Subtitle = { p: string; s: string; themes?: Theme[]; quant?: boolean; needs?: string[] };
/** 流域、湖区类副标题只配涉水、涉农的选题 */
const WATER_WORDS = ["水", "流域", "河", "湖", "湿地", "禁渔", "岸线", "耕地", "农业", "农户", "生态补偿"];
const subtitles: Subtitle[] = [
  { p: "湖南", s: "以湘江流域为例", themes: ["eco"], needs: WATER_WORDS },
  { p: "湖南", s: "以洞庭湖区为例", themes: ["eco", "rural"], needs: [...WATER_WORDS, "农村", "乡村"] },
  { p: "湖南", s: "以长株潭城市群为例", themes: ["urban", "transport", "industry", "governance", "digital"] },
  { p: "湖南", s: "以湘西土家族苗族自治州为例", themes: ["ethnic", "rural", "culture", "education"] },
  { p: "湖南", s: "基于湖南省县域面板数据的分析", themes: ["fiscal", "urban", "rural", "digital", "industry", "population"], quant: true },
  { p: "湖南", s: "以湖南省为例" },
  { p: "湖北", s: "以江汉平原为例", themes: ["rural", "eco"] },
  { p: "湖北", s: "以武汉都市圈为例", themes: ["urban", "transport", "industry", "governance"] },
  { p: "湖北", s: "以丹江口库区为例", themes: ["eco"], needs: WATER_WORDS },
  { p: "湖北", s: "基于湖北省城乡社区的调查", themes: ["social", "governance", "population", "party"] },
  { p: "湖北", s: "以湖北省为例" },
  { p: "江西", s: "以鄱阳湖流域为例", themes: ["eco"], needs: WATER_WORDS },
  { p: "江西", s: "以赣南原中央苏区为例", themes: ["rural", "culture", "fiscal", "industry"] },
  { p: "江西", s: "以赣江流域为例", themes: ["eco"], needs: WATER_WORDS },
  { p: "江西", s: "基于江西省的实地调查", themes: ["rural", "social", "health", "culture"] },
  { p: "江西", s: "以江西省为例" },
];

/** 题名以地名开头时，不再叠加地域前缀或副标题 */
const REGION_HEADS = ["中部", "长江", "湘", "鄂", "赣", "洞庭", "鄱阳", "武陵", "丹江", "江汉", "中国", "中非", "中美", "中欧", "内陆", "国家", "全国", "民族地区", "景德镇", "庐山", "清代", "明清", "近代", "抗战"];
const startsWithRegion = (s: string): boolean => REGION_HEADS.some((h) => s.startsWith(h));
const hasRegion = (s: string): boolean =>
  ["湘", "鄂", "赣", "洞庭", "鄱阳", "武陵", "丹江", "江汉", "长株潭", "湖南", "湖北", "江西", "我国", "中部地区"].some((h) => s.includes(h));

const endings: Record<DemoProject["funder"], Record<StemType, string[]>> = {
  nssf: {
    m: ["研究", "研究", "研究", "创新研究", "的构建与完善研究", "的优化路径研究", "的理论逻辑与实践路径研究"],
    e: ["研究", "研究", "的形成机理与治理对策研究", "的成因与对策研究", "的协同治理研究"],
    q: ["研究", "的测度与影响因素研究", "的时空演变与驱动因素研究", "的区域差异及其成因研究"],
    p: ["研究", "的实施效果评估研究", "的绩效评价与优化研究", "的政策效应与完善路径研究"],
    f: ["研究"],
    x: [""],
  },
  nsfc: {
    m: ["的设计与优化研究", "的运行机理与优化设计", "研究", "的构建及其效应评估"],
    e: ["的形成机理与协同治理研究", "的演化规律与调控机制研究", "研究"],
    q: ["的测度、驱动机制与政策仿真", "的动态演化与影响机制研究", "的测度及其影响效应研究", "研究"],
    p: ["的政策效应评估：基于准自然实验的证据", "的效应识别与优化路径研究", "的实施效果评估与优化设计"],
    f: ["研究"],
    x: [""],
  },
};

/** 题名后缀与词干不宜重复出现的词 */
const ENDING_KEYWORDS = ["评估", "评价", "创新", "测度", "路径", "效应", "影响", "政策", "机理", "成因", "对策"];

function chooseEnding(stem: Stem, list: string[]): string {
  const ok = list.filter(
    (end) =>
      !(stem.s.includes("的") && end.startsWith("的")) &&
      !ENDING_KEYWORDS.some((w) => stem.s.includes(w) && end.includes(w)) &&
      !(end === "研究" && stem.t !== "f" && stem.s.length < 9),
  );
  if (ok.length > 0) return pick(ok);
  const relaxed = list.filter((end) => !ENDING_KEYWORDS.some((w) => stem.s.includes(w) && end.includes(w)));
  return pick(relaxed.length > 0 ? relaxed : list);
}

/** 选用模板时避免「……的……的……」：词干已含「的」时优先不以「的」衔接的模板 */
const TEMPLATE_KEYWORDS = [...ENDING_KEYWORDS, "问题", "实践", "理论", "经验", "完善", "调研"];

function pickTemplate(templates: string[], core: string, allowDoubleDe = false): string {
  const kwOk = templates.filter((t) => !TEMPLATE_KEYWORDS.some((w) => core.includes(w) && t.replace("{c}", "").includes(w)));
  const both = core.includes("的") && !allowDoubleDe ? kwOk.filter((t) => !t.includes("{c}的")) : kwOk;
  return pick(both.length > 0 ? both : kwOk.length > 0 ? kwOk : templates);
}

// ───────────────────────── 学科、编号与金额 ─────────────────────────

const nssfCodes: Record<string, string> = {
  "马列·科社": "KS", "党史·党建": "DJ", 哲学: "ZX", 理论经济: "JL", 应用经济: "JY", 统计学: "TJ",
  政治学: "ZZ", 法学: "FX", 社会学: "SH", 人口学: "RK", 民族问题研究: "MZ", 国际问题研究: "GJ",
  中国历史: "ZS", 世界历史: "SS", 考古学: "KG", 宗教学: "ZJ", 中国文学: "ZW", 外国文学: "WW",
  语言学: "YY", 新闻学与传播学: "XW", "图书馆·情报与文献学": "TQ", 体育学: "TY", 管理学: "GL",
};

const themeDisciplines: Record<Theme, string[]> = {
  urban: ["应用经济", "理论经济", "管理学"],
  industry: ["应用经济", "管理学"],
  digital: ["统计学", "应用经济", "管理学", "图书馆·情报与文献学"],
  fiscal: ["应用经济", "理论经济", "统计学"],
  rural: ["应用经济", "社会学", "管理学", "民族问题研究"],
  social: ["社会学", "管理学", "人口学"],
  population: ["人口学", "社会学"],
  history: ["中国历史"],
  ethnic: ["民族问题研究", "社会学", "中国历史"],
  party: ["党史·党建", "马列·科社"],
  governance: ["政治学", "管理学", "社会学", "法学"],
  health: ["管理学", "社会学", "应用经济"],
  law: ["法学"],
  eco: ["应用经济", "管理学", "法学", "统计学"],
  energy: ["应用经济", "管理学"],
  education: ["管理学", "社会学"],
  transport: ["应用经济", "管理学"],
  defence: ["应用经济", "国际问题研究", "管理学"],
  international: ["国际问题研究", "应用经济"],
  media: ["新闻学与传播学", "图书馆·情报与文献学"],
  info: ["图书馆·情报与文献学", "新闻学与传播学", "管理学"],
  culture: ["应用经济", "中国历史", "管理学"],
};

const NSFC_DISCIPLINES = ["管理学", "应用经济", "统计学"];

function disciplineFor(personDisciplines: string[], theme: Theme, funder: DemoProject["funder"], preferred?: string): string {
  if (preferred && personDisciplines.includes(preferred) && (funder === "nsfc" ? NSFC_DISCIPLINES : Object.keys(nssfCodes)).includes(preferred)) {
    return preferred;
  }
  if (funder === "nsfc") {
    return NSFC_DISCIPLINES.find((d) => personDisciplines.includes(d)) ?? "管理学";
  }
  const coded = personDisciplines.filter((d) => d in nssfCodes);
  return themeDisciplines[theme].find((d) => coded.includes(d)) ?? coded[0] ?? "管理学";
}

const usedNumbers: Record<DemoProject["funder"], Set<string>> = { nssf: new Set(), nsfc: new Set() };

function approvalNumber(funder: DemoProject["funder"], category: string, year: number, discipline: string): string {
  const yy = pad2(year % 100);
  for (;;) {
    let num: string;
    if (funder === "nssf") {
      if (category === "重大项目") num = `${yy}ZDA${pad3(randInt(1, 180))}`;
      else {
        const letter = { 重点项目: "A", 一般项目: "B", 青年项目: "C", 西部项目: "X" }[category] ?? "B";
        const max = category === "重点项目" ? 120 : category === "西部项目" ? 150 : 299;
        num = `${yy}${letter}${nssfCodes[discipline] ?? "GL"}${pad3(randInt(1, max))}`;
      }
    } else {
      const c = category === "青年科学基金项目" ? "0" : category === "重点项目" ? "3" : "7";
      num = `71${year % 10}${c}${String(randInt(1000, 4999))}`;
    }
    if (!usedNumbers[funder].has(num)) {
      usedNumbers[funder].add(num);
      return num;
    }
  }
}

function amountFor(funder: DemoProject["funder"], category: string, year: number): number {
  if (funder === "nssf") {
    if (category === "重大项目") return year < 2013 ? 60 : 80;
    if (category === "重点项目") return year <= 2011 ? 20 : year <= 2014 ? 30 : 35;
    return year <= 2010 ? 10 : year <= 2012 ? 15 : year <= 2014 ? 18 : 20;
  }
  if (category === "重点项目") return year <= 2015 ? 200 : 240;
  if (category === "青年科学基金项目") return year <= 2012 ? 18 : year <= 2022 ? 20 : 30;
  return year <= 2011 ? 30 : year <= 2014 ? 56 : 48;
}

function approvedOnFor(funder: DemoProject["funder"], category: string, year: number): string {
  if (funder === "nssf") {
    if (category === "重大项目") return `${year}-11-${pad2(8 + ((year * 5) % 18))}`;
    return `${year}-06-${pad2(12 + ((year * 7) % 15))}`;
  }
  return `${year}-08-${pad2(10 + ((year * 3) % 12))}`;
}

function addMonths(date: string, months: number): string {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (mo - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${ny}-${pad2(nm)}-${pad2(Math.min(d, 28))}`;
}

/** 结项时间与等级 */
function completion(
  funder: DemoProject["funder"],
  category: string,
  year: number,
  approvedOn: string,
  forceComplete: boolean,
): { completedOn: string | null; grade: string | null } {
  const pComplete = year <= 2015 ? 1 : year <= 2019 ? 0.96 : year <= 2021 ? 0.9 : year === 2022 ? 0.6 : year === 2023 ? 0.2 : 0;
  const roll = rng();
  if (!(forceComplete && year <= 2021) && roll >= pComplete) return { completedOn: null, grade: null };
  let years: number;
  if (funder === "nssf") years = category === "重大项目" ? 5 : category === "重点项目" ? randInt(3, 4) : randInt(2, 4);
  else years = category === "重点项目" ? 5 : category === "青年科学基金项目" ? 3 : year >= 2012 ? 4 : 3;
  let completedOn = addMonths(approvedOn, years * 12 + randInt(2, 10));
  completedOn = `${completedOn.slice(0, 8)}${pad2(randInt(3, 28))}`;
  if (completedOn > CUTOFF) {
    if (year > 2021) return { completedOn: null, grade: null };
    completedOn = `2026-${pad2(randInt(1, 9))}-${pad2(randInt(3, 28))}`;
  }
  const r = rng();
  const grade =
    funder === "nssf"
      ? r < 0.12 ? "优秀" : r < 0.5 ? "良好" : r < 0.9 ? "合格" : "免于鉴定"
      : r < 0.2 ? "优秀" : r < 0.65 ? "良好" : "合格";
  return { completedOn, grade };
}

// ───────────────────────── 成果题名 ─────────────────────────

const provinceFull = (p: string): string => `${p}省`;

function outputTitle(form: string, core: string, t: StemType, h: boolean, province: string): string {
  const prov = provinceFull(province);
  const regionFree = !startsWithRegion(core) && !hasRegion(core);
  const ft = t === "x" ? "f" : t;
  let tpl: string[];
  switch (form) {
    case "研究报告":
      tpl = ft !== "f" && regionFree ? ["{c}研究报告", "{p}{c}调研报告"] : ["{c}研究报告"];
      break;
    case "专著":
      tpl = h ? ["{c}研究"] : ft === "m" || ft === "p" ? ["{c}研究", "{c}：理论与实践"] : ["{c}研究", "{c}：理论与实证"];
      break;
    case "论文":
      if (h) tpl = ["{c}述论", "{c}新探"];
      else if (ft === "m") tpl = ["{c}：现实困境与优化路径", "{c}的运行逻辑与完善路径", "论{c}的完善"];
      else if (ft === "e") tpl = ["{c}：表现、成因与治理路径", "{c}的成因与治理路径"];
      else if (ft === "q") tpl = ["{c}的测度与区域比较", "{c}的空间格局及其演变", "{c}的影响因素分析——基于省级面板数据"];
      else if (ft === "p") tpl = ["{c}的实施成效、问题与对策", "{c}的政策效应评估", "{c}实施中的突出问题与对策"];
      else {
        tpl = ["{c}：理论分析与经验证据", "{c}：基于实地调研的分析", "{c}：问题与对策"];
        if (regionFree && t !== "x") tpl.push("{c}——以{p}为例", "{c}——以{p}为例");
      }
      break;
    case "政策建议":
      if (ft === "m") tpl = ["关于完善{c}的建议", "关于健全{c}的对策建议"];
      else if (ft === "e") tpl = ["关于{c}问题的对策建议", "有效应对{c}问题的政策建议"];
      else if (ft === "q") tpl = ["{c}监测分析与政策建议"];
      else tpl = ["关于进一步完善{c}的建议", "{c}实施情况评估及政策建议"];
      break;
    case "数据库":
      tpl = ["{c}监测数据库"];
      break;
    default:
      tpl = ["{c}研究论文集"];
  }
  return pickTemplate(tpl, core, form === "政策建议").replace("{c}", core).replace("{p}", prov);
}

function makeOutputs(
  funder: DemoProject["funder"],
  core: string,
  t: StemType,
  h: boolean,
  theme: Theme,
  province: string,
): DemoProject["outputs"] {
  const n = 1 + (chance(0.6) ? 1 : 0) + (chance(0.3) ? 1 : 0);
  const policyOk = t !== "f" && t !== "x";
  const first =
    funder === "nssf"
      ? h ? pick(["专著", "专著", "论文集"]) : pick(["研究报告", "研究报告", "专著", "专著", "论文"])
      : pick(["论文", "论文", "研究报告"]);
  const forms = [first];
  const extras = h ? ["论文", "论文集"] : policyOk ? ["论文", "政策建议", "政策建议", "论文"] : ["论文", "研究报告"];
  if (t === "q" && ["digital", "eco", "population", "fiscal"].includes(theme)) extras.push("数据库");
  while (forms.length < n) {
    const fm = pick(extras);
    if (!forms.includes(fm) || fm === "论文") forms.push(fm);
  }
  const seen = new Set<string>();
  const outputs: DemoProject["outputs"] = [];
  for (const fm of forms) {
    let title = outputTitle(fm, core, t, h, province);
    for (let k = 0; k < 4 && seen.has(title); k++) title = outputTitle(fm, core, t, h, province);
    if (seen.has(title)) continue;
    seen.add(title);
    outputs.push({ title, form: fm });
  }
  return outputs;
}

// ───────────────────────── 专家档案画像 ─────────────────────────

type Profile = {
  themes: Theme[];
  total: number;
  since: number;
  /** 调离平台内机构的年份：此后课题不再计入原机构 */
  until?: number;
  /** 原任职机构（当前未入驻平台的专家） */
  formerOrgKey?: string;
  /** 国家自然科学基金项目占比 */
  nsfc: number;
  /** 符合青年项目申报条件的最后年份 */
  youngUntil?: number;
};

const profiles: Record<string, Profile> = {
  "p-chenliheng": { themes: ["urban", "industry"], total: 11, since: 2008, nsfc: 0 },
  "p-luoyaqin": { themes: ["digital", "fiscal"], total: 8, since: 2012, nsfc: 0.25, youngUntil: 2015 },
  "p-tangjianping": { themes: ["urban", "rural"], total: 12, since: 2008, nsfc: 0.15 },
  "p-heshuwen": { themes: ["social", "population"], total: 7, since: 2011, nsfc: 0, youngUntil: 2013 },
  "p-longhaoyu": { themes: ["history", "ethnic"], total: 3, since: 2016, nsfc: 0, youngUntil: 2024 },
  "p-xiongzhiyuan": { themes: ["party", "governance"], total: 11, since: 2008, nsfc: 0 },
  "p-zhoumanli": { themes: ["governance", "digital"], total: 7, since: 2012, nsfc: 0, youngUntil: 2014 },
  "p-wanghongbin": { themes: ["governance", "health"], total: 12, since: 2008, nsfc: 0.2 },
  "p-liusiyuan": { themes: ["governance", "digital"], total: 9, since: 2011, nsfc: 0.3, youngUntil: 2013 },
  "p-yuanjing": { themes: ["law"], total: 3, since: 2017, nsfc: 0, youngUntil: 2024 },
  "p-pengguoqiang": { themes: ["rural"], total: 12, since: 2008, nsfc: 0.2 },
  "p-xieyulan": { themes: ["rural", "social"], total: 8, since: 2011, nsfc: 0, youngUntil: 2013 },
  "p-zengfan": { themes: ["rural", "eco"], total: 4, since: 2015, nsfc: 0.3, youngUntil: 2024 },
  "p-huangzhiming": { themes: ["eco"], total: 12, since: 2008, nsfc: 0.25 },
  "p-zhongxiaomei": { themes: ["law", "eco"], total: 6, since: 2013, nsfc: 0, youngUntil: 2016 },
  "p-wuchenxi": { themes: ["eco", "energy"], total: 4, since: 2016, nsfc: 0.3, youngUntil: 2024 },
  "p-yangliyun": { themes: ["social", "governance"], total: 12, since: 2008, nsfc: 0 },
  "p-songwenjie": { themes: ["population", "social"], total: 8, since: 2012, nsfc: 0, youngUntil: 2014 },
  "p-fangyiran": { themes: ["education"], total: 3, since: 2018, nsfc: 0, youngUntil: 2024 },
  "p-linjunhui": { themes: ["fiscal"], total: 12, since: 2008, nsfc: 0.15 },
  "p-hushiqi": { themes: ["fiscal", "industry"], total: 9, since: 2012, nsfc: 0.3, youngUntil: 2016 },
  "p-dengkai": { themes: ["fiscal", "digital"], total: 3, since: 2017, nsfc: 0.3, youngUntil: 2024 },
  "p-maweidong": { themes: ["eco"], total: 11, since: 2008, nsfc: 0.3 },
  "p-sunqingqing": { themes: ["eco", "digital"], total: 6, since: 2013, nsfc: 0.4, youngUntil: 2016 },
  "p-liangshaohua": { themes: ["transport", "urban"], total: 10, since: 2009, nsfc: 0.25 },
  "p-hanxue": { themes: ["transport", "urban"], total: 6, since: 2013, nsfc: 0.3, youngUntil: 2016 },
  "p-zhaoyongjun": { themes: ["defence"], total: 6, since: 2010, nsfc: 0 },
  "p-guoning": { themes: ["defence", "international"], total: 4, since: 2014, nsfc: 0, youngUntil: 2017 },
  "p-jiangwentao": { themes: ["energy"], total: 6, since: 2013, nsfc: 0.25 },
  "p-liuxinyi": { themes: ["energy", "industry"], total: 5, since: 2014, nsfc: 0.2 },
  "p-yinjiahui": { themes: ["social", "health"], total: 8, since: 2010, nsfc: 0 },
  "p-xuhanlin": { themes: ["health"], total: 6, since: 2013, nsfc: 0.3, youngUntil: 2015 },
  "p-liaoqian": { themes: ["media"], total: 6, since: 2013, nsfc: 0 },
  "p-qinmingyuan": { themes: ["media", "info"], total: 5, since: 2014, nsfc: 0, youngUntil: 2017 },
  "p-zouhaiyan": { themes: ["culture", "industry"], total: 10, since: 2009, nsfc: 0 },
  "p-caozhiqiang": { themes: ["international"], total: 8, since: 2011, nsfc: 0, youngUntil: 2013 },
  "p-tianxiaofeng": { themes: ["ethnic", "rural"], total: 9, since: 2008, until: 2019, formerOrgKey: "tt-dtxc", nsfc: 0 },
  "p-yexiaomin": { themes: ["education"], total: 6, since: 2012, until: 2021, formerOrgKey: "tt-xzgz", nsfc: 0, youngUntil: 2014 },
  "p-shaojianhua": { themes: ["law", "governance"], total: 10, since: 2008, until: 2020, formerOrgKey: "tt-cjsh", nsfc: 0 },
  "p-fengyutong": { themes: ["info", "digital"], total: 2, since: 2019, until: 2023, formerOrgKey: "tt-gpsk", nsfc: 0, youngUntil: 2024 },
};

/** 可申报西部项目的机构（位于享受西部项目政策的原中央苏区） */
const WEST_ELIGIBLE = new Set(["tt-gjst"]);
const SENIOR_TITLES = new Set(["研究员", "教授", "正高级经济师"]);

// ───────────────────────── 手写课题（含近似重复） ─────────────────────────

type Hand = {
  id: string;
  pi: string;
  funder: DemoProject["funder"];
  category: string;
  year: number;
  title: string;
  /** 成果题名所用的核心词 */
  core: string;
  t: StemType;
  theme: Theme;
};

const handwritten: Hand[] = [
  // 1 同一负责人跨基金：流域生态补偿
  { id: "eco-a", pi: "p-huangzhiming", funder: "nssf", category: "一般项目", year: 2017, title: "长江经济带生态补偿机制的实证研究——以赣江流域为例", core: "长江经济带生态补偿机制", t: "m", theme: "eco" },
  { id: "eco-b", pi: "p-huangzhiming", funder: "nsfc", category: "面上项目", year: 2018, title: "长江经济带流域横向生态补偿机制设计与效应评估：以赣江流域为例", core: "流域横向生态补偿机制", t: "m", theme: "eco" },
  // 2 同一负责人跨基金：农村集体经济组织
  { id: "rural-a", pi: "p-pengguoqiang", funder: "nssf", category: "一般项目", year: 2019, title: "乡村振兴背景下农村集体经济组织治理机制研究", core: "农村集体经济组织治理机制", t: "m", theme: "rural" },
  { id: "rural-b", pi: "p-pengguoqiang", funder: "nsfc", category: "面上项目", year: 2020, title: "乡村振兴战略下农村集体经济组织的治理结构与运行绩效研究", core: "农村集体经济组织的治理结构与运行绩效", t: "f", theme: "rural" },
  // 3 不同负责人：专项债风险
  { id: "debt-a", pi: "p-linjunhui", funder: "nssf", category: "重点项目", year: 2019, title: "地方政府专项债务风险的形成机理与防控机制研究", core: "地方政府专项债务风险", t: "e", theme: "fiscal" },
  { id: "debt-b", pi: "p-luoyaqin", funder: "nssf", category: "一般项目", year: 2020, title: "地方政府专项债券风险形成机理及防范化解机制研究", core: "地方政府专项债券风险", t: "e", theme: "fiscal" },
  // 4 同一负责人跨基金：大数据与社区治理精细化
  { id: "grid-a", pi: "p-liusiyuan", funder: "nssf", category: "一般项目", year: 2018, title: "基于大数据的城市基层社会治理精细化研究", core: "城市基层社会治理精细化", t: "f", theme: "governance" },
  { id: "grid-b", pi: "p-liusiyuan", funder: "nsfc", category: "面上项目", year: 2019, title: "大数据驱动的城市社区治理精细化机制与绩效评价", core: "城市社区治理精细化机制", t: "m", theme: "governance" },
  // 5 不同负责人、不同省份：农村养老服务
  { id: "eldercare-a", pi: "p-yangliyun", funder: "nssf", category: "一般项目", year: 2015, title: "农村养老服务供给模式创新研究", core: "农村养老服务供给模式", t: "m", theme: "social" },
  { id: "eldercare-b", pi: "p-xieyulan", funder: "nssf", category: "一般项目", year: 2017, title: "农村养老服务有效供给的模式创新研究", core: "农村养老服务有效供给模式", t: "m", theme: "social" },
  // 6 同一负责人跨基金：市民化成本分担
  { id: "migrant-a", pi: "p-tangjianping", funder: "nssf", category: "一般项目", year: 2014, title: "新型城镇化进程中农业转移人口市民化成本分担机制研究", core: "农业转移人口市民化成本分担机制", t: "m", theme: "urban" },
  { id: "migrant-b", pi: "p-tangjianping", funder: "nsfc", category: "面上项目", year: 2015, title: "农业转移人口市民化成本测算与分担机制研究", core: "农业转移人口市民化成本测算与分担机制", t: "m", theme: "urban" },
  // 7 不同负责人、不同省份：数字乡村赋能乡村治理
  { id: "digivillage-a", pi: "p-xieyulan", funder: "nssf", category: "一般项目", year: 2021, title: "数字乡村建设赋能乡村治理的机制与路径研究", core: "数字乡村建设赋能乡村治理", t: "f", theme: "rural" },
  { id: "digivillage-b", pi: "p-fengyutong", funder: "nssf", category: "青年项目", year: 2022, title: "数字乡村建设赋能乡村治理现代化的作用机制与实现路径研究", core: "数字乡村建设赋能乡村治理现代化", t: "f", theme: "info" },
  // 8 同一负责人跨基金：生态移民可持续生计
  { id: "resettle-a", pi: "p-zengfan", funder: "nssf", category: "青年项目", year: 2016, title: "洞庭湖区生态移民可持续生计研究", core: "洞庭湖区生态移民可持续生计", t: "f", theme: "rural" },
  { id: "resettle-b", pi: "p-zengfan", funder: "nsfc", category: "青年科学基金项目", year: 2017, title: "洞庭湖区生态移民可持续生计的形成机制与政策支持研究", core: "洞庭湖区生态移民的可持续生计与政策支持", t: "f", theme: "rural" },
  // 9 不同负责人、同一省份：长株潭一体化
  { id: "czt-a", pi: "p-chenliheng", funder: "nssf", category: "一般项目", year: 2010, title: "长株潭城市群一体化发展的协同机制研究", core: "长株潭城市群一体化协同机制", t: "m", theme: "urban" },
  { id: "czt-b", pi: "p-tangjianping", funder: "nssf", category: "一般项目", year: 2011, title: "长株潭一体化进程中的区域协同治理机制研究", core: "长株潭区域协同治理机制", t: "m", theme: "urban" },
  // 10 同一负责人跨基金：碳达峰与能源结构转型
  { id: "carbon-a", pi: "p-jiangwentao", funder: "nssf", category: "一般项目", year: 2021, title: "碳达峰目标下中部地区能源结构转型路径研究", core: "中部地区能源结构转型路径", t: "f", theme: "energy" },
  { id: "carbon-b", pi: "p-jiangwentao", funder: "nsfc", category: "面上项目", year: 2022, title: "碳达峰约束下中部地区能源结构转型的路径优化与政策模拟", core: "中部地区能源结构转型的路径优化", t: "f", theme: "energy" },
  // 11 不同负责人、不同省份：县域医共体
  { id: "yigongti-a", pi: "p-xuhanlin", funder: "nssf", category: "一般项目", year: 2020, title: "县域医共体建设的绩效评价与推进机制研究", core: "县域医共体建设", t: "p", theme: "health" },
  { id: "yigongti-b", pi: "p-songwenjie", funder: "nssf", category: "一般项目", year: 2021, title: "县域医疗共同体建设绩效评价及其推进机制研究", core: "县域医疗共同体建设", t: "p", theme: "health" },
  // 12 不同负责人、跨基金：突发公共卫生事件网络舆情
  { id: "yuqing-a", pi: "p-liaoqian", funder: "nssf", category: "一般项目", year: 2020, title: "突发公共卫生事件中的网络舆情演化与引导机制研究", core: "突发公共卫生事件网络舆情引导机制", t: "m", theme: "media" },
  { id: "yuqing-b", pi: "p-wanghongbin", funder: "nsfc", category: "面上项目", year: 2021, title: "重大突发公共卫生事件网络舆情演化机理与协同引导策略研究", core: "重大突发公共卫生事件网络舆情协同引导", t: "f", theme: "governance" },
  // 13 不同负责人、不同省份：红色文化与乡村旅游
  { id: "redtour-a", pi: "p-zouhaiyan", funder: "nssf", category: "一般项目", year: 2018, title: "红色文化资源保护利用与乡村旅游融合发展研究——以井冈山地区为例", core: "红色文化资源与乡村旅游融合发展", t: "f", theme: "culture" },
  { id: "redtour-b", pi: "p-longhaoyu", funder: "nssf", category: "青年项目", year: 2019, title: "红色文化资源与乡村旅游融合发展研究——以湘赣边区为例", core: "湘赣边区红色文化资源与乡村旅游融合发展", t: "f", theme: "culture" },
  // 14 同一负责人跨基金：地方债务挤出效应
  { id: "crowdout-a", pi: "p-hushiqi", funder: "nsfc", category: "青年科学基金项目", year: 2016, title: "地方政府债务对企业投融资的挤出效应研究", core: "地方政府债务对企业投融资的挤出效应", t: "f", theme: "fiscal" },
  { id: "crowdout-b", pi: "p-hushiqi", funder: "nssf", category: "一般项目", year: 2017, title: "地方政府债务扩张对实体企业投融资的挤出效应及传导机制研究", core: "地方政府债务扩张的挤出效应及传导机制", t: "f", theme: "fiscal" },
  // 15 不同负责人、不同省份：职业教育产教融合
  { id: "vocational-a", pi: "p-yexiaomin", funder: "nssf", category: "一般项目", year: 2019, title: "职业教育产教融合的体制机制创新研究", core: "职业教育产教融合体制机制", t: "m", theme: "education" },
  { id: "vocational-b", pi: "p-fangyiran", funder: "nssf", category: "青年项目", year: 2020, title: "职业教育深化产教融合的体制机制障碍与创新路径研究", core: "职业教育产教融合的体制机制障碍", t: "e", theme: "education" },
  // 16 不同负责人、不同省份：武陵山片区精准扶贫
  { id: "wuling-a", pi: "p-tianxiaofeng", funder: "nssf", category: "一般项目", year: 2016, title: "武陵山片区精准扶贫的长效机制研究", core: "武陵山片区精准扶贫长效机制", t: "m", theme: "ethnic" },
  { id: "wuling-b", pi: "p-yangliyun", funder: "nssf", category: "一般项目", year: 2017, title: "武陵山片区精准脱贫长效机制研究——以鄂西南地区为例", core: "武陵山片区精准脱贫长效机制", t: "m", theme: "ethnic" },

  // 重大、重点项目
  { id: "major-urbanrural", pi: "p-tangjianping", funder: "nssf", category: "重大项目", year: 2020, title: "新发展阶段城乡融合发展的体制机制与政策体系研究", core: "城乡融合发展的体制机制与政策体系", t: "f", theme: "urban" },
  { id: "major-fiscal", pi: "p-linjunhui", funder: "nssf", category: "重大项目", year: 2022, title: "共同富裕目标下省以下财政体制改革研究", core: "省以下财政体制改革", t: "p", theme: "fiscal" },
  { id: "major-ecovalue", pi: "p-huangzhiming", funder: "nssf", category: "重大项目", year: 2021, title: "生态产品价值实现机制的理论体系与实践路径研究", core: "生态产品价值实现机制", t: "m", theme: "eco" },
  { id: "key-yangtze", pi: "p-maweidong", funder: "nsfc", category: "重点项目", year: 2019, title: "长江流域生态环境治理的多主体协同机制与政策优化", core: "长江流域生态环境多主体协同治理机制", t: "m", theme: "eco" },
];

const duplicatePairs: { a: string; b: string; pattern: DemoNearDuplicatePair["pattern"] }[] = [
  { a: "eco-a", b: "eco-b", pattern: "同一负责人跨基金" },
  { a: "rural-a", b: "rural-b", pattern: "同一负责人跨基金" },
  { a: "debt-a", b: "debt-b", pattern: "不同负责人" },
  { a: "grid-a", b: "grid-b", pattern: "同一负责人跨基金" },
  { a: "eldercare-a", b: "eldercare-b", pattern: "不同负责人" },
  { a: "migrant-a", b: "migrant-b", pattern: "同一负责人跨基金" },
  { a: "digivillage-a", b: "digivillage-b", pattern: "不同负责人" },
  { a: "resettle-a", b: "resettle-b", pattern: "同一负责人跨基金" },
  { a: "czt-a", b: "czt-b", pattern: "不同负责人" },
  { a: "carbon-a", b: "carbon-b", pattern: "同一负责人跨基金" },
  { a: "yigongti-a", b: "yigongti-b", pattern: "不同负责人" },
  { a: "yuqing-a", b: "yuqing-b", pattern: "不同负责人" },
  { a: "redtour-a", b: "redtour-b", pattern: "不同负责人" },
  { a: "crowdout-a", b: "crowdout-b", pattern: "同一负责人跨基金" },
  { a: "vocational-a", b: "vocational-b", pattern: "不同负责人" },
  { a: "wuling-a", b: "wuling-b", pattern: "不同负责人" },
];

// ───────────────────────── 生成 ─────────────────────────

const orgRegion = new Map(organisations.map((o) => [o.key, o.region]));
for (const list of Object.values(pools)) shuffle(list);
const usedStems = new Set<Stem>();

function projectOrgKey(personKey: string): string {
  const person = people.find((pp) => pp.key === personKey);
  const prof = profiles[personKey];
  const key = person?.orgKey ?? prof?.formerOrgKey;
  if (!person || !prof || !key) throw new Error(`无法确定课题依托机构：${personKey}`);
  return key;
}

function buildProject(args: {
  funder: DemoProject["funder"];
  category: string;
  year: number;
  piKey: string;
  title: string;
  core: string;
  t: StemType;
  h: boolean;
  theme: Theme;
  preferredDiscipline?: string | undefined;
  forceComplete?: boolean;
}): DemoProject {
  const person = people.find((pp) => pp.key === args.piKey)!;
  const institutionOrgKey = projectOrgKey(args.piKey);
  const province = orgRegion.get(institutionOrgKey)!;
  const discipline = disciplineFor(person.disciplines, args.theme, args.funder, args.preferredDiscipline);
  const approvedOn = approvedOnFor(args.funder, args.category, args.year);
  const { completedOn, grade } = completion(args.funder, args.category, args.year, approvedOn, args.forceComplete ?? false);
  return {
    approvalNumber: approvalNumber(args.funder, args.category, args.year, discipline),
    funder: args.funder,
    category: args.category,
    discipline,
    title: args.title,
    year: args.year,
    approvedOn,
    piKey: args.piKey,
    institutionOrgKey,
    province,
    grade,
    completedOn,
    outputs: completedOn ? makeOutputs(args.funder, args.core, args.t, args.h, args.theme, province) : [],
    amount: amountFor(args.funder, args.category, args.year),
  };
}

function composeTitle(stem: Stem, funder: DemoProject["funder"], year: number, theme: Theme, province: string): string {
  if (stem.t === "x") return stem.s;
  const ending = chooseEnding(stem, endings[funder][stem.t]);
  const base = `${stem.s}${ending}`;
  const roll = rng();
  if (roll < 0.3 && !stem.h && !/背景|视域|进程中/.test(stem.s)) {
    const options = prefixes.filter(
      (pf) =>
        pf.themes.includes(theme) &&
        (!pf.needs || pf.needs.some((w) => stem.s.includes(w))) &&
        (pf.from ?? 0) <= year &&
        (pf.to ?? 9999) >= year &&
        (!pf.p || pf.p.includes(province)) &&
        !(pf.avoid ?? []).some((w) => stem.s.includes(w)),
    );
    if (options.length > 0) {
      const title = `${pick(options).t}${base}`;
      if (title.length <= 36) return title;
    }
  } else if (roll < 0.42 && funder === "nssf" && base.endsWith("研究") && !stem.h && !hasRegion(stem.s) && !startsWithRegion(stem.s)) {
    const options = subtitles.filter(
      (sb) =>
        sb.p === province &&
        (!sb.themes || sb.themes.includes(theme)) &&
        (!sb.quant || stem.t === "q" || stem.t === "e") &&
        (!sb.needs || sb.needs.some((w) => stem.s.includes(w))),
    );
    if (options.length > 0) {
      if (base.length <= 26) return `${base}——${pick(options).s}`;
    }
  }
  return base;
}

function takeStem(themes: Theme[], preferred: number, year: number, province: string): { stem: Stem; theme: Theme } {
  const order = [themes[preferred]!, ...themes.filter((_, i) => i !== preferred)];
  for (const theme of order) {
    const stem = pools[theme].find(
      (s) => !usedStems.has(s) && (s.from ?? 0) <= year && (s.to ?? 9999) >= year && (!s.p || s.p === province),
    );
    if (stem) {
      usedStems.add(stem);
      return { stem, theme };
    }
  }
  throw new Error(`选题词库不足：${themes.join("/")} ${year} ${province}`);
}

/** 在可用年份中近似均匀地取 k 个 */
function spreadYears(available: number[], k: number): number[] {
  if (k <= 0) return [];
  if (available.length === 0) throw new Error("没有可用年份");
  const result: number[] = [];
  for (let j = 0; j < k; j++) {
    const lo = Math.floor((j * available.length) / k);
    const hi = Math.max(lo, Math.floor(((j + 1) * available.length) / k) - 1);
    result.push(available[randInt(lo, Math.min(hi, available.length - 1))]!);
  }
  return result;
}

function generate(): { projects: DemoProject[]; pairs: DemoNearDuplicatePair[] } {
  const out: DemoProject[] = [];
  const byHandId = new Map<string, DemoProject>();

  for (const h of handwritten) {
    const proj = buildProject({
      funder: h.funder, category: h.category, year: h.year, piKey: h.pi, title: h.title,
      core: h.core, t: h.t, h: false, theme: h.theme, forceComplete: true,
    });
    byHandId.set(h.id, proj);
    out.push(proj);
  }

  for (const person of people) {
    const prof = profiles[person.key];
    if (!prof) throw new Error(`缺少专家画像：${person.key}`);
    const hands = handwritten.filter((h) => h.pi === person.key);
    const g = prof.total - hands.length;
    if (g < 0) throw new Error(`手写课题多于总数：${person.key}`);
    const orgKey = projectOrgKey(person.key);
    const province = orgRegion.get(orgKey)!;
    const last = prof.until ?? LAST_YEAR;
    const isSenior = SENIOR_TITLES.has(person.title);

    const nNsfc = Math.round(g * prof.nsfc);
    const plan: { funder: DemoProject["funder"]; year: number }[] = [];
    for (const funder of ["nssf", "nsfc"] as const) {
      const k = funder === "nsfc" ? nNsfc : g - nNsfc;
      const handSame = hands.filter((h) => h.funder === funder);
      const youthHand = handSame.find((h) => h.category === "青年项目" || h.category === "青年科学基金项目");
      const lo = youthHand ? Math.max(prof.since, youthHand.year + 1) : prof.since;
      const taken = new Set(handSame.map((h) => h.year));
      const available: number[] = [];
      for (let y = lo; y <= last; y++) if (!taken.has(y)) available.push(y);
      for (const year of spreadYears(available, k)) plan.push({ funder, year });
    }
    plan.sort((a, b) => a.year - b.year);

    const youthUsed = {
      nssf: hands.some((h) => h.funder === "nssf" && h.category === "青年项目"),
      nsfc: hands.some((h) => h.funder === "nsfc" && h.category === "青年科学基金项目"),
    };

    plan.forEach(({ funder, year }, j) => {
      const young = year <= (prof.youngUntil ?? 0);
      let category: string;
      if (funder === "nssf") {
        if (!youthUsed.nssf && young) {
          category = "青年项目";
          youthUsed.nssf = true;
        } else if (WEST_ELIGIBLE.has(orgKey) && chance(0.35)) category = "西部项目";
        else if (isSenior && year >= prof.since + 3 && chance(0.15)) category = "重点项目";
        else category = "一般项目";
      } else if (!youthUsed.nsfc && young) {
        category = "青年科学基金项目";
        youthUsed.nsfc = true;
      } else category = "面上项目";

      const preferred = prof.themes.length > 1 && j % 3 === 2 ? 1 : 0;
      const { stem, theme } = takeStem(prof.themes, preferred, year, province);
      const title = composeTitle(stem, funder, year, theme, province);
      const core = stem.t === "x" ? stem.s.replace(/研究$/, "") : stem.s;
      out.push(buildProject({ funder, category, year, piKey: person.key, title, core, t: stem.t, h: !!stem.h, theme, preferredDiscipline: stem.d }));
    });
  }

  out.sort((a, b) => a.year - b.year || a.funder.localeCompare(b.funder) || a.approvalNumber.localeCompare(b.approvalNumber));

  const pairs: DemoNearDuplicatePair[] = duplicatePairs.map(({ a, b, pattern }) => {
    const pa = byHandId.get(a)!;
    const pb = byHandId.get(b)!;
    return {
      pattern,
      a: { funder: pa.funder, approvalNumber: pa.approvalNumber, title: pa.title },
      b: { funder: pb.funder, approvalNumber: pb.approvalNumber, title: pb.title },
    };
  });
  return { projects: out, pairs };
}

const generated = generate();

export const projects: DemoProject[] = generated.projects;

/** 有意构造的近似重复课题对（演示查重与「一鱼多吃」识别） */
export const nearDuplicatePairs: DemoNearDuplicatePair[] = generated.pairs;
