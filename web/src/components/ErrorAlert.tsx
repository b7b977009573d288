import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { ApiError, errorText } from "../api/client";

/** Shows a failed request's message in the UI language; lists the server's per-row issues when it sends them. */
export function ErrorAlert(props: { error: unknown; style?: React.CSSProperties; title?: string }) {
  const { i18n } = useTranslation();
  if (!props.error) return null;
  const err = props.error;
  const details = err instanceof ApiError ? issueLines(err.errors) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={props.style}
      title={props.title ?? errorText(err, i18n.language)}
      description={
        props.title || details.length > 0 ? (
          <>
            {props.title ? <div>{errorText(err, i18n.language)}</div> : null}
            {details.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : undefined
      }
    />
  );
}

/** The server's `errors` array as readable lines: {path,message} or {row,reason}. */
export function issueLines(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  return errors.slice(0, 20).map((e: unknown) => {
    const o = (e ?? {}) as { path?: string; message?: string; row?: number; reason?: string };
    if (o.row !== undefined) return `#${o.row}: ${o.reason ?? ""}`;
    if (o.path !== undefined) return `${o.path}: ${o.message ?? ""}`;
    return JSON.stringify(e);
  });
}
