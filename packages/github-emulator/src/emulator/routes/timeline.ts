import { paginate } from "../paginate.js";
import type { Route } from "../route.js";
import { issueOf } from "../request-params.js";
import { issueEvent } from "../shapes/issue-event.js";
import { timeline } from "../shapes/timeline.js";

/** What happened to an issue: its events alone, or the whole timeline. */
export const timelineRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:issue_number/events",
    auth: "installation",
    handle: (ctx) => {
      const record = issueOf(ctx);
      return paginate(ctx, record.events.map((event) => issueEvent(ctx.world, record, event)));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:issue_number/timeline",
    auth: "installation",
    handle: (ctx) => paginate(ctx, timeline(ctx.world, issueOf(ctx))),
  },
];
