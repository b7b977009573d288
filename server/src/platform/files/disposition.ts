/** Content-Disposition for a Chinese file name: an ASCII fallback plus RFC 5987 UTF-8. */
export function attachmentName(name: string, kind: "attachment" | "inline" = "attachment"): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
