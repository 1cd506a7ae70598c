import type { Route } from "../route.js";
import { appRoutes } from "./app.js";
import { checkRunRoutes } from "./check-runs.js";
import { commentRoutes } from "./comments.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { orgRoutes } from "./orgs.js";
import { pullRoutes } from "./pulls.js";
import { repoRoutes } from "./repos.js";
import { timelineRoutes } from "./timeline.js";
import { userRoutes } from "./users.js";

/** Every REST route the emulator serves; anything else is recorded as unhandled. */
export const routes: Route[] = [
  ...appRoutes,
  ...repoRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...timelineRoutes,
  ...labelRoutes,
  ...pullRoutes,
  ...checkRunRoutes,
  ...orgRoutes,
  ...userRoutes,
];

export { graphqlRoutes } from "./graphql.js";
