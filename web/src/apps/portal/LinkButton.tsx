import { Button, type ButtonProps } from "antd";
import { useHref, useLinkClickHandler } from "react-router-dom";

/** A button that is a real link (opens in a new tab, keyboard, screen readers) and navigates inside the app. */
export function LinkButton({ to, ...rest }: Omit<ButtonProps, "href" | "onClick"> & { to: string }) {
  const href = useHref(to);
  const onClick = useLinkClickHandler<HTMLElement>(to);
  return <Button {...rest} href={href} onClick={onClick} />;
}
