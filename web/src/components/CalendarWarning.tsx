import { useQuery } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../api/client";
import type { Me } from "../api/types";

/**
 * The district administrator's warning that a year is missing from the working-day calendar
 * (the current one, or from November the next): its days cannot be booked until it is imported
 * (issue 10, item 7). Shown in the manage app and the district view; the server decides when.
 */
export function CalendarWarning(props: { me: Me }) {
  const { i18n } = useTranslation();
  const allowed = props.me.permissions.district.includes("calendar.write");
  const status = useQuery({
    queryKey: ["calendar-status"],
    enabled: allowed,
    staleTime: 10 * 60_000,
    queryFn: () => call(api.GET("/api/calendar/status")),
  });
  const warning = status.data?.warning;
  if (!allowed || !warning) return null;
  const en = i18n.language.startsWith("en");
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-warning"
      style={{ marginBottom: 16 }}
      message={en ? warning.en : warning.zh}
      action={
        <Button size="small" href="/manage/calendar">
          {en ? "Import" : "去导入"}
        </Button>
      }
    />
  );
}
