/* The place picker's filter: a place matches the text typed when its name or town contains
 * it, or when it is a prefix of the pinyin (full or initials) from any syllable of the name
 * or town onwards, as the site search finds 北大荒开发建设纪念馆 by "beidahuang", "kaifa"
 * or "bdh". The pinyin comes with the places JSON (py; townPy per town). No DOM. */

/** The typed text as it is compared: trimmed and lowercase; pinyin without spaces or apostrophes. */
export function normalise(text) {
  const plain = String(text || "").trim().toLowerCase();
  return { plain, pinyin: /^[a-z\s'’]+$/.test(plain) ? plain.replace(/[\s'’]+/g, "") : "" };
}

/** Whether q (letters only) starts the full pinyin or the initials of syllables "a b c" from any syllable on. */
export function pinyinMatches(syllables, q) {
  if (!q || !syllables) return false;
  const s = syllables.split(" ").filter(Boolean);
  for (let i = 0; i < s.length; i++) {
    const rest = s.slice(i);
    if (rest.join("").startsWith(q)) return true;
    if (q.length >= 2 && rest.map((x) => x[0]).join("").startsWith(q)) return true;
  }
  return false;
}

/** Whether a place passes the filters: kind label, town and text (see the module comment). */
export function placeMatches(place, { kind = "", town = "", text = "" } = {}, townPy = {}) {
  if (kind && place.label !== kind) return false;
  if (town && place.town !== town) return false;
  const { plain, pinyin } = normalise(text);
  if (!plain) return true;
  if (place.name.toLowerCase().includes(plain) || place.town.includes(plain)) return true;
  return Boolean(pinyin) && (pinyinMatches(place.py, pinyin) || pinyinMatches(townPy[place.town], pinyin));
}
