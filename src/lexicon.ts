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

/**
 * China's province-level units and their capitals, by the names people use: a
 * question naming one of these with no report in the corpus is about another
 * place (other_place), never answered from a report that is there.
 */
export const PROVINCE_LEVEL_NAMES = [
  "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
  "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾",
];
export const PROVINCIAL_CAPITALS = [
  "石家庄", "太原", "呼和浩特", "沈阳", "长春", "哈尔滨", "南京", "杭州", "合肥", "福州", "南昌", "济南", "郑州", "武汉", "长沙", "广州", "南宁", "海口",
  "成都", "贵阳", "昆明", "拉萨", "西安", "兰州", "西宁", "银川", "乌鲁木齐", "深圳", "厦门", "青岛", "大连", "宁波", "苏州",
];

/** Place-like words (jieba tags them ns, or they end like a place) that name no particular place. */
export const GENERIC_PLACE_WORDS = new Set([
  "开发区", "示范区", "保护区", "自贸区", "试验区", "功能区", "核心区", "先行区", "风景区", "商务区", "高新区", "经开区", "集聚区", "生态区", "主城区", "老城区", "新城区",
  "中心城区", "管理区", "产业区", "工业区", "合作区", "引领区", "承载区", "示范市", "县城", "县区", "市区", "地市", "县市", "省市", "各区", "各县", "各市", "本市", "该市", "该区", "该县",
  "街区", "小区", "校区", "片区", "辖区", "景区", "城中村", "特区", "地区", "民族地区", "边境地区", "自治区", "自治州", "自治县", "省会", "全省", "全市", "全县",
  "城镇", "城市", "城乡", "新区", "城区", "农村", "乡村", "社区", "园区", "全国", "中国", "国内", "国外", "境内", "境外", "海外", "全球", "世界", "东盟", "东部", "西部", "中部", "东北", "沿海", "沿边", "边疆", "内陆", "山区", "库区", "牧区", "林区", "老区", "长三角", "京津冀", "粤港澳", "成渝", "黄河", "长江", "珠三角", "大湾区", "中西部",
]);

/** An administrative unit's name: ends with one of these. */
export const ADMIN_SUFFIX = /(省|市|区|县|州|旗|盟|自治区)$/;

// ----------------------------------------------------------------------------
// Question words: how a question asks (read by src/answer/question.ts)

/** English words that name a report itself, not a topic in it. */
export const ENGLISH_SUBJECT = new Set(["district", "province", "city", "county", "region", "report", "government", "work", "year"]);

/** A question about plans or targets. */
export const QUESTION_PLAN_WORDS = /目标|计划|预期|预计|打算|将要|将会|力争|争取|安排|(?<!主)要做|准备|明年|今年.*(要|将|计划)|\d{4}年.*(要|将)|target|plan|goal|expect/i;
/** A question about results. */
export const QUESTION_RESULT_WORDS = /完成了|实现了|达到了|取得|去年|上一年|\d{4}年.*(完成|实现|达到)|achieved|was|were|did/i;
/** A question that wants a quantity. */
export const QUANTITY_WORDS = /多少|几[个家项人户所条次名万亿]|多大|多高|多长|比例|比重|占比|率|增长|下降|增速|增幅|金额|总额|数量|规模|面积|how many|how much|what percentage|rate|amount|number of/i;
/** A question that wants a definition. */
export const DEFINITION_WORDS = /是什么|指什么|什么是|指的是|是指|含义|意思|内容是|包括哪些|包含哪些|哪[几些]个方面|what (is|are|does) .*(mean|refer)|meaning of|what is|define/i;

/** What a question's wording says about the unit it wants; the first match wins. */
export const ASKED_UNIT: [RegExp, string][] = [
  [/百分之几|百分比|多少%|占比|比例|比重|percentage|percent|rate/, "%"],
  [/多少(亿|万)?元|多少钱|多少资金|多少亿|how much money|yuan/, "元"],
  [/多少(万)?亩|面积有多大/, "亩"],
  [/多少(万)?平方米|多少平米/, "平方米"],
  [/多少(万)?吨/, "吨"],
  [/多少(万)?人次/, "人次"],
  [/多少(万)?人|多少名/, "人"],
  [/(多少|几)(个|家|户|项|件|处|套|所|条|场|份)/, "个"],
];

/** A question about the report itself: who delivered it, when, at which session, who printed it, how many copies. */
export const REPORT_FACT_WORDS = /谁作|谁做|作报告|做报告|报告人|哪次会议|什么会议|哪届|几届|哪一天|什么时候作|何时作|哪天作|印发|印了|印制|印刷|(什么时候|何时|哪天|哪一天)印|份数|多少份|文件之|几号文件|秘书处|刊登|刊发|刊载|哪家报|什么报纸|报告的?(全称|标题|题目)|who (delivered|gave|made)|when was .*(delivered|given)|which session|what session|how many copies|printed|newspaper|full title|title of (this|the) report/i;
/** A question about the report itself, by the fact it asks for (answered from the title block and the closing lines). */
export const REPORT_FACT_ASKS: [fact: "speaker" | "date" | "session" | "publisher" | "printer" | "printDate" | "copies" | "title" | "docNumber", words: RegExp][] = [
  ["docNumber", /第?几号文件|几号文件|文件之|文件编号|第几份文件|document number/i],
  ["printDate", /(什么时候|何时|哪天|哪一天|日期).{0,3}印|印.{0,3}(什么时候|何时|哪天|哪一天|日期)|printed on|print date/i],
  ["copies", /多少份|几份|印了多少|印数|份数|how many copies/i],
  ["printer", /印发|(哪个|什么)(单位|部门|机关).{0,3}印|谁印|秘书处|printed by|issued by/i],
  ["publisher", /刊登|刊发|刊载|登载|发表在|哪家报|什么报|报纸|来源|newspaper|published (in|by)|source/i],
  ["speaker", /谁作|谁做|谁代表|报告人|作报告的是|是谁|职务|who/i],
  ["session", /哪次会议|什么会议|哪届|几届|第几届|第几次会议|会议上|session|meeting/i],
  ["date", /什么时候|何时|哪天|哪一天|日期|几月几[号日]|when|what date/i],
  ["title", /全称|标题|题目|名称|叫什么|title/i],
];

/** A question asking why: answered by the causes or circumstances the report states. Not 确定为什么区 (为 + 什么). */
export const WHY_WORDS = /(?<![定名评成作列称改选视认设转变分划授])为什么|为何|什么原因|原因是|原因有|的原因|缘何|怎么会|\bwhy\b|what caused|reason/i;
/** A question asking how something was or will be done: answered by the measures the report states. */
export const HOW_WORDS = /(怎么|怎样|如何)(来)?(做|干|办|开展|推进|推动|实现|解决|应对|落实|保障|提高|提升|防止|防范|促进|加强|改善|建设|抓|破解|化解|稳住|扩大|发展|引进|吸引|优化|打造)|采取了?(哪些|什么|那些)(措施|举措|办法)|通过(什么|哪些)(措施|举措|办法|方式|途径)|靠什么|用什么办法|有什么办法|\bhow (did|does|do|will|can|is|was|were|are)\b.*\b(raise|improve|promote|achieve|solve|tackle|address|ensure|handle|deal with|boost|prevent|support|attract|carry out|implement|cope|respond|stabili[sz]e)/i;
/** A question asking for an overview of a topic or of a part of the report. */
export const SUMMARY_WORDS = /总结|概括|归纳|梳理|盘点|主要做了|做了(哪些|什么|些什么)|干了(哪些|什么)|有哪些(工作|措施|举措|安排|部署|任务|重点|亮点|成绩|成效)|(有|做了)(什么|哪些|何)(安排|部署|举措)|怎么安排|如何安排|哪几件|几件大事|哪几方面|哪几个方面工作|哪些方面(的)?工作|重点(抓好|做好|做|抓)|重点工作|主要任务|主要工作|工作安排|接下来怎么做|summar|outline|overview|main (tasks|work|measures|points|priorities)|\bwhat did .*\bdo\b|what (is|was|are|were) (planned|done)/i;
/** Words that frame a summary, why or how question rather than name its topic. */
export const FRAME_WORDS = new Set([
  "总结", "概括", "归纳", "梳理", "盘点", "一下", "主要", "重点", "工作", "方面", "措施", "举措", "安排", "部署", "任务", "主要任务", "重点工作", "主要工作", "工作安排",
  "大事", "几件", "件", "做", "做了", "做好", "干", "办", "开展", "内容", "接下来", "下一步", "今后", "打算", "计划", "提出", "规划", "纲要", "规划纲要", "草案", "政府",
  "成绩", "成效", "进展", "亮点", "有何", "怎么做", "为什么", "为何", "原因", "采取", "办法", "方式", "途径", "通过", "靠", "实施", "报告", "指出",
  "summarize", "summary", "outline", "overview", "main", "tasks", "task", "work", "measures", "do", "did", "done", "planned", "plan", "plans", "key", "priorities", "why", "how", "reason",
]);
/** A summary question about what was done (the review). */
export const SUMMARY_RESULT_WORDS = /做了|干了|开展了|取得|成绩|成效|成就|回顾|进展|完成了|\bdid\b|\bdone\b|achiev/i;
/** A summary question about what is to be done (the plan). */
export const SUMMARY_PLAN_WORDS = /接下来|下一步|今后|打算|(?<!主)要做|将要|安排|部署|计划|任务|重点工作|planned|\bplan|\bwill\b/i;

/** A clause that states a cause or the circumstances of a result: 面对…, 受…影响, 由于…, 积极应对…, 顶住…压力. */
export const CAUSE_CUES = /面对|面临|受.{0,20}(影响|冲击|拖累)|由于|因为|应对|克服|顶住|顶压|承压|在.{0,20}(背景|形势|情况|冲击|影响)下|得益于|受益于|导致|致使|拖累|超预期|下行压力|主要是|原因/;
/** A clause that states a shortcoming: the reason a report gives for what it plans to fix. */
export const PROBLEM_CUES = /存在|不足|短板|弱项|薄弱|滞后|亟待|不尽|不够|差距|不平衡|不充分|困难和问题|依然突出/;
/** A clause that states a measure taken or planned: 坚持…, 通过…, 实施…. */
export const MEASURE_CUES = /坚持|通过|采取|实施|推行|推进|推动|开展|建立|健全|完善|创新|出台|发挥|加大|加强|加快|强化|深化|依托|围绕|聚焦|以.{1,12}为|积极|探索|落实|组织|搭建|打造|构建|引导|支持|鼓励|针对|优化|提升|做好|守住/;

/** The printing line that closes an official document: 区十三届人大三次会议秘书处 2023年1月7日印. */
export const PRINT_LINE = /^(?<printer>\S.*?)[\s\u3000]*(?<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印(?:发)?)$/;
/** The document number a session gives a report it prints: 文 件 之 二. */
export const DOCUMENT_NUMBER = /文[\s\u3000]*件[\s\u3000]*之[\s\u3000]*[〇一二三四五六七八九十]+/;
/** The copies line: (共印580份). */
export const COPIES_LINE = /共印\s*\d+\s*份/;

/** Words that make a part of a question ask something (other parts only set its topic). */
export const INTERROGATIVE = /多少|几|什么|哪|吗|是否|有没有|怎么|如何|谁|how|what|which|when|who|where|\?|？/;

// ----------------------------------------------------------------------------
// Directions and qualifiers of figures (figures, claims, clause extraction)

/** A direction word ending the words before a figure: 增长5.6%, 比上年下降… */
export const DIRECTION = /(同比|比上年|较上年|分别|年均)?(增长|下降|上升|减少|提高|降低|增加|持平)$/;
/** A direction word just before a claimed figure. */
export const DIRECTION_BEFORE = /(增长|下降|上升|减少|提高|降低|增加)(了)?$/;
/** Qualifiers that make a figure approximate. */
export const APPROX = /超过|余|以上|多|近|约|左右/;

/** A clause that only states a change belongs to the metric clause before it. */
export const CHANGE_ONLY = /^(同比|分别|比上年|较上年)?(增长|下降|上升|减少|提高|降低)\s*[\d.]+/;

// ----------------------------------------------------------------------------
// Rankings across reports (src/answer/rank.ts)

/** How a question asks for an order: 哪个省…最高, 排名, which province … highest. */
export const RANKING_WORDS = /最高|最低|最多|最少|最大|最小|最快|最慢|排名|排第几|排前|排在|highest|lowest|largest|smallest|rank/i;
export const RANKING_PLACE_CLASS = /哪个(省份|省|地方|地区|城市|市|区)|哪些(省份|省|地方|地区)|which (province|region|place)/i;
/** What is left of a ranking question once its framing is removed: the metric. */
export const RANKING_FRAMING = /哪个(省份|省|地方|地区|城市|市|区)?|哪些(省份|省|地方|地区)?|最高|最低|最多|最少|最大|最小|最快|最慢|排名|排第几|排前|排在|的是|是|的|谁|(19|20)\d{2}年?|今年|去年|目标|预期|计划|定为|定在|安排|多少|[？?。，,！!\s]/g;

// ----------------------------------------------------------------------------
// Words that carry no topic, for indexing and questions alike (src/index/tokenize.ts)

/**
 * Function words and question words that carry no topic. Deliberately short:
 * direction words (增长/下降/上升/减少), negations and units stay searchable.
 */
export const STOP_WORDS = new Set([
  "的", "了", "和", "与", "及", "以及", "或", "是", "在", "为", "对", "把", "被", "将", "从", "向", "于", "等", "并", "也", "都", "就", "又", "还",
  "这", "那", "其", "之", "个", "年", "月", "日", "中", "上", "下", "里",
  "吗", "呢", "吧", "啊", "呀", "么", "多少", "什么", "哪些", "哪个", "哪里", "哪", "怎么", "怎么样", "怎样", "如何", "为什么", "是否", "有没有", "有", "没有",
  "请问", "请", "一下", "告诉", "我", "我们", "你", "你们", "他们", "想", "知道", "问", "能", "可以", "会", "要", "去", "给", "让", "情况", "具体",
  // Question framing: how a question asks, not what it is about.
  "多大", "多高", "多长", "几", "几个", "哪几个", "哪几项", "哪几", "一共", "总共", "共", "分别", "各", "各有", "各是", "是不是", "能不能", "会不会", "要不要",
  "去年", "今年", "明年", "上年", "本年", "比", // periods are read by the question analysis, not matched as words
  "么样", "啥", "咋", "谁", "何时", "什么时候", "时候", "哪一年", "提出", "报告", "这份", "方面", "类型", "一项", "项", "里面", "当中", "其中",
  "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "is", "are", "was", "were", "be", "by", "with", "what", "which", "how", "many", "much", "did", "does", "do",
]);

// ── Follow-up questions (src/answer/followup.ts) ──
/** A pronoun standing for what the turn before was about: 它是…, 其中…, 该报告… (该/这份 only before 报告, which names its subject). */
export const FOLLOWUP_PRONOUN = /^(它们|它|其(?![中他余次实]))/;
/** Words that tie a topic to its period: carried to another year or to a plan/result, they go (全年完成地区生产总值 → 地区生产总值). */
export const PERIOD_TIED_WORDS = /^(全年|要|将|能|会|计划|力争|争取|预计|确保|完成了|完成|实现了|实现|累计)+/;
/** Frames that compare or rank a figure rather than ask it: they do not carry to another period. */
export const COMPARING_FRAME = /第几|排名|比上年|同比|增长还是下降|怎么样|如何/;
/** A quantity question word before the noun it counts: 新增多少学位 is asked as 新增学位多少. */
export const COUNTING_WORD = /(多少[个家人亩项所条户元份名]?|几[个家项人所条次份名])/;
/** What follows a count but is its unit, not the noun counted: 增长多少个百分点 stays as it is. */
export const COUNT_UNIT = /^(个?百分点|[万亿千百]|倍|人次|平方|公里|吨|亩|元)/;
/** Relative years, read against the report of the place asked about. */
export const RELATIVE_YEARS: [RegExp, number][] = [[/今年|本年/, 0], [/去年|上一年/, -1], [/明年|下一年/, 1]];
