/**
 * The words the system reads reports and questions by, in one place: how places
 * are named and ranked, how a report names itself, what marks a review and a
 * plan, and which lines of a collected web page are page furniture. General
 * knowledge of Chinese government work reports — no fact of any one report.
 */

/** Administrative levels, as the last part of a place's name says. */
export type PlaceLevel = "省" | "自治区" | "直辖市" | "市" | "区" | "县" | "旗" | "州" | "盟";

/** The four province-level municipalities (直辖市); any other 市 is a city. */
export const MUNICIPALITIES = new Set(["北京市", "上海市", "天津市", "重庆市"]);

/** One level of a place name: 广西壮族自治区 | 柳州市 | 柳北区. 州 only as 自治州 (广州市 is a 市). */
export const PLACE_SEGMENT = /.+?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|区|县|旗|盟)/g;

/** The ethnic part of an autonomous region's name, dropped in the name people use (广西, 宁夏, 新疆). */
export const AUTONOMOUS_SUFFIX = /(?:壮族|回族|维吾尔|藏族)?自治区$/;

/** How a report speaks of its own place: 全区 in a district or an autonomous region, 全省 in a province. */
export const SELF_WORDS: Record<PlaceLevel, string[]> = {
  省: ["全省", "我省", "本省"],
  自治区: ["全区", "我区", "本区", "自治区"],
  直辖市: ["全市", "我市", "本市"],
  市: ["全市", "我市", "本市"],
  区: ["全区", "我区", "本区", "全城区"],
  县: ["全县", "我县", "本县"],
  旗: ["全旗", "我旗", "本旗"],
  州: ["全州", "我州", "本州"],
  盟: ["全盟", "我盟", "本盟"],
};

/** Posts of the head of a government, the speaker of the report. */
export const HEAD_POSTS = "省长|市长|区长|县长|州长|旗长|盟长|主席";

/** Chinese numerals in dates and ordinals (二〇二六年一月二十七日). */
export const CN_DIGITS = "〇零一二两三四五六七八九十";

/**
 * Five-year plans: the n-th (十四五 = 14th) runs 2006 + 5(n − 11) … +4 for every plan since the
 * 11th (2006–2010); 十四五 is 2021–2025, 十五五 2026–2030.
 */
export const FIVE_YEAR_PLAN = /十([一二三四五六七八九])五|第十([一二三四五六七八九])个五年规划/g;

/** Words that mark looking back (a part or paragraph of results). */
export const REVIEW_WORDS = /回顾|成就|总结|成绩|过去一年|过去五年|五年来|一年来|这五年|主要做了/;
/** Words that mark looking ahead (targets, tasks, plans). */
export const PLAN_WORDS = /安排|计划|任务|目标|重点工作|主要工作|考虑|要求|今年|预期/;

/**
 * Lines of a collected web page that are not the report: menus, font-size
 * controls, share buttons, the source and time stamps, breadcrumbs, editors.
 * Kept verbatim in the text, typed as page noise, never quoted.
 */
export const PAGE_FURNITURE = new RegExp(
  [
    "下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "小", "中", "大", "首页", ">", "\\|", "×", "【", "】",
    "【?字[号体][：:]?", "打印本页", "关闭窗口", "扫一扫.*", "分享到.*", "相关报道[：:]?", "》》.*《《", "编辑[：:].*", "责任编辑[：:].*",
    "[（(]?来源[：:].*", "时间[：:].*", "您的位置[：:]?.*", ".{2,8}要闻", "政务信息", ".{2,10}客户端", "\\d{4}-\\d{2}-\\d{2}(?:\\s+\\d{2}:\\d{2}(?::\\d{2})?)?",
  ]
    .map((p) => `(?:${p})`)
    .join("|")
    .replace(/^/, "^(?:")
    .replace(/$/, ")$"),
);

/** A photo caption under the page's picture: …作政府工作报告。本报记者 霍艳恩摄 */
export const PHOTO_CAPTION = /作政府工作报告|记者.{0,12}摄|^.{0,60}摄$|代表.{0,12}人民政府向大会作/;
