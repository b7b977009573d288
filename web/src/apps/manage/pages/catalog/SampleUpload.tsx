import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Space, Tooltip, Upload } from "antd";
import { useTranslation } from "react-i18next";
import { removeSample, type SampleFile, type StaffItem, uploadSample } from "../../../../api/catalog";
import { errorText } from "../../../../api/client";
import { ITEMS_KEY } from "./CatalogPage";

/**
 * The sample or blank form of one material. Files go to the saved draft by position, so the
 * button waits while the form has unsaved changes (positions could have moved).
 */
export function SampleUpload(props: {
  itemId: string;
  index: number;
  sample: SampleFile | null | undefined;
  blocked: boolean;
  disabled: boolean;
  onChanged: (item: StaffItem) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const done = (item: StaffItem) => {
    props.onChanged(item);
    void qc.invalidateQueries({ queryKey: ITEMS_KEY });
  };
  const onError = (e: unknown) => message.error(errorText(e, i18n.language));
  const up = useMutation({ mutationFn: (f: File) => uploadSample(props.itemId, props.index, f), onSuccess: done, onError });
  const rm = useMutation({ mutationFn: () => removeSample(props.itemId, props.index), onSuccess: done, onError });
  const button = (
    <Upload
      accept=".pdf,.docx,.xlsx,.png"
      showUploadList={false}
      disabled={props.disabled || props.blocked}
      beforeUpload={(f) => {
        up.mutate(f);
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={up.isPending} disabled={props.disabled || props.blocked}>
        {t("mc.editor.uploadSample")}
      </Button>
    </Upload>
  );
  return (
    <Space wrap className="sample-upload">
      <span>{t("mc.editor.mSample")}：</span>
      {props.sample ? (
        <span>
          <PaperClipOutlined /> {props.sample.fileName}
        </span>
      ) : (
        <span className="cell-sub">{t("mc.editor.noSample")}</span>
      )}
      {props.blocked ? <Tooltip title={t("mc.editor.saveFirst")}>{button}</Tooltip> : button}
      {props.sample && !props.disabled ? (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          loading={rm.isPending}
          onClick={() => rm.mutate()}
          aria-label={t("mc.editor.remove")}
        />
      ) : null}
    </Space>
  );
}
