/**
 * Chinese numerals → Arabic digits, as the report writes figures: 百分之六点五 →
 * 6.5%, 一千五百 → 1500, 二〇二四年 → 2024年, 三点五亿 → 3.5亿.
 *
 * Single numerals are left alone by default, because the report's set phrases
 * are built from them (三区三线, 六个一, 两个确立, 五育并举) and must still match;
 * pass { small: true } to convert 三个 → 3个 too (claims about counts).
 */
// Null-prototype: `c in DIGIT` must never see Object.prototype's keys.
const DIGIT: Record<string, number> = Object.assign(Object.create(null), { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 });
const SMALL_UNIT: Record<string, number> = Object.assign(Object.create(null), { 十: 10, 百: 100, 千: 1000 });
const D = "零〇一二两三四五六七八九";
const NUM = `[${D}十百千]`;

/** Value of a numeral such as 一千五百 or 十二 or 二〇二四 (digit by digit). */
export function chineseToNumber(s: string): number | null {
  if (!s) return null;
  if (/^[零〇一二三四五六七八九]+$/.test(s) && s.length > 1) {
    return Number([...s].map((c) => DIGIT[c]).join(""));
  }
  let total = 0;
  let current = 0;
  for (const c of s) {
    if (c in DIGIT) current = DIGIT[c]!;
    else if (c in SMALL_UNIT) {
      total += (current || 1) * SMALL_UNIT[c]!;
      current = 0;
    } else return null;
  }
  return total + current;
}

function decimal(intPart: string, fracPart?: string): string | null {
  const whole = chineseToNumber(intPart);
  if (whole === null) return null;
  if (!fracPart) return String(whole);
  const frac = [...fracPart].map((c) => DIGIT[c]);
  if (frac.some((d) => d === undefined)) return null;
  return `${whole}.${frac.join("")}`;
}

export function parseChineseNumbers(text: string, options: { small?: boolean } = {}): string {
  let out = text.replace(new RegExp(`百分之(${NUM}+)(?:点([${D}]+))?`, "g"), (m, i: string, f?: string) => {
    const n = decimal(i, f);
    return n === null ? m : `${n}%`;
  });
  // Years written digit by digit: 二〇二四年 → 2024年.
  out = out.replace(/([零〇一二三四五六七八九]{4})年/g, (m, y: string) => `${chineseToNumber(y)}年`);
  // Multi-character numerals and decimals: 一千五百, 十二, 三点五. A lone 十/百/千 stays
  // (十条措施, 百日行动, 千万 are words, not figures), so a digit must be part of it.
  out = out.replace(new RegExp(`(${NUM}+)点([${D}]+)|(${NUM}*[十百千]${NUM}*)`, "g"), (m, i?: string, f?: string, whole?: string) => {
    if (!i && !/[零〇一二两三四五六七八九]/.test(whole!)) return m;
    // 十四五, 十五五 name five-year plans, not numbers.
    if (!i && /^十[一二三四五六七八九]五$/.test(whole!)) return m;
    const n = i ? decimal(i, f) : decimal(whole!);
    return n === null ? m : n;
  });
  if (options.small) {
    out = out.replace(new RegExp(`([${D}])(?=[个家项户人件处套名所条万亿])`, "g"), (m, d: string) => String(DIGIT[d] ?? m));
  }
  return out;
}
