import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Checkbox, Col, Form, type FormInstance, Input, InputNumber, Row, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { type GuideValues, HANDLING_FORMS, ITEM_TYPES, LIMIT_UNITS, MATERIAL_FORMS, TARGETS } from "./guideForm";
import { SampleUpload } from "./SampleUpload";

/** A list of one-line (or multi-line) entries: conditions, steps, legal basis, review standard. */
function LinesField(props: { name: keyof GuideValues; label: string; multi?: boolean; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={props.label}>
      <Form.List name={props.name as string}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <div key={f.key} className="line-row">
                <span className="line-no">{i + 1}.</span>
                <Form.Item name={f.name} noStyle rules={[{ required: true, whitespace: true, message: t("m.common.required") }]}>
                  {props.multi ? (
                    <Input.TextArea autoSize aria-label={`${props.label} ${i + 1}`} />
                  ) : (
                    <Input aria-label={`${props.label} ${i + 1}`} />
                  )}
                </Form.Item>
                {props.disabled ? null : (
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t("mc.editor.remove")} onClick={() => remove(f.name)} />
                )}
              </div>
            ))}
            {props.disabled ? null : (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add("")}>
                {t("mc.editor.add")}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

const tri = (t: (k: string) => string) => [
  { value: "yes", label: t("mc.editor.yes") },
  { value: "no", label: t("mc.editor.no") },
  { value: "unknown", label: t("mc.editor.unknown") },
];

/** Every element of a guide (Beijing's 2020 standard), grouped the way an office fills them in. */
export function GuideForm(props: {
  form: FormInstance<GuideValues>;
  initial: GuideValues;
  disabled: boolean;
  onFinish: (v: GuideValues) => void;
  onChange?: () => void;
  /** the saved item, for sample uploads */
  itemId?: string;
  dirty?: boolean;
}) {
  const { t } = useTranslation();
  const { form, disabled } = props;
  const charged = Form.useWatch(["fee", "charged"], form);
  const gapsAllowed = Form.useWatch(["minorGaps", "allowed"], form);
  const materials = Form.useWatch("materials", form) as GuideValues["materials"] | undefined;
  const req = [{ required: true, whitespace: true, message: t("m.common.required") }];
  return (
    <Form<GuideValues>
      form={form}
      layout="vertical"
      initialValues={props.initial}
      disabled={disabled}
      onFinish={props.onFinish}
      onValuesChange={props.onChange}
      className="guide-form"
    >
      <Card size="small" title={t("mc.editor.basics")} className="form-card">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t("mc.editor.name")} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="type" label={t("mc.editor.type")} rules={[{ required: true }]}>
              <Select options={ITEM_TYPES.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="target" label={t("mc.editor.target")} rules={[{ required: true, message: t("m.common.required") }]}>
              <Checkbox.Group options={TARGETS.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="implementingBody" label={t("mc.editor.implementingBody")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <LinesField name="legalBasis" label={t("mc.editor.legalBasis")} disabled={disabled} />
      </Card>

      <Card size="small" title={t("mc.editor.conditionsMaterials")} className="form-card">
        <LinesField name="conditions" label={t("mc.editor.conditions")} multi disabled={disabled} />
        <Form.Item label={t("mc.editor.materials")}>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} className="material-edit">
                    <div className="material-edit-head">
                      <strong>{i + 1}.</strong>
                      <Form.Item name={[f.name, "name"]} noStyle rules={req}>
                        <Input placeholder={t("mc.editor.mName")} aria-label={`${t("mc.editor.mName")} ${i + 1}`} maxLength={100} />
                      </Form.Item>
                      {disabled ? null : (
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t("mc.editor.remove")}
                          onClick={() => remove(f.name)}
                        />
                      )}
                    </div>
                    <Row gutter={12}>
                      <Col xs={12} md={6}>
                        <Form.Item name={[f.name, "form"]} label={t("mc.editor.mForm")} rules={[{ required: true }]}>
                          <Select options={MATERIAL_FORMS.map((x) => ({ value: x, label: x }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={4}>
                        <Form.Item name={[f.name, "copies"]} label={t("mc.editor.mCopies")} rules={[{ required: true }]}>
                          <InputNumber min={0} max={99} style={{ width: "100%" }} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={4}>
                        <Form.Item name={[f.name, "required"]} label={t("mc.editor.mRequired")} valuePropName="checked">
                          <Switch />
                        </Form.Item>
                      </Col>
                      <Col xs={16} md={10}>
                        <Form.Item
                          name={[f.name, "condition"]}
                          label={t("mc.editor.mCondition")}
                          extra={t("mc.editor.mConditionHelp")}
                          rules={[
                            {
                              validator: (_, value) =>
                                materials?.[f.name]?.required || (typeof value === "string" && value.trim())
                                  ? Promise.resolve()
                                  : Promise.reject(new Error(t("mc.editor.mConditionHelp"))),
                            },
                          ]}
                        >
                          <Input disabled={disabled || !!materials?.[f.name]?.required} maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item name={[f.name, "note"]} label={t("mc.editor.mNote")}>
                          <Input maxLength={300} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item name={[f.name, "sampleText"]} label={t("mc.editor.mSampleText")}>
                          <Input.TextArea autoSize maxLength={2000} />
                        </Form.Item>
                      </Col>
                    </Row>
                    {props.itemId ? (
                      <SampleUpload
                        itemId={props.itemId}
                        index={f.name}
                        sample={materials?.[f.name]?.sample}
                        blocked={!!props.dirty}
                        disabled={disabled}
                        onChanged={(item) =>
                          form.setFieldValue(["materials", f.name, "sample"], item.latest.guide.materials[f.name]?.sample ?? null)
                        }
                      />
                    ) : null}
                  </div>
                ))}
                {disabled ? null : (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: "", form: "原件", copies: 1, required: true, condition: "", note: "", sampleText: "" })}
                  >
                    {t("mc.editor.addMaterial")}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name={["minorGaps", "allowed"]} label={t("mc.editor.minorGaps")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {gapsAllowed ? (
            <>
              <Col xs={24} md={12}>
                <Form.Item name={["minorGaps", "materials"]} label={t("mc.editor.minorGapsMaterials")}>
                  <Select
                    mode="multiple"
                    options={(materials ?? []).filter((m) => m?.name?.trim()).map((m) => ({ value: m.name.trim(), label: m.name.trim() }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name={["minorGaps", "deadlineDays"]} label={t("mc.editor.minorGapsDeadline")}>
                  <InputNumber min={0} max={3650} style={{ width: "100%" }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
        <LinesField name="steps" label={t("mc.editor.steps")} disabled={disabled} />
      </Card>

      <Card size="small" title={t("mc.editor.timeFee")} className="form-card">
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="statutoryLimitDays" label={t("mc.editor.statutory")} extra={t("mc.editor.statutoryHelp")}>
              <InputNumber min={0} max={3650} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="committedLimitDays" label={t("mc.editor.committed")} extra={t("mc.editor.committedHelp")}>
              <InputNumber min={0} max={3650} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="limitUnit" label={t("mc.editor.unit")}>
              <Select options={LIMIT_UNITS.map((x) => ({ value: x, label: t(`mc.unit.${x}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={8} md={4}>
            <Form.Item name={["fee", "charged"]} label={t("mc.editor.feeCharged")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {charged ? (
            <>
              <Col xs={16} md={8}>
                <Form.Item name={["fee", "amount"]} label={t("mc.editor.feeAmount")} rules={req}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="onlinePayment" label={t("mc.editor.onlinePayment")}>
                  <Select options={tri(t)} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col xs={24} md={charged ? 8 : 20}>
            <Form.Item name={["fee", "basis"]} label={t("mc.editor.feeBasis")}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t("mc.editor.handling")} className="form-card">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="handlingForms"
              label={t("mc.editor.handlingForms")}
              rules={[{ required: true, message: t("m.common.required") }]}
            >
              <Checkbox.Group options={HANDLING_FORMS.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="appointment" label={t("mc.editor.appointment")}>
              <Select options={tri(t)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="postalDelivery" label={t("mc.editor.postalDelivery")}>
              <Select options={tri(t)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="tongban" label={t("mc.editor.tongban")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="place" label={t("mc.editor.place")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="hours" label={t("mc.editor.hours")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="consultationPhone" label={t("mc.editor.phone")}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="complaintChannel" label={t("mc.editor.complaint")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t("mc.editor.result")} className="form-card">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="resultName" label={t("mc.editor.resultName")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="resultSample" label={t("mc.editor.resultSample")}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <LinesField name="reviewStandard" label={t("mc.editor.reviewStandard")} multi disabled={disabled} />
      </Card>
    </Form>
  );
}
