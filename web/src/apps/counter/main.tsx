import { mountDevice } from "../../components/device/mount";

// Counter terminal at a window, used by staff. Call / recall / transfer arrive with the queue module.
mountDevice({ app: "counter", kinds: ["counter_terminal"], layout: "landscape", windowBound: true });
