import { mountDevice } from "../../components/device/mount";
import { queueEn, queueZh } from "../../queue/words";
import { DisplayBoard } from "./DisplayBoard";
import { displayEn, displayZh } from "./i18n";
import "./display.css";

// Hall display, landscape 1920×1080, runs for days: calls in huge type and spoken in Mandarin.
mountDevice(
  {
    app: "display",
    kinds: ["display"],
    layout: "landscape",
    theme: "dark",
    publicScreen: true,
    children: (self, token) => <DisplayBoard self={self} token={token} />,
  },
  { zh: { ...queueZh, ...displayZh }, en: { ...queueEn, ...displayEn } },
);
