import { pinyin } from "pinyin-pro";

/** Pinyin initials of the Chinese characters in `s`: 营业执照 → yyzz. Other characters are dropped. */
export function initialsOf(s: string): string {
  return pinyin(s, { pattern: "first", toneType: "none", separator: "", nonZh: "removed" }).toLowerCase();
}

/**
 * What the public search matches against: the item's name and its result's name (people look
 * for 营业执照, not 个体工商户设立登记), each also as pinyin initials, since that is what people
 * type on a phone. Lower-cased, so a plain LIKE behaves the same on SQLite and PostgreSQL.
 */
export function searchTextOf(guide: { name: string; resultName: string | null }): string {
  const parts = [guide.name, initialsOf(guide.name)];
  if (guide.resultName) parts.push(guide.resultName, initialsOf(guide.resultName));
  return parts.join(" ").toLowerCase();
}

/** A user's query as the text to find: lower-cased, spaces collapsed; null when nothing is left. */
export function searchText(q: string): string | null {
  const clean = q.toLowerCase().replace(/\s+/g, " ").trim();
  return clean || null;
}
