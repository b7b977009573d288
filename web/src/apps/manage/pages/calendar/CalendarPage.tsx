import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { CalendarYear } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { fmtDate } from "../../../../components/format";
import { ScrollRegion } from "../../../../components/ScrollRegion";
import { PageHead } from "../../common/PageHead";
import { useMe } from "../../session";
import { Calculator } from "./Calculator";
import { ImportYear } from "./ImportYear";
import { YearDays } from "./YearDays";

export const YEARS_KEY = ["calendar", "years"] as const;

/** The working-day calendar: which years are covered, each year's holidays and make-up workdays. */
export function CalendarPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mayWrite = can(me, "calendar.write", null);
  const years = useQuery({ queryKey: YEARS_KEY, queryFn: () => call(api.GET("/api/calendar/years")) });
  const [picked, setPicked] = useState<number | null>(null);
  const thisYear = new Date().getFullYear();
  const year = picked ?? years.data?.find((y) => y.year === thisYear)?.year ?? years.data?.[years.data.length - 1]?.year ?? thisYear;
  return (
    <>
      <PageHead title={t("m.nav.calendar")} readOnly={!mayWrite} />
      {mayWrite ? null : <Typography.Paragraph type="secondary">{t("m.cal.readOnly")}</Typography.Paragraph>}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t("m.cal.years")} size="small">
            <ErrorAlert error={years.error} />
            <ScrollRegion label={t("m.cal.years")}>
              <Table<CalendarYear>
                rowKey="year"
                size="small"
                loading={years.isPending}
                dataSource={[...(years.data ?? [])].sort((a, b) => b.year - a.year)}
                scroll={{ y: 320 }}
                pagination={false}
                onRow={(r) => ({ onClick: () => setPicked(r.year), style: { cursor: "pointer" } })}
                rowClassName={(r) => (r.year === year ? "ant-table-row-selected" : "")}
                columns={[
                  { title: t("m.cal.year"), dataIndex: "year", render: (y: number) => (y === year ? <Tag color="blue">{y}</Tag> : y) },
                  { title: t("m.cal.source"), dataIndex: "source", ellipsis: true },
                  { title: t("m.cal.updatedAt"), dataIndex: "updatedAt", render: fmtDate },
                ]}
              />
            </ScrollRegion>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t("m.cal.uncovered")}
            </Typography.Paragraph>
          </Card>
          <Card title={t("m.cal.calc")} size="small" style={{ marginTop: 16 }}>
            <Calculator />
          </Card>
          {mayWrite ? (
            <Card title={t("m.cal.import")} size="small" style={{ marginTop: 16 }}>
              <ImportYear onImported={setPicked} />
            </Card>
          ) : null}
        </Col>
        <Col xs={24} lg={15}>
          <Card title={t("m.cal.days", { year })} size="small">
            <YearDays year={year} mayWrite={mayWrite} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
