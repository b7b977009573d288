/** Masks for every public surface: 张*, 138****1234, 110101********1234. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return "";
  // Latin names: keep the first letter of the first word.
  if (/^[\x20-\x7e]+$/.test(name)) return `${chars[0]}***`;
  return `${chars[0]}${"*".repeat(Math.max(1, chars.length - 1))}`;
}

export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, "");
  if (d.length < 7) return "*".repeat(d.length);
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length < 10) return "*".repeat(s.length);
  return `${s.slice(0, 6)}${"*".repeat(s.length - 10)}${s.slice(-4)}`;
}
