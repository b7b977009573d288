import { PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can, isDistrict, sitesWhere } from "../../api/access";
import { api, call } from "../../api/client";
import { LEGAL_PRIORITY, liveTicketUrl, type PriorityClass, type TicketPrint } from "../../api/queue";
import type { Me } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { idNumberProblem, nameProblem, type Problem, phoneProblem } from "../../components/personFields";
import { relativeDayTime } from "../../components/relativeDay";
import { PrintSlip, useQr } from "../../components/slip/TicketSlip";
import { CheckInModal } from "./CheckInModal";
import { Header } from "./Header";

interface Values {
  /** `q:<queueId>` for a queue, `i:<queueId>:<itemCode>` for a service item of that queue. */
  target?: string;
  applicantName?: string;
  applicantPhone?: string;
  applicantIdNumber?: string;
  priorityClass: PriorityClass;
  priorityReason?: string;
}

/** Optional fields: empty is fine, what is typed must pass the server's own checks. */
function optional(check: (v: string) => Problem, t: (k: string, v?: Record<string, string | number>) => string) {
  return {
    validator: (_r: unknown, value: unknown) => {
      const v = typeof value === "string" ? value.trim() : "";
      const p = v === "" ? null : check(v);
      return p ? Promise.reject(new Error(t(p.key, p.values))) : Promise.resolve();
    },
  };
}

type QueueItem = { code: string; name: string; queueId: string };

/** The site the desk issues for (the user's own, or the one a district user chose), its queues and their items. */
function useDesk(me: Me) {
  const sites = useQuery({ queryKey: ["sites"], queryFn: () => call(api.GET("/api/sites")) });
  const own = sitesWhere(me, "queue.issue")[0] ?? null;
  const [chosen, setChosen] = useState<string | null>(null);
  const choosable = (sites.data ?? []).filter((s) => isDistrict(me) || can(me, "queue.issue", s.id));
  const siteId = chosen ?? own ?? choosable[0]?.id ?? null;
  const site = sites.data?.find((s) => s.id === siteId);
  const hall = useQuery({
    queryKey: ["public-queues", site?.code],
    enabled: site !== undefined,
    queryFn: () => call(api.GET("/api/public/sites/{code}/queues", { params: { path: { code: site?.code ?? "" } } })),
    refetchInterval: 20_000,
  });
  const queues = hall.data?.queues ?? [];
  const items = useQuery({
    queryKey: ["queue-items", siteId, queues.map((q) => q.id).join(",")],
    enabled: siteId !== null && queues.length > 0,
    staleTime: 300_000,
    queryFn: () =>
      Promise.all(
        queues.map((q) =>
          call(api.GET("/api/sites/{siteId}/queues/{queueId}/items", { params: { path: { siteId: siteId ?? "", queueId: q.id } } }))
            .then((r): QueueItem[] => r.items.map((i) => ({ code: i.code, name: i.name, queueId: q.id })))
            .catch((): QueueItem[] => []),
        ),
      ).then((lists) => lists.flat()),
  });
  return { sites, choosable, siteId, site, setChosen, mayIssue: siteId !== null && can(me, "queue.issue", siteId), hall, queues, items };
}

type Desk = ReturnType<typeof useDesk>;

/**
 * The guide desk (导办台): a guide (or anyone who may issue at the site) takes a ticket for an
 * applicant — for a queue or one of its service items, with the applicant's details if given and a
 * statutory priority (依法优先) checked at the desk, or the green channel with its reason — and
 * prints the same 80 mm slip as the kiosk.
 */
export function GuideDesk({ me, onWindows }: { me: Me; onWindows?: () => void }) {
  const { t, i18n } = useTranslation();
  const desk = useDesk(me);
  const { siteId, site, choosable, mayIssue, hall } = desk;
  const [result, setResult] = useState<TicketPrint | null>(null);
  const [checkingIn, setCheckingIn] = useState(false);
  const next = hall.data?.nextOpen;
  return (
    <div className="c-page">
      <Header me={me}>
        <Space size="middle" wrap>
          <Typography.Text strong className="c-window-title">
            {t("c.guide.title")}
          </Typography.Text>
          {choosable.length > 1 ? (
            <Select
              aria-label={t("c.pick.site")}
              style={{ width: 320 }}
              value={siteId}
              onChange={(id) => {
                desk.setChosen(id);
                setResult(null);
              }}
              showSearch={{ optionFilterProp: "label" }}
              options={choosable.map((s) => ({ value: s.id, label: s.name }))}
            />
          ) : (
            <Typography.Text>{site?.name}</Typography.Text>
          )}
          {mayIssue ? <Button onClick={() => setCheckingIn(true)}>{t("c.checkIn.button")}</Button> : null}
          {onWindows ? <Button onClick={onWindows}>{t("c.guide.toWindows")}</Button> : null}
        </Space>
      </Header>
      <main className="c-guide">
        <ErrorAlert error={desk.sites.error ?? hall.error} style={{ marginBottom: 16 }} />
        {siteId && !mayIssue ? <Alert type="info" showIcon title={t("c.guide.mayNotIssue")} /> : null}
        {hall.data && !hall.data.open ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={next ? t("c.guide.closedNext", { when: relativeDayTime(next.date, next.time, i18n.language) }) : t("c.guide.closed")}
          />
        ) : null}
        {mayIssue && result ? <Issued print={result} onNext={() => setResult(null)} /> : null}
        {mayIssue && siteId && !result ? (
          <IssueForm
            desk={desk}
            siteId={siteId}
            onIssued={(p) => {
              setResult(p);
              void hall.refetch();
            }}
          />
        ) : null}
      </main>
      {checkingIn && siteId ? (
        <CheckInModal siteId={siteId} onClose={() => setCheckingIn(false)} onDone={() => void hall.refetch()} />
      ) : null}
    </div>
  );
}

const blank = (s?: string) => (s?.trim() ? s.trim() : null);

function ticketBody(v: Values) {
  const [kind, queueId = "", itemCode] = (v.target ?? "").split(":");
  return {
    queueId,
    itemCode: kind === "i" ? (itemCode ?? null) : null,
    priorityClass: v.priorityClass,
    priorityReason: v.priorityClass === "normal" ? null : blank(v.priorityReason),
    applicantName: blank(v.applicantName),
    applicantPhone: blank(v.applicantPhone)?.replace(/[\s-]/g, "") ?? null,
    applicantIdNumber: blank(v.applicantIdNumber)?.toUpperCase() ?? null,
  };
}

/** What the applicant comes for, who they are (optional) and their priority; issue, then read the slip's print view. */
function IssueForm({ desk, siteId, onIssued }: { desk: Desk; siteId: string; onIssued: (p: TicketPrint) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const priority = Form.useWatch("priorityClass", form) ?? "normal";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { queues } = desk;

  async function issue(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const ticket = await call(api.POST("/api/sites/{siteId}/tickets", { params: { path: { siteId } }, body: ticketBody(v) }));
      onIssued(await call(api.GET("/api/tickets/{ticketId}/print", { params: { path: { ticketId: ticket.id } } })));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const options = [
    {
      label: t("c.guide.queues"),
      options: queues.map((q) => ({
        value: `q:${q.id}`,
        label: t("c.guide.queueOption", { prefix: q.prefix, name: q.name, count: q.waiting }),
      })),
    },
    {
      label: t("c.guide.items"),
      options: (desk.items.data ?? []).map((i) => ({
        value: `i:${i.queueId}:${i.code}`,
        label: t("c.guide.itemOption", { name: i.name, queue: queues.find((q) => q.id === i.queueId)?.name ?? "" }),
      })),
    },
  ];
  const green = priority === "green";
  return (
    <Card title={t("c.guide.formTitle")}>
      <Typography.Paragraph type="secondary">{t("c.guide.lead")}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={{ priorityClass: "normal" }} onFinish={(v) => void issue(v)}>
        <Form.Item name="target" label={t("c.guide.target")} rules={[{ required: true, message: t("c.guide.targetRequired") }]}>
          <Select
            size="large"
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("c.guide.targetPlaceholder")}
            options={options}
            loading={desk.hall.isPending || desk.items.isPending}
            notFoundContent={t("c.guide.noMatch")}
          />
        </Form.Item>
        <Space wrap size="middle" align="start">
          <Form.Item name="applicantName" label={t("c.guide.name")} rules={[optional(nameProblem, t)]}>
            <Input style={{ width: 180 }} maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item name="applicantPhone" label={t("c.guide.phone")} rules={[optional(phoneProblem, t)]}>
            <Input style={{ width: 180 }} maxLength={13} inputMode="numeric" autoComplete="off" />
          </Form.Item>
          <Form.Item name="applicantIdNumber" label={t("c.guide.idNumber")} rules={[optional(idNumberProblem, t)]}>
            <Input style={{ width: 240 }} maxLength={18} autoComplete="off" />
          </Form.Item>
        </Space>
        <Form.Item name="priorityClass" label={t("c.guide.priority")} extra={t("c.guide.priorityHelp")}>
          <Radio.Group
            optionType="button"
            options={(["normal", ...LEGAL_PRIORITY, "green"] as PriorityClass[]).map((p) => ({
              value: p,
              label: p === "normal" ? t("c.guide.noPriority") : t(`q.priority.${p}`),
            }))}
          />
        </Form.Item>
        {priority !== "normal" ? (
          <Form.Item
            name="priorityReason"
            label={t(green ? "c.guide.greenReason" : "c.guide.priorityReason")}
            rules={[
              green
                ? { required: true, whitespace: true, min: 2, message: t("c.guide.greenReasonRequired") }
                : { min: 2, message: t("c.guide.reasonShort") },
            ]}
          >
            <Input maxLength={200} placeholder={t(green ? "c.guide.greenPlaceholder" : "c.guide.reasonPlaceholder")} />
          </Form.Item>
        ) : null}
        <ErrorAlert error={error} style={{ marginBottom: 16 }} />
        <Button type="primary" size="large" htmlType="submit" loading={busy} disabled={desk.hall.data?.open === false}>
          {t("c.guide.issue")}
        </Button>
      </Form>
    </Card>
  );
}

/** The ticket just issued: its number large, what it is for, people ahead, the QR code; print the slip or go on. */
function Issued({ print, onNext }: { print: TicketPrint; onNext: () => void }) {
  const { t } = useTranslation();
  const qr = useQr(liveTicketUrl(print.code));
  return (
    <Card data-testid="guide-ticket" className="c-guide-ticket">
      <div role="status">
        <Typography.Text type="success" strong>
          {t("c.guide.done")}
        </Typography.Text>
        <div className="c-guide-number">{print.number}</div>
        {print.itemName ? <div className="c-guide-what">{print.itemName}</div> : null}
        <div className={print.itemName ? "c-guide-sub" : "c-guide-what"}>{print.queueName}</div>
        <div className="c-guide-sub">
          {print.peopleAhead > 0 ? t("c.guide.ahead", { count: print.peopleAhead }) : t("c.guide.aheadNone")}
        </div>
        {print.priority ? (
          <Alert
            type="info"
            style={{ margin: "12px 0" }}
            title={t("c.guide.priorityRecorded", { kind: t(`q.priority.${print.priorityClass}`) })}
          />
        ) : null}
      </div>
      <figure className="c-guide-qr">
        {qr ? <img src={qr} alt={t("slip.scan")} width={180} height={180} /> : <div className="c-guide-qr-blank" />}
        <figcaption>{t("slip.scan")}</figcaption>
      </figure>
      <Space>
        <Button type="primary" size="large" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t("c.guide.print")}
        </Button>
        <Button size="large" onClick={onNext}>
          {t("c.guide.next")}
        </Button>
      </Space>
      <PrintSlip print={print} qr={qr} />
    </Card>
  );
}
