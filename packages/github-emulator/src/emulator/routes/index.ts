import type { Route } from "../route.js";
import { appManifestRoutes } from "./app-manifests.js";
import { appRoutes } from "./app.js";
import { branchProtectionRoutes } from "./branch-protection.js";
import { checkRunRoutes } from "./check-runs.js";
import { commentRoutes } from "./comments.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { orgRoutes } from "./orgs.js";
import { pullRoutes } from "./pulls.js";
import { repoRoutes } from "./repos.js";
import { teamSyncRoutes } from "./team-sync.js";
import { timelineRoutes } from "./timeline.js";
import { userRoutes } from "./users.js";

/** Every REST route the emulator serves; anything else is recorded as unhandled. */
export const routes: Route[] = [
  ...appRoutes,
  ...appManifestRoutes,
  // Before the repository routes: their branch pattern would take "main/protection" as a branch name.
  ...branchProtectionRoutes,
  ...repoRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...timelineRoutes,
  ...labelRoutes,
  ...pullRoutes,
  ...checkRunRoutes,
  ...orgRoutes,
  ...teamSyncRoutes,
  ...userRoutes,
];

export { graphqlRoutes } from "./graphql.js";
