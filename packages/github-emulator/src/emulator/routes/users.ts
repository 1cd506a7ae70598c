import type { Route } from "../route.js";
import { publicUser } from "../shapes/user.js";

/** Public user profiles. */
export const userRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/users/:username",
    auth: "installation",
    handle: (ctx) => ({ status: 200, body: publicUser(ctx.world, ctx.params["username"] ?? "") }),
  },
];
