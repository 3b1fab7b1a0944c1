// Porter (1980) stemmer for English gloss words.
//
// Why: CC-CEDICT glosses say "to attend school", "schools", "schooling";
// an English query says "school". Stemming both sides makes them share one
// feature ("e:school") so the English↔Chinese bridge works for inflections.
// This is the reference algorithm (as in Martin Porter's public JS port),
// deliberately not "improved", so results are predictable.

const step2list: Record<string, string> = {
  ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
  alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate",
  ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al",
  iviti: "ive", biliti: "ble", logi: "log",
};
const step3list: Record<string, string> = {
  icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "",
};

const c = "[^aeiou]";
const v = "[aeiouy]";
const C = c + "[^aeiouy]*";
const V = v + "[aeiou]*";
const mgr0 = new RegExp("^(" + C + ")?" + V + C); // measure > 0
const meq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$"); // measure == 1
const mgr1 = new RegExp("^(" + C + ")?" + V + C + V + C); // measure > 1
const sV = new RegExp("^(" + C + ")?" + v); // contains a vowel
const cvc = new RegExp("^" + C + v + "[^aeiouwxy]$");

const cache = new Map<string, string>();

/** Porter stem of a lowercase ASCII word; words shorter than 3 are returned as is. */
export function porterStem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = stemUncached(word);
  cache.set(word, out);
  return out;
}

function stemUncached(input: string): string {
  let w = input;
  if (w.length < 3) return w;
  const firstY = w[0] === "y";
  if (firstY) w = "Y" + w.slice(1);

  // Step 1a: plurals
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)(ss|i)es$/.exec(w))) w = m[1] + m[2];
  else if ((m = /^(.+?)([^s])s$/.exec(w))) w = m[1] + m[2];

  // Step 1b: -eed, -ed, -ing
  if ((m = /^(.+?)eed$/.exec(w))) {
    if (mgr0.test(m[1])) w = w.slice(0, -1);
  } else if ((m = /^(.+?)(ed|ing)$/.exec(w))) {
    const stem = m[1];
    if (sV.test(stem)) {
      w = stem;
      if (/(at|bl|iz)$/.test(w)) w += "e";
      else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
      else if (cvc.test(w)) w += "e";
    }
  }

  // Step 1c: y -> i
  if ((m = /^(.+?)y$/.exec(w))) {
    if (sV.test(m[1])) w = m[1] + "i";
  }

  // Step 2
  m = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/.exec(w);
  if (m && mgr0.test(m[1])) w = m[1] + step2list[m[2]];

  // Step 3
  m = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/.exec(w);
  if (m && mgr0.test(m[1])) w = m[1] + step3list[m[2]];

  // Step 4
  if ((m = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/.exec(w))) {
    if (mgr1.test(m[1])) w = m[1];
  } else if ((m = /^(.+?)(s|t)(ion)$/.exec(w))) {
    const stem = m[1] + m[2];
    if (mgr1.test(stem)) w = stem;
  }

  // Step 5
  if ((m = /^(.+?)e$/.exec(w))) {
    const stem = m[1];
    if (mgr1.test(stem) || (meq1.test(stem) && !cvc.test(stem))) w = stem;
  }
  if (/ll$/.test(w) && mgr1.test(w)) w = w.slice(0, -1);

  if (firstY) w = "y" + w.slice(1);
  return w;
}
