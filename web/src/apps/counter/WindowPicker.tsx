import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Empty, Select, Space, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can, sitesWhere } from "../../api/access";
import { api, call, errorText } from "../../api/client";
import { fetchSnapshot } from "../../api/queue";
import type { Me } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Header } from "./Header";
import { windowStateColor } from "./tags";

/** Step one: choose a window of the user's site and open it (the server records A/B post). */
export function WindowPicker(props: { me: Me; onOpened: (windowId: string) => void; onGuideDesk?: () => void }) {
  const { me, onOpened } = props;
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const sites = useQuery({ queryKey: ["sites"], queryFn: () => call(api.GET("/api/sites")) });
  // The site where the server says this user serves at a window (district users choose).
  const own = sitesWhere(me, "queue.serve")[0] ?? null;
  const [chosen, setChosen] = useState<string | null>(null);
  const siteId = chosen ?? own ?? sites.data?.[0]?.id ?? null;
  const windows = useQuery({
    queryKey: ["windows", siteId],
    enabled: siteId !== null,
    queryFn: () => listWindows(siteId ?? ""),
  });
  const snap = useQuery({
    queryKey: ["snapshot", siteId],
    enabled: siteId !== null,
    queryFn: () => fetchSnapshot(siteId ?? ""),
    refetchInterval: 15_000,
  });
  const [busy, setBusy] = useState<string | null>(null);
  // 开窗签到 only for roles the server lets open a window here (queue.serve). Derived from the
  // grants with the server's role table mirrored in manage/access.ts; the server still decides.
  const mayServe = can(me, "queue.serve", siteId);

  async function open(windowId: string) {
    setBusy(windowId);
    try {
      await call(api.POST("/api/windows/{windowId}/open", { params: { path: { windowId } } }));
      onOpened(windowId);
    } catch (err) {
      message.error(errorText(err, i18n.language));
      void snap.refetch();
    } finally {
      setBusy(null);
    }
  }

  const queueName = (id: string) => snap.data?.queueConfig.find((q) => q.id === id);
  const list = (windows.data ?? []).filter((w) => w.active);
  return (
    <div className="c-page">
      <Header me={me}>{props.onGuideDesk ? <Button onClick={props.onGuideDesk}>{t("c.guide.open")}</Button> : null}</Header>
      <main className="c-pick">
        <Space align="baseline" style={{ justifyContent: "space-between", width: "100%" }} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t("c.pick.title")}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t("c.pick.lead")}</Typography.Paragraph>
          </div>
          {(sites.data?.length ?? 0) > 1 ? (
            <Select
              aria-label={t("c.pick.site")}
              style={{ width: 320 }}
              value={siteId}
              onChange={setChosen}
              showSearch={{ optionFilterProp: "label" }}
              options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          ) : null}
        </Space>
        <ErrorAlert error={sites.error ?? windows.error ?? snap.error} style={{ marginBottom: 16 }} />
        {siteId && !mayServe ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("c.pick.mayNotServe")} /> : null}
        {windows.isPending || snap.isPending ? <Spin /> : null}
        {windows.data && list.length === 0 ? <Empty description={t("c.pick.empty")} /> : null}
        <div className="c-pick-grid">
          {list.map((w) => (
            <WindowCard
              key={w.id}
              w={w}
              live={snap.data?.windows.find((x) => x.windowId === w.id)}
              meId={me.id}
              mayServe={mayServe}
              opening={busy === w.id}
              queueName={queueName}
              onEnter={() => onOpened(w.id)}
              onOpen={() => void open(w.id)}
            />
          ))}
        </div>
      </main>
    </div>
  );
}

type PickWindow = NonNullable<Awaited<ReturnType<typeof listWindows>>>[number];
type LiveWindow = Awaited<ReturnType<typeof fetchSnapshot>>["windows"][number];
type QueueConfig = Awaited<ReturnType<typeof fetchSnapshot>>["queueConfig"][number];
const listWindows = (siteId: string) => call(api.GET("/api/sites/{siteId}/windows", { params: { path: { siteId } } }));

/** One window: its posts and queues, its state now, and enter (mine), open (free) or who has it. */
function WindowCard(props: {
  w: PickWindow;
  live: LiveWindow | undefined;
  meId: string;
  mayServe: boolean;
  opening: boolean;
  queueName: (id: string) => QueueConfig | undefined;
  onEnter: () => void;
  onOpen: () => void;
}) {
  const { w, live, queueName } = props;
  const { t } = useTranslation();
  const mine = live?.staffUserId === props.meId && live.state !== "closed";
  const taken = live && live.state !== "closed" && !mine;
  return (
    <Card
      title={t("c.head.window", { number: w.number, name: w.name })}
      extra={live ? <Tag color={windowStateColor[live.state]}>{t(`q.windowState.${live.state}`)}</Tag> : null}
    >
      <p>
        {t("c.pick.posts", {
          a: w.post.primary?.displayName ?? t("c.pick.nobody"),
          b: w.post.backup?.displayName ?? t("c.pick.nobody"),
        })}
      </p>
      <p>
        <Typography.Text type="secondary">{t("c.pick.serves")}：</Typography.Text>
        {(live?.queueIds ?? []).map((id) => (
          <Tag key={id}>{`${queueName(id)?.prefix ?? ""} ${queueName(id)?.name ?? ""}`}</Tag>
        ))}
        {live && live.queueIds.length === 0 ? <Typography.Text type="secondary">{t("c.pick.none")}</Typography.Text> : null}
      </p>
      {mine ? (
        <Button type="primary" block onClick={props.onEnter}>
          {t("c.pick.enter")}
        </Button>
      ) : !props.mayServe ? null : (
        <Button type="primary" block disabled={taken} loading={props.opening} onClick={props.onOpen}>
          {taken ? t("c.pick.taken", { name: live?.staffName ?? "" }) : t("c.pick.open")}
        </Button>
      )}
    </Card>
  );
}
