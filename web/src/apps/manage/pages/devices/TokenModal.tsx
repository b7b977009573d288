import { Alert, Button, Descriptions, Modal, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { DeviceKind, RegisteredDevice } from "../../../../api/types";

/** The web app each kind of device opens (printers are driven by a kiosk or counter, not a page of their own). */
const APP_OF: Partial<Record<DeviceKind, string>> = {
  kiosk: "kiosk",
  display: "display",
  evaluator: "evaluator",
  counter_terminal: "counter",
};

/** The token is shown this once: the server keeps only its hash. Closing needs a deliberate click. */
export function TokenModal({ device, onClose }: { device: RegisteredDevice; onClose: () => void }) {
  const { t } = useTranslation();
  const app = APP_OF[device.kind];
  return (
    <Modal
      open
      width={640}
      title={t("m.device.tokenTitle")}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t("m.device.tokenDone")}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t("m.device.tokenWarn")} style={{ marginBottom: 16 }} />
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: "kind", label: t("m.device.kind"), children: t(`deviceKind.${device.kind}`) },
          { key: "name", label: t("m.device.name"), children: device.name },
        ]}
      />
      <Typography.Paragraph
        copyable={{ text: device.token, tooltips: [t("action.copy"), t("m.device.tokenCopied")] }}
        code
        style={{ fontSize: 16, wordBreak: "break-all", marginTop: 12 }}
        data-testid="device-token"
      >
        {device.token}
      </Typography.Paragraph>
      {app ? (
        <Typography.Paragraph type="secondary">{t("m.device.pairAt", { url: `${window.location.origin}/${app}/` })}</Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
