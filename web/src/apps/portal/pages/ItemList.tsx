import { Empty, Pagination, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { PublicItemSummary } from "../../../api/catalog";
import { committedText } from "../guide/format";

const PAGE = 10;

/** Search results (give it a key per query, so paging starts over): each item links to its guide; the committed time and who it is for at a glance. */
export function ItemList(props: { items: PublicItemSummary[]; emptyText: string; linkTo?: (code: string) => string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  if (props.items.length === 0) return <Empty description={props.emptyText} />;
  const shown = props.items.slice((page - 1) * PAGE, page * PAGE);
  return (
    <>
      <ul className="item-list">
        {shown.map((item) => (
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
      {props.items.length > PAGE ? (
        <Pagination
          className="item-pages"
          current={page}
          pageSize={PAGE}
          total={props.items.length}
          onChange={setPage}
          showSizeChanger={false}
          simple={{ readOnly: true }}
        />
      ) : null}
    </>
  );
}
