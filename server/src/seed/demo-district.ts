/** The demo district: shaped like the norms, one site of every kind, an account for every role. */
export const DEMO_PASSWORD = "govhall2026";

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));
const ALL_ZONES = [
  { name: "政务公开区", kinds: ["disclosure"] },
  { name: "咨询服务区", kinds: ["consultation"] },
  { name: "窗口服务区", kinds: ["window_service"] },
  { name: "投诉受理区", kinds: ["complaint"] },
  { name: "休息等候区", kinds: ["waiting"] },
  { name: "自助服务区", kinds: ["self_service"] },
];

export interface DemoSite {
  code: string;
  kind: "professional_hall" | "street_center" | "park_station" | "community_station";
  name: string;
  plaqueName: string | null;
  parentOrg: string;
  responsiblePerson: string;
  responsiblePhone: string;
  address: string;
  phone: string;
  hours: { weekday: number; opens: string; closes: string }[];
  zones: { name: string; kinds: string[] }[];
  windows: { number: number; name: string }[];
}

export const DEMO_SITES: DemoSite[] = [
  {
    code: "scjg-hall",
    kind: "professional_hall",
    name: "海淀区市场监督管理局政务服务大厅",
    plaqueName: "海淀区政务服务中心市场监管分中心",
    parentOrg: "海淀区市场监督管理局",
    responsiblePerson: "王建国",
    responsiblePhone: "13800001001",
    address: "北京市海淀区苏州街36号",
    phone: "010-82690001",
    hours: weekdays("09:00", "17:00"),
    zones: ALL_ZONES,
    windows: [
      { number: 1, name: "企业登记" },
      { number: 2, name: "企业登记" },
      { number: 3, name: "个体登记" },
      { number: 4, name: "食品经营许可" },
      { number: 5, name: "综合出件" },
    ],
  },
  {
    code: "zgc-street",
    kind: "street_center",
    name: "海淀区中关村街道政务服务中心",
    plaqueName: null,
    parentOrg: "海淀区中关村街道办事处",
    responsiblePerson: "李秀英",
    responsiblePhone: "13800002001",
    address: "北京市海淀区中关村南路12号",
    phone: "010-62510001",
    hours: weekdays("09:00", "17:00"),
    zones: ALL_ZONES,
    windows: [
      { number: 1, name: "社会保障" },
      { number: 2, name: "社会保障" },
      { number: 3, name: "民政服务" },
      { number: 4, name: "综合受理" },
    ],
  },
  {
    code: "xyl-street",
    kind: "street_center",
    name: "海淀区学院路街道政务服务中心",
    plaqueName: null,
    parentOrg: "海淀区学院路街道办事处",
    responsiblePerson: "赵明",
    responsiblePhone: "13800003001",
    address: "北京市海淀区学院路35号",
    phone: "010-62320001",
    hours: weekdays("09:00", "17:00"),
    zones: [
      { name: "咨询与政务公开区", kinds: ["consultation", "disclosure"] },
      { name: "窗口服务区", kinds: ["window_service"] },
      { name: "等候与自助区", kinds: ["waiting", "self_service"] },
      { name: "投诉受理区", kinds: ["complaint"] },
    ],
    windows: [
      { number: 1, name: "综合受理" },
      { number: 2, name: "综合受理" },
      { number: 3, name: "社会保障" },
    ],
  },
  {
    code: "zpark-station",
    kind: "park_station",
    name: "中关村软件园政务服务站",
    plaqueName: null,
    parentOrg: "中关村软件园发展有限责任公司",
    responsiblePerson: "陈静",
    responsiblePhone: "13800004001",
    address: "北京市海淀区东北旺西路8号中关村软件园",
    phone: "010-82820001",
    hours: weekdays("09:00", "17:30"),
    zones: [
      { name: "综合服务区", kinds: ["consultation", "disclosure", "window_service", "complaint"] },
      { name: "自助与等候区", kinds: ["self_service", "waiting"] },
    ],
    windows: [
      { number: 1, name: "企业服务" },
      { number: 2, name: "帮办代办" },
    ],
  },
  {
    code: "ky-community",
    kind: "community_station",
    name: "中关村街道科源社区服务站",
    plaqueName: null,
    parentOrg: "海淀区中关村街道办事处",
    responsiblePerson: "刘芳",
    responsiblePhone: "13800005001",
    address: "北京市海淀区科学院南路科源社区",
    phone: "010-62550001",
    hours: weekdays("08:30", "17:30"),
    zones: [{ name: "综合服务区", kinds: ["consultation", "disclosure", "window_service", "complaint", "waiting", "self_service"] }],
    windows: [{ number: 1, name: "便民服务" }],
  },
  {
    // The district comprehensive hall (区综合行政服务大厅): a hall of no single department; the
    // catalog marks it as such (catalog_halls), see docs/decisions.md "Coverage".
    code: "district-hall",
    kind: "professional_hall",
    name: "海淀区政务服务中心综合行政服务大厅",
    plaqueName: "海淀区政务服务中心综合行政服务分中心",
    parentOrg: "海淀区政务服务管理办公室",
    responsiblePerson: "韩立新",
    responsiblePhone: "13800000001",
    address: "北京市海淀区长春桥路17号",
    phone: "010-88488000",
    hours: weekdays("09:00", "17:00"),
    zones: ALL_ZONES,
    windows: [
      { number: 1, name: "综合受理" },
      { number: 2, name: "综合受理" },
      { number: 3, name: "统一出件" },
    ],
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  /** A grant at a site (by code), for a department (by name), or (neither) district-wide. */
  grants: { role: string; site: string | null; department?: string }[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "区政务服务管理办公室管理员", grants: [{ role: "district_admin", site: null }] },
  { username: "supervisor", displayName: "孙督查", grants: [{ role: "district_supervisor", site: null }] },
  { username: "scjg.manager", displayName: "王建国", grants: [{ role: "site_manager", site: "scjg-hall" }] },
  { username: "scjg.window1", displayName: "周晓燕", grants: [{ role: "window_staff", site: "scjg-hall" }] },
  { username: "scjg.window2", displayName: "吴磊", grants: [{ role: "window_staff", site: "scjg-hall" }] },
  { username: "scjg.backoffice", displayName: "郑华", grants: [{ role: "back_office", site: "scjg-hall" }] },
  // Department back offices (综合受理、分类办理): they process the department's cases from any site.
  { username: "scjg.director", displayName: "钱志刚", grants: [{ role: "site_manager", site: null, department: "区市场监督管理局" }] },
  { username: "scjg.review", displayName: "冯雪", grants: [{ role: "back_office", site: null, department: "区市场监督管理局" }] },
  { username: "rsj.review", displayName: "蒋涛", grants: [{ role: "back_office", site: null, department: "区人力资源和社会保障局" }] },
  { username: "zgc.manager", displayName: "李秀英", grants: [{ role: "site_manager", site: "zgc-street" }] },
  { username: "zgc.window1", displayName: "张伟", grants: [{ role: "window_staff", site: "zgc-street" }] },
  { username: "zgc.window2", displayName: "王芳", grants: [{ role: "window_staff", site: "zgc-street" }] },
  { username: "zgc.backoffice", displayName: "刘洋", grants: [{ role: "back_office", site: "zgc-street" }] },
  { username: "zgc.guide", displayName: "杨丽", grants: [{ role: "guide", site: "zgc-street" }] },
  { username: "xyl.manager", displayName: "赵明", grants: [{ role: "site_manager", site: "xyl-street" }] },
  { username: "park.operator", displayName: "陈静", grants: [{ role: "park_operator", site: "zpark-station" }] },
  { username: "ky.manager", displayName: "刘芳", grants: [{ role: "site_manager", site: "ky-community" }] },
  {
    username: "evaluator",
    displayName: "第三方测评·黄敏",
    grants: [
      { role: "evaluator", site: "zgc-street" },
      { role: "evaluator", site: "xyl-street" },
    ],
  },
];

/** A/B posts: window number → [primary, backup] usernames. */
export const DEMO_POSTS: { site: string; window: number; primary: string; backup: string }[] = [
  { site: "zgc-street", window: 1, primary: "zgc.window1", backup: "zgc.window2" },
  { site: "zgc-street", window: 2, primary: "zgc.window2", backup: "zgc.window1" },
  { site: "scjg-hall", window: 1, primary: "scjg.window1", backup: "scjg.window2" },
  { site: "scjg-hall", window: 2, primary: "scjg.window2", backup: "scjg.window1" },
];

/** Queues per site, and which queues each window serves in order of preference. */
export const DEMO_QUEUES: {
  site: string;
  queues: { prefix: string; name: string; category: string; dailyCap?: number; perPersonLimit?: number }[];
  windows: Record<number, string[]>;
}[] = [
  {
    site: "district-hall",
    queues: [
      { prefix: "A", name: "综合受理", category: "综合" },
      { prefix: "B", name: "领取证照", category: "统一出件" },
    ],
    windows: { 1: ["A"], 2: ["A"], 3: ["B"] },
  },
  {
    site: "scjg-hall",
    queues: [
      { prefix: "A", name: "企业登记", category: "市场主体登记", dailyCap: 300, perPersonLimit: 3 },
      { prefix: "B", name: "个体工商户登记", category: "市场主体登记", dailyCap: 200, perPersonLimit: 3 },
      { prefix: "C", name: "食品经营许可", category: "许可审批", dailyCap: 120 },
      { prefix: "D", name: "领取证照", category: "统一出件" },
    ],
    windows: { 1: ["A", "B"], 2: ["A", "B"], 3: ["B", "A"], 4: ["C"], 5: ["D"] },
  },
  {
    site: "zgc-street",
    queues: [
      { prefix: "A", name: "社会保障", category: "社保就业", dailyCap: 200, perPersonLimit: 3 },
      { prefix: "B", name: "民政服务", category: "民政", dailyCap: 100 },
      { prefix: "C", name: "综合受理", category: "综合" },
    ],
    windows: { 1: ["A", "C"], 2: ["A", "C"], 3: ["B"], 4: ["C", "A", "B"] },
  },
  {
    site: "xyl-street",
    queues: [
      { prefix: "A", name: "综合受理", category: "综合" },
      { prefix: "B", name: "社会保障", category: "社保就业" },
    ],
    windows: { 1: ["A", "B"], 2: ["A"], 3: ["B", "A"] },
  },
  {
    site: "zpark-station",
    queues: [
      { prefix: "A", name: "企业服务", category: "企业服务" },
      { prefix: "B", name: "帮办代办", category: "帮办代办" },
    ],
    windows: { 1: ["A", "B"], 2: ["B", "A"] },
  },
  { site: "ky-community", queues: [{ prefix: "A", name: "便民服务", category: "综合" }], windows: { 1: ["A"] } },
];
