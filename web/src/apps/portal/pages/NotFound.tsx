import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useTitle } from "../../../components/useTitle";

export function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useTitle(t("portal.notFound"));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t("portal.notFound")}</h1>}
      extra={
        <Button type="primary" onClick={() => navigate("/")}>
          {t("portal.backHome")}
        </Button>
      }
    />
  );
}
