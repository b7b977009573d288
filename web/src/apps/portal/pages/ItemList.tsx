import { Button, Empty, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { SearchPage } from "../../../api/catalog";
import { committedText } from "../guide/format";

/** Search results: each item links to its guide; the committed time and who it is for at a glance; a pager below. */
export function ItemList(props: {
  result: SearchPage;
  page: number;
  onPage: (page: number) => void;
  emptyText: string;
  linkTo?: (code: string) => string;
}) {
  const { t } = useTranslation();
  const { items, hasMore } = props.result;
  if (items.length === 0 && props.page === 1) return <Empty description={props.emptyText} />;
  return (
    <>
      <ul className="item-list">
        {items.map((item) => (
          <li key={item.code} className="item-row">
            <Link to={props.linkTo ? props.linkTo(item.code) : `/items/${encodeURIComponent(item.code)}`} className="item-name">
              {item.name}
            </Link>
            <div className="item-meta">
              <span>{item.department.name}</span>
              <span>
                {t("search.committed")}：<strong>{committedText(t, item.committedLimitDays, item.limitUnit, true)}</strong>
              </span>
            </div>
            <div className="item-tags">
              <Tag>{item.type}</Tag>
              {item.target.map((x) => (
                <Tag key={x} color={x === "个人" ? "blue" : "purple"}>
                  {t(`target.${x}`)}
                </Tag>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {props.page > 1 || hasMore ? (
        <nav className="item-pages" aria-label={t("search.pages")}>
          <Button disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
            {t("search.prev")}
          </Button>
          <span aria-current="page">{t("search.page", { page: props.page })}</span>
          <Button disabled={!hasMore} onClick={() => props.onPage(props.page + 1)}>
            {t("search.next")}
          </Button>
        </nav>
      ) : null}
    </>
  );
}
