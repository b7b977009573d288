/** Words of the hall display, zh-CN first. */
export const displayZh = {
  d: {
    nowCalling: "正在叫号",
    goTo: "请到",
    windowAny: "窗口",
    handle: "办理",
    recall: "重呼",
    idle: "请取号后在等候区耐心等候",
    recent: "最近叫号",
    recentNone: "暂无叫号",
    waiting: "等候人数",
    todayHours: "今日办公时间 {{hours}}",
    todayChanged: "今日办公时间调整为 {{hours}}",
    todayClosed: "今日休息",
    exceptionOpen: "{{date}} 办公时间 {{hours}}",
    exceptionClosed: "{{date}} 休息",
    tipMissed: "请留意叫号，过号请联系导办人员",
    tipPriority: "依法优先：老年人、残疾人、孕妇、军人可优先办理",
    offline: "网络连接中断，正在重连…",
  },
};

export const displayEn: typeof displayZh = {
  d: {
    nowCalling: "Now calling",
    goTo: "Please go to",
    windowAny: "the window",
    handle: "",
    recall: "Recall",
    idle: "Take a ticket and wait in the waiting area",
    recent: "Recent calls",
    recentNone: "No calls yet",
    waiting: "Waiting",
    todayHours: "Open today {{hours}}",
    todayChanged: "Changed hours today: {{hours}}",
    todayClosed: "Closed today",
    exceptionOpen: "{{date}}: open {{hours}}",
    exceptionClosed: "{{date}}: closed",
    tipMissed: "Watch for your number; if you miss it, ask a guide",
    tipPriority: "Seniors, people with disabilities, pregnant women and service members are served first by law",
    offline: "Connection lost, reconnecting…",
  },
};
