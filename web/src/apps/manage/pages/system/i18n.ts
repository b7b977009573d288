import i18next from "i18next";

/** Words of the scheduled-jobs page, added when it loads. */
const zh = {
  mj: {
    lead: "系统按计划自动执行的任务。多台服务器同时运行时，每次任务只由其中一台执行；延迟指实际开始时间晚于计划时间的时长。",
    name: "任务",
    schedule: "计划",
    every: "每 {{t}}",
    lastRun: "上次执行",
    lag: "延迟",
    duration: "耗时",
    status: "结果",
    nextDue: "下次执行",
    counts: "次数 / 失败",
    error: "上次错误",
    running: "执行中",
    ok: "成功",
    failed: "失败",
    never: "尚未执行",
    overdue: "已逾期 {{t}}",
    otherVersion: "本服务器未注册",
    jobs: {
      "queue.day_end": "日终清号（闭厅后关闭未办结号票）",
      "appointments.sweep": "预约巡检（保留到期、爽约、提醒）",
      "notifications.outbox": "通知发送（短信、邮件重试）",
    },
  },
};
const en: typeof zh = {
  mj: {
    lead: "Tasks the system runs on a schedule. With several servers running, each run is done by exactly one of them; lag is how much later than planned a run started.",
    name: "Job",
    schedule: "Schedule",
    every: "Every {{t}}",
    lastRun: "Last run",
    lag: "Lag",
    duration: "Took",
    status: "Result",
    nextDue: "Next run",
    counts: "Runs / failed",
    error: "Last error",
    running: "Running",
    ok: "OK",
    failed: "Failed",
    never: "Not run yet",
    overdue: "Overdue by {{t}}",
    otherVersion: "Not registered on this server",
    jobs: {
      "queue.day_end": "Day end (close tickets left after closing)",
      "appointments.sweep": "Appointment sweep (holds, no-shows, reminders)",
      "notifications.outbox": "Notifications (SMS, mail, retries)",
    },
  },
};

i18next.addResourceBundle("zh", "translation", zh, true, false);
i18next.addResourceBundle("en", "translation", en, true, false);
