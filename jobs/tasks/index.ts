import type { TaskList } from "graphile-worker";
import ensure_cluster_probes from "./ensure_cluster_probes";
import probe_cluster from "./probe_cluster";
import prune_login_attempts from "./prune_login_attempts";
import start_session_cluster from "./start_session_cluster";
import stop_session_cluster from "./stop_session_cluster";

/** Every task, keyed by its identifier (= its file name). */
export const taskList: TaskList = {
  ensure_cluster_probes,
  probe_cluster,
  prune_login_attempts,
  start_session_cluster,
  stop_session_cluster,
};
