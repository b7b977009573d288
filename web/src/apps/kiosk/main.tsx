import { mountDevice } from "../../components/device/mount";

// Self-service kiosk, portrait 1080×1920. Ticket issuing arrives with the queue module.
mountDevice({ app: "kiosk", kinds: ["kiosk"], layout: "portrait" });
