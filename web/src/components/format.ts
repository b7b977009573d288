import dayjs from "dayjs";

/** One way to show instants everywhere, independent of the browser's locale. */
export const fmtDateTime = (iso: string | null | undefined): string => (iso ? dayjs(iso).format("YYYY-MM-DD HH:mm:ss") : "—");
export const fmtDate = (iso: string | null | undefined): string => (iso ? dayjs(iso).format("YYYY-MM-DD") : "—");
