import { mountDevice } from "../../components/device/mount";

// Hall display, landscape 1920×1080, readable from afar. Calling boards arrive with the queue module.
mountDevice({ app: "display", kinds: ["display"], layout: "landscape", theme: "dark" });
