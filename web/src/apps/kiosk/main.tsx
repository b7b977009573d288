import { mountDevice } from "../../components/device/mount";
import { fieldEn, fieldZh } from "../../components/personFields";
import { slipEn, slipZh } from "../../components/slip/TicketSlip";
import { queueEn, queueZh } from "../../queue/words";
import { kioskEn, kioskZh } from "./i18n";
import { KioskApp } from "./KioskApp";
import "./kiosk.css";

// Self-service kiosk, portrait 1080×1920, touch only: choose a service, declare priority, take and print a ticket.
mountDevice(
  { app: "kiosk", kinds: ["kiosk"], layout: "portrait", children: (self, token) => <KioskApp self={self} token={token} /> },
  { zh: { ...queueZh, ...kioskZh, ...fieldZh, ...slipZh }, en: { ...queueEn, ...kioskEn, ...fieldEn, ...slipEn } },
);
