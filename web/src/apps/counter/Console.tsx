import { Alert, Button, Popconfirm, Result, Space, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../api/access";
import { api, call } from "../../api/client";
import type { Ticket } from "../../api/queue";
import type { Me } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ActionBar, type ActionKey } from "./ActionBar";
import { CheckInModal } from "./CheckInModal";
import { CurrentTicket, ParkedList } from "./CurrentTicket";
import { Header } from "./Header";
import { type Dialog, Dialogs } from "./modals";
import { windowStateColor } from "./tags";
import { useConsole, useRunner } from "./useConsole";
import { useShortcuts } from "./useShortcuts";
import { WaitingList } from "./WaitingList";

const path = (windowId: string) => ({ params: { path: { windowId } } });
const at = (windowId: string, ticketId: string) => ({ params: { path: { windowId, ticketId } } });

/** The console of one open window: current ticket, actions with function keys, waiting list, parked tickets. */
export function Console({ me, windowId, onLeave }: { me: Me; windowId: string; onLeave: () => void }) {
  const { t } = useTranslation();
  const { query, status, refresh } = useConsole(windowId);
  const { busy, run } = useRunner(refresh);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [checkingIn, setCheckingIn] = useState(false);
  const data = query.data;
  const current = data?.current.find((x) => x.state === "called" || x.state === "serving") ?? null;
  const parked = data?.current.filter((x) => x.state === "parked") ?? [];
  const win = data?.window;
  const mine = win !== undefined && win.state !== "closed" && win.staffUserId === me.id;
  // Check-in issues a ticket: shown only where the server says the user may issue.
  const mayCheckIn = mine && can(me, "queue.issue", win.siteId);
  const enabled = enabledActions(mine, win?.state, current);
  const finished = current ? t("c.act.done", { number: current.number, what: t("q.ticketState.done") }) : "";
  const act = windowActions(windowId, current, run, setDialog, finished);
  const openCheckIn = () => setCheckingIn(true);
  const checkInKey = () => {
    if (mayCheckIn) openCheckIn();
  };
  const guarded = (k: ActionKey) => () => {
    if (enabled[k] && !busy) act[k]();
  };
  useShortcuts(
    {
      F1: guarded("callNext"),
      F2: guarded("recall"),
      F3: guarded("start"),
      F4: guarded("finish"),
      F6: guarded("noShow"),
      F7: guarded("transfer"),
      F8: guarded("park"),
      F9: checkInKey,
    },
    mine && dialog === null && !checkingIn,
  );

  const header = win ? (
    <WindowHeader
      win={win}
      mine={mine}
      status={status}
      busy={busy}
      run={run}
      windowId={windowId}
      onCheckIn={mayCheckIn ? () => setCheckingIn(true) : undefined}
      onPause={() => setDialog({ kind: "pause" })}
      onLeave={onLeave}
    />
  ) : null;

  return (
    <div className="c-page">
      <Header me={me}>{header}</Header>
      {!data || !mine ? (
        <NotAtDesk pending={query.isPending} data={data} error={query.error} onLeave={onLeave} />
      ) : (
        <Desk
          data={data}
          current={current}
          parked={parked}
          enabled={enabled}
          busy={busy}
          run={run}
          windowId={windowId}
          onAction={(k) => act[k]()}
          onCall={(tk) => setDialog({ kind: "call", ticket: tk })}
        />
      )}
      {checkingIn && data ? (
        <CheckInModal siteId={data.window.siteId} onClose={() => setCheckingIn(false)} onDone={() => void refresh()} />
      ) : null}
      <Dialogs
        dialog={dialog}
        windowId={windowId}
        siteId={data?.window.siteId ?? null}
        console={data ?? null}
        run={run}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}

type ConsoleData = NonNullable<ReturnType<typeof useConsole>["query"]["data"]>;
type Runner = ReturnType<typeof useRunner>;

/** Which actions the current ticket allows (calling the next one: only at an open window with none at it). */
function enabledActions(mine: boolean, state: string | undefined, current: Ticket | null): Record<ActionKey, boolean> {
  return {
    callNext: mine && state === "open" && !current,
    recall: current?.state === "called",
    start: current?.state === "called",
    finish: current?.state === "serving",
    noShow: current?.state === "called",
    transfer: current !== null,
    park: current !== null,
  };
}

/** What each action does: a request at once, or a dialog that asks first (no-show, transfer, park). */
function windowActions(
  windowId: string,
  current: Ticket | null,
  run: Runner["run"],
  setDialog: (d: Dialog) => void,
  finished: string,
): Record<ActionKey, () => void> {
  return {
    callNext: () => void run("callNext", () => call(api.POST("/api/windows/{windowId}/call-next", path(windowId)))),
    recall: () =>
      current && void run("recall", () => call(api.POST("/api/windows/{windowId}/tickets/{ticketId}/recall", at(windowId, current.id)))),
    start: () =>
      current && void run("start", () => call(api.POST("/api/windows/{windowId}/tickets/{ticketId}/start", at(windowId, current.id)))),
    finish: () =>
      current &&
      void run("finish", () => call(api.POST("/api/windows/{windowId}/tickets/{ticketId}/finish", at(windowId, current.id))), finished),
    noShow: () => current && setDialog({ kind: "noShow", ticket: current }),
    transfer: () => current && setDialog({ kind: "transfer", ticket: current }),
    park: () => current && setDialog({ kind: "park", ticket: current }),
  };
}

/** Loading, the console that could not be read, or a window someone else is signed in at (or closed). */
function NotAtDesk({
  pending,
  data,
  error,
  onLeave,
}: {
  pending: boolean;
  data: ConsoleData | undefined;
  error: unknown;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  if (pending) {
    return (
      <div className="c-center">
        <Spin size="large" />
      </div>
    );
  }
  if (!data) {
    return (
      <Result status="warning" extra={<Button onClick={onLeave}>{t("c.head.switch")}</Button>}>
        <ErrorAlert error={error} />
      </Result>
    );
  }
  return (
    <Result
      status="info"
      title={t("c.head.window", { number: data.window.number, name: data.window.name })}
      subTitle={data.window.state === "closed" ? t("q.windowState.closed") : t("c.pick.taken", { name: data.window.staffName ?? "" })}
      extra={<Button onClick={onLeave}>{t("c.head.switch")}</Button>}
    />
  );
}

/** The window's title, state and live status, and its pause / resume / close buttons for the staff member at it. */
function WindowHeader(props: {
  win: ConsoleData["window"];
  mine: boolean;
  status: ReturnType<typeof useConsole>["status"];
  busy: Runner["busy"];
  run: Runner["run"];
  windowId: string;
  /** Present only where the user may issue (check-in makes a ticket). */
  onCheckIn?: () => void;
  onPause: () => void;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const { win, mine, status, busy, run, windowId, onLeave } = props;
  return (
    <Space size="middle" wrap>
      <Typography.Text strong className="c-window-title">
        {t("c.head.window", { number: win.number, name: win.name })}
      </Typography.Text>
      <Tag color={windowStateColor[win.state]}>{t(`q.windowState.${win.state}`)}</Tag>
      {win.post ? <Tag color="blue">{t(`q.post.${win.post}`)}</Tag> : null}
      <span className={`c-live c-live-${status}`} title={t(`q.live.${status}`)}>
        {t(`q.live.${status}`)}
      </span>
      {props.onCheckIn ? (
        <Button onClick={props.onCheckIn} aria-keyshortcuts="F9">
          {t("c.checkIn.button")} <kbd>F9</kbd>
        </Button>
      ) : null}
      {mine && win.state === "open" ? <Button onClick={props.onPause}>{t("c.head.pause")}</Button> : null}
      {mine && win.state === "paused" ? (
        <Button
          type="primary"
          loading={busy === "resume"}
          onClick={() => void run("resume", () => call(api.POST("/api/windows/{windowId}/resume", path(windowId))))}
        >
          {t("c.head.resume")}
        </Button>
      ) : null}
      {mine ? (
        <Popconfirm
          title={t("c.closeConfirm")}
          onConfirm={() =>
            void run("close", () => call(api.POST("/api/windows/{windowId}/close", path(windowId)))).then((ok) => ok && onLeave())
          }
        >
          <Button danger>{t("c.head.close")}</Button>
        </Popconfirm>
      ) : (
        <Button onClick={onLeave}>{t("c.head.switch")}</Button>
      )}
    </Space>
  );
}

/** The desk of the staff member at the window: the current ticket and its actions, parked tickets, the waiting list. */
function Desk(props: {
  data: ConsoleData;
  current: Ticket | null;
  parked: Ticket[];
  enabled: Record<ActionKey, boolean>;
  busy: Runner["busy"];
  run: Runner["run"];
  windowId: string;
  onAction: (k: ActionKey) => void;
  onCall: (tk: Ticket) => void;
}) {
  const { t } = useTranslation();
  const { data, current, busy, run, windowId } = props;
  const win = data.window;
  return (
    <main className="c-main">
      <section className="c-left">
        {win.state === "paused" ? <Alert type="warning" showIcon title={t("c.paused", { reason: win.pauseReason ?? "" })} /> : null}
        <CurrentTicket ticket={current} />
        <ActionBar enabled={props.enabled} busy={busy} onAction={props.onAction} />
        <ParkedList
          tickets={props.parked}
          busy={busy}
          disabled={current !== null}
          onResume={(tk) =>
            void run("unpark", () => call(api.POST("/api/windows/{windowId}/tickets/{ticketId}/resume", at(windowId, tk.id))))
          }
        />
      </section>
      <section className="c-right">
        <WaitingList console={data} canCall={props.enabled.callNext} onCall={props.onCall} />
      </section>
    </main>
  );
}
