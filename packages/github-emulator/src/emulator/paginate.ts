import { HttpError } from "./http-error.js";
import type { Reply, RequestContext } from "./route.js";

/**
 * One page of `items` as GitHub pages lists: `per_page` (default 30, at
 * most 100) and `page`, with a `link` header (first/prev/next/last) that
 * keeps the request's other query parameters.
 *
 * @example
 * return paginate(ctx, comments); // { status: 200, body: [...30 items], headers: { link: '<…page=2>; rel="next", …' } }
 */
export function paginate(ctx: RequestContext, items: unknown[], wrap?: (page: unknown[]) => unknown): Reply {
  const perPage = Math.min(100, positive(ctx.query.get("per_page"), 30));
  const page = positive(ctx.query.get("page"), 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const links: string[] = [];
  const link = (target: number, rel: string): void => {
    const url = new URL(ctx.url);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(target));
    links.push(`<${url.toString()}>; rel="${rel}"`);
  };
  if (page > 1) {
    link(page - 1, "prev");
    link(1, "first");
  }
  if (page < last) {
    link(page + 1, "next");
    link(last, "last");
  }
  return { status: 200, body: wrap ? wrap(slice) : slice, headers: links.length ? { link: links.join(", ") } : {} };
}

function positive(raw: string | null, fallback: number): number {
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new HttpError(422, "Validation Failed", {}, `page parameter ${raw}`);
  return value;
}
