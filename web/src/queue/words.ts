/** Queue words every queue screen shares (kiosk, display, counter, live ticket, manage): zh-CN first. */
export const queueZh = {
  q: {
    priority: {
      normal: "普通",
      elderly: "老年人",
      disabled: "残疾人",
      pregnant: "孕妇",
      military: "军人",
      green: "绿色通道",
    },
    ticketState: {
      waiting: "等候中",
      called: "已叫号",
      serving: "办理中",
      done: "已办结",
      no_show: "已过号",
      cancelled: "已取消",
      parked: "已挂起",
      closed_unserved: "日终未办理",
    },
    windowState: { closed: "未开窗", open: "服务中", paused: "暂停服务" },
    post: { primary: "A岗", backup: "B岗", other: "非AB岗" },
    channel: { kiosk: "自助取号", guide: "导办取号", online: "网上取号", appointment: "预约签到", window: "窗口取号" },
    people: "{{count}} 人",
    minutes: "{{count}} 分钟",
    windowNo: "{{number}}号窗口",
    recall: "重呼",
    live: { connecting: "正在连接…", open: "实时", retrying: "连接中断，正在重连…", stopped: "已断开" },
  },
};

export const queueEn: typeof queueZh = {
  q: {
    priority: {
      normal: "Regular",
      elderly: "Senior",
      disabled: "Disability",
      pregnant: "Pregnant",
      military: "Military",
      green: "Green channel",
    },
    ticketState: {
      waiting: "Waiting",
      called: "Called",
      serving: "Being served",
      done: "Done",
      no_show: "Missed",
      cancelled: "Cancelled",
      parked: "On hold",
      closed_unserved: "Closed at day end",
    },
    windowState: { closed: "Closed", open: "Serving", paused: "Paused" },
    post: { primary: "Post A", backup: "Post B", other: "Not on post" },
    channel: { kiosk: "Kiosk", guide: "Guide", online: "Online", appointment: "Appointment", window: "Window" },
    people: "{{count}}",
    minutes: "{{count}} min",
    windowNo: "Window {{number}}",
    recall: "Recall",
    live: { connecting: "Connecting…", open: "Live", retrying: "Connection lost, reconnecting…", stopped: "Disconnected" },
  },
};
