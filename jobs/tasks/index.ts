import type { TaskList } from "graphile-worker";
import prune_login_attempts from "./prune_login_attempts";

/** Every task, keyed by its identifier (= its file name). */
export const taskList: TaskList = {
  prune_login_attempts,
};
